"""`normbook synthesis`: create a synthesis, render it, or produce a sample from the demo data."""

import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from synthesis.schemas import Format

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress
    from sqlmodel import Session

    from api.db import Database
    from submissions.access import Actor
    from synthesis.models import Synthesis

# The commands import their work (snapshot, renderers, rich) when they run, not when `normbook` starts.
app = typer.Typer(
    help="The presidency's synthesis of lessons learned and best practices.", no_args_is_help=True
)
SAMPLE_TITLE = "Cyber Norm Initiative: sample synthesis"
SAMPLE_TITLE_FR = "Initiative sur les normes cyber : exemple de synthèse"


def _presidency() -> "Actor":
    from submissions.access import Actor
    from submissions.models import Role

    return Actor(role=Role.presidency)


def _console(stderr: bool = False) -> "Console":
    from api.cli import console  # api.cli imports this module: the consoles are shared lazily

    return console(stderr)


def _fail(message: str) -> typer.Exit:
    _console(stderr=True).print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code=1)


def _database() -> "Database":
    from api.cli import database  # the shared settings handling lives there

    return database()


def _progress() -> "Progress":
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=_console(stderr=True),
        transient=False,
    )


@app.command("create")
def create(
    title: Annotated[str, typer.Option(help="The report's title in English.")],
    title_fr: Annotated[
        str | None, typer.Option(help="The report's title in French; the English one if omitted.")
    ] = None,
    cycle: Annotated[str | None, typer.Option(help="Only this cycle's practices.")] = None,
    norm: Annotated[
        list[str] | None, typer.Option(help="A norm to cover (repeat); all by default.")
    ] = None,
    participant: Annotated[
        list[str] | None,
        typer.Option(help="Only these participants' attributed practices (repeat)."),
    ] = None,
    as_of: Annotated[
        datetime | None, typer.Option(help="Practices as published at this moment (UTC).")
    ] = None,
    include_empty_norms: Annotated[bool, typer.Option(help="List norms without practice.")] = False,
) -> None:
    """Freeze the published practices matching the options into a new draft synthesis, with a
    progress bar (here, in this process: the worker is for the web and the API)."""
    from pydantic import ValidationError

    from norms.errors import DomainError
    from synthesis import service
    from synthesis.schemas import SynthesisCreate

    try:
        data = SynthesisCreate(
            title=title,
            title_fr=title_fr,
            cycle=cycle,
            norms=norm or None,
            participants=participant or None,
            as_of=as_of,
            include_empty_norms=include_empty_norms,
        )
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"][:1]) or "options"
        raise _fail(f"{field}: {first['msg'].removeprefix('Value error, ')}") from None
    try:
        with _database().transaction() as session, _progress() as bar:
            task = bar.add_task("freezing the practices", total=100)
            synthesis = service.create(
                session,
                _presidency(),
                data,
                lambda done: bar.update(task, completed=round(done * 100)),
            )
            count = service.count_practices(session, synthesis.id or 0)
    except DomainError as error:
        raise _fail(error.message) from None
    _console().print(f"synthesis [bold]{synthesis.id}[/] created (draft) with {count} practices")


@app.command("render")
def render(
    id: Annotated[int, typer.Argument(help="The synthesis id.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.pdf,
    lang: Annotated[str, typer.Option(help="en or fr.")] = "en",
    base_url: Annotated[str, typer.Option(help="Prefix of the practices' permanent links.")] = "",
) -> None:
    """Render one synthesis in one format and language."""
    from norms.errors import DomainError
    from synthesis import service

    if lang not in service.LANGUAGES:
        raise _fail(f"unknown language {lang!r}; use en or fr")
    try:
        with _database().transaction() as session, _progress() as progress:
            synthesis = service.get(session, _presidency(), id)
            _render_all(session, synthesis, [(format, lang, output)], base_url, progress)
    except DomainError as error:
        raise _fail(error.message) from None
    except OSError as error:
        raise _fail(f"cannot write {output}: {error.strerror}") from None
    _console().print(f"wrote {output}")


@app.command("sample")
def sample(
    output: Annotated[Path, typer.Option("--output", "-o", help="Directory for the eight files.")],
    base_url: Annotated[
        str, typer.Option(help="Prefix of the practices' permanent links.")
    ] = "https://normbook.example",
    scratch: Annotated[
        bool, typer.Option(help="Load the demo data into a temporary database instead.")
    ] = False,
) -> None:
    """A synthesis of every published practice in all four formats and both languages.

    With NORMBOOK_TRANSLATION set, the practices' missing translations are drafted first.
    Nothing is stored: the synthesis (and the drafts) are rolled back once its files are written.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from api import demo, migrate
    from api.db import Database
    from api.translate_cli import draft_published, translator
    from norms import catalogue
    from submissions.translators import TranslationError
    from synthesis import service
    from synthesis.schemas import SynthesisCreate

    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _fail(f"cannot create {output}: {error.strerror}") from None
    with tempfile.TemporaryDirectory(prefix="normbook-sample-") as directory, _progress() as bar:
        database = Database(f"sqlite:///{directory}/sample.db") if scratch else _database()
        if scratch:
            task = bar.add_task("loading the demo data", total=1)
            migrate.upgrade(database.writer)
            with database.transaction() as session:
                catalogue.load(session)
                demo.load(session)
            bar.advance(task)
        jobs = [
            (fmt, lang, output / f"synthesis-{lang}.{fmt.value}")
            for lang in service.LANGUAGES
            for fmt in Format
        ]
        try:
            with database.session() as session:
                chosen = translator()
                if chosen is not None:
                    task = bar.add_task(f"translating with {chosen.name}", total=1)
                    draft_published(session, chosen)
                    bar.advance(task)
                data = SynthesisCreate(
                    title=SAMPLE_TITLE, title_fr=SAMPLE_TITLE_FR, include_empty_norms=True
                )
                synthesis = service.create(session, _presidency(), data)
                if not service.count_practices(session, synthesis.id or 0):
                    raise _fail("no published practice to synthesise; run `normbook demo` first")
                _render_all(session, synthesis, jobs, base_url, bar)
                session.rollback()
        except SQLAlchemyError:
            raise _fail("cannot read the database; run `normbook db upgrade` first") from None
        except TranslationError as error:
            raise _fail(str(error)) from None
        except OSError as error:
            raise _fail(f"cannot write to {output}: {error.strerror}") from None
        finally:
            database.dispose()
    _console().print(f"wrote {len(jobs)} files to {output}")


def _render_all(
    session: "Session",
    synthesis: "Synthesis",
    jobs: list[tuple[Format, str, Path]],
    base_url: str,
    progress: "Progress",
) -> None:
    from synthesis import service

    documents = {}
    task = progress.add_task("building", total=len({lang for _, lang, _ in jobs}))
    for lang in dict.fromkeys(lang for _, lang, _ in jobs):
        documents[lang] = service.document(session, synthesis, lang, base_url)
        progress.advance(task)
    task = progress.add_task("rendering", total=len(jobs))
    for fmt, lang, path in jobs:
        progress.update(task, description=f"rendering {path.name}")
        service.write_document(documents[lang], fmt, path, base_url)
        progress.advance(task)
