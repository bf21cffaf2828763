"""`between coach`, `between pause` and `between conversation` from the shell."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from between.cli.main import app
from tests.factories import run_cli as run
from tests.safety.answers import all_clear


def make_user(cli, name):
    email = f"{name.lower()}@example.org"
    made = run(cli, "user", "create", "--email", email, "--name", name,
               "--password", "a long password")
    assert made.exit_code == 0, made.output
    return email


def test_coach_reach_needs_no_account_and_prints_json():
    result = CliRunner().invoke(app, ["coach", "reach", "--json",
                                      "Why are you always on your phone? Can you put it down?"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["register"] == "criticism"
    assert body["suggestion"]["parts"]["request"]["text"] == "put it down"


def test_coach_reach_reads_stdin_and_refuses_nothing():
    result = CliRunner().invoke(app, ["coach", "reach"], input="  ")
    assert result.exit_code == 2 and "Error:" in result.output


def test_coach_reply_practice_mode():
    listed = CliRunner().invoke(app, ["coach", "reply", "--practice", "list", "--json"])
    assert "quiet-after-dinner" in json.loads(listed.output)
    result = CliRunner().invoke(app, ["coach", "reply", "--practice", "quiet-after-dinner",
                                      "--reply", "Calm down.", "--json"])
    body = json.loads(result.output)
    # The label is the model's call (it reads this pair as withdrawing or dismissive, unsure);
    # the cue that names the dismissal is the coaching's own and always shown.
    assert body["quality"] in ("dismissive", "withdrawing")
    assert body["flags"][0]["kind"] == "dismissive" and body["flags"][0]["words"][0]["text"] == "Calm down"
    assert len(body["alternatives"]) == 5


def test_pause_walks_the_steps_and_saves_a_moment(cli):
    email = make_user(cli, "Sam")
    answers = "\n".join(["We argued about the dishes", "", "n", "", "angry", "scared",
                         "to feel safe", "m"]) + "\n"
    result = run(cli, "pause", "--user", email, input=answers)
    assert result.exit_code == 0, result.output
    assert "This is our pattern, not you." in result.output
    assert "Saved as a private moment" in result.output


def test_pause_offers_a_break_when_flooded_and_keeps_answers(cli):
    email = make_user(cli, "Sam")
    result = run(cli, "pause", "--user", email, input="The fight\n120\nn\n")
    assert result.exit_code == 0, result.output
    assert "Take a break of at least 20 minutes" in result.output
    assert "(UTC)" in result.output  # the person's own clock, named (UTC for this account)
    again = run(cli, "pause", "--user", email, input="n\n")
    assert "You are on a break until" in again.output and "(UTC)" in again.output


def test_conversation_commands_follow_turns(cli, tmp_path):
    sam, alex = make_user(cli, "Sam"), make_user(cli, "Alex")
    from between.config import get_settings
    from between.db.engine import make_engine, make_sessionmaker, unit_of_work
    from between.people.accounts import get_by_email
    from between.people.couples import create_couple, join_couple

    engine = make_engine(get_settings().database_url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        _, code = create_couple(db, get_by_email(db, sam), invite_hours=1)
        join_couple(db, get_by_email(db, alex), code)
    engine.dispose()
    refused = run(cli, "conversation", "start", "--user", sam, "--json")
    assert refused.exit_code != 0 and "private check-in" in refused.output
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(all_clear()))
    for user in (sam, alex):  # each alone, before joint work
        taken = run(cli, "safety", "check-in", "--user", user, "--answers-json", str(answers))
        assert taken.exit_code == 0, taken.output
    started = json.loads(run(cli, "conversation", "start", "--user", sam, "--json").output)
    conversation_id = started["id"]
    wrong = run(cli, "conversation", "turn", conversation_id, "--user", alex, "--text", "Hi")
    assert wrong.exit_code == 2 and "partner's turn" in wrong.output
    sent = run(cli, "conversation", "turn", conversation_id, "--user", sam,
               "--text", "When you went quiet, I felt alone.")
    assert sent.exit_code == 0, sent.output
    shown = json.loads(run(cli, "conversation", "show", conversation_id, "--user", alex,
                           "--json").output)
    assert shown["step"] == "reflect" and shown["your_turn"] is True
    stopped = run(cli, "conversation", "status", conversation_id, "stop", "--user", alex)
    assert "stopped" in stopped.output
