"""Prove that the contract tests clean up after themselves: they run on ONE database, then run again.

On SQL Server every test shares one deployed database; on PostgreSQL each test
normally gets a fresh copy, which hides a test that changes a setting or a seeded
row and leaves it changed. This tool runs pytest in shared mode
(ITL_TEST_SHARED_DB=1: every test gets the same database), with the embedded
server's data directory kept between runs (ITL_TEST_DB_DIR): first the tests that
use the database fixtures (contract, desktop, HTTP), then the contract tests once
more on what the first run left. It fails unless every run passes.

./check.sh runs these tests only here (its pytest run leaves them out: --print-ignores),
so each runs once in shared mode and the contract tests once more: not three times.

    python -m tools.dev.shared_mode_proof                 # the default test set, then the contract tests again
    python -m tools.dev.shared_mode_proof --keep DIR      # keep the database in DIR afterwards
    python -m tools.dev.shared_mode_proof TESTS --runs 2  # these tests, twice
    python -m tools.dev.shared_mode_proof -- -k webform   # extra pytest arguments after --
    python -m tools.dev.shared_mode_proof --print-ignores # pytest options that leave the default set out
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The contract tests and the Python-tier tests that use the same database fixtures.
DEFAULT_TESTS = ("database/tests", "tests/desktop", "tests/webform/test_http.py")
# What the later runs repeat: the contract tests see any setting or catalog row left changed.
REPEAT_TESTS = ("database/tests",)


def run_once(number: int, state: Path, tests: list[str], extra: list[str]) -> tuple[int, float]:
    env = {**os.environ, "ITL_TEST_SHARED_DB": "1", "ITL_TEST_DB_DIR": str(state)}
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *tests, *extra]
    print(f"==> Corrida {number} sobre la base compartida en {state}", flush=True)
    started = time.monotonic()
    code = subprocess.run(args, cwd=ROOT, env=env, check=False).returncode
    return code, time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", metavar="DIR", help="carpeta de la base (se conserva al terminar)")
    parser.add_argument("--runs", type=int, default=2, help="cuántas corridas seguidas (2 por omisión)")
    parser.add_argument("--print-ignores", action="store_true",
                        help="solo imprime las opciones de pytest que dejan fuera las pruebas de aquí")
    parser.add_argument("tests", nargs="*", help=f"pruebas a correr (por omisión: {' '.join(DEFAULT_TESTS)}; "
                        f"después, {' '.join(REPEAT_TESTS)} otra vez)")
    argv = sys.argv[1:] if argv is None else list(argv)
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    if args.print_ignores:
        # --ignore-glob: here --ignore=FOLDER still collected the folder (pytest 9, testpaths); the glob does not
        print(" ".join(f"--ignore-glob={path}/*" if (ROOT / path).is_dir() else f"--ignore-glob={path}"
                       for path in DEFAULT_TESTS))
        return 0
    state = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="itl-shared-db-"))
    results = []
    try:
        for number in range(1, args.runs + 1):
            tests = args.tests or (DEFAULT_TESTS if number == 1 else REPEAT_TESTS)
            results.append(run_once(number, state, list(tests), extra))
    finally:
        if not args.keep:
            shutil.rmtree(state, ignore_errors=True)
    print("==> Modo compartido: resultado por corrida")
    for number, (code, seconds) in enumerate(results, 1):
        print(f"    corrida {number}: {'bien' if code == 0 else f'FALLÓ (código {code})'} ({seconds:.0f} s)")
    return 0 if all(code == 0 for code, _ in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
