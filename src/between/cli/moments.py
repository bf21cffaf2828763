"""`between moment add|list` and `between cycle`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from between.cli.main import print_json, transaction

moment_app = typer.Typer(help="Record and list moments.", no_args_is_help=True)

PROMPTS = [  # (field, question) asked interactively; Enter skips
    ("surface_reaction", "What did you feel on top?"),
    ("protective_move", "What did you do?"),
    ("meaning", "What did you tell yourself it meant?"),
    ("deeper_feeling", "What did you feel underneath?"),
    ("need", "What did you need?"),
    ("intensity", "How strong, 0-10?"),
    ("outcome", "How did it end (repaired / unresolved / ongoing)?"),
]
User = Annotated[str, typer.Option("--user", help="Email of the person writing.")]
Text = Annotated[str | None, typer.Option(help="Skip the question.")]


def register(app: typer.Typer) -> None:
    app.add_typer(moment_app, name="moment")
    app.command("cycle")(cycle)


@moment_app.command("add")
def add(user: User,
        happened: Annotated[str | None, typer.Option(help="What happened. Asked when missing.")] = None,
        surface_reaction: Text = None, protective_move: Text = None, meaning: Text = None,
        deeper_feeling: Text = None, need: Text = None,
        intensity: Annotated[int | None, typer.Option(min=0, max=10)] = None,
        outcome: Text = None,
        repair_minutes: Annotated[int | None, typer.Option(min=0)] = None,
        occurred_at: Annotated[str | None, typer.Option(
            help="ISO 8601, e.g. 2026-11-20T19:30 (on your own clock unless it names a zone)")] = None,
        visibility: Annotated[str, typer.Option(help="private, partner, therapist or couple")] = "private",
        keep_text_private: Annotated[bool, typer.Option(help="Share only the structured answers.")] = False,
        interactive: Annotated[bool, typer.Option(help="Ask for the fields not given.")] = True,
        as_json: Annotated[bool, typer.Option("--json", help="Print the stored moment as JSON.")] = False,
        ) -> None:
    """Record a moment. Only what happened is needed; the rest can come later."""
    from between.moments.service import NewMoment, moment_view, record_checked
    from between.people.accounts import get_by_email
    from between.validation import parse

    given = {"happened": happened, "surface_reaction": surface_reaction,
             "protective_move": protective_move, "meaning": meaning,
             "deeper_feeling": deeper_feeling, "need": need, "intensity": intensity,
             "outcome": outcome, "repair_minutes": repair_minutes, "occurred_at": occurred_at,
             "visibility": visibility, "keep_text_private": keep_text_private}
    if interactive:
        _ask(given)
    values = {k: v for k, v in given.items() if v not in (None, "")}
    with transaction() as db:
        person = get_by_email(db, user)
        if "occurred_at" in values:
            values["occurred_at"] = _on_own_clock(values["occurred_at"], person)
        moment, check = record_checked(db, person, parse(NewMoment, values))
        view = {**moment_view(moment, person), "safety": check.view()}
    if check.flag:
        view["suggestions"] = None  # the crisis card instead of any reading of these words
    if as_json:
        print_json(view)
        return
    typer.echo(f"Saved moment {view['id']} ({view['visibility']}).")
    if check.flag:
        for line in check.view()["lines"]:
            typer.echo(f"  {line}")
        return
    for item in (view["suggestions"] or {}).get("suggestions", {}).get("deeper_feeling", [])[:2]:
        words = ", ".join(f"'{w['text']}'" for w in item["words"][:2])
        typer.echo(f"  underneath, perhaps: {item['value']}" + (f" (from {words})" if words else ""))


def _on_own_clock(typed: str, person) -> str:
    """A time typed without a zone names the person's wall clock, as on the web form."""
    from datetime import datetime

    from between.people.time import from_local

    try:
        moment = datetime.fromisoformat(typed)
    except ValueError:
        return typed  # parse() names the problem
    return from_local(moment, person.time_zone).isoformat() if moment.tzinfo is None else typed


def _ask(given: dict) -> None:
    if not given["happened"]:
        given["happened"] = typer.prompt("What happened?")
    for field, question in PROMPTS:
        if given[field] is None:
            given[field] = typer.prompt(question, default="", show_default=False) or None


@moment_app.command("list")
def list_moments(user: User,
                 as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The moments this person may see: their own and what their partner shared."""
    from between.moments.service import list_moments as visible
    from between.moments.service import moment_view
    from between.people.accounts import get_by_email
    from between.people.time import local

    with transaction() as db:
        person = get_by_email(db, user)
        views = [moment_view(m, person) for m in visible(db, person)]
    if as_json:
        print_json(views)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("when", "whose", "what happened", "intensity", "ended")
    for v in views:
        day = f"{local(v['occurred_at'], person.time_zone):%Y-%m-%d}"
        table.add_row(day, "you" if v["owner_id"] == person.id else "partner",
                      (v["happened"] or "(kept private)")[:60], str(v["intensity"] or ""), v["outcome"] or "")
    Console().print(table)


def cycle(user: User,
          as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
          svg: Annotated[Path | None, typer.Option("--svg", help="Write the diagram to this file.")] = None,
          ) -> None:
    """The couple's cycle as this person may see it."""
    from between.cycle import cycle_to_dict, render_svg, render_text
    from between.cycle.service import cycle_for
    from between.people.accounts import get_by_email

    with transaction() as db:
        cycle_map = cycle_for(db, get_by_email(db, user))
    if svg:
        svg.write_text(render_svg(cycle_map))
        typer.echo(f"Wrote {svg}.", err=True)
    if as_json:
        print_json(cycle_to_dict(cycle_map))
    elif not svg:
        typer.echo(render_text(cycle_map))
