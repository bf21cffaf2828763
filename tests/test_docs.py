"""Every setting is documented in the README, with its environment variable name."""

from pathlib import Path

from between.config import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_every_setting_is_documented():
    for name in Settings.model_fields:
        assert f"BETWEEN_{name.upper()}" in README, name
