"""Lexical scorers over passages: Okapi BM25 and character n-gram TF-IDF.

Both are rebuilt from the stored passage texts at load time (a few
milliseconds for a few thousand passages), so nothing is pickled.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["BM25", "CharNgrams"]


class BM25:
    """Okapi BM25 with the always-positive idf `log(1 + (N - df + .5) / (df + .5))`."""

    def __init__(self, documents: Sequence[Sequence[str]], *, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.n_docs = len(documents)
        vocabulary: dict[str, int] = {}
        rows, cols, tfs = [], [], []
        lengths = np.zeros(self.n_docs, dtype=np.float32)
        for row, doc in enumerate(documents):
            lengths[row] = len(doc)
            for term, count in Counter(doc).items():
                rows.append(row)
                cols.append(vocabulary.setdefault(term, len(vocabulary)))
                tfs.append(count)
        self.vocabulary = vocabulary
        avgdl = float(lengths.mean()) if self.n_docs and lengths.mean() > 0 else 1.0
        tf = np.asarray(tfs, dtype=np.float32)
        df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=len(vocabulary))
        self.idf = np.log1p((self.n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        self.max_idf = float(self.idf.max()) if len(self.idf) else math.log1p(self.n_docs + 0.5)
        norm = k1 * (1 - b + b * lengths[np.asarray(rows, dtype=np.int64)] / avgdl)
        weights = self.idf[np.asarray(cols, dtype=np.int64)] * tf * (k1 + 1) / (tf + norm)
        shape = (self.n_docs, max(len(vocabulary), 1))
        self.matrix = sparse.csc_matrix((weights, (rows, cols)), shape=shape, dtype=np.float32)
        presence = self.idf[np.asarray(cols, dtype=np.int64)]
        self._presence = sparse.csc_matrix((presence, (rows, cols)), shape=shape, dtype=np.float32)
        self._doc_weight = np.asarray(self._presence.sum(axis=1), dtype=np.float32).ravel()

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for the query's distinct tokens."""
        columns = sorted({self.vocabulary[t] for t in tokens if t in self.vocabulary})
        if not columns:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self.matrix[:, columns].sum(axis=1), dtype=np.float32).ravel()

    def document_coverage(self, tokens: Sequence[str]) -> np.ndarray:
        """Per document, the idf-weighted share of its distinct terms found in the query."""
        columns = sorted({self.vocabulary[t] for t in tokens if t in self.vocabulary})
        if not columns:
            return np.zeros(self.n_docs, dtype=np.float32)
        covered = np.asarray(self._presence[:, columns].sum(axis=1), dtype=np.float32).ravel()
        return covered / np.maximum(self._doc_weight, 1e-6)

    def upper_bound(self, tokens: Sequence[str]) -> float:
        """A bound on any document's score for this query; unknown tokens count as rare words."""
        distinct = set(tokens)
        if not distinct:
            return 1.0
        idf = sum(
            float(self.idf[self.vocabulary[t]]) if t in self.vocabulary else self.max_idf
            for t in distinct
        )
        return max(idf * (self.k1 + 1), 1e-6)

    def coverage(self, tokens: Sequence[str]) -> float:
        """Share of the query's distinct tokens that occur in the collection."""
        distinct = set(tokens)
        if not distinct:
            return 0.0
        return sum(t in self.vocabulary for t in distinct) / len(distinct)


class CharNgrams:
    """Cosine similarity of character 3–5-gram TF-IDF vectors (robust to typos)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=1, dtype=np.float32
        )
        self._matrix = self._vectorizer.fit_transform(list(texts) or [""]).T.tocsr()

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """(n_queries, n_documents) cosine similarities."""
        query = self._vectorizer.transform(list(texts))
        return np.asarray((query @ self._matrix).toarray(), dtype=np.float32)
