"""The analysis on hostile text: an answer or a clear BetweenError, never a crash, in bounded
time, and every piece of evidence is exactly the words of the text it points at."""

from __future__ import annotations

import time

import pytest
from hypothesis import given

from between.analysis.engine import analyze_message, analyze_reply
from between.errors import BetweenError
from tests.fuzz.hostile import hostile_text
from tests.fuzz.hypothesis_profiles import FUZZ

SECONDS = 10  # far above a normal analysis (tens of ms): only a pathological input takes this


@pytest.fixture(autouse=True, scope="module")
def _model_loaded():
    analyze_message("Loading the model is not what is timed here.")


def _timed(call, *args):
    started = time.monotonic()
    try:
        result = call(*args)
    except BetweenError as error:
        assert error.status < 500 and str(error)
        result = None
    assert time.monotonic() - started < SECONDS
    return result


@FUZZ
@given(text=hostile_text())
def test_analyze_message_answers_or_refuses_clearly(text):
    result = _timed(analyze_message, text)
    if result is not None:
        for evidence in result.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(text)
            assert text[evidence.start:evidence.end] == evidence.text


@FUZZ
@given(share=hostile_text(), reply=hostile_text())
def test_analyze_reply_answers_or_refuses_clearly(share, reply):
    result = _timed(analyze_reply, share, reply)
    if result is not None:
        for evidence in result.evidence:
            assert reply[evidence.start:evidence.end] == evidence.text


def test_the_longest_accepted_text_is_analysed_in_bounded_time():
    from between.config import get_settings

    longest = ("I waited up again and you said nothing. " * 200)[: get_settings().max_text_chars]
    assert _timed(analyze_message, longest) is not None
