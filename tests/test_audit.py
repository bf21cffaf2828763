"""`make audit` (tools/audit.py): a known vulnerability fails it; dependencies the vulnerability
source never answered for are named as unchecked, never reported as clean."""

from __future__ import annotations

from tools.audit import report


def test_a_known_vulnerability_fails_the_audit(capsys):
    result = {"dependencies": [
        {"name": "jinja2", "version": "3.1.2", "vulns": [{"id": "GHSA-h5c8-rqwp-cp95",
                                                          "fix_versions": ["3.1.3"]}]},
        {"name": "numpy", "version": "2.1.0", "vulns": []}]}
    assert report(result) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE: jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in out
    assert "2 of 2 installed dependencies checked" in out


def test_an_unreachable_source_is_said_plainly_not_called_clean(capsys):
    result = {"dependencies": [{"name": "jinja2", "skip_reason": "Dependency not found on PyPI and "
                                "could not be audited: jinja2 (3.1.2)"}]}
    assert report(result) == 0
    out = capsys.readouterr().out
    assert "0 of 1 installed dependencies checked" in out and "DEGRADED: 1 could not be checked" in out


def test_pip_audit_failing_to_run_is_degraded(capsys):
    assert report({"error": "ConnectionError"}) == 0
    assert "nothing was audited" in capsys.readouterr().out
