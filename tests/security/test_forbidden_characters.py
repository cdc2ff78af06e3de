"""Characters that XML and HTML forbid: refused on input with a 422 naming the field; stored before
(or frozen into a synthesis), cleaned from every output so that each stays valid."""

import csv
import io
from collections.abc import Callable
from io import BytesIO
from xml.etree import ElementTree

import docx
import pikepdf
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from norms.characters import is_clean
from submissions.models import Status
from synthesis.freeze import snapshot
from synthesis.render import report
from synthesis.schemas import Format, SynthesisCreate
from tests.conftest import Account
from tests.factories import PRESIDENCY, make_submission, practice_data

FORBIDDEN = {"vertical tab": "\x0b", "escape": "\x1b", "C1 NEL": "\x85", "non-character": "\ufffe"}


@pytest.mark.parametrize("name", FORBIDDEN)
def test_a_forbidden_character_is_refused_with_the_field_named(
    client: TestClient, delegation: Callable[[str], Account], name: str
) -> None:
    data = practice_data(summary=f"before{FORBIDDEN[name]}after")
    response = client.post("/api/v1/submissions", json=data, headers=delegation("FRA").headers)
    assert response.status_code == 422, response.text
    assert ["body", "summary"] in [e["loc"] for e in response.json()["detail"]]


@pytest.fixture
def stored(session: Session) -> int:
    """A published practice stored before forbidden characters were refused."""
    everything = "".join(FORBIDDEN.values())
    practice = make_submission(
        session,
        "FRA",
        Status.published,
        title=f"Legacy{everything} title",
        summary=f"Legacy{everything} summary",
        body=f"Legacy{everything} body",
        lead_agency=f"-2+3{everything}",
        norms=["13g"],
    )
    session.commit()
    return practice.id or 0


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_report_of_a_synthesis_holding_one_is_valid(
    session: Session, stored: int, lang: str
) -> None:
    synthesis = snapshot.create(
        session, PRESIDENCY, SynthesisCreate.model_validate({"title": "Synthesis"})
    )
    for fmt in Format:
        data = report.render(session, synthesis, fmt, lang)
        if fmt is Format.docx:
            text = "\n".join(p.text for p in docx.Document(BytesIO(data)).paragraphs)
        elif fmt is Format.pdf:
            assert len(pikepdf.open(BytesIO(data)).pages) > 1
            continue
        else:
            text = data.decode()
        assert "Legacy title" in text or "Legacy summary" in text or "Legacy body" in text, fmt
        assert is_clean(text), fmt


def test_the_feed_stays_well_formed(client: TestClient, stored: int) -> None:
    feed = client.get("/feed.atom")
    titles = [
        e.text
        for e in ElementTree.fromstring(feed.content).iter("{http://www.w3.org/2005/Atom}title")
    ]
    assert "Legacy title" in titles


def test_csv_defuses_every_formula_prefix(client: TestClient, stored: int) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/export/submissions.csv").text)))
    (row,) = [r for r in rows if r["id"] == str(stored)]
    assert row["lead_agency"].startswith("'-2+3")
