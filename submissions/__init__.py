"""Practices submitted by delegations: revisions, workflow, access, search, cycles and audit."""
