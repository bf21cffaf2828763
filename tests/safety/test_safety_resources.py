"""Crisis and domestic-abuse services per locale: shipped files, fallback, schema checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from between.safety._data import DataFileError
from between.safety.resources import (
    FALLBACK,
    RESOURCES_DIR,
    load_locale_file,
    load_locales,
    resources_for,
    shipped_locales,
)

SHIPPED = {"US", "GB", "CA", "AU", "IE", "DE", "FR", "NZ", FALLBACK}


def test_every_shipped_locale_loads():
    assert set(shipped_locales()) == SHIPPED


@pytest.mark.parametrize("locale", sorted(SHIPPED))
def test_every_locale_offers_emergency_crisis_and_abuse_help(locale):
    resources = shipped_locales()[locale]
    needs = {need for service in resources.services for need in service.helps_with}
    assert {"emergency", "suicide_crisis", "domestic_abuse"} <= needs
    assert all(s.verified_from.source and s.verified_from.checked for s in resources.services)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en-GB", "GB"), ("en_US.UTF-8", "US"), ("UK", "GB"), ("fr-CA", "CA"), ("de", "DE"),
        ("nz", "NZ"), ("en-AU", "AU"), ("ga-IE", "IE"), ("fr-FR", "FR"),
        ("es-ES", FALLBACK), ("en", FALLBACK), ("", FALLBACK), (None, FALLBACK),
    ],
)
def test_resources_for_reads_the_country_and_falls_back(locale, expected):
    assert resources_for(locale).locale == expected


def test_emergency_help_always_comes_first():
    for resources in shipped_locales().values():
        assert "emergency" in resources.for_kinds(["coercive_control"])[0].helps_with
        assert "emergency" in resources.for_kinds()[0].helps_with


def test_services_are_chosen_for_the_risk_kinds():
    us = resources_for("US")
    assert [s.id for s in us.for_kinds(["self_harm"])] == ["emergency", "lifeline_988"]
    assert [s.id for s in us.for_kinds(["sexual_coercion"])] == [
        "emergency", "national_dv_hotline", "rainn",
    ]
    assert len(us.for_kinds()) == len(us.services)


def test_well_known_numbers_are_listed():
    phones = {(r.locale, s.phone) for r in shipped_locales().values() for s in r.services}
    assert {
        ("US", "988"), ("US", "1-800-799-7233"), ("GB", "116 123"), ("GB", "0808 2000 247"),
        ("AU", "13 11 14"), ("AU", "1800 737 732"), ("CA", "988"), ("DE", "116 016"),
    } <= phones


# --- a malformed file is rejected when it is loaded ------------------------------------------

GOOD = yaml.safe_load((RESOURCES_DIR / "gb.yaml").read_text())


def write(tmp_path: Path, data, name: str = "gb.yaml") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data))
    return path


def broken(change) -> dict:
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    change(data)
    return data


@pytest.mark.parametrize(
    ("why", "change", "message"),
    [
        ("no verified_from", lambda d: d["services"][1].pop("verified_from"), "verified_from"),
        ("bad date", lambda d: d["services"][1]["verified_from"].update(checked="Nov 2026"), "checked"),
        ("words for a phone", lambda d: d["services"][1].update(phone="call us"), "phone"),
        ("plain http", lambda d: d["services"][1].update(url="http://example.org"), "url"),
        ("unknown need", lambda d: d["services"][1].update(helps_with=["money"]), "helps_with"),
        ("unknown field", lambda d: d["services"][1].update(fax="0"), "fax"),
        ("no emergency", lambda d: d.update(services=d["services"][1:]), "emergency"),
        ("duplicate id", lambda d: d["services"].append(d["services"][1]), "unique"),
        ("unreachable", lambda d: [d["services"][1].pop(k) for k in ("phone", "url")], "at least one"),
    ],
)
def test_schema_validation_rejects_a_malformed_file(tmp_path, why, change, message):
    with pytest.raises(DataFileError, match=message) as caught:
        load_locale_file(write(tmp_path, broken(change)))
    assert "gb.yaml" in str(caught.value)


def test_a_file_must_be_named_after_its_locale(tmp_path):
    with pytest.raises(DataFileError, match="name it gb.yaml"):
        load_locale_file(write(tmp_path, GOOD, "uk.yaml"))


def test_a_file_that_is_not_yaml_is_rejected(tmp_path):
    with pytest.raises(DataFileError, match="YAML"):
        load_locale_file(write(tmp_path, "services: [unclosed"))


def test_a_directory_without_the_fallback_is_rejected(tmp_path):
    write(tmp_path, GOOD)
    with pytest.raises(DataFileError, match="fallback"):
        load_locales(tmp_path)


def test_adding_a_locale_is_one_file(tmp_path):
    write(tmp_path, yaml.safe_load((RESOURCES_DIR / "international.yaml").read_text()), "international.yaml")
    write(tmp_path, {**GOOD, "locale": "MT", "name": "Malta"}, "mt.yaml")
    assert set(load_locales(tmp_path)) == {"MT", FALLBACK}
