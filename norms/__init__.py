"""The catalogue: frameworks, norms, themes and participants."""
