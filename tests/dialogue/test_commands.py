"""The typed commands the policy matches all have their pattern in rules.yml: a pattern
renamed or dropped there would leave "pause" or "/bot" silently read as anything else."""

from __future__ import annotations

from bot.dialogue.commands import BACK_TO_ASSISTANT, COMMANDS, Commands
from bot.dialogue.content import Content


def test_every_command_the_policy_matches_has_its_pattern_in_rules_yml() -> None:
    patterns = Content.load().commands
    missing = ({c.name for c in COMMANDS} | {BACK_TO_ASSISTANT}) - set(patterns)
    assert not missing


def test_a_typed_command_runs_its_rule_and_the_form_only_ones_wait_for_a_form() -> None:
    commands = Commands(Content.load().commands)
    why = next(c for c in COMMANDS if c.name == "why_asked")
    assert commands.command("Pourquoi vous demandez ça ?", form_active=True) == why.rule
    assert commands.command("Pourquoi vous demandez ça ?", form_active=False) is None
    assert commands.command("pourquoi le DEAES est-il utile ?", form_active=True) is None
    assert commands.matches(BACK_TO_ASSISTANT, "/bot")
