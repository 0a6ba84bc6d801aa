"""Autonomie Assistant: dialogue core and wiring."""

__version__ = "0.1.0"
