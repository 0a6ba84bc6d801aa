"""The vocabularies every layer shares, defined once: job codes (`vocab.jobs`),
text folding (`vocab.text`), distances (`vocab.geo`), the button-payload syntax
(`vocab.payloads`), the départements (`vocab.departements`) and the SMS alphabet
(`vocab.gsm`). It imports nothing of the
project: nlu/, knowledge/, bot/ and channels/ may all import it."""
