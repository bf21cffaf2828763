"""Reading the safety package's data files, with one error type for every malformed file."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

PACKAGE_DIR = Path(str(files("between.safety")))


class DataFileError(ValueError):
    """A safety data file is missing, is not YAML, or does not match its schema."""


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path.name}: cannot read it as YAML ({exc})") from exc


def parse(model: type[M], data: Any, source: str) -> M:
    """Validate `data` against `model`; a failure names the file and every bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"  {'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        ]
        raise DataFileError(f"{source} does not match its schema:\n" + "\n".join(lines)) from exc


def load_package_file(name: str, model: type[M]) -> M:
    return parse(model, read_yaml(PACKAGE_DIR / name), name)
