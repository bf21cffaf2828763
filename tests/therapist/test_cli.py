"""CLI parity: the consent life-cycle, the dashboard, the session arc, stages, notes, export,
and a partner's view of what the therapist sees, through `between therapist ...`."""

from __future__ import annotations

import json

from tests.factories import PASSWORD, run_cli


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_whole_life_cycle_and_the_work_from_the_command_line(cli, tmp_path):
    for email, name, extra in (("sam@example.org", "Sam", ()), ("alex@example.org", "Alex", ()),
                               ("dr@example.org", "Dr Lee", ("--therapist",))):
        assert run_cli(cli, "user", "create", "--email", email, "--name", name,
                       "--password", PASSWORD, *extra).exit_code == 0
    # Sam and Alex pair up (through the people service, as the CLI has no couple command).
    from between.config import get_settings
    from between.db.engine import make_engine, make_sessionmaker, unit_of_work
    from between.moments.service import NewMoment, record_moment
    from between.people.accounts import get_by_email
    from between.people.couples import create_couple, join_couple

    engine = make_engine(get_settings().database_url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        couple, code = create_couple(db, get_by_email(db, "sam@example.org"), invite_hours=1)
        couple_id = couple.id
        join_couple(db, get_by_email(db, "alex@example.org"), code)
    with unit_of_work(make_sessionmaker(engine)) as db:
        record_moment(db, get_by_email(db, "alex@example.org"), NewMoment(
            happened="I went quiet when Sam raised the money.", visibility="therapist",
            deeper_feeling="afraid"))
    engine.dispose()

    made = _json(run_cli(cli, "therapist", "invite", "--user", "sam@example.org", "--json"))
    assert made["status"] == "invited"
    assert _json(run_cli(cli, "therapist", "join", "--user", "dr@example.org", "--code",
                         made["code"], "--json")) == {"id": made["id"], "status": "pending"}
    refused = run_cli(cli, "therapist", "dashboard", "--user", "dr@example.org", "--couple", couple_id)
    assert refused.exit_code == 2 and "Error:" in refused.output
    assert _json(run_cli(cli, "therapist", "accept", "--user", "sam@example.org", "--link",
                         made["id"], "--json"))["status"] == "pending"
    assert _json(run_cli(cli, "therapist", "accept", "--user", "alex@example.org", "--link",
                         made["id"], "--json"))["status"] == "active"

    board = _json(run_cli(cli, "therapist", "dashboard", "--user", "dr@example.org",
                          "--couple", couple_id, "--json"))
    assert [m["happened"] for m in board["moments"]] == ["I went quiet when Sam raised the money."]
    session = _json(run_cli(cli, "therapist", "session", "add", "--user", "dr@example.org",
                            "--couple", couple_id, "--kind", "individual", "--with",
                            "alex@example.org", "--when", "2026-12-10T17:00:00", "--json"))
    _json(run_cli(cli, "therapist", "session", "record", "--user", "dr@example.org", "--couple",
                  couple_id, "--session", session["id"], "--held", "--summary",
                  "Alex spoke of long silences at home.", "--json"))
    alex_view = run_cli(cli, "therapist", "session", "list", "--user", "alex@example.org")
    sam_view = run_cli(cli, "therapist", "session", "list", "--user", "sam@example.org")
    assert "long silences" in alex_view.output and "long silences" not in sam_view.output
    stage = _json(run_cli(cli, "therapist", "stage", "--user", "dr@example.org", "--couple",
                          couple_id, "--json"))
    key = stage["offered_evidence"][0]["key"]
    marked = _json(run_cli(cli, "therapist", "mark", "--user", "dr@example.org", "--couple",
                           couple_id, "--step", "3", "--note", "Fear under the silence.",
                           "--evidence", key, "--json"))
    assert marked["evidence"][0]["key"] == key
    bad = run_cli(cli, "therapist", "mark", "--user", "dr@example.org", "--couple", couple_id,
                  "--step", "12")
    assert bad.exit_code == 2 and "step" in bad.output
    _json(run_cli(cli, "therapist", "note", "--user", "dr@example.org", "--couple", couple_id,
                  "--focus", "Money talk.", "--next", "A private hunch.", "--json"))
    out = tmp_path / "report.json"
    assert run_cli(cli, "therapist", "export", "--user", "dr@example.org", "--couple", couple_id,
                   "-o", str(out)).exit_code == 0
    report = json.loads(out.read_text())
    assert report["notes"][0]["fields"]["next"] == "A private hunch."
    assert report["stage"]["current_step"] == 3

    access = _json(run_cli(cli, "therapist", "access", "--user", "alex@example.org", "--json"))
    assert access["status"] == "active" and len(access["moments"]) == 1
    assert {"moment", "therapist_dashboard"} <= {r["what"] for r in access["reads"]}

    assert run_cli(cli, "therapist", "revoke", "--user", "alex@example.org", "--link",
                   made["id"]).exit_code == 0
    gone = run_cli(cli, "therapist", "export", "--user", "dr@example.org", "--couple", couple_id)
    assert gone.exit_code == 2 and "A private hunch." not in gone.output
    assert _json(run_cli(cli, "therapist", "couples", "--user", "dr@example.org", "--json")) == []
