"""Crisis and domestic-abuse services per locale: one YAML file per country in resources/.

Every file is validated against the schema below when it is loaded; a malformed file fails
loudly with its name and the bad fields. `resources_for` falls back to the international file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from between.analysis.taxonomy import RISK_KINDS
from between.safety._data import PACKAGE_DIR, DataFileError, parse, read_yaml

RESOURCES_DIR = PACKAGE_DIR / "resources"
FALLBACK = "international"
# ISO 3166 says GB; people often say UK.
_ALIASES = {"UK": "GB"}

Need = Literal["emergency", "suicide_crisis", "domestic_abuse", "sexual_violence"]
# Which services help with which risk kind; emergency services are always listed.
_NEEDS_BY_KIND: dict[str, tuple[str, ...]] = {
    **{kind: ("domestic_abuse",) for kind in RISK_KINDS},
    "self_harm": ("suicide_crisis",),
    "sexual_coercion": ("domestic_abuse", "sexual_violence"),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VerifiedFrom(_Model):
    source: str = Field(min_length=3, description="The organisation's own published number.")
    checked: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")


class Service(_Model):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=2)
    helps_with: tuple[Need, ...] = Field(min_length=1)
    phone: str | None = Field(None, pattern=r"^\+?[0-9][0-9 \-]*$")
    text: str | None = None
    url: str | None = Field(None, pattern=r"^https://\S+$")
    hours: str = Field(min_length=2)
    note: str | None = None
    verified_from: VerifiedFrom

    @model_validator(mode="after")
    def _reachable(self) -> Service:
        if not (self.phone or self.text or self.url):
            raise ValueError(f"{self.id}: give at least one of phone, text or url")
        return self


class LocaleResources(_Model):
    locale: str = Field(pattern=r"^([A-Z]{2}|international)$")
    name: str
    services: tuple[Service, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> LocaleResources:
        ids = [s.id for s in self.services]
        if len(ids) != len(set(ids)):
            raise ValueError("service ids must be unique within a locale")
        if not any("emergency" in s.helps_with for s in self.services):
            raise ValueError("every locale needs an emergency service")
        return self

    def for_kinds(self, kinds: Iterable[str] = ()) -> tuple[Service, ...]:
        """Emergency services first, then the services that fit the risk kinds (all if none)."""
        kinds = tuple(kinds)
        unknown = set(kinds) - set(RISK_KINDS)
        if unknown:
            raise ValueError(f"unknown risk kind: {', '.join(sorted(unknown))}")
        needs = {"emergency", *(n for k in kinds for n in _NEEDS_BY_KIND[k])} if kinds else None
        emergency = [s for s in self.services if "emergency" in s.helps_with]
        rest = [
            s
            for s in self.services
            if s not in emergency and (needs is None or needs.intersection(s.helps_with))
        ]
        return (*emergency, *rest)


def load_locale_file(path: Path) -> LocaleResources:
    """Read and validate one locale file; its name must be the locale (gb.yaml holds GB)."""
    resources = parse(LocaleResources, read_yaml(path), path.name)
    if path.stem.lower() != resources.locale.lower():
        raise DataFileError(f"{path.name}: holds locale {resources.locale!r}; name it "
                            f"{resources.locale.lower()}.yaml")
    return resources


def load_locales(directory: Path = RESOURCES_DIR) -> dict[str, LocaleResources]:
    found = {r.locale: r for r in map(load_locale_file, sorted(directory.glob("*.yaml")))}
    if FALLBACK not in found:
        raise DataFileError(f"{directory}: the fallback {FALLBACK}.yaml is missing")
    return found


@lru_cache(maxsize=1)
def shipped_locales() -> dict[str, LocaleResources]:
    return load_locales()


def country_of(locale: str | None) -> str | None:
    """The country code in a locale: 'en-GB', 'en_GB', 'GB', 'gb' and 'UK' all give 'GB'.

    A bare two-letter code is read as a country, so 'de' gives 'DE'.
    """
    parts = [p for p in re.split(r"[-_.@]", (locale or "").strip()) if p]
    regions = [p for p in parts[1:] if len(p) == 2 and p.isalpha()]
    code = regions[0] if regions else parts[0] if len(parts) == 1 and len(parts[0]) == 2 else None
    return _ALIASES.get(code.upper(), code.upper()) if code else None


def resources_for(locale: str | None) -> LocaleResources:
    """The services for a locale, or the international fallback when there is no file for it."""
    locales = shipped_locales()
    return locales.get(country_of(locale) or "", locales[FALLBACK])


def country_from_accept_language(header: str | None) -> str | None:
    """The first country in a browser's Accept-Language that has shipped services, by the
    order of preference ('en-GB,en;q=0.9' gives 'GB'; a bare 'de' gives 'DE'); else None."""
    tags = []
    for n, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            tags.append((-quality, n, tag))
    locales = shipped_locales()
    for _, _, tag in sorted(tags):
        country = country_of(tag)
        if country and country in locales and country != FALLBACK:
            return country
    return None
