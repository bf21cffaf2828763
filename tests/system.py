"""System packages some tests need (Graphviz, Chromium, poppler-utils), and what to do without them."""

from __future__ import annotations

import os

import pytest


def missing_system_package(what: str, package: str) -> None:
    """Skip a test whose system package is absent, saying which and how to get it.

    In CI (CI=true) every package is there (`make test` installs them as root): absence fails.
    """
    reason = f"{what} is not installed: apt-get install {package} (Debian/Ubuntu), then run again"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)
