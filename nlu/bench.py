"""Benchmark of a trained NLU model: parse latency, load time, size, training time.

``run_benchmark(model_dir)`` is what ``autonomie bench`` calls. Latency is
measured over ~1000 generated messages (short and long, SMS style, questions,
payloads, odd inputs) after a warm-up, in this process; ``cold_start_seconds``
runs a fresh interpreter that imports everything and loads the model.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from nlu.embedding_cache import CACHE_FILE
from nlu.embeddings import Encoder, default_encoder

__all__ = ["bench_messages", "run_benchmark"]

_TEMPLATES = [
    "bonjour",
    "jcherche 1 taf comme {job}, jsuis a {city} jai le permis mais pa de voiture",
    "je voudrais devenir {job} à {city}",
    "c'est quoi le salaire d'un {job} ?",
    "j'ai {n} enfants et pas le permis",
    "jhabite {city} {cp}",
    "il y a des {event} {date} vers {city} ?",
    "je veux m'inscrire à l'{event} de {date}",
    "j'ai le {diploma}, je peux travailler en {place} ?",
    "stop",
    "supprimez mes données svp",
    "vous êtes un robot ?",
    "je veux parler à un conseiller",
    "merci beaucoup, bonne journée",
    "ok",
    "non merci",
    "/affirm",
    '/book_event{{"event_id": "e{n}"}}',
    "quelles aides pour financer la formation de {job} quand on est au chômage"
    " et qu'on a {n} enfants ?",
    "{long}",
    "👍",
    "",
    "<b>bonjour</b> je suis à {city}",
    "what time is it?",
]
_FILL = {
    "job": ["auxiliaire de vie", "aide-soignante", "AES", "ASH", "infirmière", "aide à domicile"],
    "city": ["Roubaix", "st etienne", "Mérignac", "Paris 15e", "Lyon", "Ajaccio", "Fort-de-France"],
    "cp": ["59100", "33600", "75015", "12345"],
    "n": ["0", "1", "2", "trois"],
    "event": ["atelier découverte", "information collective", "job dating", "forum"],
    "date": ["mardi prochain", "le 12/01", "en janvier", "demain", "la semaine prochaine"],
    "diploma": ["CAP petite enfance", "DEAS", "bac pro ASSP", "titre ADVF"],
    "place": ["EHPAD", "hôpital", "domicile"],
}


def bench_messages(n: int = 1000, seed: int = 0) -> list[str]:
    """``n`` varied messages, deterministic."""
    rng = random.Random(seed)
    messages = []
    for i in range(n):
        template = _TEMPLATES[i % len(_TEMPLATES)]
        values = {k: rng.choice(v) for k, v in _FILL.items()}
        values["long"] = " ".join(
            rng.choice(
                ["je", "cherche", "un", "travail", "dans", "le", "soin", "à", "Lille", "vraiment"]
            )
            for _ in range(rng.randint(40, 120))
        )
        messages.append(template.format(**values))
    return messages


def _dir_size(path: Path) -> int:
    """The model's files (not the training's embedding cache: serving never reads it)."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and f.name != CACHE_FILE)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def _cold_start(model_dir: Path) -> float | None:
    code = (
        "import time; t = time.perf_counter();"
        "from nlu.pipeline import NLUPipeline;"
        f"p = NLUPipeline.load({str(model_dir)!r}); p.parse('bonjour');"
        "print(time.perf_counter() - t)"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
        )
        return round(float(out.stdout.strip().splitlines()[-1]), 2)
    except (subprocess.SubprocessError, ValueError, IndexError):
        return None


def run_benchmark(
    model_dir: str | Path = "models/nlu",
    *,
    messages: int = 1000,
    encoder: Encoder | None = None,
    cold_start: bool = True,
) -> dict[str, Any]:
    """Latency percentiles (ms), load and cold-start time (s), size (MB), training time (s)."""
    from nlu.pipeline import NLUPipeline

    path = Path(model_dir)
    started = time.perf_counter()
    encoder = encoder or default_encoder()
    encoder_seconds = time.perf_counter() - started
    started = time.perf_counter()
    pipeline = NLUPipeline.load(path, encoder=encoder)
    load_seconds = time.perf_counter() - started
    texts = bench_messages(messages)
    for text in texts[:50]:
        pipeline.parse(text)
    timings = []
    for text in texts:
        t0 = time.perf_counter()
        pipeline.parse(text)
        timings.append((time.perf_counter() - t0) * 1000)
    metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    result: dict[str, Any] = {
        "messages": len(texts),
        "parse_p50_ms": round(_percentile(timings, 50), 2),
        "parse_p95_ms": round(_percentile(timings, 95), 2),
        "parse_p99_ms": round(_percentile(timings, 99), 2),
        "parse_mean_ms": round(statistics.fmean(timings), 2),
        "encoder_load_seconds": round(encoder_seconds, 2),
        "model_load_seconds": round(load_seconds, 3),
        "model_size_mb": round(_dir_size(path) / 1e6, 2),
        "train_seconds": metadata.get("train_seconds"),
        "examples": metadata.get("examples"),
    }
    if cold_start:
        result["cold_start_seconds"] = _cold_start(path)
    return result
