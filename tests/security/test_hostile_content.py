"""Hostile content (tests/security/payloads.txt) in every user field, through the real API: stored and
returned unchanged, and inert on every page and in every synthesis format that shows it."""

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from markdown import Markdown
from pypdf import PdfReader

from tests.conftest import Account
from tests.security.inert import executable, text_of
from web.sessions import COOKIE

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "payloads.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
PLAIN = ("title", "summary", "lead_agency", "contact")
MARKDOWN = ("body", "lessons_learned", "best_practices")
_USER_TAG = re.compile(r"(?<!\\)</?[A-Za-z][^>]*>")
_OWN = re.compile(r'<a id="[\w-]+">|</a>|<https?://[^>\s]+>')


def practice(index: int, payload: str) -> dict[str, Any]:
    marker = f"hx{index:02d}"
    return {
        "norms": ["13g"],
        "language": "en",
        "title": f"{marker} {payload}",
        "summary": f"hostile {marker} {payload}",
        "body": f"{payload}\n\nBody of {marker}.",
        "lessons_learned": payload,
        "best_practices": f"- {payload}\n- Second point of {marker}",
        "lead_agency": payload,
        "contact": payload,
        "references": [{"title": payload, "url": "https://example.org/reference"}],
    }


def call(client: TestClient, account: Account, method: str, path: str, **kwargs: Any) -> Any:
    response = client.request(method, path, headers=account.headers, **kwargs)
    assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.text}"
    return response


def page(client: TestClient, path: str, cookie: str | None = None) -> str:
    client.cookies.clear()
    if cookie:
        client.cookies.set(COOKIE, cookie)
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return response.text


def web_cookie(client: TestClient, login: Callable[[Account], TestClient], account: Account) -> str:
    client.cookies.clear()
    login(account)
    return str(client.cookies[COOKIE])


def markdown_html(markdown: str) -> list[str]:
    """HTML tags in a Markdown report other than the report's own anchors and autolinks."""
    return [m.group(0) for m in _USER_TAG.finditer(markdown) if not _OWN.fullmatch(m.group(0))]


@pytest.mark.slow
def test_hostile_content_is_stored_unchanged_and_never_executes(
    client: TestClient,
    delegation: Callable[[str], Account],
    presidency: Callable[[], Account],
    login: Callable[[Account], TestClient],
) -> None:
    fra, chair = delegation("FRA"), presidency()
    problems: list[str] = []
    ids: list[int] = []
    for index, payload in enumerate(PAYLOADS):
        sent = practice(index, payload)
        created = call(client, fra, "POST", "/api/v1/submissions", json=sent).json()
        ids.append(created["id"])
        for name in (*PLAIN, *MARKDOWN):
            if created[name] != sent[name].strip():
                problems.append(f"payload {index}: {name} came back as {created[name]!r}")
        if created["references"][0]["title"] != payload.strip():
            problems.append(f"payload {index}: the reference title changed")
        call(client, fra, "POST", f"/api/v1/submissions/{created['id']}/submit")
        call(
            client,
            chair,
            "POST",
            f"/api/v1/submissions/{created['id']}/return",
            json={"comment": payload},
        )

    cookies = {
        "FRA": web_cookie(client, login, fra),
        "presidency": web_cookie(client, login, chair),
    }
    private = [("/workspace", "FRA"), ("/review", "presidency")]
    private += [(f"/review/{id}", "presidency") for id in ids]
    private += [(f"/practices/{id}", "FRA") for id in ids]
    for path, who in private:
        problems += [f"{path}: {p}" for p in executable(page(client, path, cookies[who]))]

    for id in ids:
        call(client, fra, "POST", f"/api/v1/submissions/{id}/submit")
        call(client, chair, "POST", f"/api/v1/submissions/{id}/publish")
    problems += check_public_pages(client, ids)
    problems += check_exports(client)
    problems += check_synthesis(client, chair, cookies["presidency"])
    print(f"hostile content: {len(PAYLOADS)} payloads x {len(PLAIN) + len(MARKDOWN) + 2} fields")
    assert not problems, "\n".join(problems)


def check_public_pages(client: TestClient, ids: list[int]) -> list[str]:
    problems = []
    paths = [f"/practices/{id}" for id in ids]
    paths += ["/", "/norms/13g", "/norms/13g?page=2", "/participants/FRA", "/search?q=hostile"]
    paths += ["/search?q=hostile&page=2", "/coverage"]
    for path in paths:
        html = page(client, path)
        problems += [f"{path}: {p}" for p in executable(html)]
    for index, id in enumerate(ids):
        shown = text_of(page(client, f"/practices/{id}"))
        if PAYLOADS[index].strip() not in shown:
            problems.append(f"/practices/{id}: the title is not shown as typed")
    feed = ElementTree.fromstring(page(client, "/feed.atom"))
    summaries = {e.text for e in feed.iter("{http://www.w3.org/2005/Atom}summary")}
    for index, payload in enumerate(PAYLOADS[-20:], start=len(PAYLOADS) - 20):
        if f"hostile hx{index:02d} {payload}".strip() not in summaries:
            problems.append(f"feed.atom: summary of payload {index} is not the text as typed")
    return problems


