"""`autonomie kb ...`: build, query and evaluate the knowledge base.

The app mounts `kb_app` (`app.add_typer(kb_app, name="kb")`).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from .bench import run_benchmark
from .check import check_directory, check_fiches, issues_by_fiche, write_audit
from .encoder import Encoder, load_default_encoder
from .evaluate import evaluate, format_table, load_eval_items
from .fiches import FicheError, default_fiches_dir, load_fiches
from .index import build_index, default_index_dir, index_is_stale
from .platforms import load_directory
from .retriever import METHODS, Answer, KnowledgeBase, KnowledgeIndexError

__all__ = ["kb_app"]

kb_app = typer.Typer(
    help="Knowledge base: fiches index, search and evaluation.", no_args_is_help=True
)

DEFAULT_INDEX = default_index_dir()
IndexOption = Annotated[Path, typer.Option("--index", help="Index folder.")]
FichesOption = Annotated[
    Path | None, typer.Option("--fiches", help="Fiche folder (default: the package's fiches).")
]


def _load(index: Path, encoder: Encoder) -> KnowledgeBase:
    try:
        return KnowledgeBase.load(index, encoder)
    except KnowledgeIndexError as exc:
        typer.secho(f"{exc}\nBuild it with: autonomie kb index --out {index}", fg="red", err=True)
        raise typer.Exit(1) from exc


@kb_app.command("index")
def index_command(
    fiches: FichesOption = None,
    out: Annotated[Path, typer.Option("--out", help="Index folder to write.")] = DEFAULT_INDEX,
) -> None:
    """Build the index (BM25 + FAISS + fusion model + calibrated thresholds)."""
    report = build_index(fiches, out, load_default_encoder())
    size_kb = report.size_bytes / 1024
    typer.echo(
        f"{report.n_fiches} fiches, {report.n_passages} passages indexed into {report.index_dir} "
        f"in {report.build_seconds:.1f} s ({size_kb:.0f} KiB)"
    )
    for method, figures in report.cv.items():
        typer.echo(
            f"  {method:7s} threshold {report.thresholds[method]:.3f}  "
            f"cv hit@1 {figures['cv_hit@1']:.3f}  calibration accuracy "
            f"{figures['weighted_accuracy']:.3f}"
        )


@kb_app.command("check")
def check_command(
    fiches: FichesOption = None,
    today: Annotated[
        str | None, typer.Option("--today", help="Check as of this day (YYYY-MM-DD).")
    ] = None,
    audit: Annotated[
        Path | None,
        typer.Option("--audit", help="Also write the audit log (knowledge/AUDIT.md)."),
    ] = None,
    platforms: Annotated[
        Path | None, typer.Option("--platforms", help="Platform directory (platforms.yml).")
    ] = None,
) -> None:
    """Editorial rules: public dated sources, review dates, links, shared figures, SMS length.
    Exits 1 when a fiche breaks one."""
    day = dt.date.fromisoformat(today) if today else dt.date.today()
    folder = fiches or default_fiches_dir()
    try:
        loaded = load_fiches(folder)
        directory = load_directory(platforms)
    except FicheError as exc:
        typer.secho(f"FAIL {exc}", fg="red", err=True)
        raise typer.Exit(1) from exc
    issues = check_fiches(loaded, day)
    directory_issues = check_directory(directory, day)
    for fiche_id, found in issues_by_fiche(issues + directory_issues).items():
        typer.secho(f"FAIL {fiche_id}", fg="red")
        for issue in found:
            typer.echo(f"  [{issue.rule}] {issue.message}")
    failing = len(issues_by_fiche(issues))
    typer.echo(
        f"{len(loaded)} fiches checked on {day}: {len(loaded) - failing} OK, "
        f"{failing} failing, {len(issues)} issues"
    )
    if directory_issues:
        typer.echo(f"platform directory: {len(directory_issues)} issues")
    if audit is not None:
        write_audit(loaded, issues, audit, day)
        typer.echo(f"audit written to {audit}")
    if issues or directory_issues:
        raise typer.Exit(1)


@kb_app.command("search")
def search_command(
    question: Annotated[str, typer.Argument(help="The question, as a candidate would write it.")],
    job: Annotated[
        list[str] | None, typer.Option("--job", help="Job known from the conversation.")
    ] = None,
    k: Annotated[int, typer.Option("--k", min=1, help="How many fiches to show.")] = 5,
    index: IndexOption = default_index_dir(),
    fiches: FichesOption = None,
) -> None:
    """Rank the fiches for a question (hybrid score and its components)."""
    kb = _load(index, load_default_encoder())
    if index_is_stale(fiches, index):
        typer.secho("warning: stale index (fiches or lexicon changed)", fg="yellow", err=True)
    jobs = job or []
    hits = kb.search(question, jobs=jobs, k=k)
    typer.echo(f"{'#':>2} {'fiche':40s} {'hybrid':>7} {'bm25':>7} {'dense':>7} {'char':>6}")
    for hit in hits:
        c = hit.components
        typer.echo(
            f"{hit.rank:>2} {hit.fiche.id:40s} {hit.score:7.3f} {c['bm25']:7.2f} "
            f"{c['dense']:7.3f} {c['char']:6.3f}"
        )
    decision = kb.decide(hits)
    if isinstance(decision, Answer):
        typer.echo(
            f"→ answers with {decision.fiche.id} (confidence {decision.confidence:.3f} "
            f">= {kb.thresholds['hybrid']:.3f})"
        )
        typer.echo(f"  {decision.fiche.short} Source : {decision.fiche.short_source}.")
    else:
        typer.echo(
            f"→ abstains ({decision.reason}, confidence {decision.confidence:.3f} "
            f"< {kb.thresholds['hybrid']:.3f})"
        )


@kb_app.command("eval")
def eval_command(
    data: Annotated[
        list[Path] | None, typer.Option("--data", help="Eval YAML (default: knowledge/eval/*.yml).")
    ] = None,
    index: IndexOption = default_index_dir(),
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    misses: Annotated[bool, typer.Option("--misses", help="List the hybrid's errors.")] = False,
) -> None:
    """Hybrid vs BM25-only vs dense-only: hit@1, hit@3, MRR, abstention P/R, accuracy."""
    kb = _load(index, load_default_encoder())
    items = load_eval_items(data)
    if not items:
        typer.secho("no eval item found", fg="red", err=True)
        raise typer.Exit(1)
    result = evaluate(kb, items, methods=METHODS, with_misses=misses)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    typer.echo(format_table(result))
    for miss in result.get("misses", {}).get("hybrid", []):
        typer.echo(f"  miss: {miss['q'][:70]!r} expected {miss['expected']} got {miss['got']}")


@kb_app.command("bench")
def bench_command(
    data: Annotated[list[Path] | None, typer.Option("--data", help="Queries (eval YAML).")] = None,
    index: IndexOption = default_index_dir(),
) -> None:
    """Search latency p50/p95, index build time, size and load time (JSON)."""
    kb = _load(index, load_default_encoder())
    queries = [item.q for item in load_eval_items(data)] or [f.questions[0] for f in kb.fiches]
    typer.echo(json.dumps(run_benchmark(kb, queries), indent=1))
