"""`between check-in`, `between progress` and `between report`: measurement from the shell."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from between.cli.main import fail, print_json, read_json_file, transaction

User = Annotated[str, typer.Option("--user", help="Email of the person acting.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def check_in(
    user: User,
    instrument: Annotated[str, typer.Option(help="Questionnaire id, e.g. csi4 (see --list).")],
    answers_json: Annotated[Path | None, typer.Option(
        "--answers-json", help='Answers from a JSON file: {"1": 4, "2": 3, ...}.')] = None,
    visibility: Annotated[str | None, typer.Option(
        help="private, partner, therapist or couple (default: the questionnaire's).")] = None,
    draft: Annotated[bool, typer.Option(help="Save partial answers as a draft.")] = False,
    as_json: AsJson = False,
) -> None:
    """Answer a questionnaire: asked item by item, or from --answers-json. Exit 2 on bad answers."""
    from between.assessments.instruments import get_instrument
    from between.assessments.service import NewCheckIn, judged_view, record_check_in
    from between.errors import BetweenError
    from between.people.accounts import get_by_email
    from between.validation import parse

    try:
        questionnaire = get_instrument(instrument)
    except BetweenError as error:
        raise fail(str(error)) from None
    answers = _read_answers(answers_json) if answers_json else _ask(questionnaire)
    body = {"instrument": instrument, "answers": answers, "draft": draft}
    if visibility:
        body["visibility"] = visibility
    with transaction() as db:
        person = get_by_email(db, user)
        view = judged_view(db, person, record_check_in(db, person, parse(NewCheckIn, body)))
    if as_json:
        print_json(view)
        return
    typer.echo(f"Saved {questionnaire.short_title} ({view['status']}, {view['visibility']}).")
    for sub, value in view["scores"].items():
        if value is None:
            continue
        text = (view["interpretation"].get(sub) or {}).get("text")
        change = view["change"].get(sub)
        typer.echo(f"  {sub}: {value:g}" + (f" — {text}" if text else "")
                   + (f" ({change['label']} since {change['from']:g})" if change else ""))


def progress(user: User, as_json: AsJson = False) -> None:
    """Scores over time with reliable-change labels, and interaction metrics."""
    from between.assessments.service import progress_for, progress_json
    from between.people.accounts import get_by_email
    from between.reports.report import metric_lines, track_text

    with transaction() as db:
        result = progress_for(db, get_by_email(db, user))
        data = progress_json(result)
        texts = [track_text(t) for t in result.tracks]
        lines = metric_lines(result.interactions)
    if as_json:
        print_json(data)
        return
    if not texts:
        typer.echo("No questionnaires finished yet.")
    for text in texts:
        typer.echo(text.heading)
        for line in text.lines:
            typer.echo(f"  {line}")
    typer.echo("Interactions")
    for what, value in lines:
        typer.echo(f"  {what}: {value}")


def report(
    user: User,
    pdf: Annotated[Path, typer.Option("--pdf", help="Write the PDF report to FILE.")],
    person_id: Annotated[str | None, typer.Option(
        help="Only this person's check-ins (an id from `between progress --json`).")] = None,
) -> None:
    """The printable progress report as PDF, with only what this person may see."""
    from between.assessments.service import progress_for
    from between.db.base import utcnow
    from between.people.accounts import get_by_email
    from between.reports.report import report_pdf

    with transaction() as db:
        document = report_pdf(progress_for(db, get_by_email(db, user), owner_id=person_id),
                              today=utcnow().date())
    pdf.write_bytes(document)
    typer.echo(f"Wrote {pdf}.", err=True)


def register(app: typer.Typer) -> None:
    app.command("check-in")(check_in)
    app.command()(progress)
    app.command()(report)


def _read_answers(path: Path) -> dict:
    data = read_json_file(path)
    if not isinstance(data, dict):
        raise fail('answers must be a JSON object like {"1": 4, "2": 3}')
    return data


def _ask(instrument) -> dict[str, int]:
    from rich.console import Console
    from rich.prompt import IntPrompt

    console = Console()
    console.print(f"[bold]{instrument.title}[/bold]\n{instrument.privacy_note}\n")
    answers = {}
    for item in instrument.items:
        scale = instrument.scale_of(item)
        console.print(f"[bold]{item.number}.[/bold] {item.text}")
        for option in scale.options:
            label = instrument.answer_label(item, option.value)
            console.print(f"   {option.value}" + (f"  {label}" if label else ""))
        choices = [str(v) for v in scale.values]
        answers[str(item.number)] = IntPrompt.ask("Your answer", choices=choices,
                                                  show_choices=False, console=console)
    return answers
