"""`between coach reach|reply`, `between pause` and `between conversation`: coaching from the shell.

Pure coaching needs no account: nothing is stored. With --user, what the person writes passes the
safety gate first, as in the web app. `between pause` walks the slow-down flow with prompts and
keeps each answer as it goes, so leaving halfway (Ctrl-C) loses nothing already entered.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from between.cli.main import fail, print_json, transaction

Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
User = Annotated[str, typer.Option("--user", help="Email of the person acting.")]
MaybeUser = Annotated[str | None, typer.Option(
    "--user", help="Email of the writer: screens the text through the safety gate.")]

coach_app = typer.Typer(help="Coaching: say the deeper feeling, answer with care.",
                        no_args_is_help=True)
conversation_app = typer.Typer(help="The softening conversation, for scripting.",
                               no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(coach_app, name="coach")
    app.add_typer(conversation_app, name="conversation")
    app.command("pause")(pause)


def _text_or_stdin(text: str | None, what: str) -> str:
    value = text if text is not None else ("" if sys.stdin.isatty() else sys.stdin.read())
    if not value.strip():
        raise fail(f"give the {what} as an argument or on stdin")
    return value.strip()


def _screen(user: str | None, text: str, source: str):
    """The writer's safety check: with --user stored as on the web (their private state);
    without an account the text is only read, with the services of the shell's locale."""
    import os

    from between.safety.writer import check_writing

    if user is None:
        locale = os.environ.get("LC_ALL") or os.environ.get("LANG")
        return check_writing(None, None, text, source=source, locale=locale)
    from between.people.accounts import get_by_email

    with transaction() as db:
        return check_writing(db, get_by_email(db, user), text, source=source)


def _show_card(check, as_json: bool = False) -> None:
    """The crisis card in place of coaching: printed for the writer, no coaching at all."""
    if as_json:
        print_json({"safety": check.view()})
        return
    for line in check.card.lines():
        typer.echo(line)


def _coached(call):
    from between.errors import BetweenError

    try:
        return call()
    except BetweenError as error:
        raise fail(str(error)) from None


Choose = Annotated[list[str] | None, typer.Option(
    "--choose", help="SLOT=N takes choice N of a slot (situation, feeling, need, request), "
    "SLOT=words your own; repeat for each slot. Prints the reach put together.")]


@coach_app.command("reach")
def reach(text: Annotated[str | None, typer.Argument(help="The draft (else read from stdin).")] = None,
          user: MaybeUser = None, choose: Choose = None, as_json: Json = False) -> None:
    """How a draft to your partner reads, the words behind it, a gentler rewrite, and choices
    for each part of it, each with the words it came from. Nothing is sent."""
    from between.coach.reach import coach_reach, compose

    draft = _text_or_stdin(text, "draft")
    check = _screen(user, draft, "reach")
    if check.flag:
        _show_card(check, as_json)
        return
    context = _writer_context(user)
    coaching = _coached(lambda: coach_reach(draft, context=context))
    chosen = _chosen(coaching, choose or [])
    finished = compose(chosen) if chosen else None
    if as_json:
        print_json(coaching.model_dump(mode="json") | ({"reach": finished} if finished else {})
                   | {"safety": check.view()})
        return
    _show_reach(draft, coaching)
    if finished:
        typer.echo(f"\nYour reach (nothing is sent): {finished}")


def _writer_context(user: str | None):
    from between.coach.choices import Context

    if user is None:
        return Context()
    from between.coach.context import writer_context
    from between.people.accounts import get_by_email

    with transaction() as db:
        return writer_context(db, get_by_email(db, user))


def _chosen(coaching, choose: list[str]) -> dict[str, str]:
    """SLOT=N (a numbered choice) or SLOT=words (your own) for each --choose."""
    from between.coach.reach import SLOTS

    parts = coaching.suggestion.parts if coaching.suggestion else {}
    chosen = {}
    for item in choose:
        slot, _, value = item.partition("=")
        if slot not in SLOTS or not value.strip():
            raise fail(f"--choose takes SLOT=N or SLOT=words, SLOT one of {', '.join(SLOTS)}; "
                       f"got {item!r}")
        if slot not in parts:
            raise fail("this draft already reads as a reach: there is nothing to choose")
        offered = parts[slot].choices
        if value.strip().isdigit():
            index = int(value) - 1
            if not 0 <= index < len(offered):
                raise fail(f"{slot} has {len(offered)} choices; pick 1 to {len(offered)}")
            value = offered[index].text
        chosen[slot] = value.strip()
    return chosen


