"""Query-string filters shared by the browsing pages, validated by FastAPI."""

from typing import Annotated

from fastapi import Depends, Query
from pydantic import Field, StringConstraints

from norms.codes import canonical
from submissions.listing import Filters

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


# A facet's values, any of which a practice may have; a blank value chooses nothing.
Norms = Annotated[list[Annotated[str, StringConstraints(max_length=20)]], Query(max_length=11)]
Participants = Annotated[
    list[Annotated[str, StringConstraints(pattern="^([A-Za-z]{2,3})?$")]], Query(max_length=20)
]
Themes = Annotated[list[Annotated[str, StringConstraints(max_length=40)]], Query(max_length=20)]
Languages = Annotated[list[Annotated[str, StringConstraints(pattern="^(en|fr)?$")]], Query()]
Years = Annotated[list[Annotated[int, Field(ge=1990, le=2100)]], Query(max_length=20)]


# async: it only reads the query string, and a plain def would cost a hop to the thread pool.
async def search_filters(
    q: Text = None,
    norm: Norms = [],  # noqa: B006 (FastAPI copies a query's default list)
    participant: Participants = [],  # noqa: B006
    theme: Themes = [],  # noqa: B006
    language: Languages = [],  # noqa: B006
    year: Years = [],  # noqa: B006
) -> Filters:
    """The search page's filters, shared by its open data: norms by their code, participants in
    capitals, so that a value chosen twice in two spellings is chosen once."""
    return Filters(
        norm=tuple(canonical(given) or given for given in norm),
        participant=tuple(code.upper() for code in participant),
        theme=tuple(theme),
        language=tuple(language),
        year=tuple(year),
        q=(q or "").strip() or None,
    )


SearchFiltersDep = Annotated[Filters, Depends(search_filters)]
