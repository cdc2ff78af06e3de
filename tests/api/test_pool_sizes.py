"""How many requests use the database at once: a few on SQLite, a pool's worth on a server, and
whatever the deployer sets."""

import pytest

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
    assert pool.capacity == sum(expected)


def test_a_deployer_sets_the_pool_on_any_database() -> None:
    pool = pool_of(_settings(database_url="sqlite:///x.db", db_pool_size=7, db_max_overflow=3))
    assert (pool.size, pool.overflow, pool.capacity) == (7, 3, 10)
    assert SQLITE_POOL[0] < SERVER_POOL[0]