def _show_reach(draft: str, coaching) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console()
    marked = Text(draft)
    for e in coaching.evidence:
        if e.field == "register":
            marked.stylize("bold underline yellow", e.start, e.end)
    console.print(f"[bold]Reads as:[/bold] {coaching.register}")
    console.print(marked)
    for reason in dict.fromkeys(e.reason for e in coaching.evidence if e.field == "register"):
        console.print(f"  · {reason}", highlight=False)
    underneath = [f.replace("_", " ") for f in coaching.deeper_feelings + coaching.needs]
    if underneath:
        console.print(f"[bold]Underneath:[/bold] {', '.join(underneath)}")
    console.print(coaching.message, highlight=False)
    if coaching.suggestion:
        console.print(Text.assemble(("A gentler way to say it: ", "bold"),
                                    coaching.suggestion.text))
        if coaching.conjecture:
            console.print(coaching.conjecture, highlight=False)
        for slot, part in coaching.suggestion.parts.items():
            console.print(f"[bold]{slot}[/bold] (--choose {slot}=N or {slot}=your words):")
            for n, choice in enumerate(part.choices, 1):
                console.print(f"  {n}. {choice.text}  [dim]({choice.because})[/dim]", highlight=False)


@coach_app.command("reply")
def reply(share: Annotated[str | None, typer.Option(help="What your partner said.")] = None,
          reply_text: Annotated[str | None, typer.Option("--reply", help="Your draft answer.")] = None,
          practice: Annotated[str | None, typer.Option(
              help="Answer one of the project's example reaches (id; 'list' to see them).")] = None,
          user: MaybeUser = None, as_json: Json = False) -> None:
    """How an answer to a reach lands, what turns away, and answers of each good kind."""
    from between.coach.highlight import practice_reaches
    from between.coach.reply import coach_reply

    examples = {e["id"]: e["text"] for e in practice_reaches()}
    if practice == "list":
        print_json(examples) if as_json else [typer.echo(f"{k}: {v}") for k, v in examples.items()]
        return
    if practice is not None:
        if practice not in examples:
            raise fail(f"no example {practice!r}; `--practice list` shows them")
        share = examples[practice]
    if not share or not reply_text:
        raise fail("give --share (or --practice) and --reply")
    check = _screen(user, reply_text, "reply")
    if check.flag:
        _show_card(check, as_json)
        return
    coaching = _coached(lambda: coach_reply(share, reply_text))
    if as_json:
        print_json(coaching.model_dump(mode="json") | {"safety": check.view()})
        return
    typer.echo(f"Lands as: {coaching.quality}")
    typer.echo("A.R.E.: " + ", ".join(f"{k} {v:.0%}" for k, v in coaching.are.model_dump().items()))
    for flag in coaching.flags:
        words = ", ".join(f"“{w.text}”" for w in flag.words)
        typer.echo(f"  ! {flag.kind.replace('_', ' ')}" + (f": {words}" if words else ""))
    typer.echo("Other ways to answer:")
    for alternative in coaching.alternatives:
        typer.echo(f"  {alternative.kind.replace('_', ' ')}: {alternative.text}")


# --- between pause -------------------------------------------------------------------------


def pause(user: User) -> None:
    """Slow down, step by step: pause, body, cycle, on top, underneath, need; then keep it."""
    from rich.console import Console

    from between.coach import slowdown

    console = Console()
    with transaction() as db:
        from between.people.accounts import get_by_email

        person = get_by_email(db, user)
        flow = slowdown.begin(db, person)
        step, on_break = flow.step, slowdown.on_break(flow)
        until = on_break and _clock(flow.break_until, person)
    if on_break and not _confirm(f"You are on a break until {until}. Carry on anyway?"):
        return
    keys = slowdown.guide().keys
    for key in keys[keys.index(step):]:
        if not _run_step(console, user, key):
            return


def _confirm(question: str) -> bool:
    from rich.prompt import Confirm

    return Confirm.ask(question, default=False)


def _run_step(console, user: str, key: str) -> bool:
    """Ask one step and store it in its own transaction; False to stop here (a break)."""
    from between.coach import slowdown
    from between.people.accounts import get_by_email

    info = slowdown.guide().step(key)
    console.rule(info.title)
    console.print(info.prompt, highlight=False)
    with transaction() as db:
        person = get_by_email(db, user)
        if key == "done":
            return _finish(console, db, person)
        values = _ask(console, db, person, key)
        answered = slowdown.answer_step(db, person, key, values, skip=not values)
        flow = answered.flow
        if answered.safety.flag:
            # The flow stops here: the card for the writer, and no next prompt.
            _show_card(answered.safety)
            return False
        if key == "body" and slowdown.on_break(flow):
            _show_break(console, flow, person)
            return False
    return True


