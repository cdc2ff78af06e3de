"""Query-string filters shared by the browsing pages, validated by FastAPI."""

from typing import Annotated

from fastapi import Query

Participant = Annotated[str | None, Query(max_length=3, pattern="^[A-Za-z]{2,3}$")]
Theme = Annotated[str | None, Query(max_length=40)]
Year = Annotated[int | None, Query(ge=1990, le=2100)]
Norm = Annotated[str | None, Query(max_length=20)]
Language = Annotated[str | None, Query(pattern="^(en|fr)$")]
Text = Annotated[str | None, Query(max_length=200)]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
PAGE_SIZE = 20


def blank_to_none(value: str | None) -> str | None:
    return value or None
