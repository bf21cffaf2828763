"""Known vulnerabilities in the dependencies installed in .venv (what `make run` and `make test`
install), with pip-audit against PyPI's vulnerability data (CI reaches PyPI and nothing else).

Exit 0: every dependency was checked and none has a known vulnerability, or the vulnerability
source could not be reached (said plainly, with how many went unchecked: pip-audit alone would
print "No known vulnerabilities found" for dependencies it never checked). Exit 1: a known
vulnerability, each printed with the versions that fix it.

    python tools/audit.py            # what `make audit` runs
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def audit(extra_args: list[str]) -> dict:
    command = [str(BIN / "pip-audit"), "--vulnerability-service", "pypi", "--format", "json",
               "--progress-spinner", "off", "--skip-editable", *extra_args]
    done = subprocess.run(command, capture_output=True, text=True)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": last}


def report(result: dict) -> int:
    if "error" in result:
        print(f"DEGRADED: pip-audit could not run against PyPI ({result['error']}); nothing was audited.")
        return 0
    dependencies = result.get("dependencies", [])
    unchecked = [d for d in dependencies if d.get("skip_reason")]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(f"VULNERABLE: {dependency['name']} {dependency.get('version')}: {vuln['id']} "
                  f"(fixed in {fixed})")
    checked = len(dependencies) - len(unchecked)
    print(f"{checked} of {len(dependencies)} installed dependencies checked against PyPI's "
          f"vulnerability data; {len(vulnerable)} with a known vulnerability.")
    if unchecked:
        print(f"DEGRADED: {len(unchecked)} could not be checked, e.g. {unchecked[0]['skip_reason']}. "
              "The vulnerability source (PyPI's JSON API) did not answer for them.")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(report(audit(sys.argv[1:])))
