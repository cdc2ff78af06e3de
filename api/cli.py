"""The `normbook` command: database, users, demo data and the server."""

import os
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api import demo, synthesis_cli, translate_cli
from api.settings import MissingSecret, Settings, get_settings

if TYPE_CHECKING:
    from rich.console import Console

    from api.db import Database

# Each command imports what it needs, so that `serve` loads the application and little else.

app = typer.Typer(help="Normbook: the cyber-norms best-practice repository.", no_args_is_help=True)
db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
users_app = typer.Typer(help="Presidency and delegation accounts.", no_args_is_help=True)
norms_app = typer.Typer(help="The norm catalogue.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(norms_app, name="norms")
app.add_typer(synthesis_cli.app, name="synthesis")
app.command("translate")(translate_cli.translate)


@cache
def console(stderr: bool = False) -> "Console":
    from rich.console import Console

    return Console(stderr=stderr)


def fail(message: str) -> typer.Exit:
    console(stderr=True).print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code=1)


def settings() -> Settings:
    try:
        return get_settings()
    except MissingSecret as error:
        raise fail(str(error)) from None
    except ValueError as error:
        raise fail(f"bad configuration: {error}") from None


def database() -> "Database":
    from api.db import Database

    return Database(settings().database_url)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration, then load or refresh the norm catalogue."""
    from api import migrate
    from norms import catalogue
    from submissions import point_vectors

    db = database()
    try:
        migrate.upgrade(db.writer)
        with db.transaction() as session:
            catalogue.load(session)
        with db.transaction() as session:
            encoded = point_vectors.backfill(session)
    except Exception as error:  # a CLI reports, it does not dump a traceback
        raise fail(f"could not upgrade {db.url.split('@')[-1]}: {error}") from None
    console().print(f"database at revision [bold]{migrate.current(db.writer)}[/], catalogue loaded")
    if encoded:
        console().print(f"point vectors computed for {encoded} published revisions")


@norms_app.command("load")
def norms_load(
    texts: Annotated[
        Path | None,
        typer.Option(help="JSON or YAML file of the official texts of the eleven norms (en, fr)."),
    ] = None,
) -> None:
    """Load or refresh the shipped catalogue (keeps the presidency's edits to norm texts); with
    --texts, store the official UN texts, which pages and reports then quote as such."""
    from norms import catalogue, official
    from norms.errors import DomainError

    try:
        official_texts = official.read(texts) if texts else None
        with database().transaction() as session:
            catalogue.load(session)
            if official_texts:
                official.load(session, official_texts)
    except DomainError as error:
        raise fail(error.message) from None
    if official_texts:
        console().print("catalogue loaded, official texts of the eleven norms stored")
    else:
        console().print("catalogue loaded")


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Option(help="Login e-mail.")],
    role: Annotated[str, typer.Option(help="presidency or delegation.")],
    participant: Annotated[
        str | None, typer.Option(help="ISO alpha-3 code (EU for the Union).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option(help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create a user."""
    from api import accounts
    from norms.errors import DomainError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with database().transaction() as session:
            user = accounts.create_user(session, email, password, role, participant)
    except DomainError as error:
        raise fail(error.message) from None
    console().print(f"user {user.email} ({user.role}) created")


@users_app.command("list")
def users_list() -> None:
    """List every user."""
    from rich.table import Table

    from api import accounts

    with database().transaction() as session:
        users = accounts.list_users(session)
        table = Table("id", "e-mail", "role", "participant", "active")
        for user in users:
            table.add_row(
                str(user.id),
                user.email,
                user.role,
                user.participant_code or "",
                "yes" if user.is_active else "no",
            )
    console().print(table)


@app.command("demo")
def demo_load(
    password: Annotated[str, typer.Option(help="Password for every demo account.")] = demo.PASSWORD,
) -> None:
    """Load the illustrative, fictional demo data set (once)."""
    from api import tasks  # noqa: F401  (publishing asks for jobs: they are known)
    from submissions import publication

    with database().transaction() as session:
        loaded = demo.load(session, password)
        publication.backfill(session)  # encoded now: the demo is searchable without a worker
    if loaded:
        console().print(
            f"demo data loaded: {loaded} practices; log in as presidency@demo.normbook.org / {password}"
        )
    else:
        console().print("demo data already present")


@app.command("search-vectors")
def search_vectors() -> None:
    """Encode the published revisions that have no search vector yet (after an upgrade or import)."""
    from submissions import vectors

    with database().transaction() as session:
        encoded = vectors.backfill(session)
    console().print(f"search vectors: {encoded} published revisions encoded")


@app.command("export")
def export(file: Annotated[Path, typer.Argument(help="The ZIP file to write.")]) -> None:
    """Write everything (except API tokens) to a versioned ZIP of JSON files."""
    from api import backup, migrate

    db = database()
    try:
        with db.transaction() as session:
            counts = backup.export(session, file, migrate.current(db.writer))
    except OSError as error:
        raise fail(f"could not write {file}: {error}") from None
    console().print(f"exported {sum(counts.values())} rows from {len(counts)} tables to {file}")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A ZIP written by `normbook export`.")],
) -> None:
    """Load an export into an empty, upgraded database, in one transaction."""
    from api import backup
    from submissions import point_vectors

    try:
        with database().transaction() as session:
            counts = backup.restore(session, file)
            point_vectors.backfill(session)  # not exported: derived from the revisions
    except backup.BackupError as error:
        raise fail(str(error)) from None
    console().print(f"imported {sum(counts.values())} rows into {len(counts)} tables from {file}")


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64)] = 1,
) -> None:
    """Serve the application: uvicorn, or gunicorn with uvicorn workers when there are several."""
    from api import encoder, serving

    settings()
    with encoder.running() as socket:
        os.environ[encoder.ENVIRONMENT] = socket  # the workers start with this environment
        serving.serve(host, port, workers)


def main() -> None:
    app()


@app.command("worker")
def worker(
    threads: Annotated[int, typer.Option(min=1, max=32, help="Jobs run at once.")] = 2,
) -> None:
    """Run background jobs (creating syntheses, their reports, preparing published practices)
    from the queue until stopped."""
    from huey.consumer import Consumer

    from api import queue, tasks

    settings()
    console().print(f"worker on {settings().queue}, {threads} threads: {', '.join(tasks.NAMES)}")
    queue.consumer_tasks()
    Consumer(queue.get_huey(), workers=threads, worker_type="thread").run()


@app.command("jobs")
def jobs_progress(
    wait: Annotated[bool, typer.Option(help="Follow until no job is waiting or running.")] = False,
) -> None:
    """How many jobs are waiting, running, done and failed, as a progress bar."""
    import time

    from rich.progress import Progress

    from api import jobs

    db = database()

    def counted() -> dict[str, int]:
        with db.transaction() as session:
            return jobs.counts(session)

    counts = counted()
    with Progress(console=console()) as bar:
        task = bar.add_task("jobs", total=max(1, sum(counts.values())))
        while True:
            finished = counts.get("done", 0) + counts.get("failed", 0)
            bar.update(task, total=max(1, sum(counts.values())), completed=finished)
            if not wait or finished == sum(counts.values()):
                break
            time.sleep(1)
            counts = counted()
    summary = ", ".join(f"{state}: {count}" for state, count in sorted(counts.items()))
    console().print(summary or "no jobs")


if __name__ == "__main__":  # `python -m api.cli`, as well as `python -m api` and `normbook`
    main()
