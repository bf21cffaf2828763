"""`between analyze` and `between analyze-reply`: the analysis engine from the shell.

One JSON object per input on stdout; a line that cannot be analysed yields
{"id": ..., "error": "line N: ..."} in its place and the run goes on. The engine (and the model
behind it) is imported inside the commands so `between --help` stays instant.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from between.errors import BetweenError

BATCH = 64  # lines analysed per learned-layer pass

Layers = Annotated[
    str, typer.Option(help="Which layers to use: cues, learned or both (for ablation).")
]  # fmt: skip
SentenceEvidence = Annotated[
    bool,
    typer.Option(help="Cite the sentence the model reads a label in (one more model pass)."),
]
JsonlFile = Annotated[
    str | None,
    typer.Option("--jsonl", help="Read one JSON object per line from FILE ('-' for stdin)."),
]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(2)


def _emit(record: dict[str, Any]) -> None:
    typer.echo(json.dumps(record, ensure_ascii=False))


def _read_lines(source: str) -> list[str]:
    if source == "-":
        return sys.stdin.read().splitlines()
    path = Path(source)
    if not path.is_file():
        raise _fail(f"no such file: {source}")
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def _parse(number: int, line: str, fields: tuple[str, ...]) -> tuple[Any, tuple[str, ...] | str]:
    """(id, field values) for a good line, or (id, error message) for a bad one."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"line {number}: not valid JSON ({exc.msg})"
    except RecursionError:  # json gives up on nesting deeper than Python's recursion limit
        return None, f"line {number}: nested too deeply"
    if not isinstance(item, dict):
        return None, f"line {number}: expected a JSON object"
    item_id = item.get("id")
    missing = [name for name in fields if not isinstance(item.get(name), str)]
    if missing:
        return item_id, f"line {number}: {', '.join(repr(m) for m in missing)} must be a string"
    return item_id, tuple(item[name] for name in fields)


def _items(lines: list[str], fields: tuple[str, ...], check: Callable[[str, str], str]) -> Iterator[tuple]:
    """(line number, id, values or None, error or None) for every non-blank line."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        item_id, parsed = _parse(number, line, fields)
        if isinstance(parsed, str):
            yield number, item_id, None, parsed
            continue
        try:
            values = tuple(check(value, name) for value, name in zip(parsed, fields, strict=True))
        except BetweenError as error:
            yield number, item_id, None, f"line {number}: {error}"
            continue
        yield number, item_id, values, None


def _analyse_chunk(good: list[tuple[int, tuple]], analyse: Callable) -> list[dict | str]:
    """A result (or an error message) per item; a batch that fails is retried item by item."""
    try:
        return [result.model_dump() for result in analyse([values for _, values in good])]
    except BetweenError:
        raise  # not about one line (e.g. the model is missing): stop with a clear message
    except Exception:  # one odd line must not end the run
        answers: list[dict | str] = []
        for number, values in good:
            try:
                answers.append(analyse([values])[0].model_dump())
            except Exception as exc:
                answers.append(f"line {number}: could not be analysed ({type(exc).__name__}: {exc})")
        return answers


def _run_batch(
    lines: list[str],
    fields: tuple[str, ...],
    analyse: Callable[[list[tuple[str, ...]]], list[Any]],
) -> None:
    from rich.console import Console
    from rich.progress import Progress

    from between.analysis.engine import check_text

    items = list(_items(lines, fields, check_text))
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("analysing", total=len(items))
        for offset in range(0, len(items), BATCH):
            chunk = items[offset : offset + BATCH]
            good = [(number, values) for number, _, values, _ in chunk if values is not None]
            answers = iter(_analyse_chunk(good, analyse) if good else [])
            for _, item_id, values, error in chunk:
                answer = error if values is None else next(answers)
                if isinstance(answer, str):
                    _emit({"id": item_id, "error": answer})
                else:
                    _emit(({"id": item_id} if item_id is not None else {}) | answer)
            progress.advance(task, len(chunk))


def analyze(
    text: Annotated[str | None, typer.Argument(help="The message to analyse.")] = None,
    jsonl: JsonlFile = None,
    layers: Layers = "both",
    sentence_evidence: SentenceEvidence = True,
) -> None:
    """Analyse a message (register, risk, emotions, feelings, needs, evidence) as JSON.

    With --jsonl, each input line is {"text": ...} (any "id" is kept) and each output line one
    result. Texts may be up to 5,000 characters.
    """
    from between.analysis.engine import analyze_message, analyze_messages, check_layers

    try:
        check_layers(layers)
        if (text is None) == (jsonl is None):
            raise _fail("give either TEXT or --jsonl FILE, not both or neither")
        if text is not None:
            _emit(analyze_message(text, layers=layers, sentence_evidence=sentence_evidence).model_dump())
            return
        lines = _read_lines(jsonl)
        _run_batch(
            lines,
            ("text",),
            lambda good: analyze_messages([v[0] for v in good], layers=layers, sentence_evidence=sentence_evidence),
        )
    except BetweenError as error:
        raise _fail(str(error)) from None


def analyze_reply(jsonl: JsonlFile = None, layers: Layers = "both", sentence_evidence: SentenceEvidence = True) -> None:
    """Analyse replies to a reach (quality, A.R.E., empathy, evidence) as JSON lines.

    Each input line is {"share": ..., "reply": ...} (any "id" is kept). Evidence offsets index
    the reply.
    """
    from between.analysis.engine import analyze_replies, check_layers

    try:
        check_layers(layers)
        if jsonl is None:
            raise _fail('give --jsonl FILE (\'-\' for stdin) with lines {"share": ..., "reply": ...}')
        lines = _read_lines(jsonl)
        _run_batch(
            lines,
            ("share", "reply"),
            lambda good: analyze_replies(good, layers=layers, sentence_evidence=sentence_evidence),
        )
    except BetweenError as error:
        raise _fail(str(error)) from None


def register(app: typer.Typer) -> None:
    """Add `analyze` and `analyze-reply` to the `between` command."""
    app.command("analyze")(analyze)
    app.command("analyze-reply")(analyze_reply)
