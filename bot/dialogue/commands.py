"""Typed commands: whole messages that run fixed actions whatever the intent
("pause", "pourquoi vous demandez ça ?", "reprendre", "plus de détails", "/bot").

Their patterns are rules.yml's `commands` (a counsellor can edit them); what each
one runs is said once, here, so the policy registers those actions from this table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.dialogue.content import Rule
from bot.dialogue.politeness import after_greeting

__all__ = ["BACK_TO_ASSISTANT", "COMMANDS", "LEAVE_FORM", "Command", "Commands", "compile_commands"]


@dataclass(frozen=True, slots=True)
class Command:
    #: its pattern's name in rules.yml's `commands`
    name: str
    rule: Rule
    #: only while a form's questions are being asked
    form_only: bool = False


#: tried in this order on the message
COMMANDS = (
    Command("pause_form", Rule(("action_pause_form",)), form_only=True),
    Command("why_asked", Rule(("utter_why_we_ask", "action_continue_form")), form_only=True),
    Command("resume_form", Rule(("action_unpause_form", "action_continue_form"))),
    Command("more_details", Rule(("action_more_details",))),
)
#: "/bot": a conversation a counsellor holds goes back to the assistant
BACK_TO_ASSISTANT = "back_to_assistant"
#: "merci c'est tout" during the form: the rest of the questions wait until the
#: person comes back
LEAVE_FORM = Rule(("utter_thank", "action_pause_form"))


def compile_commands(patterns: Mapping[str, str]) -> dict[str, re.Pattern[str]]:
    """rules.yml's command patterns as they are matched (on the whole message)."""
    return {name: re.compile(pattern, re.IGNORECASE) for name, pattern in patterns.items()}


class Commands:
    def __init__(self, patterns: Mapping[str, str]) -> None:
        self._patterns = compile_commands(patterns)

    def matches(self, name: str, text: str) -> bool:
        """`text` (stripped, lower case) is, as a whole, the command `name`."""
        pattern = self._patterns.get(name)
        return bool(pattern and pattern.fullmatch(text))

    def command(self, text: str, form_active: bool) -> Rule | None:
        """What a typed command in `text` runs, if it is one."""
        folded = text.strip().lower()
        cores = {folded, after_greeting(folded)}  # "bonjour, pourquoi vous demandez ça ?"
        for command in COMMANDS:
            if not form_active and command.form_only:
                continue
            if any(self.matches(command.name, core) for core in cores):
                return command.rule
        return None
