"""`between story guide|start|list|show|edit|delete`: the attachment story from the terminal."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from between.cli.main import print_json, transaction

story_app = typer.Typer(help="Your attachment story: a guided reflection, private by default.",
                        no_args_is_help=True)
User = Annotated[str, typer.Option("--user", help="Email of the person writing.")]
Words = Annotated[str | None, typer.Option(help="This step's words (empty clears it).")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Visibility = Annotated[str | None, typer.Option(
    help="Who may read it once finished: private, partner, therapist or couple.")]


def register(app: typer.Typer) -> None:
    app.add_typer(story_app, name="story")


@story_app.command("guide")
def guide(user: User, as_json: Json = False) -> None:
    """The steps, and what your story links to: your own moments and your ECR results."""
    from between.attachment.guide import steps
    from between.attachment.service import links_view
    from between.people.accounts import get_by_email

    with transaction() as db:
        links = links_view(db, get_by_email(db, user))
    if as_json:
        print_json({"steps": [s.model_dump() for s in steps()], **links})
        return
    for number, step in enumerate(steps(), start=1):
        typer.echo(f"{number}. {step.title} ({step.id}): {step.prompt}")
    typer.echo("")
    typer.echo(links["echoes"]["position_words"])
    for title, count in links["echoes"]["raw_spots"]:
        typer.echo(f"  sore spot: {title} ({count} moments)")
    for line in (links["ecr"] or {}).get("words", ()):
        typer.echo(line)


@story_app.command("start")
def start(user: User, closeness: Words = None, comfort: Words = None, learned: Words = None,
          echoes: Words = None, wish: Words = None,
          finish: Annotated[bool, typer.Option("--finish", help="Finish it now.")] = False,
          visibility: Visibility = None,
          interactive: Annotated[bool, typer.Option(help="Ask each step not given.")] = True,
          as_json: Json = False) -> None:
    """Write a reflection: each step's question is asked (Enter skips) unless given."""
    from between.attachment.guide import steps

    answers = {"closeness": closeness, "comfort": comfort, "learned": learned, "echoes": echoes,
               "wish": wish}
    if interactive:
        for step in steps():
            if answers.get(step.id) is None:
                answers[step.id] = typer.prompt(f"{step.title}. {step.prompt}", default="",
                                                show_default=False) or None
    _write(user, None, answers, finish, visibility, as_json)


@story_app.command("edit")
def edit(reflection_id: str, user: User, closeness: Words = None, comfort: Words = None,
         learned: Words = None, echoes: Words = None, wish: Words = None,
         finish: Annotated[bool | None, typer.Option(
             "--finish/--draft", help="Finish it, or make it a draft again (seen by you only).",
             show_default=False)] = None,
         visibility: Visibility = None, as_json: Json = False) -> None:
    """Change some steps, finish it, or choose who may read it."""
    answers = {"closeness": closeness, "comfort": comfort, "learned": learned, "echoes": echoes,
               "wish": wish}
    _write(user, reflection_id, answers, finish, visibility, as_json)


def _write(user: str, reflection_id: str | None, answers: dict[str, str | None],
           finish: bool | None, visibility: str | None, as_json: bool) -> None:
    from between.attachment import service
    from between.people.accounts import get_by_email
    from between.validation import parse

    values: dict[str, Any] = {"answers": {k: v for k, v in answers.items() if v is not None}}
    if finish is not None and (finish or reflection_id):
        values["finished"] = finish
    if visibility is not None:
        values["visibility"] = visibility
    with transaction() as db:
        person = get_by_email(db, user)
        change = parse(service.ReflectionChange, values)
        reflection = (service.edit_reflection(db, person, reflection_id, change) if reflection_id
                      else service.start_reflection(db, person, change))
        view = _view(db, person, reflection)
    _show(view, as_json, saved=True)


def _view(db, person, reflection) -> dict[str, Any]:
    from between.attachment import service

    return {**service.reflection_view(reflection, person),
            "help": service.help_view(db, person, reflection)}


def _show(view: dict[str, Any], as_json: bool, *, saved: bool = False) -> None:
    from between.attachment.guide import steps

    if as_json:
        print_json(view)
        return
    state = "a draft (only you see it)" if view["status"] == "draft" else f"finished, {view['visibility']}"
    typer.echo(f"{'Saved reflection' if saved else 'Reflection'} {view['id']}: {state}.")
    if not saved:
        for step in steps():
            if view["answers"].get(step.id):
                typer.echo(f"\n{step.title}\n  {view['answers'][step.id]}")
    if view.get("help"):
        typer.echo("\nOnly you see this: what you wrote may touch on something painful "
                   f"({', '.join(view['help']['because'])}).")
        for rec in view["help"]["recommendations"]:
            typer.echo(f"  - {rec['title']}")


@story_app.command("list")
def list_reflections(user: User, as_json: Json = False) -> None:
    """Your reflections (drafts too), and finished ones shared with you."""
    from between.attachment import service
    from between.people.accounts import get_by_email

    with transaction() as db:
        person = get_by_email(db, user)
        views = [service.reflection_view(r, person) for r in service.list_reflections(db, person)]
    if as_json:
        print_json(views)
        return
    for v in views:
        whose = "yours" if v["owner_id"] == person.id else "shared with you"
        typer.echo(f"{v['id']}  {whose}, {v['status']}, {v['visibility']}, "
                   f"{len(v['answers'])} steps written")


@story_app.command("show")
def show(reflection_id: str, user: User, as_json: Json = False) -> None:
    """One reflection you may read (yours: with any private suggestion of help)."""
    from between.attachment import service
    from between.people.accounts import get_by_email

    with transaction() as db:
        person = get_by_email(db, user)
        view = _view(db, person, service.read_reflection(db, person, reflection_id))
    _show(view, as_json)


@story_app.command("delete")
def delete(reflection_id: str, user: User) -> None:
    """Delete one of your reflections (it cannot be undone)."""
    from between.attachment import service
    from between.people.accounts import get_by_email

    with transaction() as db:
        service.delete_reflection(db, get_by_email(db, user), reflection_id)
    typer.echo(f"Deleted reflection {reflection_id}.")
