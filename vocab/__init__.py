"""The vocabularies every layer shares, defined once: job codes (`vocab.jobs`),
text folding (`vocab.text`), distances (`vocab.geo`), the button-payload syntax
(`vocab.payloads`), the départements and the shape of their codes
(`vocab.departements`), the SMS alphabet (`vocab.gsm`), and the n-grams of the
text vectorizers the NLU and the knowledge base both train (`vocab.ngrams`). It
imports nothing of the project: nlu/, knowledge/, bot/ and channels/ may all import it."""
