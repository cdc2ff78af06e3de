from collections import Counter

from sqlmodel import Session, select

from api import demo
from submissions.models import Revision, Submission
from synthesis.freeze import snapshot
from synthesis.models import Synthesis
from synthesis.render import report
from synthesis.schemas import Format


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


def test_demo_publishes_a_synthesis_of_its_closed_cycle(session: Session) -> None:
    demo.load(session, "demo password 1")
    (made,) = session.exec(select(Synthesis)).all()
    assert snapshot.is_published(made)
    assert made.options.get("cycle") == demo.SYNTHESIS_CYCLE
    cycle_practices = [p for p in demo.data()["practices"] if p["cycle"] == demo.SYNTHESIS_CYCLE]
    published = [p for p in cycle_practices if p["status"] == "published"]
    assert made.figures["practices"] == len(published) > 0
    for lang, presidency in (("en", "Presidency: France"), ("fr", "Présidence\u00a0: France")):
        text = report.render(session, made, Format.md, lang).decode()
        assert presidency in text
        assert "not for citation" not in text and "ne pas citer" not in text


def test_demo_data_says_it_is_fictional() -> None:
    notice = demo.data()["notice"]
    assert "fictional" in notice["en"].lower()
    assert "fictiv" in notice["fr"].lower()
