"""docs/safety.md tells the same story as the code."""

from __future__ import annotations

from pathlib import Path

from between.safety.gate import PAUSED_WORDING
from between.safety.resources import shipped_locales
from between.safety.screening import load_check_in

DOC = (Path(__file__).resolve().parents[2] / "docs" / "safety.md").read_text()


def test_the_doc_quotes_the_neutral_wording_and_the_screening_label():
    assert f"> {PAUSED_WORDING}" in DOC
    assert load_check_in().label in DOC


def test_the_doc_names_every_shipped_locale():
    for locale in shipped_locales():
        assert locale in DOC, locale
