"""Time the SQL checks as CI runs them (api_doc, parity, sql_lint in ./check.sh order), cold and warm.

    python -m tools.dev.bench_checks            # prints seconds per check, nothing is asserted

Each check runs as its own process, as ./check.sh runs it. Cold: empty caches in a temporary
folder (ITL_CHECK_CACHE_DIR; a fresh clone); warm: the same runs again (nothing changed). The
shared caches in .venv are not touched. api_doc deploys the pg files into a private embedded
server (its start counted there) and parity reuses that catalog; parity parses the T-SQL files
through sql_lint, which then only lints what is left: the sum is what CI pays.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ("api_doc", "parity", "sql_lint")


def _timed(check: str, env: dict[str, str]) -> float:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", f"tools.dev.checks.{check}"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    elapsed = time.monotonic() - started
    last = (done.stdout.strip().splitlines() or [""])[-1]
    print(f"  {check:<10} {elapsed:6.1f} s  (salida {done.returncode}: {last[:90]})", flush=True)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description="Mide api_doc, parity y sql_lint en frío y en caliente.").parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="itl-bench-checks-") as tmp:
        env = {**os.environ, "ITL_CHECK_CACHE_DIR": tmp}
        for label in ("en frío", "en caliente"):
            print(f"{label} (carga del equipo {os.getloadavg()[0]:.1f}, {os.cpu_count()} núcleos):", flush=True)
            total = sum(_timed(check, env) for check in CHECKS)
            print(f"  {'total':<10} {total:6.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
