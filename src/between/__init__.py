"""Between: a local-first companion for couples, grounded in EFT and attachment science."""

__version__ = "0.1.0"
