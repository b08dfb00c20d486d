"""Fault and abuse tests at CI size; `python -m tools.dev.bench --faults` runs them at full size.

ITL_SCALE_FULL=1 selects the full size (thousands of submissions, 20 operators x 100
changes, 10,000 fuzzed requests); otherwise a small size bounded in count and time.
Hypothesis profiles: "scale-ci" (a few hundred examples) and "scale-full" (10,000).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from hypothesis import HealthCheck, settings

from tests.support.database import set_setting

FULL = os.environ.get("ITL_SCALE_FULL", "") == "1"


@dataclass(frozen=True)
class Size:
    kill_clients: int
    kill_per_client: int
    restart_clients: int
    operators: int
    operator_rounds: int
    fuzz_examples: int


SIZE = Size(32, 100, 16, 20, 100, 10_000) if FULL else Size(6, 40, 4, 20, 10, 300)

settings.register_profile(
    "scale-ci", max_examples=SIZE.fuzz_examples, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "scale-full", max_examples=SIZE.fuzz_examples, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def raise_submit_limits(db) -> None:
    """The fault tests submit far more than one client may per hour: lift the limits in their database
    (restored when the test ends)."""
    for key in ("submit_client_per_hour", "submit_global_per_minute"):
        set_setting(db, key, 1_000_000_000)
