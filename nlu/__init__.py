"""nlu layer."""
