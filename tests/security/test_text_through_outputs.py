"""Every text field, with the text that breaks outputs (controls, NUL, lone surrogates, bidi controls,
100,000-character words), through every output: each input is refused with a 422 naming the field,
or stored, and then the page, the feed, the CSV, the JSON and the synthesis in Markdown, HTML, DOCX
and PDF are all valid."""

import csv
import io
import json
from collections.abc import Callable
from io import BytesIO

import docx
import feedparser
import pikepdf
import pytest
from fastapi.testclient import TestClient

from norms.characters import is_clean
from tests.conftest import Account
from tests.factories import practice_data

SAMPLES = {
    "NUL": "a\x00b",
    "lone surrogate": "a\ud800b",
    "vertical tab": "a\x0bb",
    "escape sequence": "\x1b[31mred",
    "C1 control": "a\x85b",
    "bidi controls": "\u202eevil\u202c \u2066isolate\u2069 \u200f",
    "byte order mark": "\ufeffstart",
    "line breaks": "one\r\ntwo\tthree",
    "long word": "w" * 100_000,
}
FIELDS = ["title", "summary", "body", "lessons_learned", "best_practices", "lead_agency", "contact"]


def _send(client: TestClient, account: Account, field: str, text: str):  # type: ignore[no-untyped-def]
    data = practice_data(**{"title": f"Fuzz {field}", "norms": ["13g"], field: f"{field}: {text}"})
    if field == "references":
        data = practice_data(norms=["13g"], references=[{"title": text, "url": "https://e.org"}])
    body = json.dumps(data)  # escapes a lone surrogate as \\ud800, as other clients would
    return client.post(
        "/api/v1/submissions",
        content=body,
        headers={**account.headers, "content-type": "application/json"},
    )


@pytest.mark.slow
def test_each_text_is_refused_by_field_or_every_output_stays_valid(
    client: TestClient, delegation: Callable[[str], Account], presidency: Callable[[], Account]
) -> None:
    fra, chair = delegation("FRA"), presidency()
    stored: list[int] = []
    problems: list[str] = []
    for field in [*FIELDS, "references"]:
        for name, text in SAMPLES.items():
            response = _send(client, fra, field, text)
            if response.status_code == 422:
                locations = [e["loc"][1] for e in response.json()["detail"]]
                if field not in locations:
                    problems.append(f"{field} {name}: 422 without the field: {response.text[:200]}")
                if is_clean(text) and name != "long word":
                    problems.append(f"{field} {name}: refused clean text")
                continue
            if response.status_code != 201:
                problems.append(f"{field} {name}: {response.status_code} {response.text[:200]}")
                continue
            if not is_clean(text):
                problems.append(f"{field} {name}: stored forbidden characters")
            id = response.json()["id"]
            assert client.post(f"/api/v1/submissions/{id}/submit", headers=fra.headers).is_success
            assert client.post(
                f"/api/v1/submissions/{id}/publish", headers=chair.headers
            ).is_success
            stored.append(id)
    assert not problems, "\n".join(problems)
    assert len(stored) >= 3 * len(FIELDS)

    for id in stored:
        page = client.get(f"/practices/{id}")
        assert page.status_code == 200 and is_clean(page.text), f"/practices/{id}"
    for path in ("/", "/search?q=fuzz", "/norms/13g"):
        page = client.get(path)
        assert page.status_code == 200 and is_clean(page.text), path
    feed = feedparser.parse(client.get("/feed.atom").content)
    assert not feed.bozo, feed.get("bozo_exception")
    rows = list(csv.DictReader(io.StringIO(client.get("/export/submissions.csv").text)))
    assert {int(r["id"]) for r in rows} >= set(stored)
    exported = client.get("/export/submissions.json").json()["items"]
    assert {i["id"] for i in exported} >= set(stored)
    assert client.get("/api/v1/submissions", params={"page_size": 100}).status_code == 200

    created = client.post("/api/v1/syntheses", json={"title": "Fuzz"}, headers=chair.headers)
    assert created.status_code == 202, created.text
    base = f"/api/v1/syntheses/{created.json()['synthesis_id']}"
    for fmt in ("md", "html", "docx", "pdf"):
        report = client.get(f"{base}/report.{fmt}", headers=chair.headers)
        assert report.status_code == 200, f"{fmt}: {report.status_code}"
        if fmt == "docx":
            text = "\n".join(p.text for p in docx.Document(BytesIO(report.content)).paragraphs)
            assert "Fuzz summary" in text
        elif fmt == "pdf":
            assert len(pikepdf.open(BytesIO(report.content)).pages) > 1
        else:
            assert is_clean(report.text) and "Fuzz summary" in report.text, fmt
