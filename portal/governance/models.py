"""Governance records. Each register keeps its own models below, in the order they were added."""
