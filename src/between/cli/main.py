"""The `between` command. Heavy modules are imported inside commands so --help stays instant."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated

import typer

from between import __version__
from between.errors import BetweenError

app = typer.Typer(help="Between: see the cycle, share the feeling underneath, respond with care.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Database commands.", no_args_is_help=True)
user_app = typer.Typer(help="Accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")

# Each domain adds its commands from cli/<domain>.py through `register(app)`.
COMMAND_MODULES = ("analysis", "evaluation", "moments", "cycle", "coach", "assessments", "safety",
                   "therapist", "attachment")


# On SIGTERM, requests still running get this long to finish; the rest are cut off (their
# transactions roll back, and none was acknowledged), so a stop never hangs behind a queue.
GRACEFUL_SHUTDOWN_SECONDS = 10


def fail(message: str) -> typer.Exit:
    """Bad input: say what was wrong on stderr and exit with code 2."""
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(2)


@contextmanager
def transaction() -> Iterator:
    """One transaction per command; a BetweenError becomes a clear message and exit code 2."""
    from between.config import get_settings
    from between.db.engine import make_engine, make_sessionmaker, unit_of_work

    engine = make_engine(get_settings().database_url)
    try:
        with unit_of_work(make_sessionmaker(engine)) as db:
            yield db
    except BetweenError as error:
        raise fail(str(error)) from None
    finally:
        engine.dispose()


def read_json_file(source: str | Path) -> object:
    """JSON a person hands the CLI in a file ('-': standard input); anything else exits 2."""
    if str(source) != "-" and not Path(source).is_file():
        raise fail(f"no such file: {source}")
    try:
        text = sys.stdin.read() if str(source) == "-" else Path(source).read_text(encoding="utf-8")
        return json.loads(text)
    except UnicodeDecodeError:
        raise fail(f"{source} is not UTF-8 text") from None
    except RecursionError:  # json gives up on nesting deeper than Python's recursion limit
        raise fail(f"{source} is nested too deeply to be answers") from None
    except (OSError, ValueError) as exc:
        raise fail(f"cannot read JSON from {source}: {exc}") from None


def print_json(data) -> None:
    typer.echo(json.dumps(data, indent=2, default=str, ensure_ascii=False))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"between {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """Between: a local-first companion for couples."""


@app.command()
def serve(host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
          port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
          reload: Annotated[bool, typer.Option(help="Reload on code changes.")] = False,
          workers: Annotated[int, typer.Option(
              min=1, help="Worker processes (PostgreSQL; SQLite serves best from one).")] = 1) -> None:
    """Start the web app (run `between db upgrade` first); refuses while the database is not ready."""
    import uvicorn

    from between.config import get_settings
    from between.db.engine import make_engine
    from between.db.health import database_problem

    settings = get_settings()
    if reload and workers > 1:
        raise fail("--reload runs one process: leave out --workers")
    engine = make_engine(settings.database_url)
    problem = database_problem(engine)
    engine.dispose()
    if problem:
        raise fail(f"Between cannot start: {problem}.")
    typer.echo(f"Between is running at http://{host or settings.host}:{port or settings.port}/")
    # X-Forwarded-For is read by the app, and only from BETWEEN_TRUSTED_PROXIES: uvicorn's own
    # reading would trust any client on 127.0.0.1 to name its address.
    uvicorn.run("between.app:build_app", factory=True, host=host or settings.host,
                port=port or settings.port, reload=reload, workers=workers, proxy_headers=False,
                timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply all migrations to the configured database."""
    from between.config import get_settings
    from between.db.migrate import upgrade

    upgrade(get_settings().database_url)
    typer.echo("Database is up to date.")


@app.command()
def backup(file: Annotated[Path, typer.Argument(help="Where to write the backup.")],
           force: Annotated[bool, typer.Option(help="Replace FILE if it exists.")] = False) -> None:
    """Copy the whole database to FILE, consistently, even while the server runs."""
    from between.config import get_settings
    from between.db.backup import backup as write_backup

    try:
        write_backup(get_settings().database_url, file, force=force)
    except BetweenError as error:
        raise fail(str(error)) from None
    typer.echo(f"Backed up to {file}.")


@app.command()
def restore(file: Annotated[Path, typer.Argument(help="A file written by `between backup`.")],
            force: Annotated[bool, typer.Option(
                help="Replace a database that already holds data.")] = False) -> None:
    """Replace the database with a backup (checked first; all or nothing), then migrate it."""
    from between.config import get_settings
    from between.db.backup import restore as read_backup

    try:
        read_backup(get_settings().database_url, file, force=force)
    except BetweenError as error:
        raise fail(str(error)) from None
    typer.echo(f"Restored from {file}.")


@user_app.command("create")
def user_create(email: Annotated[str, typer.Option(help="Login email.")],
                name: Annotated[str, typer.Option(help="Display name the partner sees.")],
                password: Annotated[str, typer.Option(prompt=True, hide_input=True,
                                                      confirmation_prompt=True)],
                therapist: Annotated[bool, typer.Option(help="A therapist account.")] = False,
                time_zone: Annotated[str, typer.Option(
                    help="Whose clock times are shown on, e.g. Europe/Berlin.")] = "UTC",
                as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Create an account."""
    from between.people.accounts import create_account
    from between.people.models import Role
    from between.people.time import valid_zone

    with transaction() as db:
        person = create_account(db, email=email, password=password, display_name=name,
                                role=Role.THERAPIST if therapist else Role.PARTNER,
                                time_zone=valid_zone(time_zone))
        result = {"id": person.id, "email": person.email, "display_name": person.display_name,
                  "role": person.role, "time_zone": person.time_zone}
    print_json(result) if as_json else typer.echo(f"Created {result['email']} ({result['role']}).")


@user_app.command("list")
def user_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List accounts (email, name, role)."""
    from sqlalchemy import select

    from between.people.models import Person

    with transaction() as db:
        rows = [{"id": p.id, "email": p.email, "display_name": p.display_name, "role": p.role}
                for p in db.scalars(select(Person).order_by(Person.created_at))]
    if as_json:
        print_json(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("email", "name", "role")
    for row in rows:
        table.add_row(row["email"], row["display_name"], row["role"])
    Console().print(table)


@app.command()
def export(user: Annotated[str, typer.Option("--user", help="Email of the person exporting.")],
           format: Annotated[str, typer.Option(
               "--format", help="json (everything you may see), csv (zip: every kind of record, with a codebook), "
               "fhir, or pdf (the printable report).")] = "json",
           output: Annotated[Path | None, typer.Option("--output", "-o",
                                                       help="Write to a file.")] = None) -> None:
    """Export everything this person may see."""
    from between.people.accounts import get_by_email
    from between.reports.export import FORMATS, export_file

    if format not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}")
    if format in ("csv", "pdf") and output is None:
        raise fail(f"--format {format} writes a binary file: give --output FILE")
    with transaction() as db:
        exported = export_file(db, get_by_email(db, user), format)
    if output:
        output.write_bytes(exported.content)
        typer.echo(f"Wrote {output}.", err=True)
    else:
        sys.stdout.write(exported.content.decode())


@app.command()
def demo() -> None:
    """Seed a realistic example couple (Sam and Alex) to look around with."""
    from between.demo import DEMO_PASSWORD, seed_demo

    with transaction() as db:
        people = seed_demo(db)
    for person in people:
        typer.echo(f"Log in as {person.email} with password {DEMO_PASSWORD!r}")


for _module in COMMAND_MODULES:
    if find_spec(f"between.cli.{_module}"):
        import_module(f"between.cli.{_module}").register(app)
