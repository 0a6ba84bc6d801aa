"""Building, saving and checking the knowledge-base index (models/kb/).

Files written into the index folder:
- manifest.json: format version, fiche-content hash, lexicon digest, encoder
  fingerprint, fusion model, calibrated thresholds, build time and sizes;
- fiches.json: the fiches themselves, so an index answers on its own;
- passages.json: the indexed texts (fiche, kind, text);
- lexicon.yml: the lexicon the index was built with;
- dense.faiss: FAISS inner-product index of the passage embeddings;
- ood.npy: embeddings of the out-of-domain calibration queries (the abstention compares a
  question with its nearest one).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from tqdm import tqdm

from .encoder import Encoder, encode_normalized
from .fiches import Fiche, Source, default_fiches_dir, fiches_hash, load_fiches
from .scoring import make_passages
from .text import Normalizer, default_lexicon_path, load_lexicon
from .training import cross_validate, fit_and_calibrate, load_calibration

__all__ = [
    "FINGERPRINT_TEXT",
    "FORMAT_VERSION",
    "BuildReport",
    "build_index",
    "default_index_dir",
    "ensure_index",
    "fiche_from_dict",
    "fiche_to_dict",
    "index_is_stale",
    "read_manifest",
]

FORMAT_VERSION = 5
#: how the models are calibrated (knowledge/training.py): an index calibrated otherwise still
#: loads, but `autonomie train` rebuilds it. 2: out-of-domain queries also with a profile job;
#: 3: thresholds chosen for 15 % of questions to decline (training.OOD_PRIOR), not 20 %
CALIBRATION_VERSION = 3
FINGERPRINT_TEXT = "Quelle formation pour devenir aide-soignant ?"
MANIFEST, FICHES, PASSAGES, LEXICON, DENSE, OOD = (
    "manifest.json",
    "fiches.json",
    "passages.json",
    "lexicon.yml",
    "dense.faiss",
    "ood.npy",
)
INDEX_FILES = (MANIFEST, FICHES, PASSAGES, LEXICON, DENSE, OOD)
ENCODE_BATCH = 64


def default_index_dir() -> Path:
    """models/kb under the working directory (the app passes its own)."""
    return Path("models") / "kb"


@dataclass(frozen=True, slots=True)
class BuildReport:
    index_dir: str
    n_fiches: int
    n_passages: int
    build_seconds: float
    size_bytes: int
    thresholds: dict[str, float]
    cv: dict[str, dict[str, float]]


def fiche_to_dict(fiche: Fiche) -> dict[str, Any]:
    data = asdict(fiche)
    data["verified"] = fiche.verified.isoformat() if fiche.verified else None
    data["review_by"] = fiche.review_by.isoformat() if fiche.review_by else None
    return data


def fiche_from_dict(data: dict[str, Any]) -> Fiche:
    return Fiche(
        id=data["id"],
        title=data["title"],
        questions=tuple(data["questions"]),
        jobs=tuple(data["jobs"]),
        topics=tuple(data["topics"]),
        sources=tuple(Source(**source) for source in data["sources"]),
        short=data["short"],
        long=data["long"],
        verified=_day(data["verified"]),
        review_by=_day(data["review_by"]),
        facts=tuple((str(key), str(value)) for key, value in data["facts"]),
        see_also=tuple(data["see_also"]),
    )


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _encode_with_progress(encoder: Encoder, texts: list[str], progress: bool) -> np.ndarray:
    chunks = []
    starts = range(0, len(texts), ENCODE_BATCH)
    for start in tqdm(starts, desc="encoding passages", unit="batch", disable=not progress):
        chunks.append(encode_normalized(encoder, texts[start : start + ENCODE_BATCH]))
    return np.concatenate(chunks, axis=0)


def build_index(
    fiches_dir: Path | str | None,
    out_dir: Path | str,
    encoder: Encoder,
    *,
    lexicon_path: Path | str | None = None,
    calibration_path: Path | str | None = None,
    progress: bool = True,
) -> BuildReport:
    """Build the index of `fiches_dir` (default: the package's fiches) into `out_dir`.

    Written into a temporary sibling folder, then swapped in, so a reader never
    sees a half-built index.
    """
    started = time.perf_counter()
    folder = Path(fiches_dir) if fiches_dir is not None else default_fiches_dir()
    out = Path(out_dir)
    fiches = load_fiches(folder)
    if not fiches:
        raise ValueError(f"{folder}: no fiche to index")
    lexicon_file = Path(lexicon_path) if lexicon_path is not None else default_lexicon_path()
    lexicon = load_lexicon(lexicon_file)
    normalizer = Normalizer(lexicon)
    passages = make_passages(fiches)
    vectors = _encode_with_progress(encoder, [p.text for p in passages], progress)
    cv = cross_validate(
        fiches, passages, vectors, normalizer, encoder, load_calibration(calibration_path)
    )
    calibration = fit_and_calibrate(cv)

    dense = faiss.IndexFlatIP(vectors.shape[1])
    dense.add(vectors)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    faiss.write_index(dense, str(tmp / DENSE))
    np.save(tmp / OOD, cv.bank.astype(np.float32), allow_pickle=False)
    shutil.copyfile(lexicon_file, tmp / LEXICON)
    (tmp / FICHES).write_text(
        json.dumps([fiche_to_dict(f) for f in fiches], ensure_ascii=False), encoding="utf-8"
    )
    (tmp / PASSAGES).write_text(
        json.dumps([[p.fiche, p.kind, p.text] for p in passages], ensure_ascii=False),
        encoding="utf-8",
    )
    fingerprint = encode_normalized(encoder, [FINGERPRINT_TEXT])[0]
    manifest: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "calibration_version": CALIBRATION_VERSION,
        "fiches_hash": fiches_hash(folder),
        "lexicon_digest": lexicon.digest,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "n_fiches": len(fiches),
        "n_passages": len(passages),
        "dim": int(vectors.shape[1]),
        "encoder_fingerprint": [round(float(x), 6) for x in fingerprint],
        "fusion": calibration.fusion.to_dict(),
        "confidence": calibration.confidence.to_dict(),
        "in_domain": calibration.in_domain.to_dict(),
        "thresholds": calibration.thresholds,
        "calibration": {
            "method": "grouped 5-fold CV on the fiches' questions (+ SMS, job-context copies) "
            "and calibration.yml out-of-domain queries (also the bank of ood.npy, each compared "
            "with the bank less its own fold); thresholds maximise expected accuracy "
            "(20 % out of domain) on out-of-fold scores",
            "report": calibration.report,
        },
    }
    build_seconds = time.perf_counter() - started
    manifest["build_seconds"] = round(build_seconds, 2)
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    size = sum(path.stat().st_size for path in tmp.iterdir())
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return BuildReport(
        index_dir=str(out),
        n_fiches=len(fiches),
        n_passages=len(passages),
        build_seconds=round(build_seconds, 2),
        size_bytes=size,
        thresholds=calibration.thresholds,
        cv=calibration.report,
    )


def read_manifest(index_dir: Path | str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((Path(index_dir) / MANIFEST).read_text(encoding="utf-8"))
    return data


def index_is_stale(
    fiches_dir: Path | str | None,
    index_dir: Path | str,
    *,
    lexicon_path: Path | str | None = None,
) -> bool:
    """True when the index is missing, incomplete, of another format or calibration, or
    built from other fiches or another lexicon than those now on disk."""
    folder = Path(index_dir)
    if not all((folder / name).is_file() for name in INDEX_FILES):
        return True
    try:
        manifest = read_manifest(folder)
    except (OSError, ValueError):
        return True
    if manifest.get("format_version") != FORMAT_VERSION:
        return True
    if manifest.get("calibration_version", 1) != CALIBRATION_VERSION:
        return True
    fiches_folder = Path(fiches_dir) if fiches_dir is not None else default_fiches_dir()
    if manifest.get("fiches_hash") != fiches_hash(fiches_folder):
        return True
    lexicon = Path(lexicon_path) if lexicon_path is not None else default_lexicon_path()
    return bool(manifest.get("lexicon_digest") != load_lexicon(lexicon).digest)


def ensure_index(
    fiches_dir: Path | str | None,
    index_dir: Path | str,
    encoder: Encoder,
    *,
    force: bool = False,
    progress: bool = True,
) -> BuildReport | None:
    """Rebuild the index only if it is stale (for `autonomie train`); None if it was fresh."""
    if not force and not index_is_stale(fiches_dir, index_dir):
        return None
    return build_index(fiches_dir, index_dir, encoder, progress=progress)
