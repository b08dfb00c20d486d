"""Issue 20, finding 10: staff.get_login_params took 0.15 ms p50 for a known name and 0.25 ms
for an unknown one (the fake salt was only computed for unknown names), so timing told which
accounts exist. Both paths now do the same work; the figures are printed by
tools/dev/login_timing_bench.py (run here on a fresh database), never asserted."""

from __future__ import annotations

from tests.support.auth import create_staff, unique_username
from tools.dev.login_timing_bench import measure, report


def test_known_and_unknown_names_cost_the_same(pg_db):
    name = unique_username("tiempo")
    create_staff(pg_db, name, "Clave-Segura-2026")
    times = measure(pg_db.desk, name, rounds=300)
    print("\nstaff.get_login_params, 300 rondas alternadas:\n" + report(times))
    assert len(times["conocido"]) == len(times["desconocido"]) == 300
