"""spaCy components of the entity pipeline (one job each)."""
