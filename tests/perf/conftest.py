"""Count the SQL statements a request sends, to catch queries issued once per row."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from api.db import Database


class Statements:
    def __init__(self) -> None:
        self.sql: list[str] = []

    @property
    def count(self) -> int:
        return len(self.sql)


@pytest.fixture
def statements(database: Database) -> Callable[[], "contextmanager[Statements]"]:
    """`with statements() as seen:` records every statement the writer engine runs inside."""

    @contextmanager
    def recording() -> Iterator[Statements]:
        seen = Statements()

        def record(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
                seen.sql.append(statement)

        event.listen(database.writer, "before_cursor_execute", record)
        try:
            yield seen
        finally:
            event.remove(database.writer, "before_cursor_execute", record)

    return recording  # type: ignore[return-value]
