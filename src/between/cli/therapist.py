"""`between therapist ...`: the therapist link and the therapist's work, as the API has them.

A partner: invite, links, accept, revoke, access (what the therapist sees and every read),
sessions, share. A therapist: join (a code, or an invitation made to their email), invitations,
couples, dashboard, session add/record, stage, mark, note, notes, export. `--user` names who
acts; the same rules as the API answer (a link must be active for anything of a couple's).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from between.cli.main import fail, print_json, transaction

therapist_app = typer.Typer(help="The therapist both partners invite, and the therapist's work "
                            "with a couple.", no_args_is_help=True)
session_app = typer.Typer(help="The session arc (joint and individual sessions).",
                          no_args_is_help=True)
therapist_app.add_typer(session_app, name="session")
User = Annotated[str, typer.Option("--user", help="Email of the person acting.")]
Couple = Annotated[str, typer.Option("--couple", help="The couple's id (therapist couples).")]
LinkId = Annotated[str, typer.Option("--link", help="The link's id (therapist links).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def register(app: typer.Typer) -> None:
    app.add_typer(therapist_app, name="therapist")


def _link_json(db, link) -> dict:
    from between.api.therapist import link_out

    return link_out(db, link).model_dump(mode="json")


# -- the link ----------------------------------------------------------------------------


@therapist_app.command("invite")
def invite(user: User, as_json: AsJson = False,
           email: Annotated[str | None, typer.Option(
               "--email", help="Your therapist's account email: the invitation also waits on "
               "their couples page (nothing is sent).")] = None) -> None:
    """A partner: a code for your therapist (the link is active once both of you accept)."""
    from between.config import get_settings
    from between.people.accounts import get_by_email
    from between.therapist import links

    with transaction() as db:
        link, code = links.invite(db, get_by_email(db, user),
                                  invite_hours=get_settings().invite_hours, email=email)
        result = {"id": link.id, "code": code, "status": link.status}
    if as_json:
        print_json(result)
        return
    typer.echo(f"Give your therapist this code: {code}\nLink {result['id']}: once they have used "
               "it, each of you accepts them (between therapist accept).")


@therapist_app.command("join")
def join(user: User,
         code: Annotated[str | None, typer.Option(help="The code a partner gave you.")] = None,
         link: Annotated[str | None, typer.Option(
             "--link", help="Or: an invitation made to your email (between therapist "
             "invitations).")] = None,
         as_json: AsJson = False) -> None:
    """A therapist: join a couple with their code, or an invitation made to your email; the
    link waits for both partners."""
    from between.people.accounts import get_by_email
    from between.therapist import links

    if (code is None) == (link is None):
        raise fail("Give either --code or --link.")
    with transaction() as db:
        person = get_by_email(db, user)
        found = links.join(db, person, code) if code is not None else \
            links.join_invitation(db, person, link)
        result = {"id": found.id, "status": found.status}
    print_json(result) if as_json else typer.echo(
        f"Joined: link {result['id']} is {result['status']} until both partners accept.")


@therapist_app.command("invitations")
def invitations(user: User, as_json: AsJson = False) -> None:
    """A therapist: couples' invitations made to your account's email (join with --link)."""
    from between.api.therapist import invitation_out
    from between.people.accounts import get_by_email
    from between.therapist import links

    with transaction() as db:
        rows = [invitation_out(db, found).model_dump(mode="json")
                for found in links.invitations_for(db, get_by_email(db, user))]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['id']}  from {row['invited_by']}  (expires {row['expires_at']})")
    if not rows:
        typer.echo("No invitations.")


@therapist_app.command("links")
def list_links(user: User, as_json: AsJson = False) -> None:
    """Your couple's links (a partner) or the links you joined (a therapist)."""
    from between.people.accounts import get_by_email
    from between.therapist import links

    with transaction() as db:
        rows = [_link_json(db, link) for link in links.links_for(db, get_by_email(db, user))]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        who = row["therapist"]["display_name"] if row["therapist"] else "no therapist yet"
        typer.echo(f"{row['id']}  {row['status']:8}  {who}  "
                   f"({len(row['accepted_by'])} of 2 accepted)")
    if not rows:
        typer.echo("No therapist links.")


