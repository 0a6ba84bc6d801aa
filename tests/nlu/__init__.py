"""Tests of nlu."""
