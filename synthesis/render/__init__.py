"""Render: a composed document written as Markdown, HTML, DOCX or PDF."""
