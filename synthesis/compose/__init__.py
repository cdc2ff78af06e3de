"""Compose: the frozen snapshot and its consolidated points become a document in one language."""
