"""`between safety check-in` and `between safety status`: a person's own private safety view."""

from __future__ import annotations

from typing import Annotated

import typer

from between.cli.main import print_json, read_json_file, transaction

safety_app = typer.Typer(help="Your private safety check-in and status (only for you).",
                         no_args_is_help=True)
User = Annotated[str, typer.Option("--user", help="Email of the person checking in.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def register(app: typer.Typer) -> None:
    app.add_typer(safety_app, name="safety")


@safety_app.command("check-in")
def check_in(user: User,
             answers_json: Annotated[str | None, typer.Option(
                 "--answers-json", help="Read {question id: answer} from FILE ('-' for stdin) "
                 "instead of asking.")] = None,
             as_json: AsJson = False) -> None:
    """Answer the private safety check-in (a screening aid, not a validated instrument)."""
    from between.people.accounts import get_by_email
    from between.safety import service
    from between.safety.screening import load_check_in

    answers = read_json_file(answers_json) if answers_json else _ask(load_check_in())
    with transaction() as db:
        person = get_by_email(db, user)
        result = service.result_view(service.take_check_in(db, person, answers))
        view = service.status_view(db, person)
    if as_json:
        print_json({**result, "resources": view["resources"]})
        return
    typer.echo(result["label"])
    _print_advice(result["recommendations"], view["resources"])


@safety_app.command("status")
def status(user: User, as_json: AsJson = False) -> None:
    """Your own safety status: whether a concern is open, what might help, local services."""
    from between.people.accounts import get_by_email
    from between.safety import service

    with transaction() as db:
        view = service.status_view(db, get_by_email(db, user))
    if as_json:
        print_json(view)
        return
    typer.echo("A safety concern is open; joint exercises are paused." if view["risk_active"]
               else "Nothing is open right now.")
    _print_advice(view["recommendations"], view["resources"])


def _ask(check_in) -> dict[str, str]:
    """Ask each question that applies; an answer is its number or its value."""
    typer.echo(f"{check_in.title}\n{check_in.label}\n\n{check_in.intro}\n")
    answers: dict[str, str] = {}
    for question in check_in.questions:
        if question.is_asked(answers):
            answers[question.id] = _ask_one(question)
    return answers


def _ask_one(question) -> str:
    choices = "  ".join(f"{n}) {o.label}" for n, o in enumerate(question.options, 1))
    while True:
        reply = typer.prompt(f"{question.text}\n  {choices}\n").strip().lower()
        for number, option in enumerate(question.options, 1):
            if reply in (str(number), option.value, option.label.lower()):
                return option.value
        typer.echo("Please type one of the numbers shown.")


def _print_advice(recommendations: list[dict], resources: list[dict]) -> None:
    for item in recommendations:
        typer.echo(f"\n* {item['title']}\n  {item['body']}")
    typer.echo("\nServices you can contact:")
    for service in resources:
        ways = ", ".join(f"{k} {service[k]}" for k in ("phone", "text", "url") if service.get(k))
        typer.echo(f"- {service['name']}: {ways} ({service['hours']})")
