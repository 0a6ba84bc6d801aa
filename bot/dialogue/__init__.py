"""Dialogue core: events, tracker, processor, policy."""
