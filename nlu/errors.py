"""Errors of the NLU layer (the bot maps them at its boundary)."""

from __future__ import annotations

__all__ = ["ModelNotFoundError", "NLUError", "TrainingDataError"]


class NLUError(Exception):
    """Base of every error raised by nlu."""


class TrainingDataError(NLUError):
    """A training file is missing or malformed."""


class ModelNotFoundError(NLUError):
    """The model directory is missing or incomplete (run `autonomie nlu train`)."""