def _ask(console, db, person, key: str) -> dict:
    from rich.prompt import Confirm, Prompt

    from between.coach import slowdown

    flow = slowdown.begin(db, person)
    if key == "pause":
        return _given(happened=Prompt.ask("What is happening (Enter to skip)", default=""))
    if key == "body":
        rate = Prompt.ask("Heart rate, bpm (Enter to skip)", default="")
        if rate and not rate.isdigit():
            raise fail("the heart rate is a whole number of beats per minute")
        return _given(heart_rate=int(rate) if rate else None,
                      flooded=Confirm.ask("Do you feel flooded?", default=False) or None)
    if key == "cycle":
        sentence = slowdown.cycle_sentence(db, person)
        console.print(sentence or "No moments yet to draw your cycle from.", highlight=False)
        console.print("[bold]This is our pattern, not you.[/bold]")
        return {}
    if key == "on_top":
        return _given(on_top=Prompt.ask("On top, I feel (Enter to skip)", default=""))
    if key == "underneath":
        suggested = slowdown.underneath_suggestions(flow)
        if suggested:
            console.print(f"From what you wrote, it might be: {', '.join(suggested)}")
        console.print("Words that may fit: " + ", ".join(slowdown.all_feelings()), highlight=False)
        return _given(underneath=Prompt.ask("Underneath, I feel", default=" and ".join(suggested)))
    console.print("Needs that may fit: " + ", ".join(slowdown.all_needs()), highlight=False)
    return _given(need=Prompt.ask("What I need (Enter to skip)", default=""))


def _given(**values) -> dict:
    return {k: v for k, v in values.items() if v not in (None, "")}


def _clock(moment, person) -> str:
    """A time on the person's own clock, with its zone named (the terminal's may differ)."""
    from between.people.time import local

    return f"{local(moment, person.time_zone):%H:%M} ({person.time_zone})"


def _show_break(console, flow, person) -> None:
    from between.coach import slowdown

    guide = slowdown.guide()
    console.print(f"[bold]Take a break of at least {guide.break_minutes} minutes.[/bold] "
                  f"Come back at {_clock(flow.break_until, person)}.")
    for tip in guide.soothing:
        console.print(f"  · {tip}", highlight=False)
    console.print(guide.come_back + " Run `between pause` again.", highlight=False)


def _finish(console, db, person) -> bool:
    from rich.prompt import Prompt

    from between.coach import slowdown
    from between.coach.reach import coach_reach

    choice = Prompt.ask("Save as a [m]oment, write a [r]each, or [l]eave it for now",
                        choices=["m", "r", "l"], default="l")
    if choice == "m":
        moment_id = slowdown.save_as_moment(db, person)
        console.print(f"Saved as a private moment ({moment_id}).")
    elif choice == "r":
        draft = slowdown.reach_draft(slowdown.begin(db, person))
        slowdown.finish(db, person)
        if draft:
            from between.safety.writer import check_writing

            console.print(f"Your draft: {draft}", highlight=False)
            check = check_writing(db, person, draft, source="reach")
            if check.flag:
                _show_card(check)
            else:
                _show_reach(draft, coach_reach(draft, check.analysis))
    return True


# --- between conversation ------------------------------------------------------------------


def _person(db, user: str):
    from between.people.accounts import get_by_email

    return get_by_email(db, user)


@conversation_app.command("start")
def conversation_start(user: User, as_json: Json = False) -> None:
    """Start a softening conversation; you share first."""
    from between.coach import service

    with transaction() as db:
        conversation = service.start_conversation(db, _person(db, user))
        result = {"id": conversation.id, "status": conversation.status}
    print_json(result) if as_json else typer.echo(f"Started {result['id']}.")


@conversation_app.command("show")
def conversation_show(conversation_id: str, user: User, as_json: Json = False) -> None:
    """The conversation as you see it: status, step, whose turn, the turns."""
    from between.coach import service

    with transaction() as db:
        person = _person(db, user)
        view = service.conversation_view(
            db, service.read_conversation(db, person, conversation_id), person)
    if as_json:
        print_json(view)
        return
    typer.echo(f"{view['status']} · round {view['round']} · step {view['step']}"
               + (" · your turn" if view["your_turn"] else ""))
    for turn in view["turns"]:
        typer.echo(f"[{turn['step']}] {turn['text']}")


@conversation_app.command("turn")
def conversation_turn(conversation_id: str, user: User,
                      text: Annotated[str, typer.Option(help="What you say.")],
                      confirmed: Annotated[bool | None, typer.Option(
                          "--yes/--not-quite", help="At the confirm step.")] = None) -> None:
    """Take your turn (only when it is yours)."""
    from between.coach import service

    with transaction() as db:
        posted = service.post_turn(db, _person(db, user), conversation_id, text, confirmed)
    if posted.turn is None:
        from between.safety.service import pause_problem

        if posted.safety is not None and posted.safety.flag:
            _show_card(posted.safety)  # nothing was sent; the words stay the writer's draft
        raise fail(pause_problem().detail)
    typer.echo("Sent.")


@conversation_app.command("status")
def conversation_status(conversation_id: str, user: User,
                        action: Annotated[str, typer.Argument(
                            help="pause, resume, finish or stop")]) -> None:
    """Pause, resume, finish or stop the conversation (either partner may)."""
    from between.coach import service

    with transaction() as db:
        conversation = service.change_status(db, _person(db, user), conversation_id,
                                             service.check_action(action))
        status = conversation.status
    typer.echo(f"The conversation is {status}.")
