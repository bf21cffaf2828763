"""`between story`: the attachment reflection from the terminal, with exit code 2 on bad input."""

from __future__ import annotations

import json

import pytest

from tests.factories import run_cli as run


@pytest.fixture
def demo(cli):
    assert run(cli, "demo").exit_code == 0
    return cli


def test_write_finish_share_show_and_delete(demo):
    cli = demo
    made = run(cli, "story", "start", "--user", "sam@example.org", "--no-interactive",
               "--closeness", "My grandmother's kitchen.", "--wish", "That I push because I'm scared.",
               "--json")
    assert made.exit_code == 0, made.output
    story = json.loads(made.output)
    assert (story["status"], story["visibility"]) == ("draft", "private")
    assert list(story["answers"]) == ["closeness", "wish"]
    alex_sees = json.loads(run(cli, "story", "list", "--user", "alex@example.org", "--json").output)
    assert story["id"] not in {r["id"] for r in alex_sees}
    shared = run(cli, "story", "edit", story["id"], "--user", "sam@example.org", "--finish",
                 "--visibility", "partner")
    assert shared.exit_code == 0 and "finished, partner" in shared.output
    read = run(cli, "story", "show", story["id"], "--user", "alex@example.org")
    assert read.exit_code == 0 and "That I push because I'm scared." in read.output
    assert run(cli, "story", "delete", story["id"], "--user", "alex@example.org").exit_code == 2
    assert run(cli, "story", "delete", story["id"], "--user", "sam@example.org").exit_code == 0
    assert run(cli, "story", "show", story["id"], "--user", "sam@example.org").exit_code == 2


def test_interactive_asks_each_step_and_enter_skips(demo):
    answers = "\n".join(["", "Nobody came when I cried; I was neglected.", "", "", ""]) + "\n"
    made = run(demo, "story", "start", "--user", "sam@example.org", input=answers)
    assert made.exit_code == 0, made.output
    assert "Being comforted, or not." in made.output
    assert "Only you see this" in made.output and "neglected" in made.output
    listed = json.loads(run(demo, "story", "list", "--user", "sam@example.org", "--json").output)
    assert [r["answers"] for r in listed] == [{"comfort": "Nobody came when I cried; I was neglected."}]


def test_the_guide_speaks_of_the_persons_own_moments(demo):
    shown = run(demo, "story", "guide", "--user", "sam@example.org", "--json")
    assert shown.exit_code == 0, shown.output
    guide = json.loads(shown.output)
    assert [s["id"] for s in guide["steps"]][0] == "closeness"
    assert guide["echoes"]["moment_count"] >= 1
    assert "1. Closeness, early on" in run(demo, "story", "guide", "--user", "sam@example.org").output


@pytest.mark.parametrize("args, says", [
    (["story", "start", "--user", "sam@example.org", "--no-interactive", "--finish"], "every step is empty"),
    (["story", "start", "--user", "sam@example.org", "--no-interactive", "--wish", "x",
      "--visibility", "everyone"], "visibility"),
    (["story", "start", "--user", "sam@example.org", "--no-interactive", "--wish", "x" * 5001], "too long"),
    (["story", "show", "0" * 32, "--user", "sam@example.org"], "No such record"),
    (["story", "list", "--user", "nobody@example.org"], "Error:"),
])
def test_bad_input_exits_2_and_writes_nothing(demo, args, says):
    before = run(demo, "story", "list", "--user", "sam@example.org", "--json").output
    result = run(demo, *args)
    assert result.exit_code == 2, result.output
    assert "Error:" in result.output and says in result.output
    assert run(demo, "story", "list", "--user", "sam@example.org", "--json").output == before