@therapist_app.command("accept")
def accept(user: User, link: LinkId, as_json: AsJson = False) -> None:
    """A partner: accept the therapist who joined; active once both of you have."""
    from between.people.accounts import get_by_email
    from between.therapist import links

    with transaction() as db:
        found = links.accept(db, get_by_email(db, user), link)
        result = {"id": found.id, "status": found.status}
    print_json(result) if as_json else typer.echo(f"Link {result['id']}: {result['status']}.")


@therapist_app.command("revoke")
def revoke(user: User, link: LinkId) -> None:
    """Either partner (or the therapist): end the link; access ends at once."""
    from between.people.accounts import get_by_email
    from between.therapist import links

    with transaction() as db:
        links.revoke(db, get_by_email(db, user), link)
    typer.echo(f"Link {link} ended.")


@therapist_app.command("access")
def access_view(user: User, as_json: AsJson = False) -> None:
    """A partner: what your therapist can see of yours today, and every time they opened
    something (from the audit log)."""
    from between.people.accounts import get_by_email
    from between.therapist import access

    with transaction() as db:
        person = get_by_email(db, user)
        visible = access.visible_today(db, person)
        result = {
            "status": visible.status,
            "therapist": visible.therapist.display_name if visible.therapist else None,
            "moments": [m.id for m in visible.moments],
            "check_ins": [c.id for c in visible.check_ins],
            "attachment_reflections": [r.id for r in visible.stories],
            "reads": [{"at": r.at, "action": r.action, "what": r.what, "record_id": r.record_id}
                      for r in access.therapist_reads(db, person)],
        }
    if as_json:
        print_json(result)
        return
    if result["status"] != "active":
        typer.echo("Your therapist sees nothing (no active link).")
    else:
        typer.echo(f"{result['therapist']} can see {len(result['moments'])} moment(s), "
                   f"{len(result['check_ins'])} check-in(s) and "
                   f"{len(result['attachment_reflections'])} attachment reflection(s) of yours.")
    typer.echo(f"They opened something {len(result['reads'])} time(s):")
    for read in result["reads"]:
        typer.echo(f"  {read['at']:%Y-%m-%d %H:%M} UTC  {read['what']}")


# -- the therapist's view of a couple -----------------------------------------------------


@therapist_app.command("couples")
def couples(user: User, as_json: AsJson = False) -> None:
    """A therapist: your couples whose link is active."""
    from between.people.accounts import get_by_email
    from between.therapist import dashboard

    with transaction() as db:
        rows = dashboard.couples_overview(db, get_by_email(db, user))
    if as_json:
        print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['couple_id']}  " + " and ".join(p["display_name"] for p in row["partners"]))
    if not rows:
        typer.echo("No couple has linked you yet.")


@therapist_app.command("dashboard")
def show_dashboard(user: User, couple: Couple, as_json: AsJson = False) -> None:
    """A therapist: one couple's dashboard, from what each partner shared with you."""
    from between.people.accounts import get_by_email
    from between.therapist import dashboard

    with transaction() as db:
        board = dashboard.couple_dashboard(db, get_by_email(db, user), couple)
    if as_json:
        print_json(board)
        return
    names = {p["id"]: p["display_name"] for p in board["partners"]}
    typer.echo(" and ".join(names.values()))
    typer.echo(f"The cycle: {board['cycle']['sentence']}")
    since = board["since_last_session"]
    typer.echo(f"Since {since['since']:%Y-%m-%d}: {since['moments']} moment(s), "
               f"{since['check_ins']} check-in(s), {since['conversations_finished']} "
               "softening conversation(s) finished.")
    for score in board["scores"]:
        changes = ", ".join(f"{s}: {c['label']}" for s, c in score["change"].items()) or "first shared"
        typer.echo(f"  {names.get(score['owner_id'], '')} {score['instrument']}: "
                   f"{score['scores']} ({changes})")
    typer.echo(f"{len(board['moments'])} recent shared moment(s); "
               f"{len(board['safety_alerts'])} safety alert(s).")


