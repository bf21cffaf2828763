"""The small examples in the modules' docstrings run and stay true."""

from __future__ import annotations

import doctest

import pytest

from between.assessments import change, scoring


@pytest.mark.parametrize("module", [scoring, change], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
