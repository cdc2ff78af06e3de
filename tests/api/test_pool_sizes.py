"""How many requests use the database at once: a few on SQLite, a pool's worth on a server, and
whatever the deployer sets; the pool's overflow is left to streamed exports' batches."""

import pytest

from api.app import create_app
from api.deps import SERVER_POOL, SQLITE_POOL, pool_of
from api.settings import Settings, get_settings


def _settings(**changed: object) -> Settings:
    return Settings(**{**get_settings().model_dump(), **changed})


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///var/normbook.db", SQLITE_POOL),
        ("postgresql+psycopg://127.0.0.1/test", SERVER_POOL),
    ],
)
def test_the_pool_follows_the_database_unless_set(url: str, expected: tuple[int, int]) -> None:
    pool = pool_of(_settings(database_url=url, db_pool_size=None, db_max_overflow=None))
    assert (pool.size, pool.overflow) == expected


def test_a_deployer_sets_the_pool_on_any_database() -> None:
    pool = pool_of(_settings(database_url="sqlite:///x.db", db_pool_size=7, db_max_overflow=3))
    assert (pool.size, pool.overflow) == (7, 3)
    assert SQLITE_POOL[0] < SERVER_POOL[0]


def test_a_worker_has_a_place_per_kept_connection_and_none_for_the_overflow() -> None:
    settings = _settings(database_url="sqlite:///x.db", db_pool_size=3, db_max_overflow=5)
    assert create_app(settings).state.places.count == 3
