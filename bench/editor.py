"""The presidency's synthesis editor at scale: time, size and peak memory of its pages.

    python -m bench.editor --sizes 10000 100000

For each size, the synthesis benchmark's corpus (`bench.synthesis.seed`) is frozen into a draft,
then a freshly spawned process logs in as the presidency and fetches the draft's page and the
first page of one chapter section through the app, as a browser would; its peak resident memory
(VmHWM) is what serving those pages took, the interpreter and the app included.
"""

import argparse
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from api import accounts, migrate
from api.db import Database
from bench import synthesis as corpus
from norms import catalogue

EMAIL, PASSWORD = "presidency@bench.normbook.org", "bench-presidency-password"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def prepare(url: str, count: int, seed_value: int) -> int:
    database = Database(url)
    migrate.upgrade(database.writer)
    with database.transaction() as session:
        catalogue.load(session)
    corpus.seed(database, count, seed_value)
    with database.transaction() as session:
        accounts.create_user(session, EMAIL, PASSWORD, "presidency", None)
    database.dispose()
    return int(corpus.in_child(corpus.freeze, url)["id"])


def fetch(url: str, paths: list[str]) -> dict[str, Any]:
    os.environ |= {"NORMBOOK_DATABASE_URL": url, "NORMBOOK_DEMO": "1"}
    from fastapi.testclient import TestClient

    from api.app import create_app

    client = TestClient(create_app())
    token = CSRF.search(client.get("/login").text)
    form = {"csrf_token": token.group(1) if token else "", "email": EMAIL, "password": PASSWORD}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    pages = {}
    for path in paths:
        began = time.perf_counter()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        pages[path] = {"s": time.perf_counter() - began, "bytes": len(response.content)}
    return {"pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="normbook-bench-") as scratch:
        for count in args.sizes:
            url = f"sqlite:///{Path(scratch)}/editor-{count}.db"
            synthesis_id = prepare(url, count, args.seed)
            base = f"/admin/syntheses/{synthesis_id}"
            figures = corpus.in_child(fetch, url, [base, f"{base}/chapters/13a/best_practices"])
            for path, page in figures["pages"].items():
                print(
                    f"{count:,} practices: {path} {page['s']:.2f} s, {page['bytes'] / 1e6:.2f} MB"
                )
            print(f"{count:,} practices: peak {figures['peak_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
