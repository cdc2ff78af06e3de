from collections import Counter

from sqlmodel import Session, select

from api import demo
from submissions.models import Revision, Submission


def test_demo_loads_once_through_the_workflow(session: Session) -> None:
    loaded = demo.load(session, "demo password 1")
    assert loaded == len(demo.data()["practices"])
    assert demo.load(session, "demo password 1") == 0
    published = session.exec(
        select(Revision)
        .join(Submission, Submission.published_revision_id == Revision.id)  # type: ignore[arg-type]
        .where(Submission.status == "published")
    ).all()
    per_norm = Counter(code for revision in published for code in revision.norms)
    assert set(per_norm) == {f"13{c}" for c in "abcdefghijk"}
    assert min(per_norm.values()) >= 3
    assert {r.language for r in published} == {"en", "fr"}
    assert any(r.attribution == "anonymised" for r in published)


def test_demo_data_says_it_is_fictional() -> None:
    notice = demo.data()["notice"]
    assert "fictional" in notice["en"].lower()
    assert "fictiv" in notice["fr"].lower()
