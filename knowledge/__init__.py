"""Knowledge layer of Autonomie Assistant: fiches, hybrid retrieval, answer or abstain.

Kept import-light on purpose (importing a module does not pull FAISS or
scikit-learn until it is used). Public API, by module:

- `fiches`: `Fiche`, `Source`, `FicheError`, `load_fiches(dir=None)`, `default_fiches_dir()`
- `index`: `build_index(fiches_dir, out_dir, encoder)`, `index_is_stale(fiches_dir, index_dir)`,
  `ensure_index(fiches_dir, index_dir, encoder)`, `default_index_dir()`
- `retriever`: `KnowledgeBase.load(index_dir, encoder)`, `.search(...)`, `.answer(...)`,
  `Hit`, `Answer`, `Abstention`, `KnowledgeIndexError`
- `encoder`: `Encoder` (Protocol), `load_default_encoder()`, `SentenceTransformerEncoder`
- `evaluate`: `evaluate(kb, items)`, `load_eval_items()`, `format_table(result)`
- `bench`: `run_benchmark(kb, queries)`
- `check`: `check_fiches(fiches, today)`: the editorial rules of `autonomie kb check`
- `cli`: `kb_app` (mounted as `autonomie kb`)
"""
