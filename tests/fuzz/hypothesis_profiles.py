"""Hypothesis settings for the fuzz tests: bounded in `make test`, long with `make fuzz`.

Each fuzz test is decorated with `FUZZ`, so the rest of the suite keeps its own settings.
BETWEEN_FUZZ_PROFILE=fuzz (what `make fuzz` sets) draws many more examples, at random; the
bounded profile is small and derandomized, so CI runs the same examples every time.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Tests reuse one app and its people across examples: what one example adds is harmless to the
# next. Time is asserted by the tests themselves (a generous bound), not by Hypothesis' deadline.
_SHARED = {"suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large],
           "deadline": None}
settings.register_profile("bounded", max_examples=10, derandomize=True, database=None, **_SHARED)
settings.register_profile("fuzz", max_examples=int(os.environ.get("BETWEEN_FUZZ_EXAMPLES", "1000")),
                          **_SHARED)
FUZZ = settings.get_profile(os.environ.get("BETWEEN_FUZZ_PROFILE", "bounded"))
