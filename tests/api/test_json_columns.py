"""JSON columns go through orjson: what is written reads back as the standard library wrote it."""

import json

from sqlalchemy import JSON, Column, MetaData, Table, insert, select

from api.db import Database


def test_json_columns_round_trip_text_keys_and_nesting(database: Database) -> None:
    table = Table("json_probe", MetaData(), Column("value", JSON))
    value = {"fr": "Réseaux d’opérateurs — « sûrs »", 1: [[1.5, None, True]], "nested": {"a": []}}
    with database.writer.begin() as connection:
        table.create(connection)
        connection.execute(insert(table), [{"value": value}])
        stored = connection.exec_driver_sql("SELECT value FROM json_probe").scalar_one()
        read = connection.execute(select(table.c.value)).scalar_one()
        table.drop(connection)
    assert read == json.loads(json.dumps(value))  # an int key comes back as text, as before
    assert json.loads(stored if isinstance(stored, str) else json.dumps(stored)) == read
