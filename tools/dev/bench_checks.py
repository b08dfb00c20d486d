"""Time the SQL checks as CI runs them (api_doc, parity, sql_lint in ./check.sh order), cold and warm.

    python -m tools.dev.bench_checks            # prints seconds per check, nothing is asserted

Cold: empty caches in a temporary folder (a fresh clone); warm: the same run again (nothing
changed). The shared caches in .venv are not touched. parity deploys the pg files into a private
embedded server (started once, counted in the first check that needs it) and parses the T-SQL
files through sql_lint, which then only lints what is left: the sum is what CI pays.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import tempfile
import time
from pathlib import Path

from tools.dev import gen_api
from tools.dev.checks import _pg_catalog, _tsql_facts, parity, sql_lint


def _timed(label: str, run) -> float:
    started = time.monotonic()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = run()
    elapsed = time.monotonic() - started
    last = out.getvalue().strip().splitlines()[-1:] or [""]
    print(f"  {label:<10} {elapsed:6.1f} s  (salida {status}: {last[0][:90]})")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description="Mide api_doc, parity y sql_lint en frío y en caliente.").parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="itl-bench-checks-") as tmp:
        sql_lint.CACHE = Path(tmp) / "lint.json"
        _tsql_facts.CACHE = Path(tmp) / "facts.json"
        _pg_catalog.CACHE = Path(tmp) / "pg.json"
        print(f"carga del equipo: {os.getloadavg()[0]:.1f} (1 min), {os.cpu_count()} núcleos")
        for label in ("en frío", "en caliente"):
            print(f"{label}:")
            total = _timed("api_doc", lambda: gen_api.main(["--check"]))
            total += _timed("parity", lambda: parity.main([]))
            total += _timed("sql_lint", lambda: sql_lint.main([]))
            print(f"  {'total':<10} {total:6.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
