"""Datasette as the peer: canned queries returning what the app's public list and search return."""

import json
from pathlib import Path

_COLUMNS = """
    s.id, CASE WHEN r.attribution = 'anonymised' THEN NULL ELSE s.participant_code END AS participant,
    'published' AS status, s.version, r.number AS revision, c.code AS cycle, r.norms, r.themes,
    r.language, r.title, r.summary, r.body, r.lessons_learned, r.best_practices, r.body_html,
    r.lessons_learned_html, r.best_practices_html, r."references", r.period_start, r.period_end,
    r.practice_type, r.level, r.implementation_status, r.lead_agency, r.attribution,
    s.created_at, coalesce(s.published_at, s.updated_at) AS updated_at, s.published_at"""
_PUBLIC = "s.published_revision_id IS NOT NULL AND s.status != 'withdrawn'"

PRACTICES_BY_NORM = f"""
SELECT {_COLUMNS}
FROM submission s JOIN revision r ON r.id = s.published_revision_id
LEFT JOIN cycle c ON c.id = s.cycle_id
WHERE {_PUBLIC}
  AND EXISTS (SELECT 1 FROM revision_norm n WHERE n.revision_id = r.id AND n.norm_code = :norm)
ORDER BY s.published_at DESC, s.id DESC
LIMIT 50"""

SEARCH = f"""
SELECT {_COLUMNS}, snippet(public_fts, -1, '<mark>', '</mark>', '…', 24) AS snippet
FROM public_fts JOIN submission s ON s.id = public_fts.rowid
JOIN revision r ON r.id = s.published_revision_id
LEFT JOIN cycle c ON c.id = s.cycle_id
WHERE public_fts MATCH :q AND {_PUBLIC}
ORDER BY public_fts.rank, s.id DESC
LIMIT 20"""


def write_metadata(database: Path, target: Path) -> Path:
    queries = {"practices_by_norm": {"sql": PRACTICES_BY_NORM}, "search": {"sql": SEARCH}}
    target.write_text(json.dumps({"databases": {database.stem: {"queries": queries}}}))
    return target