# -- the session arc ----------------------------------------------------------------------


@session_app.command("add")
def session_add(user: User, couple: Couple,
                kind: Annotated[str, typer.Option(help="joint or individual")],
                when: Annotated[str, typer.Option(help="ISO 8601, e.g. 2026-12-10T17:00:00+01:00 "
                                                  "(no zone: UTC)")],
                with_: Annotated[str | None, typer.Option(
                    "--with", help="An individual session: the partner's email.")] = None,
                as_json: AsJson = False) -> None:
    """A therapist: schedule a joint session, or an individual one with one partner."""
    from between.people.accounts import get_by_email
    from between.people.couples import partners
    from between.therapist import workspace

    try:
        scheduled = datetime.fromisoformat(when)
    except ValueError:
        raise fail(f"--when: not a date and time: {when!r}") from None
    with transaction() as db:
        partner_id = get_by_email(db, with_).id if with_ else None
        session = workspace.schedule_session(db, get_by_email(db, user), couple, kind=kind,
                                             scheduled_for=scheduled, partner_id=partner_id)
        view = workspace.session_view(session, {p.id: p.display_name for p in partners(db, couple)})
    print_json(view) if as_json else typer.echo(f"Scheduled session {view['id']}.")


@session_app.command("record")
def session_record(user: User, couple: Couple,
                   session: Annotated[str, typer.Option("--session", help="The session's id.")],
                   held: Annotated[bool | None, typer.Option("--held/--not-held")] = None,
                   summary: Annotated[str | None, typer.Option(
                       help="For the people in the session (an individual one: that partner).")] = None,
                   as_json: AsJson = False) -> None:
    """A therapist: mark a session held, and write its summary."""
    from between.people.accounts import get_by_email
    from between.people.couples import partners
    from between.therapist import workspace

    with transaction() as db:
        found = workspace.record_session(db, get_by_email(db, user), couple, session, held=held,
                                         summary=summary)
        view = workspace.session_view(found, {p.id: p.display_name for p in partners(db, couple)})
    print_json(view) if as_json else typer.echo(f"Session {view['id']} saved.")


@session_app.command("list")
def session_list(user: User, couple: Annotated[str | None, typer.Option(
        "--couple", help="A therapist: the couple's id.")] = None, as_json: AsJson = False) -> None:
    """The sessions: a therapist's with one couple, or a partner's own view of the arc."""
    from between.people.accounts import get_by_email
    from between.people.couples import partners
    from between.therapist import workspace

    with transaction() as db:
        person = get_by_email(db, user)
        found = (workspace.sessions_of(db, person, couple) if couple
                 else workspace.sessions_for_partner(db, person))
        names = {p.id: p.display_name for p in partners(db, found[0].couple_id)} if found else {}
        rows = [workspace.session_view(s, names) for s in found]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['id']}  {row['scheduled_for']:%Y-%m-%d %H:%M} UTC  {row['kind']:10} "
                   f"{row['with']}{'  held' if row['held_at'] else ''}")
        if row["summary"]:
            typer.echo(f"    {row['summary']}")
    if not rows:
        typer.echo("No sessions.")


@session_app.command("share")
def session_share(user: User, session: Annotated[str, typer.Option("--session")],
                  unshare: Annotated[bool, typer.Option(help="Stop sharing it.")] = False) -> None:
    """A partner: share your individual session's summary with your partner (or stop)."""
    from between.people.accounts import get_by_email
    from between.therapist import workspace

    with transaction() as db:
        workspace.share_session(db, get_by_email(db, user), session, not unshare)
    typer.echo("Your partner can no longer read it." if unshare else "Your partner can read it now.")


