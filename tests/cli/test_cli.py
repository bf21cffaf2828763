"""The `between` command: version, accounts, export, demo, and exit code 2 on bad input."""

from __future__ import annotations

import json

import pytest

from between import __version__
from tests.factories import run_cli as run


def test_version(cli):
    assert run(cli, "--version").output.strip() == f"between {__version__}"


def test_user_create_and_list_as_json(cli):
    made = run(cli, "user", "create", "--email", "sam@example.org", "--name", "Sam",
               "--password", "a long password", "--json")
    assert made.exit_code == 0, made.output
    listed = json.loads(run(cli, "user", "list", "--json").output)
    assert [u["email"] for u in listed] == ["sam@example.org"]


@pytest.mark.parametrize("args", [
    ["user", "create", "--email", "nope", "--name", "Sam", "--password", "a long password"],
    ["user", "create", "--email", "a@example.org", "--name", "Sam", "--password", "short"],
    ["export", "--user", "nobody@example.org"],
])
def test_bad_input_exits_2_with_a_message(cli, args):
    result = run(cli, *args)
    assert result.exit_code == 2
    assert "Error:" in result.output


def test_duplicate_user_exits_2_and_changes_nothing(cli):
    args = ["user", "create", "--email", "sam@example.org", "--name", "Sam",
            "--password", "a long password"]
    assert run(cli, *args).exit_code == 0
    again = run(cli, *args)
    assert again.exit_code == 2 and "already exists" in again.output
    assert len(json.loads(run(cli, "user", "list", "--json").output)) == 1


def test_demo_seeds_once_and_export_shows_only_what_alex_may_see(cli):
    assert run(cli, "demo").exit_code == 0
    assert run(cli, "demo").exit_code == 0  # idempotent
    sam = json.loads(run(cli, "export", "--user", "sam@example.org").output)
    alex = json.loads(run(cli, "export", "--user", "alex@example.org").output)
    assert len(sam["couple"]["partners"]) == 2
    alex_private = [m for m in alex["moments"] if m["visibility"] == "private"]
    assert alex_private and all(m["owner_id"] == alex["me"]["id"] for m in alex_private)
    sam_ids = {m["id"] for m in sam["moments"]}
    assert not sam_ids & {m["id"] for m in alex_private}


def test_moment_add_with_flags_and_cycle(cli):
    assert run(cli, "demo").exit_code == 0
    added = run(cli, "moment", "add", "--user", "sam@example.org", "--happened",
                "Alex went quiet again after I asked about money.", "--intensity", "6",
                "--no-interactive", "--json")
    assert added.exit_code == 0, added.output
    assert json.loads(added.output)["intensity"] == 6
    text = run(cli, "cycle", "--user", "sam@example.org")
    assert text.exit_code == 0 and "The more Sam" in text.output
    data = json.loads(run(cli, "cycle", "--user", "alex@example.org", "--json").output)
    assert data["pattern"] == "pursue_withdraw"


def test_moment_add_interactive(cli):
    assert run(cli, "demo").exit_code == 0
    answers = "We argued about the holidays.\nangry\n\n\nlonely\n\n7\nongoing\n"
    result = run(cli, "moment", "add", "--user", "sam@example.org", input=answers)
    assert result.exit_code == 0, result.output
    listed = json.loads(run(cli, "moment", "list", "--user", "sam@example.org", "--json").output)
    newest = [m for m in listed if m["happened"] == "We argued about the holidays."][0]
    assert newest["surface_reaction"] == "angry" and newest["intensity"] == 7


def test_moment_add_bad_input_exits_2(cli):
    assert run(cli, "demo").exit_code == 0
    result = run(cli, "moment", "add", "--user", "sam@example.org", "--happened", "x",
                 "--outcome", "won", "--no-interactive")
    assert result.exit_code == 2 and "outcome" in result.output


def test_times_typed_and_shown_on_the_persons_own_clock(cli):
    made = run(cli, "user", "create", "--email", "kai@example.org", "--name", "Kai",
               "--password", "a long password", "--time-zone", "Pacific/Auckland", "--json")
    assert json.loads(made.output)["time_zone"] == "Pacific/Auckland"
    # 08:30 on 2 Jan in Auckland (UTC+13 in summer) is 19:30 on 1 Jan in UTC
    added = run(cli, "moment", "add", "--user", "kai@example.org", "--happened", "A hard morning.",
                "--occurred-at", "2026-01-02T08:30", "--no-interactive", "--json")
    assert json.loads(added.output)["occurred_at"].startswith("2026-01-01 19:30")
    table = run(cli, "moment", "list", "--user", "kai@example.org").output
    assert "2026-01-02" in table and "2026-01-01" not in table


def test_an_unknown_time_zone_exits_2(cli):
    made = run(cli, "user", "create", "--email", "kai@example.org", "--name", "Kai",
               "--password", "a long password", "--time-zone", "Mars/Olympus")
    assert made.exit_code == 2 and "time zone" in made.output
    assert json.loads(run(cli, "user", "list", "--json").output) == []


@pytest.mark.parametrize("text", ["I want to kill myself.",
                                  "Honestly everyone would be better off without me"])
def test_moment_add_prints_the_crisis_card_in_place_of_suggestions(cli, text):
    assert run(cli, "demo").exit_code == 0
    added = run(cli, "moment", "add", "--user", "sam@example.org", "--happened", text,
                "--no-interactive")
    assert added.exit_code == 0, added.output
    assert "Saved moment" in added.output  # nothing written is lost
    assert "underneath, perhaps" not in added.output
    assert "Before anything else: you matter" in added.output
    assert "If you are in danger now, call" in added.output
    assert "Your safety plan: /safety/plan" in added.output
    listed = json.loads(run(cli, "moment", "list", "--user", "sam@example.org", "--json").output)
    assert any(m["happened"] == text for m in listed)
    as_json = json.loads(run(cli, "moment", "add", "--user", "sam@example.org", "--happened",
                             text, "--no-interactive", "--json").output)
    assert as_json["safety"]["flag"] is True and as_json["suggestions"] is None


def test_moment_add_without_risk_shows_no_card(cli):
    assert run(cli, "demo").exit_code == 0
    added = run(cli, "moment", "add", "--user", "sam@example.org", "--happened",
                "I felt alone and scared when Alex went quiet.", "--no-interactive")
    assert added.exit_code == 0, added.output
    assert "Before anything else" not in added.output
    assert "underneath, perhaps" in added.output
