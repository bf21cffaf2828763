"""Inviting a therapist by their account email: the invitation waits on that therapist
account's page and they join it with one action (no code). The answer never tells whether such
an account exists or is a therapist's; only a therapist account with that email sees it; the
email lives only on the invited link and is cleared when it is joined or revoked."""

from __future__ import annotations

import json

from sqlalchemy import select

from between.therapist.models import TherapistLink
from tests.factories import PASSWORD, couple, run_cli, sign_up
from tests.therapist.test_pages import browser_for, post
from tests.therapist.world import therapist_account


def _stored_email(db_factory, link_id: str) -> str | None:
    with db_factory() as db:
        return db.scalar(select(TherapistLink.invite_email).where(TherapistLink.id == link_id))


def _invite(client, partner, email):
    made = client.post("/api/v1/therapist-links", json={"email": email}, headers=partner.auth)
    assert made.status_code == 201, made.text
    return made


def _invitations(client, person):
    listed = client.get("/api/v1/therapist/invitations", headers=person.auth)
    assert listed.status_code == 200, listed.text
    return listed.json()


def test_the_answer_is_the_same_whoever_has_the_email(client, db_factory):
    therapist = therapist_account(client)
    someone = sign_up(client, "Robin")  # a partner account
    answers = []
    for email in (therapist.email, someone.email, "nobody-here@example.org"):
        sam, _ = couple(client)
        made = _invite(client, sam, email.upper())
        answers.append((made.status_code, sorted(made.json()), made.json()["status"],
                        made.headers.get("content-type")))
        assert _stored_email(db_factory, made.json()["id"]) == email.lower()
    assert answers[0] == answers[1] == answers[2] == (
        201, ["code", "id", "status"], "invited", "application/json")
    # The listing the partners see does not change either (it never shows who has an account).
    # Only the therapist with that email sees an invitation; the partner account sees nothing.
    assert len(_invitations(client, therapist)) == 1
    assert _invitations(client, someone) == []
    assert _invitations(client, therapist_account(client)) == []


def test_the_whole_life_cycle_by_email(client, db_factory):
    sam, alex = couple(client)
    therapist = therapist_account(client)
    made = _invite(client, sam, f"  {therapist.email}  ").json()
    [invitation] = _invitations(client, therapist)
    assert invitation["id"] == made["id"] and invitation["invited_by"] == "Sam"
    # Neither partner, nor another therapist, can take it up.
    other = therapist_account(client)
    for person in (alex, sam, other):
        refused = client.post(f"/api/v1/therapist/invitations/{made['id']}/join",
                              headers=person.auth)
        assert refused.status_code == 404, refused.text
    joined = client.post(f"/api/v1/therapist/invitations/{made['id']}/join",
                         headers=therapist.auth)
    assert joined.status_code == 200 and joined.json() == {"id": made["id"], "status": "pending"}
    assert _stored_email(db_factory, made["id"]) is None
    assert _invitations(client, therapist) == []
    # The code of a joined link is used up, as when joining by code.
    again = client.post("/api/v1/therapist-links/join", json={"code": made["code"]},
                        headers=other.auth)
    assert again.status_code == 409
    # Both partners still accept; nothing is readable until then.
    couple_id = client.get("/api/v1/couples/current", headers=sam.auth).json()["id"]
    assert client.get(f"/api/v1/therapist/couples/{couple_id}",
                      headers=therapist.auth).status_code == 404
    first = client.post(f"/api/v1/therapist-links/{made['id']}/accept", headers=sam.auth)
    assert first.json()["status"] == "pending"
    assert client.get(f"/api/v1/therapist/couples/{couple_id}",
                      headers=therapist.auth).status_code == 404
    second = client.post(f"/api/v1/therapist-links/{made['id']}/accept", headers=alex.auth)
    assert second.json()["status"] == "active"
    assert client.get(f"/api/v1/therapist/couples/{couple_id}",
                      headers=therapist.auth).status_code == 200


def test_revoking_or_replacing_clears_the_email_and_the_invitation(client, db_factory):
    sam, alex = couple(client)
    therapist = therapist_account(client)
    first = _invite(client, sam, therapist.email).json()
    second = _invite(client, alex, therapist.email).json()  # replaces the first
    assert _stored_email(db_factory, first["id"]) is None
    assert [i["id"] for i in _invitations(client, therapist)] == [second["id"]]
    assert client.delete(f"/api/v1/therapist-links/{second['id']}",
                         headers=sam.auth).status_code == 204
    assert _stored_email(db_factory, second["id"]) is None
    assert _invitations(client, therapist) == []
    late = client.post(f"/api/v1/therapist/invitations/{second['id']}/join",
                       headers=therapist.auth)
    assert late.status_code == 404


