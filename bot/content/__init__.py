"""Editable content: domain (slots, intents) and French response templates."""
