"""Conditions (the vocabulary) and their evaluation into verdicts."""