def test_joining_by_code_clears_the_email(client, db_factory):
    sam, _ = couple(client)
    named, joiner = therapist_account(client), therapist_account(client)
    made = _invite(client, sam, named.email).json()
    joined = client.post("/api/v1/therapist-links/join", json={"code": made["code"]},
                         headers=joiner.auth)
    assert joined.status_code == 200
    assert _stored_email(db_factory, made["id"]) is None
    assert _invitations(client, named) == []


def test_bad_emails_and_therapists_are_refused_without_writing(client, db_state):
    sam, _ = couple(client)
    therapist = therapist_account(client)
    before = db_state()
    for body, who in (({"email": "not an email"}, sam), ({"email": "x@y.org"}, therapist),
                      ({"email": "a@b.org", "other": 1}, sam)):
        refused = client.post("/api/v1/therapist-links", json=body, headers=who.auth)
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert db_state() == before
    # A blank email is no email: an ordinary code invitation.
    assert client.post("/api/v1/therapist-links", json={"email": " "},
                       headers=sam.auth).status_code == 201


def test_the_pages(app, client):
    sam, _ = couple(client)
    therapist = therapist_account(client)
    partner_account = sign_up(client, "Robin")
    sam_web, dr_web = browser_for(app, sam), browser_for(app, therapist)
    assert 'name="email"' in sam_web.get("/couple/therapist").text
    bad = post(sam_web, "/couple/therapist/invite", email="not an email")
    assert bad.status_code == 422 and 'value="not an email"' in bad.text
    made = post(sam_web, "/couple/therapist/invite", email=therapist.email)
    assert made.status_code == 200 and 'id="therapist-code"' in made.text
    home = dr_web.get("/therapist")
    assert "Invitations to your email" in home.text and "Join Sam's couple" in home.text
    assert "Invitations to your email" not in browser_for(app, partner_account).get(
        "/couple/therapist").text
    [invitation] = _invitations(client, therapist)
    joined = post(dr_web, f"/therapist/invitations/{invitation['id']}/join")
    assert joined.status_code == 303
    home = dr_web.get("/therapist")
    assert "Invitations to your email" not in home.text and "Waiting for the couple" in home.text


def test_the_command_line(cli):
    for email, name, extra in (("sam@example.org", "Sam", ()), ("alex@example.org", "Alex", ()),
                               ("dr@example.org", "Dr Lee", ("--therapist",))):
        assert run_cli(cli, "user", "create", "--email", email, "--name", name,
                       "--password", PASSWORD, *extra).exit_code == 0
    from between.config import get_settings
    from between.db.engine import make_engine, make_sessionmaker, unit_of_work
    from between.people.accounts import get_by_email
    from between.people.couples import create_couple, join_couple

    engine = make_engine(get_settings().database_url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        _, code = create_couple(db, get_by_email(db, "sam@example.org"), invite_hours=1)
        join_couple(db, get_by_email(db, "alex@example.org"), code)
    engine.dispose()
    bad = run_cli(cli, "therapist", "invite", "--user", "sam@example.org", "--email", "nope")
    assert bad.exit_code == 2
    made = run_cli(cli, "therapist", "invite", "--user", "sam@example.org", "--email",
                   "dr@example.org", "--json")
    assert made.exit_code == 0, made.output
    link_id = json.loads(made.output)["id"]
    assert run_cli(cli, "therapist", "invitations", "--user", "alex@example.org",
                   "--json").output.strip() == "[]"
    listed = run_cli(cli, "therapist", "invitations", "--user", "dr@example.org", "--json")
    assert [i["id"] for i in json.loads(listed.output)] == [link_id]
    assert run_cli(cli, "therapist", "join", "--user", "dr@example.org").exit_code == 2
    joined = run_cli(cli, "therapist", "join", "--user", "dr@example.org", "--link", link_id,
                     "--json")
    assert joined.exit_code == 0, joined.output
    assert json.loads(joined.output) == {"id": link_id, "status": "pending"}
