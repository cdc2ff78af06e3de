"""Consolidate: points that say the same thing become one point citing all their sources."""
