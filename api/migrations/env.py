"""Alembic environment: the URL and connection come from api.migrate."""

from alembic import context
from sqlmodel import SQLModel

import norms.models  # noqa: F401  (registers tables)
import submissions.models  # noqa: F401

config = context.config
target_metadata = SQLModel.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through `normbook db upgrade`")
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run()
