"""How to cite a published practice: a formatted reference, BibTeX and CSL-JSON."""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from submissions.models import Revision, Submission


@dataclass(frozen=True)
class Citable:
    id: int
    title: str
    author: str | None  # None for anonymised work: cited without an author
    published: datetime | None
    revision: int
    url: str
    language: str
    container: str = "Normbook"

    @property
    def year(self) -> str:
        return str(self.published.year) if self.published else "n.d."


def text(citable: Citable, anonymous_label: str, revision_label: str) -> str:
    """`France (2026). Title. Normbook, revision 2. https://…/practices/7`."""
    who = citable.author or anonymous_label
    return (
        f"{who} ({citable.year}). {citable.title}. {citable.container}, "
        f"{revision_label} {citable.revision}. {citable.url}"
    )


def _bib_escape(value: str) -> str:
    return re.sub(r"([{}\\&%$#_^~])", r"\\\1", value)


def bibtex(citable: Citable) -> str:
    fields = {
        "title": citable.title,
        "author": f"{{{citable.author}}}" if citable.author else None,
        "year": citable.year if citable.published else None,
        "howpublished": citable.container,
        "note": f"Revision {citable.revision}",
        "url": citable.url,
        "language": citable.language,
    }
    lines = [f"@misc{{normbook-practice-{citable.id},"]
    for name, value in fields.items():
        if value is None:
            continue
        shown = value if name in ("url", "author") else _bib_escape(value)
        lines.append(f"  {name} = {{{shown}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def csl_json(citable: Citable) -> list[dict[str, Any]]:
    """One CSL-JSON item, in the list form reference managers import."""
    item: dict[str, Any] = {
        "id": f"normbook-practice-{citable.id}",
        "type": "webpage",
        "title": citable.title,
        "container-title": citable.container,
        "version": str(citable.revision),
        "URL": citable.url,
        "language": citable.language,
    }
    if citable.author:
        item["author"] = [{"literal": citable.author}]
    if citable.published:
        moment = citable.published
        item["issued"] = {"date-parts": [[moment.year, moment.month, moment.day]]}
    return [item]


def published_revisions(session: Session, submission: Submission) -> list[Revision]:
    """The revisions of a practice that were once published, oldest first: its public history."""
    return list(
        session.scalars(
            select(Revision)
            .where(
                col(Revision.submission_id) == submission.id,
                col(Revision.published_at).is_not(None),
            )
            .order_by(col(Revision.number))
        ).all()
    )
