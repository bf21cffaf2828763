"""quick-exit.js, run in Node against a tiny stand-in for the page (no browser needed)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import between.web

SCRIPT = Path(between.web.__file__).parent / "static" / "quick-exit.js"
NODE = shutil.which("node")

# Loads the script into a fake page, replays events, reports what happened as JSON.
HARNESS = r"""
const vm = require("vm");
const [code, eventsJson, attr] = process.argv.slice(1);
let now = 0;
const listeners = {};
const replaced = [];
const body = {
  kids: ["<h1>My moments</h1>", "<p>private</p>"],
  get firstChild() { return this.kids[0]; },
  removeChild() { this.kids.shift(); },
};
const exitLink = {
  getAttribute: (name) => (name === "data-quick-exit" ? attr : null),
  closest() { return this; },
};
const plainText = { closest: () => null };
const document = {
  title: "Between",
  body,
  addEventListener: (type, fn) => { listeners[type] = fn; },
  querySelector: () => exitLink,
};
const window = { location: { replace: (url) => replaced.push(url) } };
vm.runInNewContext(code, { document, window, Date: { now: () => now } });
let prevented = 0;
for (const e of JSON.parse(eventsJson)) {
  now = e.at || 0;
  const target = e.on === "exit" ? exitLink : plainText;
  listeners[e.type]({ key: e.key, target, preventDefault: () => { prevented += 1; } });
}
console.log(JSON.stringify({ replaced, title: document.title, left: body.kids.length, prevented }));
"""


def run(events: list[dict], attr: str | None = "/neutral") -> dict:
    if NODE is None:
        pytest.skip("node is not installed")
    args = [NODE, "-e", HARNESS, SCRIPT.read_text(), json.dumps(events), attr or ""]
    return json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)


def test_clicking_quick_exit_blanks_the_page_and_replaces_history():
    result = run([{"type": "click", "on": "exit"}])
    assert result == {"replaced": ["/neutral"], "title": "", "left": 0, "prevented": 1}


def test_clicking_anything_else_does_nothing():
    assert run([{"type": "click", "on": "text"}])["replaced"] == []


def test_esc_twice_within_a_second_leaves():
    result = run([{"type": "keydown", "key": "Escape", "at": 5000},
                  {"type": "keydown", "key": "Escape", "at": 5900}])
    assert result["replaced"] == ["/neutral"] and result["left"] == 0


def test_esc_twice_slowly_or_other_keys_stay():
    slow = [{"type": "keydown", "key": "Escape", "at": 5000},
            {"type": "keydown", "key": "Escape", "at": 6500}]
    other = [{"type": "keydown", "key": "Enter", "at": 5000},
             {"type": "keydown", "key": "Escape", "at": 5100}]
    assert run(slow)["replaced"] == [] and run(other)["replaced"] == []


@pytest.mark.parametrize(
    ("attr", "target"),
    [("/notes", "/notes"), ("", "/recipes/today"), ("https://example.org", "/recipes/today"),
     ("//example.org", "/recipes/today"), ("javascript:alert(1)", "/recipes/today")],
)
def test_only_same_site_paths_are_followed(attr, target):
    assert run([{"type": "click", "on": "exit"}], attr)["replaced"] == [target]


def test_the_script_is_tiny_and_self_contained():
    code = SCRIPT.read_text()
    assert len(code) < 2500
    assert "import" not in code and "require(" not in code and "fetch(" not in code