def check_exports(client: TestClient) -> list[str]:
    problems = []
    records = {r["title"]: r for r in json.loads(page(client, "/export/submissions.json"))["items"]}
    rows = list(csv.DictReader(io.StringIO(page(client, "/export/submissions.csv"))))
    for index, payload in enumerate(PAYLOADS):
        title = f"hx{index:02d} {payload}".strip()
        if records.get(title, {}).get("lead_agency") != payload.strip():
            problems.append(f"submissions.json: payload {index} not exported as typed")
    for row in rows:
        for name, value in row.items():
            if value.startswith(("=", "+", "-", "@")):
                problems.append(f"submissions.csv: {name} starts a spreadsheet formula: {value!r}")
    if len(rows) < len(PAYLOADS):
        problems.append("submissions.csv: practices are missing")
    return problems


def check_synthesis(client: TestClient, chair: Account, cookie: str) -> list[str]:
    problems = []
    everything = "\n\n".join(PAYLOADS)
    job = call(client, chair, "POST", "/api/v1/syntheses", json={"title": PAYLOADS[0]}).json()
    created = {"id": job["synthesis_id"]}
    base = f"/api/v1/syntheses/{created['id']}"
    texts = {"en": everything, "fr": everything}
    call(
        client,
        chair,
        "PATCH",
        f"{base}/texts",
        json={"introduction": texts, "way_forward": texts, "framing": {"13g": texts}},
    )
    sections = call(client, chair, "GET", f"{base}/grouping?norm=13g").json()
    groups = [g for s in sections if s["section"] == "best_practices" for g in s["groups"]]
    for group, payload in zip(groups, PAYLOADS, strict=False):
        edit = {
            "op": "reword",
            "norm": "13g",
            "section": "best_practices",
            "points": [group["key"]],
        }
        call(client, chair, "POST", f"{base}/edits", json={**edit, "lang": "en", "text": payload})
    for path in (f"/admin/syntheses/{created['id']}",):
        problems += [f"{path}: {p}" for p in executable(page(client, path, cookie))]
    call(client, chair, "POST", f"{base}/publish")
    html = call(client, chair, "GET", f"{base}/report.html").text
    problems += [f"report.html: {p}" for p in executable(html)]
    for path in (f"/syntheses/{created['id']}", "/syntheses"):
        problems += [f"{path}: {p}" for p in executable(page(client, path))]
    if "{{7*7}}" not in text_of(html):
        problems.append("report.html: the presidency's text is not shown as typed")
    markdown = call(client, chair, "GET", f"{base}/report.md").text
    problems += [f"report.md: raw HTML {tag!r}" for tag in markdown_html(markdown)]
    rendered = Markdown(extensions=["extra"]).convert(markdown)  # links are not filtered here
    problems += [f"report.md, rendered: {p}" for p in executable(rendered)]
    problems += check_docx(call(client, chair, "GET", f"{base}/report.docx").content)
    problems += check_pdf(call(client, chair, "GET", f"{base}/report.pdf").content)
    return problems


def check_docx(content: bytes) -> list[str]:
    problems = []
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        names = docx.namelist()
        document = docx.read("word/document.xml").decode()
        relations = "".join(docx.read(n).decode() for n in names if n.endswith(".rels"))
    if re.search(r'Target="\s*(javascript|data|vbscript):', relations, re.IGNORECASE):
        problems.append("report.docx: a script link")
    if "altChunk" in document or any(n.endswith((".html", ".htm", ".bin")) for n in names):
        problems.append("report.docx: embedded HTML or binary content")
    if "{{7*7}}" not in document:
        problems.append("report.docx: the presidency's text is not there as typed")
    return problems


def check_pdf(content: bytes) -> list[str]:
    problems = []
    if re.search(rb"/(JavaScript|JS|Launch|EmbeddedFile)\b", content):
        problems.append("report.pdf: a script, launch action or embedded file")
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    if "{{7*7}}" not in text:
        problems.append("report.pdf: the presidency's text is not there as typed")
    for pdf_page in reader.pages:
        for annotation in pdf_page.get("/Annots") or []:
            uri = str(annotation.get_object().get("/A", {}).get("/URI", ""))
            if uri.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                problems.append(f"report.pdf: link to {uri[:40]!r}")
    return problems
