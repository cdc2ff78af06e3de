"""Open data follows the page: the exports take the list and search filters."""

import csv
import io

from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions.models import Status
from tests.factories import make_submission


def _ids(text: str) -> set[int]:
    return {int(row["id"]) for row in csv.DictReader(io.StringIO(text))}


def test_exports_follow_the_filters(client: TestClient, session: Session) -> None:
    c = make_submission(session, "FRA", Status.published, norms=["13c"], title="Hosting checks")
    g = make_submission(session, "DEU", Status.published, norms=["13g"], title="Operator duties")
    hidden = make_submission(session, "DEU", Status.published, attribution="anonymised")
    session.commit()
    assert _ids(client.get("/export/submissions.csv?norm=13c").text) == {c.id}
    assert _ids(client.get("/export/submissions.csv?norm=13(g)").text) == {g.id, hidden.id}
    assert _ids(client.get("/export/submissions.csv?participant=DEU").text) == {g.id}
    assert _ids(client.get("/export/submissions.csv").text) == {c.id, g.id, hidden.id}
    data = client.get("/export/submissions.json", params={"q": "Germany"}).json()
    assert [item["id"] for item in data["items"]] == [g.id]
    assert data["count"] == 1
    searched = _ids(client.get("/export/submissions.csv", params={"q": "hosting checks"}).text)
    assert c.id in searched
    assert client.get("/export/submissions.csv?norm=zz").status_code == 422


def test_pages_link_their_own_results(client: TestClient, session: Session) -> None:
    make_submission(session, "FRA", Status.published, norms=["13c"], title="Hosting checks")
    session.commit()
    assert 'href="/export/submissions.csv?q=hosting"' in client.get("/search?q=hosting").text
    assert 'href="/export/submissions.json?norm=13c"' in client.get("/norms/13c").text
    assert 'href="/export/submissions.csv?participant=FRA"' in client.get("/participants/FRA").text
