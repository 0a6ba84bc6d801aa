"""Evaluation (hybrid vs baselines) and the `kb` command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from kb_helpers import HashingEncoder, write_sample_fiches
from typer.testing import CliRunner

from knowledge import cli
from knowledge.encoder import Encoder
from knowledge.evaluate import EvalItem, evaluate, format_table, load_eval_items
from knowledge.index import BuildReport
from knowledge.retriever import KnowledgeBase

runner = CliRunner()
METRICS = {"hit@1", "hit@3", "mrr", "abstention_precision", "abstention_recall", "answer_accuracy"}


def test_evaluate_small_index(small_index: tuple[Path, Path, HashingEncoder]) -> None:
    _, index_dir, encoder = small_index
    kb = KnowledgeBase.load(index_dir, encoder)
    items = [
        EvalItem("combien gagne une aide soignante", "salaire-as"),
        EvalItem("c'est quoi la formation", "formation-aes", ("aes",)),
        EvalItem("recette de la blanquette de veau", None),
        EvalItem("question sur une fiche disparue", "fiche-inconnue"),
    ]
    result = evaluate(kb, items, with_misses=True)
    assert set(result["methods"]) == {"hybrid", "bm25", "dense"}
    for metrics in result["methods"].values():
        assert set(metrics) >= METRICS
    assert result["n_items"] == 3 and result["unknown_fiches"] == ["fiche-inconnue"]
    table = format_table(result)
    assert "| hybrid |" in table and "| bm25 |" in table and "| dense |" in table


def test_load_eval_items(tmp_path: Path) -> None:
    path = tmp_path / "e.yml"
    path.write_text('- q: "salaire ?"\n  fiche: smic-2026\n- q: "météo"\n  fiche: null\n', "utf-8")
    assert load_eval_items([path]) == [EvalItem("salaire ?", "smic-2026"), EvalItem("météo", None)]


def test_a_two_topic_item_is_right_with_either_fiche_first(
    small_index: tuple[Path, Path, HashingEncoder], tmp_path: Path
) -> None:
    """`also:` names the other fiche a two-topic question may get first: either is right,
    any other fiche is still a miss."""
    path = tmp_path / "two.yml"
    path.write_text(
        '- {q: "combien gagne une aide soignante", fiche: formation-aes, also: [salaire-as]}\n'
        '- {q: "combien gagne une aide soignante", fiche: formation-aes}\n',
        "utf-8",
    )
    both, single = load_eval_items([path])
    assert both.accepted == {"formation-aes", "salaire-as"} and single.accepted == {"formation-aes"}
    _, index_dir, encoder = small_index
    kb = KnowledgeBase.load(index_dir, encoder)
    assert kb.search(both.q, k=1)[0].fiche.id == "salaire-as"
    with_also = evaluate(kb, [both], methods=["bm25"])["methods"]["bm25"]
    without = evaluate(kb, [single], methods=["bm25"])["methods"]["bm25"]
    assert with_also["hit@1"] == 1.0 and without["hit@1"] == 0.0


def test_cli_index_search_eval_on_sample_fiches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "load_default_encoder", HashingEncoder)
    fiches_dir = write_sample_fiches(tmp_path / "fiches")
    index_dir = tmp_path / "index"
    args = ["index", "--fiches", str(fiches_dir), "--out", str(index_dir)]
    result = runner.invoke(cli.kb_app, args)
    assert result.exit_code == 0, result.output
    assert "5 fiches" in result.output
    result = runner.invoke(
        cli.kb_app,
        [
            "search",
            "salaire aide soignante",
            "--index",
            str(index_dir),
            "--k",
            "2",
            "--fiches",
            str(fiches_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "salaire-as" in result.output
    assert "answers" in result.output or "abstains" in result.output
    data = tmp_path / "eval.yml"
    data.write_text('- q: "combien gagne une aide soignante"\n  fiche: salaire-as\n', "utf-8")
    args = ["eval", "--index", str(index_dir), "--data", str(data), "--json"]
    result = runner.invoke(cli.kb_app, args)
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.output)["methods"]) == {"hybrid", "bm25", "dense"}
    missing = runner.invoke(cli.kb_app, ["search", "x", "--index", str(tmp_path / "none")])
    assert missing.exit_code == 1


@pytest.mark.slow
def test_hybrid_beats_both_baselines_on_the_eval_sets(real_kb: KnowledgeBase) -> None:
    items = load_eval_items()
    if not items:
        pytest.skip("no eval set yet")
    result = evaluate(real_kb, items)
    methods = result["methods"]
    assert set(methods) == {"hybrid", "bm25", "dense"}
    for metrics in methods.values():
        assert set(metrics) >= METRICS
    assert methods["hybrid"]["hit@1"] >= methods["bm25"]["hit@1"]
    assert methods["hybrid"]["hit@1"] >= methods["dense"]["hit@1"]
    assert not result["unknown_fiches"]


@pytest.mark.slow
def test_cli_eval_on_the_real_index(
    real_index: tuple[Path, Path, BuildReport],
    real_encoder: Encoder,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The command on the real index, with a few of the eval questions (the whole sets
    are evaluated once, above, and by `make bench`)."""
    monkeypatch.setattr(cli, "load_default_encoder", lambda: real_encoder)
    items = load_eval_items()[::40]
    data = tmp_path / "eval.yml"
    data.write_text(yaml.safe_dump([{"q": item.q, "fiche": item.fiche} for item in items]), "utf-8")
    args = ["eval", "--index", str(real_index[1]), "--data", str(data)]
    result = runner.invoke(cli.kb_app, args)
    assert result.exit_code == 0, result.output
    for method in ("hybrid", "bm25", "dense"):
        assert f"| {method} |" in result.output
