"""`between analyze` and `between analyze-reply` through Typer's CliRunner."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from between.analysis import engine, taxonomy
from between.cli.analysis import register


class UniformModel:
    """A learned layer with no opinion: every label equally likely."""

    def message_scores(self, texts, sentences=None):
        return [self._uniform(taxonomy.REGISTERS, taxonomy.GOEMOTIONS) for _ in texts]

    def reply_scores(self, shares, replies, sentences=None):
        n = len(taxonomy.REPLY_QUALITIES)
        return [
            {"quality": dict.fromkeys(taxonomy.REPLY_QUALITIES, 1 / n),
             "are": dict.fromkeys(taxonomy.ARE_DIMENSIONS, 0.5),
             "empathy": {m: [1 / 3] * 3 for m in taxonomy.EMPATHY_MECHANISMS}}
            for _ in replies
        ]  # fmt: skip

    @staticmethod
    def _uniform(registers, emotions):
        return {
            "register": dict.fromkeys(registers, 1 / len(registers)),
            "risk": dict.fromkeys(("any", *taxonomy.RISK_KINDS), 0.01),
            "emotions": dict.fromkeys(emotions, 0.1),
            "deeper_feelings": dict.fromkeys(taxonomy.DEEPER_FEELINGS, 0.1),
            "needs": dict.fromkeys(taxonomy.NEEDS, 0.1),
        }


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setattr(engine, "default_learned_layer", UniformModel)
    cli = typer.Typer()
    register(cli)
    return cli


@pytest.fixture
def runner():
    return CliRunner()


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_analyze_one_text_prints_one_json_object(app, runner):
    result = runner.invoke(app, ["analyze", "you never listen, you're so selfish"])
    assert result.exit_code == 0, result.output
    (record,) = lines(result.stdout)
    assert record["register"]["label"] == "criticism"
    assert record["layers"] == "both"
    assert {"risk", "emotions", "deeper_feelings", "needs", "evidence", "low_confidence"} <= set(record)


def test_layers_option_selects_the_cue_layer(app, runner):
    result = runner.invoke(app, ["analyze", "whatever.", "--layers", "cues"])
    assert lines(result.stdout)[0]["layers"] == "cues"


def test_jsonl_keeps_ids_and_reports_bad_lines_in_place(app, runner, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "a", "text": "I miss us"}\n'
        "this is not json\n"
        "\n"
        '{"id": 7, "text": "   "}\n'
        '{"id": "c", "text": "whatever."}\n'
        '{"text": "no id here"}\n'
        '["not", "an", "object"]\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["analyze", "--jsonl", str(source)])
    assert result.exit_code == 0, result.output
    records = lines(result.stdout)
    assert len(records) == 6, "blank lines are skipped, every other line answers in place"
    assert records[0]["id"] == "a" and records[0]["register"]["label"] == "vulnerable"
    assert records[1] == {"id": None, "error": records[1]["error"]}
    assert records[1]["error"].startswith("line 2: not valid JSON")
    assert records[2]["id"] == 7 and records[2]["error"].startswith("line 4:") and "empty" in records[2]["error"]
    assert records[3]["id"] == "c" and records[3]["register"]["label"] == "withdrawal"
    assert "id" not in records[4] and "register" in records[4]
    assert records[5]["error"].startswith("line 7:")


def test_jsonl_from_stdin(app, runner):
    result = runner.invoke(app, ["analyze", "--jsonl", "-"], input='{"id": 1, "text": "hello"}\n')
    assert result.exit_code == 0
    assert lines(result.stdout)[0]["id"] == 1


def test_analyze_reply_jsonl(app, runner, tmp_path):
    source = tmp_path / "pairs.jsonl"
    source.write_text(
        '{"id": "r1", "share": "I felt alone", "reply": "that makes sense. what was that like?"}\n'
        '{"id": "r2", "share": "I felt alone"}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["analyze-reply", "--jsonl", str(source)])
    assert result.exit_code == 0, result.output
    first, second = lines(result.stdout)
    assert first["id"] == "r1" and first["quality"]["label"] == "responsive"
    assert set(first["are"]) == set(taxonomy.ARE_DIMENSIONS)
    assert second["id"] == "r2" and "'reply' must be a string" in second["error"]


def test_a_line_the_model_chokes_on_is_reported_and_the_rest_continue(app, runner, monkeypatch):
    class Choking(UniformModel):
        def message_scores(self, texts, sentences=None):
            if any("boom" in text for text in texts):
                raise ValueError("tokenizer failed")
            return super().message_scores(texts, sentences)

    monkeypatch.setattr(engine, "default_learned_layer", Choking)
    stdin = '{"id": 1, "text": "hello"}\n{"id": 2, "text": "boom"}\n{"id": 3, "text": "whatever."}\n'
    result = runner.invoke(app, ["analyze", "--jsonl", "-"], input=stdin)
    assert result.exit_code == 0
    first, second, third = lines(result.stdout)
    assert first["id"] == 1 and "register" in first
    assert second == {"id": 2, "error": "line 2: could not be analysed (ValueError: tokenizer failed)"}
    assert third["id"] == 3 and third["register"]["label"] == "withdrawal"


@pytest.mark.parametrize(
    "args",
    [
        ["analyze"],
        ["analyze", "hi", "--jsonl", "x.jsonl"],
        ["analyze", "   "],
        ["analyze", "hi", "--layers", "magic"],
        ["analyze", "--jsonl", "/no/such/file.jsonl"],
        ["analyze-reply"],
    ],
)
def test_bad_arguments_exit_2_with_a_message_on_stderr(app, runner, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.strip() and not result.stdout.strip()