# -- stages, notes, export ----------------------------------------------------------------


@therapist_app.command("stage")
def stage(user: User, couple: Couple, as_json: AsJson = False) -> None:
    """A therapist: the EFT stages and steps with your marks, and the evidence offered."""
    from between.people.accounts import get_by_email
    from between.therapist import stages

    with transaction() as db:
        view = stages.tracker(db, get_by_email(db, user), couple)
    if as_json:
        print_json(view)
        return
    for stage_ in view["stages"]:
        typer.echo(f"Stage {stage_['stage']}: {stage_['name']}")
        for step in stage_["steps"]:
            typer.echo(f"  {'x' if step['marks'] else ' '} {step['step']}. {step['title']}")
    for evidence in view["offered_evidence"]:
        typer.echo(f"  evidence {evidence['key']}: {evidence['text']}")


@therapist_app.command("mark")
def mark(user: User, couple: Couple, step: Annotated[int, typer.Option(help="1 to 9.")],
         note: Annotated[str, typer.Option(help="Your note.")] = "",
         evidence: Annotated[list[str] | None, typer.Option(
             help="A key of evidence offered (between therapist stage); repeat for more.")] = None,
         as_json: AsJson = False) -> None:
    """A therapist: mark a step reached, with a note and the evidence you keep."""
    from between.people.accounts import get_by_email
    from between.therapist import stages

    with transaction() as db:
        view = stages.mark_view(stages.mark_step(db, get_by_email(db, user), couple, step=step,
                                                 note=note, evidence=evidence or []))
    print_json(view) if as_json else typer.echo(f"Step {step} marked.")


@therapist_app.command("note")
def note(user: User, couple: Couple,
         focus: Annotated[str | None, typer.Option(help="Focus of the session.")] = None,
         cycle: Annotated[str | None, typer.Option(help="The cycle today.")] = None,
         emotions: Annotated[str | None, typer.Option(help="Emotions reached.")] = None,
         interventions: Annotated[str | None, typer.Option(help="Interventions.")] = None,
         next_: Annotated[str | None, typer.Option("--next", help="For next time.")] = None,
         session: Annotated[str | None, typer.Option("--session", help="The session's id.")] = None,
         as_json: AsJson = False) -> None:
    """A therapist: a private session note (only you ever read it), by the template."""
    from between.people.accounts import get_by_email
    from between.therapist import workspace

    fields = {"focus": focus, "cycle": cycle, "emotions": emotions,
              "interventions": interventions, "next": next_}
    with transaction() as db:
        view = workspace.note_view(workspace.write_note(
            db, get_by_email(db, user), couple, {k: v for k, v in fields.items() if v},
            session_id=session))
    print_json(view) if as_json else typer.echo(f"Note {view['id']} saved.")


@therapist_app.command("notes")
def notes(user: User, couple: Couple, as_json: AsJson = False) -> None:
    """A therapist: your private notes with a couple, newest first."""
    from between.people.accounts import get_by_email
    from between.therapist import workspace

    with transaction() as db:
        rows = [workspace.note_view(n) for n in workspace.notes_of(db, get_by_email(db, user), couple)]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['created_at']:%Y-%m-%d %H:%M} UTC")
        for field, text in row["fields"].items():
            typer.echo(f"  {field}: {text}")


@therapist_app.command("export")
def export(user: User, couple: Couple,
           output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to FILE.")] = None
           ) -> None:
    """A therapist: the couple's progress report, therapist edition (JSON)."""
    import json

    from between.people.accounts import get_by_email
    from between.therapist.export import couple_export

    with transaction() as db:
        data = couple_export(db, get_by_email(db, user), couple)
    if output is None:
        print_json(data)
        return
    output.write_text(json.dumps(data, indent=2, default=str, ensure_ascii=False), encoding="utf-8")
    typer.echo(f"Wrote {output}.")
