"""The default pipeline on data it was not tuned on, its calibration, its reports,
and the bad training files and messages a platform may bring."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from nlu.calibration import choose_threshold, expected_calibration_error
from nlu.cli import format_report, nlu_app
from nlu.embeddings import OnnxEncoder
from nlu.evaluate import cross_validate, evaluate_pipeline, robustness
from nlu.frames import classifier_view
from nlu.intent import IntentConfig
from nlu.noise import unread
from nlu.pipeline import NLUPipeline, with_out_of_domain
from nlu.robustness import PERTURBATIONS, perturb
from nlu.training_data import load_training_data

from .conftest import NLU_DIR, TRAIN_FILE

BANK_TRAIN = NLU_DIR / "data" / "dev" / "banking_train.yml"
BANK_TEST = NLU_DIR / "data" / "dev" / "banking_test.yml"
TOWN_TRAIN = NLU_DIR / "data" / "dev" / "mairie_train.yml"
TOWN_TEST = NLU_DIR / "data" / "dev" / "mairie_test.yml"
runner = CliRunner()


@pytest.fixture(scope="module")
def bank(encoder: OnnxEncoder) -> NLUPipeline:
    return NLUPipeline.train(load_training_data(BANK_TRAIN), None, encoder=encoder)


def test_another_domain_trains_to_a_strong_held_out_score(bank: NLUPipeline) -> None:
    report = evaluate_pipeline(bank, load_training_data(BANK_TEST))
    assert report["accuracy"] >= 0.9, report["errors"]  # 12 examples an intent, 20 intents
    assert report["ece"] <= 0.15
    chosen = bank.metadata["intent_config"]
    assert chosen["C"] in chosen["c_grid"] and chosen["embedding_weight"] in chosen["weight_grid"]
    assert bank.metadata["cross_validation"]["folds"] == 5
    selection = bank.metadata["selection"]
    best = max(selection, key=lambda row: row["macro_f1"])
    assert (chosen["C"], chosen["embedding_weight"]) == (best["C"], best["embedding_weight"])
    # a coordinate search: every weight at the middle C, every C at the best of those
    tried = {(row["C"], row["embedding_weight"]) for row in selection}
    middle = chosen["c_grid"][len(chosen["c_grid"]) // 2]
    assert {(middle, w) for w in chosen["weight_grid"]} <= tried
    assert {(c, chosen["embedding_weight"]) for c in chosen["c_grid"]} <= tried
    assert len(tried) == len(selection) == len(chosen["c_grid"]) + len(chosen["weight_grid"]) - 1


def test_a_training_set_without_out_of_scope_seldom_falls_back(bank: NLUPipeline) -> None:
    assert "out_of_scope" not in bank.intents.classes_
    assert bank.intents.threshold <= 0.3  # only answers cross-validation found wrong
    assert bank.parse("je voudrais un chéquier").intent == "order_checkbook"
    held_out = bank.parse_batch([e.text for e in load_training_data(BANK_TEST).examples])
    fallbacks = sum(r.intent == "out_of_scope" for r in held_out)
    assert fallbacks <= len(held_out) // 20, fallbacks  # none of 120 today


def test_out_of_domain_messages_join_only_an_out_of_scope_intent() -> None:
    ours = load_training_data(TRAIN_FILE)
    added = with_out_of_domain(ours)
    extra = len(added.examples) - len(ours.examples)
    assert extra > 80 and added.intent_counts()["out_of_scope"] == (
        ours.intent_counts()["out_of_scope"] + extra
    )
    bank = load_training_data(BANK_TRAIN)
    assert with_out_of_domain(bank) is bank


def test_out_of_domain_messages_are_left_out_when_the_data_calls_their_topics_in_domain(
    encoder: OnnxEncoder,
) -> None:
    """A town hall's assistant: passports are its business, the packaged out-of-domain
    messages call them out of scope; cross-validation on its own examples drops them."""
    town = load_training_data(TOWN_TRAIN)
    model = NLUPipeline.train(town, None, encoder=encoder)
    choice = model.metadata["cross_validation"]["out_of_domain"]
    assert choice["without"] > choice["with"]
    # its own examples, less those parsing answers before the classifier (emoji, noise)
    read = [e for e in town.examples if not unread(classifier_view(e.text, 1000), e.text)]
    assert len(read) < len(town.examples)
    assert model.metadata["examples"] == len(read)
    assert model.parse("comment refaire mon passeport").intent == "identity_documents"
    # issue 20's bar for another domain's held-out set (0.954 since the vocabulary is
    # pruned to general French word lists and each text encoded alone; 0.898 before)
    assert evaluate_pipeline(model, load_training_data(TOWN_TEST))["accuracy"] >= 0.88


def test_out_of_domain_messages_are_kept_when_they_help(nlu: NLUPipeline) -> None:
    choice = nlu.metadata["cross_validation"]["out_of_domain"]
    assert choice["with"] >= choice["without"]
    assert nlu.metadata["examples"] > len(load_training_data(TRAIN_FILE).examples)


def test_a_single_out_of_scope_example_still_trains(tmp_path: Path) -> None:
    data = _write(
        tmp_path / "nlu.yml",
        "nlu:\n- intent: greet\n  examples: |\n    - bonjour\n    - salut\n    - coucou\n"
        "- intent: bye\n  examples: |\n    - au revoir\n    - à plus\n    - bonne soirée\n"
        "- intent: out_of_scope\n  examples: |\n    - quel temps fait-il\n",
    )
    result = runner.invoke(nlu_app, ["train", "--data", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert "'out_of_scope' has a single example" in result.output


def test_messages_about_other_services_are_out_of_scope(nlu: NLUPipeline) -> None:
    for text in (
        "comment renouveler ma carte d'identité",
        "tu connais un bon garagiste",
        "tu es moche",
    ):
        assert nlu.parse(text).intent == "out_of_scope", text


def test_a_message_in_capitals_reads_like_it_in_lower_case(nlu: NLUPipeline) -> None:
    from nlu.text import clean_for_embedding

    assert clean_for_embedding("JE VEUX ÊTRE AES 🙂") == "je veux être aes"
    assert clean_for_embedding("je veux être AES à Lyon") == "je veux être AES à Lyon"
    for text in ("je voudrais devenir aide-soignante", "quel est le salaire d'une ASH ?"):
        assert nlu.parse(text.upper()).intent == nlu.parse(text).intent, text


def test_calibration_error_and_threshold() -> None:
    assert expected_calibration_error([0.9] * 10, [True] * 9 + [False]) == pytest.approx(0.0)
    assert expected_calibration_error([0.9] * 10, [False] * 10) == pytest.approx(0.9)
    classes = ["a", "b", "out_of_scope"]
    probs = np.array([[0.9, 0.05, 0.05], [0.4, 0.35, 0.25], [0.45, 0.3, 0.25]])
    assert choose_threshold(probs, np.array(["a", "out_of_scope", "out_of_scope"]), classes) > 0.45
    assert choose_threshold(probs, np.array(["a", "a", "b"]), classes) <= 0.4


def test_perturbations_are_deterministic_and_change_the_text() -> None:
    text = "Je voudrais un rendez-vous à l'agence, c'est possible aujourd'hui ?"
    assert perturb(text, "accents_stripped") == text.replace("à", "a")
    assert "rdv" in perturb(text, "sms_abbreviations")
    assert perturb(text, "capitals") == text.upper()
    typos = perturb(text, "one_typo_a_word")
    assert typos == perturb(text, "one_typo_a_word") and typos != text
    assert perturb(text, "emoji_added") != text


def test_robustness_report(bank: NLUPipeline) -> None:
    report = robustness(bank, load_training_data(BANK_TEST))
    assert set(report) == {"original", *PERTURBATIONS}
    assert report["accents_stripped"]["delta"] >= -0.05
    assert report["capitals"]["delta"] >= -0.05


def test_cross_validation_from_the_command_line() -> None:
    result = runner.invoke(
        nlu_app, ["test", "--cross-validation", "3", "--data", str(BANK_TRAIN), "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["folds"] == 3 and report["accuracy"] >= 0.75
    assert {"macro_f1", "per_intent", "entities", "ece", "confusion_pairs"} <= set(report)


def test_every_fold_keeps_the_choices_of_the_whole_files_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The folds do not choose again (a noisy selection on 80 % of the data): they keep
    the C, fallback threshold and out-of-domain choice of the model trained on the
    whole file, which is what a platform deploys; the report says what they were."""
    town, config = load_training_data(TOWN_TRAIN), IntentConfig(features="lexical")
    whole = NLUPipeline.train(town, None, config=config)
    configs: list[IntentConfig] = []
    train = NLUPipeline.train

    def recording(cls: type[NLUPipeline], *args: Any, **kwargs: Any) -> NLUPipeline:
        configs.append(kwargs["config"])
        return train(*args, **kwargs)

    monkeypatch.setattr(NLUPipeline, "train", classmethod(recording))
    report = cross_validate(town, folds=3, config=config)
    chosen = report["chosen"]
    assert chosen == {
        "C": whole.metadata["intent_config"]["C"],
        "embedding_weight": whole.metadata["intent_config"]["embedding_weight"],
        "threshold": whole.intents.threshold,
        "out_of_domain": whole.metadata["examples"] > len(town.examples),
    }
    assert len(configs) == 4 and configs[0] == config
    for fold in configs[1:]:
        assert not fold.needs_selection and not fold.check_out_of_domain
        assert (fold.C, fold.threshold, fold.out_of_domain) == (
            chosen["C"],
            chosen["threshold"],
            chosen["out_of_domain"],
        )
    assert "chosen on the whole file" in format_report(report)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_doubtful_training_files_train_with_warnings(tmp_path: Path) -> None:
    data = _write(
        tmp_path / "nlu.yml",
        "nlu:\n- intent: greet\n  examples: |\n    - bonjour\n    - salut\n    - coucou\n"
        "- intent: bye\n  examples: |\n    - au revoir\n    - salut\n"
        "- intent: empty\n  examples: |\n"
        "- intent: lonely\n  examples: |\n    - une seule phrase\n",
    )
    result = runner.invoke(nlu_app, ["train", "--data", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert f"{data}:11: intent 'empty' has no examples" in result.output
    assert "'lonely' has a single example" in result.output
    assert "'salut' is an example of both 'greet' and 'bye'" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"nlu:\n- intent: greet\n  examples: |\n    - caf\xe9\n", ":4: not UTF-8"),
        (b"nlu:\n- intent: greet\n  examples: |\n    - ok\n- respond: x\n", ":5: unsupported key"),
        (b"nlu:\n- intent: faq/ask\n  examples: |\n    - ok\n", ":2: retrieval intent"),
        (b"nlu:\n- intent: a\n  examples: |\n    - ok\n    - [x]{bad}\n", ":5: bad entity"),
        (b"nlu:\n- intent: a\n  examples: |\n    - ok\n", "at least two intents"),
    ],
)
def test_unsupported_training_files_are_refused_with_file_and_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    data = tmp_path / "nlu.yml"
    data.write_bytes(content)
    result = runner.invoke(nlu_app, ["train", "--data", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_a_20000_character_message_is_parsed_quickly(nlu: NLUPipeline) -> None:
    text = "je cherche un travail à Roubaix " * 625
    started = time.process_time()  # CPU time of every thread: the machine's load does not count
    result = nlu.parse(text)
    assert time.process_time() - started < 2.0
    assert result.intent in nlu.known_intents and result.as_dict()["text"] == text


#: 4,000 characters (the most a message carries) of short words: 2,000 tokens. The
#: gazetteer read spaCy's doc.text (which joins every token again) once per word: "é é é..."
#: took 1.3 s of CPU, and the fuzz bar's worst requests 1.6 s (issue 18's bound: 1 s).
@pytest.mark.parametrize("word", ["é", "a", "Paris", "06", "le 12"])
def test_a_message_of_many_short_words_costs_no_more_than_a_long_one(
    nlu: NLUPipeline, word: str
) -> None:
    text = " ".join([word] * (4000 // (len(word) + 1)))
    nlu.parse(text[:100])  # the first parse loads what it needs
    started = time.process_time()
    result = nlu.parse(text)
    assert time.process_time() - started < 0.3
    assert result.as_dict()["text"] == text


def test_the_one_message_fast_path_gives_the_batch_probabilities(
    nlu: NLUPipeline, encoder: OnnxEncoder
) -> None:
    texts = ["jsuis a roubaix jai pas le permis", "bonjour 🙂", "quel temps fait-il ?"]
    from nlu.text import clean_for_classifier, clean_for_embedding

    clean = [clean_for_classifier(t) for t in texts]
    emb = encoder.encode([clean_for_embedding(t) for t in texts])
    found = [["location", "driving_licence"], [], []]
    batch = nlu.intents.predict_proba(clean, emb, found)
    for i in range(len(texts)):
        one = nlu.intents.predict_proba([clean[i]], emb[i : i + 1], [found[i]])
        assert np.allclose(one[0], batch[i], atol=1e-5)


def test_communes_whose_article_is_contracted(nlu: NLUPipeline) -> None:
    for text, value in (
        ("j'habite au Havre", "Le Havre"),
        ("je suis aux Mureaux", "Les Mureaux"),
        ("je viens du Blanc-Mesnil", "Le Blanc-Mesnil"),
        # a name other communes share too, capitalised after "du"/"des" as after "au"
        ("moi je suis du Havre", "Le Havre"),
        ("on vit près des Mureaux", "Les Mureaux"),
    ):
        locations = [e for e in nlu.parse(text).entities if e["entity"] == "location"]
        assert [e["value"] for e in locations] == [value], text
        assert text[locations[0]["start"] : locations[0]["end"]] in value
    for text in (
        "je rentre du travail à 18h",
        "il y a des places ?",
        "je vais au marché",
        "je sors du Lycée",
    ):
        assert not [e for e in nlu.parse(text).entities if e["entity"] == "location"], text


def test_entity_evaluation_by_type_on_a_held_out_set(nlu: NLUPipeline) -> None:
    report = evaluate_pipeline(
        nlu, load_training_data(NLU_DIR / "data" / "dev" / "entities_test.yml")
    )
    entities = report["entities"]
    for kind in ("location.commune", "location.postal_code", "location.departement"):
        assert entities[kind]["support"] > 0, kind
    for name in ("children", "job", "diploma", "location.postal_code", "location.departement"):
        assert entities[name]["f1"] >= 0.9, (name, entities[name])
    assert entities["location.commune"]["f1"] >= 0.75
    assert entities["date"]["f1"] >= 0.7
