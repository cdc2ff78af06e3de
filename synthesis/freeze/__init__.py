"""Freeze: the published revisions a synthesis draws on, split into points and kept with it."""
