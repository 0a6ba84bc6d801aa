"""Tests of autonomie_nlu."""
