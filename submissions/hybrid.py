"""The public's search: what the query names (participants, norms) as filters or ranked terms,
the full-text index and the multilingual vectors ranked together by reciprocal rank fusion."""

from dataclasses import dataclass, replace

from sqlalchemy import bindparam, select
from sqlmodel import Session, col

from submissions import extracts, public_version, search, spelling, vectors
from submissions.access import ANONYMOUS, shown_revision_clause, visible_to
from submissions.listing import (
    Filters,
    Query,
    built,
    core,
    matching_ids,
    page_keys,
    public_page,
)
from submissions.models import Revision, Submission
from submissions.understanding import Understood, understand

FUSED = 60  # the constant of reciprocal rank fusion (Cormack et al., 2009)
WINDOW = 100  # candidates each ranking gives the fusion, at least
SIMILAR = 0.15  # the cosine from which a practice counts as a match by meaning alone (tuned on the relevance set)
SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class Found:
    ids: list[int]  # the page's practices, in order
    extracts: dict[int, str]  # a ranked search's highlighted extract of each (none when named)
    total: int
    understood: Understood
    suggestion: str | None = None  # the words searched instead of unknown ones, if any
    filters: Filters | None = None  # the filters the query became, when it only named them


def find(
    session: Session,
    filters: Filters,
    version: public_version.Version,
    page: int = 1,
    page_size: int = 20,
    sort: str = "relevance",
) -> Found:
    """One page of the public practices best matching `filters.q`, and their total."""
    query = (filters.q or "").strip()
    understood = understand(query)
    named = _as_filters(filters, understood)
    if named is not None:
        if sort == "oldest":
            ids, total = _oldest(session, named, page, page_size)
        else:
            keys = public_page(session, version, named, page, page_size)
            ids, total = [key.id for key in keys.found], keys.total
        return Found(ids, {}, total, understood, filters=named)
    window = max(WINDOW, page * page_size)
    ranking = rank(session, filters, version, window, sort)
    shown = ranking.ids[(page - 1) * page_size : page * page_size]
    extracts = public_version.remember(  # reading 20 texts and finding the words in each: kept too
        version,
        "extracts",
        (filters, window, sort, page, page_size),
        lambda: _extracts(session, shown, ranking.words, ranking.matched),
    )
    return Found(shown, extracts, ranking.total, understood, ranking.suggestion)


def found_ids(
    session: Session,
    filters: Filters,
    version: public_version.Version,
    page: int = 1,
    page_size: int = 20,
) -> tuple[list[int], int]:
    """The ids of one page of `find` by relevance, and the total, without reading the rows."""
    named = _as_filters(filters, understand((filters.q or "").strip()))
    if named is not None:
        keys = public_page(session, version, named, page, page_size)
        return [key.id for key in keys.found], keys.total
    ranking = rank(session, filters, version, max(WINDOW, page * page_size))
    return ranking.ids[(page - 1) * page_size : page * page_size], ranking.total


@dataclass(frozen=True)
class Ranking:
    ids: list[int]  # best first (or by date, as sorted)
    total: int
    words: str  # the words the full text matched (corrected, if they were)
    suggestion: str | None
    matched: frozenset[int] = frozenset()  # the ids the full text ranked (the others: by meaning)


def rank(
    session: Session,
    filters: Filters,
    version: public_version.Version,
    window: int,
    sort: str = "relevance",
) -> Ranking:
    """The fused ranking of a query that is not only names: its first `window` of each list.

    Kept under the public-data version: turning the pages of a search, or a query many readers
    make, ranks once (counting the full-text matches and scoring every vector is most of it)."""
    return public_version.remember(
        version,
        "ranking",
        (filters, window, sort),
        lambda: _rank(session, filters, version, window, sort),
    )


