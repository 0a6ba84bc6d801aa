"""HTTP routes of the assistant itself (health, tracker, admin)."""
