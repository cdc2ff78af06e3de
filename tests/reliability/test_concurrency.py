"""Concurrent writers against a real server on a real database: one wins, the others are refused."""

from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from submissions.models import Status
from tests.databases import Seeded, migrated, seed
from tests.reliability.server import Server

WRITERS = 12
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def running() -> Iterator[tuple[Server, Seeded]]:
    database = migrated("concurrency")
    seeded = seed(database)
    database.dispose()
    server = Server(database.url)
    server.start()
    yield server, seeded
    server.kill()


def race(count: int, request: Callable[[httpx.Client, int], httpx.Response]) -> Counter[int]:
    """Start `count` requests at once, each on its own connection; count the status codes."""

    def one(index: int) -> int:
        with httpx.Client(timeout=60) as client:
            return request(client, index).status_code

    with ThreadPoolExecutor(count) as pool:
        return Counter(pool.map(one, range(count)))


def test_concurrent_edits_with_same_etag_one_wins_others_412(
    running: tuple[Server, Seeded],
) -> None:
    server, seeded = running
    id_ = seeded.submissions["FRA", Status.draft]
    url = f"{server.url}/api/v1/submissions/{id_}"
    headers = {**seeded.headers("FRA"), "If-Match": f'"{id_}.1"'}
    codes = race(
        WRITERS,
        lambda client, i: client.patch(url, json={"title": f"Edit {i}"}, headers=headers),
    )
    assert codes == {200: 1, 412: WRITERS - 1}
    after = httpx.get(url, headers=seeded.headers("FRA")).json()
    assert after["version"] == 2 and after["revision"] == 2
    assert after["title"].startswith("Edit ")


def test_concurrent_publishes_exactly_one_succeeds(running: tuple[Server, Seeded]) -> None:
    server, seeded = running
    id_ = seeded.submissions["DEU", Status.submitted]
    url = f"{server.url}/api/v1/submissions/{id_}/publish"
    codes = race(WRITERS, lambda client, i: client.post(url, headers=seeded.headers("presidency")))
    assert codes == {200: 1, 409: WRITERS - 1}
    audit = httpx.get(
        f"{server.url}/api/v1/audit",
        params={"page_size": 200},
        headers=seeded.headers("presidency"),
    ).json()
    published = [
        e for e in audit["items"] if e["action"] == "published" and e["entity_id"] == str(id_)
    ]
    assert len(published) == 1


def test_concurrent_synthesis_generation_all_complete(running: tuple[Server, Seeded]) -> None:
    server, seeded = running
    url = f"{server.url}/api/v1/syntheses"
    codes = race(
        6,
        lambda client, i: client.post(
            url, json={"title": f"Synthesis {i}"}, headers=seeded.headers("presidency")
        ),
    )
    assert codes == {202: 6}  # each a job of its own (distinct titles), made at once inline
    listed = httpx.get(url, headers=seeded.headers("presidency")).json()
    assert len({s["id"] for s in listed}) >= 6
