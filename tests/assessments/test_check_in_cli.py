"""`between check-in`, `between progress` and `between report` from the shell."""

from __future__ import annotations

import json

import pytest

from tests.factories import run_cli as run


@pytest.fixture(autouse=True)
def sam(cli):
    made = run(cli, "user", "create", "--email", "sam@example.org", "--name", "Sam",
               "--password", "a long password")
    assert made.exit_code == 0, made.output


def answers_file(tmp_path, answers) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    return str(path)


def test_check_in_from_a_file_prints_the_score_and_band(cli, tmp_path):
    result = run(cli, "check-in", "--user", "sam@example.org", "--instrument", "csi4",
                 "--answers-json", answers_file(tmp_path, {"1": 4, "2": 3, "3": 3, "4": 4}))
    assert result.exit_code == 0, result.output
    assert "total: 14 — At or above the distress cut-off (13.5)" in result.output


def test_bad_answers_exit_2_naming_each_item(cli, tmp_path):
    result = run(cli, "check-in", "--user", "sam@example.org", "--instrument", "csi4",
                 "--answers-json", answers_file(tmp_path, {"1": 9, "2": 3}))
    assert result.exit_code == 2
    assert "answers.1: must be an integer from 0 to 6" in result.output
    assert "answers.3: required" in result.output


@pytest.mark.parametrize("args", [
    ["--instrument", "bdi", "--answers-json", "{file}"],
    ["--instrument", "csi4", "--answers-json", "/nonexistent.json"],
    ["--instrument", "csi4", "--answers-json", "{file}", "--visibility", "everyone"],
])
def test_other_bad_input_exits_2(cli, tmp_path, args):
    file = answers_file(tmp_path, {"1": 4, "2": 3, "3": 3, "4": 4})
    result = run(cli, "check-in", "--user", "sam@example.org",
                 *(a.replace("{file}", file) for a in args))
    assert result.exit_code == 2 and "Error:" in result.output


def test_interactive_check_in_asks_each_item_and_re_asks_out_of_range(cli):
    result = run(cli, "check-in", "--user", "sam@example.org", "--instrument", "csi4", "--json",
                 input="9\n4\n3\n3\n4\n")
    assert result.exit_code == 0, result.output
    assert "Please indicate the degree of happiness" in result.output
    saved = json.loads(result.output[result.output.index("{\n"):])
    assert saved["scores"] == {"total": 14.0} and saved["answers"]["1"] == 4


def test_a_draft_from_the_shell(cli, tmp_path):
    result = run(cli, "check-in", "--user", "sam@example.org", "--instrument", "csi4", "--draft",
                 "--json", "--answers-json", answers_file(tmp_path, {"1": 4}))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["status"] == "draft"


def test_progress_as_text_and_json_and_the_pdf_report(cli, tmp_path):
    for values in ([3, 2, 2, 2], [4, 3, 3, 4]):
        answers = {str(n): v for n, v in enumerate(values, start=1)}
        assert run(cli, "check-in", "--user", "sam@example.org", "--instrument", "csi4",
                   "--answers-json", answers_file(tmp_path, answers)).exit_code == 0
    text = run(cli, "progress", "--user", "sam@example.org")
    assert "reliable improvement since 9" in text.output
    data = json.loads(run(cli, "progress", "--user", "sam@example.org", "--json").output)
    assert data["tracks"][0]["latest_change"] == {"You": "reliable improvement"}
    pdf = tmp_path / "progress.pdf"
    made = run(cli, "report", "--user", "sam@example.org", "--pdf", str(pdf))
    assert made.exit_code == 0, made.output
    assert pdf.read_bytes().startswith(b"%PDF")
