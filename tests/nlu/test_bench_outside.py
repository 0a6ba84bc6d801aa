"""`autonomie nlu bench --outside`: each dev pair, the pipeline beside issue 20's baseline."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nlu.bench_outside import DEV_DIR, dev_pairs
from nlu.cli import nlu_app

runner = CliRunner()

_TRAIN = {
    "meteo": [
        "quel temps fait-il demain",
        "va-t-il pleuvoir ce soir",
        "la météo de la semaine",
        "il fait combien dehors",
        "faut-il un parapluie aujourd'hui",
        "prévisions pour samedi",
    ],
    "musique": [
        "mets de la musique",
        "joue du jazz",
        "lance ma playlist",
        "je veux écouter une chanson",
        "passe-moi du rock",
        "musique douce s'il te plaît",
    ],
    "reveil": [
        "réveille-moi à sept heures",
        "mets un réveil pour demain matin",
        "alarme à six heures trente",
        "programme le réveil à 8h",
        "sonne-moi à midi",
        "un réveil dans une heure",
    ],
}
_TEST = {
    "meteo": ["est-ce qu'il va neiger demain", "quelle température cet après-midi"],
    "musique": ["joue-moi de la musique classique", "lance une chanson de rap"],
    "reveil": ["réveille-moi demain à cinq heures", "mets une alarme à 7h"],
}


def _write(path: Path, intents: dict[str, list[str]]) -> None:
    lines = ['version: "3.1"', "nlu:"]
    for name, examples in intents.items():
        lines += [f"- intent: {name}", "  examples: |", *(f"    - {e}" for e in examples)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_each_dev_pair_is_scored_beside_the_baseline(tmp_path: Path) -> None:
    _write(tmp_path / "maison_train.yml", _TRAIN)
    _write(tmp_path / "maison_test.yml", _TEST)
    _write(tmp_path / "seul_train.yml", _TRAIN)  # no test file: not a pair
    result = runner.invoke(nlu_app, ["bench", "--outside", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert list(report["sets"]) == ["maison"]
    scored = report["sets"]["maison"]
    assert scored["examples"] == 6
    assert scored["accuracy"] == 1.0
    assert round(scored["baseline_accuracy"] * 6, 2) in {4.0, 5.0, 6.0}  # messages right
    assert set(scored["chosen"]) == {"C", "embedding_weight", "threshold"}
    assert report["mean"]["accuracy"] == 1.0

    table = runner.invoke(nlu_app, ["bench", "--outside", str(tmp_path)])
    assert table.exit_code == 0, table.output
    rows = {line.split()[0]: line.split() for line in table.output.splitlines() if line.strip()}
    assert rows["maison"][1:4] == ["6", "1.000", f"{scored['baseline_accuracy']:.3f}"]
    assert rows["mean"][1:3] == ["1.000", f"{scored['baseline_accuracy']:.3f}"]


def test_a_folder_without_pairs_is_a_clear_error(tmp_path: Path) -> None:
    _write(tmp_path / "maison_train.yml", _TRAIN)
    result = runner.invoke(nlu_app, ["bench", "--outside", str(tmp_path)])
    assert result.exit_code == 1
    assert "X_train.yml with its X_test.yml" in result.output


def test_the_packaged_dev_sets_are_pairs() -> None:
    names = [name for name, _, _ in dev_pairs(DEV_DIR)]
    assert {"energie", "banking", "mairie"} <= set(names)