def _rank(
    session: Session, filters: Filters, version: public_version.Version, window: int, sort: str
) -> Ranking:
    query = (filters.q or "").strip()
    understood = understand(query)
    words = understood.words if (understood.participants or understood.norms) else query
    text_filters = replace(filters, q=words or None)
    fts_ids, fts_total = _full_text(session, text_filters, window)
    suggestion = None
    if not fts_ids and search.is_searchable(words):
        suggestion = spelling.suggest(session, version, words)
        if suggestion is not None:  # nothing matched as typed: the corrected words are searched
            words = suggestion
            fts_ids, fts_total = _full_text(session, replace(filters, q=words), window)
    among = _among(session, filters)
    nearest = vectors.public_matrix(session, version).nearest(
        vectors.query_vector(query), window, SIMILAR, among
    )
    scores: dict[int, float] = {}
    for listed in (fts_ids, [id_ for id_, _ in nearest]):
        for position, id_ in enumerate(listed):
            scores[id_] = scores.get(id_, 0.0) + 1 / (FUSED + position + 1)
    for code_filters in _entity_filters(understood):
        for id_ in matching_ids(session, ANONYMOUS, code_filters) & scores.keys():
            scores[id_] += 1 / (FUSED + 1)
    fused = sorted(scores, key=lambda id_: (-scores[id_], -id_))
    if sort in ("newest", "oldest"):
        fused = _by_date(session, fused, newest=sort == "newest")
    total = fts_total + len(set(scores) - set(fts_ids))
    return Ranking(fused, total, words, suggestion, frozenset(fts_ids))


def selected(
    session: Session, filters: Filters, version: public_version.Version, most: int
) -> list[int] | None:
    """The ids a page with these filters and query shows, for its open data (None: every one)."""
    if filters == Filters():
        return None
    if not (filters.q or "").strip():
        return sorted(matching_ids(session, ANONYMOUS, filters))
    named = _as_filters(filters, understand(filters.q or ""))
    if named is not None:
        return sorted(matching_ids(session, ANONYMOUS, named))
    return rank(session, filters, version, most).ids[:most]


def _full_text(session: Session, filters: Filters, window: int) -> tuple[list[int], int]:
    """The ids of the best `window` full-text matches, and their total."""
    if not search.is_searchable(filters.q):
        return [], 0
    keys = page_keys(session, ANONYMOUS, filters, 1, window)
    return [key.id for key in keys.found], keys.total


def _as_filters(filters: Filters, understood: Understood) -> Filters | None:
    """A query naming one participant and/or one norm, and nothing else, is those filters."""
    if not understood.is_only_names or len(understood.participants) > 1:
        return None
    if len(understood.norms) > 1:
        return None
    participant = tuple(understood.participants[:1])
    norm = tuple(understood.norms[:1])
    if (participant and filters.participant not in ((), participant)) or (
        norm and filters.norm not in ((), norm)
    ):
        return None  # the query and the chosen values disagree: ranked, not a filter
    return replace(
        filters, q=None, participant=participant or filters.participant, norm=norm or filters.norm
    )


def _entity_filters(understood: Understood) -> list[Filters]:
    return [Filters(participant=(code,)) for code in understood.participants] + [
        Filters(norm=(code,)) for code in understood.norms
    ]


def _among(session: Session, filters: Filters) -> set[int] | None:
    """The ids the filters allow, for the vector ranking; None when nothing is filtered."""
    unfiltered = replace(filters, q=None)
    if unfiltered == Filters():
        return None
    return matching_ids(session, ANONYMOUS, unfiltered)


def _by_date(session: Session, ids: list[int], newest: bool) -> list[int]:
    dated = dict(
        session.execute(
            select(col(Submission.id), col(Submission.published_at)).where(
                col(Submission.id).in_(ids)
            )
        ).all()
    )
    return sorted(ids, key=lambda id_: (dated[id_], id_), reverse=newest)


def _oldest(session: Session, filters: Filters, page: int, size: int) -> tuple[list[int], int]:
    ids = _by_date(session, sorted(matching_ids(session, ANONYMOUS, filters)), newest=False)
    return ids[(page - 1) * size : page * size], len(ids)


def _extracts(
    session: Session, ids: list[int], words: str, matched: frozenset[int]
) -> dict[int, str]:
    """Each practice's extract where the full text matched the words, else its summary's start."""
    texts = {row[0]: row[1:] for row in core(session).execute(_texts(session), {"ids": ids})}
    return {
        id_: (id_ in matched and extracts.extract(words, texts[id_]))
        or extracts.summary(texts[id_][0])
        for id_ in ids
        if id_ in texts
    }


def _texts(session: Session) -> Query:
    """The published text of some public practices: the fields an extract is taken from."""

    def build() -> Query:
        return (
            select(
                col(Submission.id),
                col(Revision.summary),
                col(Revision.body),
                col(Revision.best_practices),
                col(Revision.lessons_learned),
            )
            .join(Revision, shown_revision_clause(ANONYMOUS))
            .where(visible_to(ANONYMOUS), col(Submission.id).in_(bindparam("ids", expanding=True)))
        )

    return built(session, ("texts",), build)
