"""How much of the demo sample is printed in the other language, per report, with and without a
translation provider, how many groups merge several points, and how many points are printed twice:
the figures the README gives for the synthesis's languages and consolidation.

    python -m bench.languages                         # no provider
    python -m bench.languages --provider apertium     # drafts made first, as `synthesis sample` does

A scratch SQLite database is loaded with the demo data; nothing else is touched.
"""

import argparse
import tempfile
import time

from api import demo, migrate
from api.db import Database
from norms import catalogue
from submissions import translation
from submissions.access import Actor
from submissions.models import Role
from submissions.translators import provider
from synthesis import service
from synthesis.compose.language import shown_point, text_for
from synthesis.schemas import SynthesisCreate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provider", default="", help="apertium or libretranslate:<url>")
    chosen = provider(parser.parse_args().provider)
    with tempfile.TemporaryDirectory() as directory:
        database = Database(f"sqlite:///{directory}/languages.db")
        migrate.upgrade(database.writer)
        with database.transaction() as session:
            catalogue.load(session)
            demo.load(session)
        with database.session() as session:
            started = time.perf_counter()
            if chosen is not None:
                for revision_id in translation.untranslated(session):
                    translation.draft(session, revision_id, chosen)
            drafting = time.perf_counter() - started
            actor = Actor(role=Role.presidency)
            synthesis = service.create(session, actor, SynthesisCreate(title="Languages"))
            source = service.load_source(session, synthesis)
            hidden = {p.submission_id for p in source.practices if p.is_anonymised}
            for lang in ("en", "fr"):
                counts = {"points": 0, "other, marked": 0, "other, anonymised": 0, "translated": 0}
                counts |= {"merged groups": 0, "points merged": 0, "printed twice": 0}
                codes = [n["code"] for n in synthesis.catalogue["norms"]]
                printed: set[str] = set()
                for code in codes:
                    for groups in source.sections(code).values():
                        for group in groups:
                            shown = shown_point(group.points, lang)
                            wording = text_for(shown, lang)
                            keys = {point.key for point in group.points}
                            counts["printed twice"] += len(keys & printed)
                            printed |= keys
                            if len(keys) > 1:
                                counts["merged groups"] += 1
                                counts["points merged"] += len(keys)
                            counts["points"] += 1
                            counts["translated"] += not wording.is_original
                            if wording.language != lang:
                                key = "anonymised" if shown.submission_id in hidden else "marked"
                                counts[f"other, {key}"] += 1
                print(lang, counts, "machine texts:", source.machine[lang])
            if chosen is not None:
                print(f"drafting with {chosen.name}: {drafting:.1f} s")
            session.rollback()
        database.dispose()


if __name__ == "__main__":
    main()
