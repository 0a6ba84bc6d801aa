"""Lexical scorers over passages: Okapi BM25 and character n-gram TF-IDF.

Both are rebuilt from the stored passage texts at load time (a few
milliseconds for a few thousand passages), so nothing is pickled, with numpy
only (scikit-learn and SciPy cost the serving process seconds of start-up).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from vocab.ngrams import CharWbAnalyzer

__all__ = ["BM25", "CharNgrams"]

#: up to this many columns, `_Columns.combine` adds them one by one (fewer numpy calls)
FEW_COLUMNS = 8


class _Columns:
    """A sparse (n_rows × n_columns) float32 matrix stored column by column: what the
    scorers need of SciPy's ``csc_matrix`` (the sum of a few columns), numpy only."""

    def __init__(
        self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray, shape: tuple[int, int]
    ):
        order = np.lexsort((rows, cols))
        self.rows = rows[order]
        self.values = np.asarray(values, dtype=np.float32)[order]
        counts = np.bincount(cols, minlength=shape[1])
        self.indptr = np.concatenate([[0], np.cumsum(counts)])
        self.n_rows = shape[0]

    def combine(self, columns: Sequence[int], weights: Sequence[float] | None = None) -> np.ndarray:
        """Per row, the (weighted) sum of the given columns, accumulated in float32 column
        after column; many columns (a query's few hundred character n-grams) in one gather
        and one unbuffered add, which sums in the same order: the same float32 numbers."""
        out = np.zeros(self.n_rows, dtype=np.float32)
        if len(columns) <= FEW_COLUMNS:  # a query's words: a few slices are cheaper
            for k, column in enumerate(columns):
                start, end = self.indptr[column], self.indptr[column + 1]
                values = self.values[start:end]
                out[self.rows[start:end]] += values if weights is None else values * weights[k]
            return out
        picked = np.asarray(columns, dtype=np.int64)
        starts, lengths = self.indptr[picked], self.indptr[picked + 1] - self.indptr[picked]
        # the positions of the picked columns' entries, column after column
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        positions = offsets + np.arange(int(lengths.sum()), dtype=np.int64)
        values = self.values[positions]
        if weights is not None:
            values *= np.repeat(np.asarray(weights, dtype=np.float32), lengths)
        np.add.at(out, self.rows[positions], values)  # in order: the same float32 sums
        return out

    def row_sums(self) -> np.ndarray:
        return np.bincount(self.rows, weights=self.values, minlength=self.n_rows).astype(np.float32)


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
        row_index, col_index = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        self.matrix = _Columns(row_index, col_index, weights, shape)
        self._presence = _Columns(row_index, col_index, self.idf[col_index], shape)
        self._doc_weight = self._presence.row_sums()

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for the query's distinct tokens."""
        columns = sorted({self.vocabulary[t] for t in tokens if t in self.vocabulary})
        if not columns:
            return np.zeros(self.n_docs, dtype=np.float32)
        return self.matrix.combine(columns)

    def document_coverage(self, tokens: Sequence[str]) -> np.ndarray:
        """Per document, the idf-weighted share of its distinct terms found in the query."""
        columns = sorted({self.vocabulary[t] for t in tokens if t in self.vocabulary})
        if not columns:
            return np.zeros(self.n_docs, dtype=np.float32)
        covered = self._presence.combine(columns)
        return covered / np.maximum(self._doc_weight, 1e-6)

    def upper_bound(self, tokens: Sequence[str]) -> float:
        """A bound on any document's score for this query; unknown tokens count as rare words."""
        distinct = sorted(set(tokens))  # sorted: the same sum whatever the hash seed
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
    """Cosine similarity of character 3–5-gram TF-IDF vectors (robust to typos).

    The numbers of scikit-learn's ``TfidfVectorizer(analyzer="char_wb",
    ngram_range=(3, 5), sublinear_tf=True)`` (smoothed idf, l2-normalised rows,
    float32; a test compares them), computed with numpy: the serving process
    does not import scikit-learn."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._analyze = CharWbAnalyzer(3, 5)
        self.vocabulary: dict[str, int] = {}
        rows, cols, counts = [], [], []
        for row, text in enumerate(texts):
            for gram, count in Counter(self._analyze(text)).items():
                rows.append(row)
                cols.append(self.vocabulary.setdefault(gram, len(self.vocabulary)))
                counts.append(count)
        self.n_docs = len(texts)
        columns = np.asarray(cols, dtype=np.int64)
        df = np.bincount(columns, minlength=len(self.vocabulary)).astype(np.float32)
        self.idf = np.log(np.float32(self.n_docs + 1) / (df + np.float32(1))) + np.float32(1)
        values = _sublinear(np.asarray(counts, dtype=np.float32)) * self.idf[columns]
        owners = np.asarray(rows, dtype=np.int64)
        norms = np.sqrt(np.bincount(owners, weights=values * values, minlength=self.n_docs))
        values /= np.maximum(norms, 1e-12).astype(np.float32)[owners]
        self._matrix = _Columns(owners, columns, values, (self.n_docs, len(self.vocabulary)))

    def _scores(self, text: str) -> np.ndarray:
        counts = Counter(g for g in self._analyze(text) if g in self.vocabulary)
        if not counts:
            return np.zeros(self.n_docs, dtype=np.float32)
        cols = [self.vocabulary[g] for g in counts]
        values = _sublinear(np.fromiter(counts.values(), dtype=np.float32)) * self.idf[cols]
        values /= np.float32(np.linalg.norm(values))
        return self._matrix.combine(cols, values.tolist())

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """(n_queries, n_documents) cosine similarities."""
        out = np.zeros((len(texts), self.n_docs), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self._scores(text)
        return out


def _sublinear(tf: np.ndarray) -> np.ndarray:
    return np.log(tf) + np.float32(1)
