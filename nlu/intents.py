"""The intents the assistant understands: the one list the NLU (button payloads
included) and the dialogue's domain share. Names are fixed by docs/interfaces.md:
add freely, never rename or drop one."""

from __future__ import annotations

__all__ = ["INTENTS"]

INTENTS = (
    "greet", "goodbye", "thank", "affirm", "deny", "question", "want_job", "inform",
    "list_events", "book_event", "book_immersion", "cancel_booking", "my_bookings",
    "human_handoff", "opt_out", "delete_data", "help", "bot_challenge", "out_of_scope",
    "opt_in",  # ours: START after STOP (channels map the operator keyword)
)  # fmt: skip
