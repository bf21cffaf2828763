"""Every file a person hands the CLI, fuzzed: `analyze --jsonl`, `analyze-reply --jsonl`,
`check-in --answers-json`, `safety check-in --answers-json`, `restore`. Each run ends with
exit 0, or exit 2 and an `Error: ...` line; never a traceback, and a refusal writes nothing."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import run_cli
from tests.fuzz.hostile import hostile_bytes, hostile_text, json_values
from tests.fuzz.hypothesis_profiles import FUZZ


def _clean_exit(result) -> None:
    assert result.exit_code in (0, 2), f"exit {result.exit_code}: {result.output[-500:]!r} {result.exception!r}"
    if result.exit_code == 2:
        assert "Error:" in result.output


def jsonl_lines(fields: tuple[str, ...]):
    good = st.fixed_dictionaries({name: hostile_text(8) for name in fields},
                                 optional={"id": json_values()})
    line = st.one_of(good.map(lambda d: json.dumps(d, ensure_ascii=False)),
                     json_values().map(json.dumps), hostile_text(6))
    return st.lists(line, max_size=5).map("\n".join)


@pytest.fixture
def file(tmp_path):
    return tmp_path / "given"


def _write(file, content) -> None:
    if isinstance(content, bytes):
        file.write_bytes(content)
    else:
        file.write_text(content, encoding="utf-8", errors="surrogatepass")


@pytest.fixture
def runner():
    """The analysis commands touch no database."""
    from typer.testing import CliRunner

    return CliRunner()


@FUZZ
@given(content=st.one_of(jsonl_lines(("text",)), hostile_bytes()))
def test_analyze_jsonl(runner, file, content):
    _write(file, content)
    _clean_exit(run_cli(runner, "analyze", "--jsonl", str(file)))


@FUZZ
@given(content=st.one_of(jsonl_lines(("share", "reply")), hostile_bytes()))
def test_analyze_reply_jsonl(runner, file, content):
    _write(file, content)
    _clean_exit(run_cli(runner, "analyze-reply", "--jsonl", str(file)))


@pytest.fixture
def person(cli):
    result = run_cli(cli, "user", "create", "--email", "file@example.org", "--name", "File",
                     input="a long enough password\na long enough password\n")
    assert result.exit_code == 0, result.output
    return "file@example.org"


answers = st.one_of(st.dictionaries(st.one_of(st.sampled_from(["1", "2", "3", "4", "١", "²", "01", " 1"]),
                                              hostile_text(2)), json_values(), max_size=6)
                    .map(lambda d: json.dumps(d, ensure_ascii=False)), json_values().map(json.dumps),
                    hostile_bytes())


@FUZZ
@given(content=answers)
def test_check_in_answers_json(cli, person, file, content, db_state):
    _write(file, content)
    before = db_state()
    result = run_cli(cli, "check-in", "--user", person, "--instrument", "csi4", "--answers-json", str(file))
    _clean_exit(result)
    if result.exit_code == 2:
        assert db_state() == before


@FUZZ
@given(content=answers)
def test_safety_check_in_answers_json(cli, person, file, content, db_state):
    _write(file, content)
    before = db_state()
    result = run_cli(cli, "safety", "check-in", "--user", person, "--answers-json", str(file))
    _clean_exit(result)
    if result.exit_code == 2:
        assert db_state() == before


@FUZZ
@given(content=hostile_bytes())
def test_restore_refuses_what_is_not_a_backup(cli, person, file, content, db_state):
    _write(file, content)
    before = db_state()
    result = run_cli(cli, "restore", str(file), "--force")
    assert result.exit_code == 2 and "Error:" in result.output, result.output
    assert db_state() == before
