"""The presidency's synthesis: a frozen snapshot, a document model, and its renderers."""
