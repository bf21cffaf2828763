"""`between safety check-in` and `between safety status` for the person at the terminal."""

from __future__ import annotations

import json

import pytest

from tests.factories import run_cli as run
from tests.safety.answers import AFRAID, CHECK_IN, all_clear


@pytest.fixture(autouse=True)
def sam(cli):
    made = run(cli, "user", "create", "--email", "sam@example.org", "--name", "Sam",
               "--password", "a long password")
    assert made.exit_code == 0, made.output


def test_check_in_from_a_file_then_status_as_json(cli, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(AFRAID))
    taken = run(cli, "safety", "check-in", "--user", "sam@example.org", "--answers-json",
                str(answers), "--json")
    assert taken.exit_code == 0, taken.output
    result = json.loads(taken.output)
    assert result["kinds"] == ["fear_of_partner"] and result["resources"]
    status = json.loads(run(cli, "safety", "status", "--user", "sam@example.org", "--json").output)
    assert status["risk_active"] is True
    assert "abuse_support" in [r["id"] for r in status["recommendations"]]


def test_the_interactive_check_in_takes_numbers_and_values(cli):
    answers = all_clear()
    typed = [str(next(n for n, o in enumerate(q.options, 1) if o.value == answers[q.id]))
             for q in CHECK_IN.questions if q.id in answers]
    typed[0] = "maybe\n" + answers[CHECK_IN.questions[0].id]  # a wrong reply is asked again
    taken = run(cli, "safety", "check-in", "--user", "sam@example.org",
                input="\n".join(typed) + "\n")
    assert taken.exit_code == 0, taken.output
    assert "A screening aid, not a validated instrument." in taken.output
    assert "Please type one of the numbers shown." in taken.output
    assert "Nothing is open right now." in run(cli, "safety", "status", "--user",
                                                  "sam@example.org").output


def test_bad_answers_exit_2_naming_each_item_and_store_nothing(cli, tmp_path, db_state):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({**all_clear(), "safe_at_home": "perhaps", "pets": "no"}))
    before = db_state()
    taken = run(cli, "safety", "check-in", "--user", "sam@example.org", "--answers-json",
                str(answers))
    assert taken.exit_code == 2
    assert "answers.safe_at_home" in taken.output and "answers.pets" in taken.output
    assert db_state() == before


@pytest.mark.parametrize("args", [
    ["safety", "status", "--user", "nobody@example.org"],
    ["safety", "check-in", "--user", "sam@example.org", "--answers-json", "/no/such/file"]])
def test_unknown_people_and_files_exit_2(cli, args):
    assert run(cli, *args).exit_code == 2
