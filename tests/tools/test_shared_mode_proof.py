"""check.sh's pytest step leaves out exactly what tools.dev.shared_mode_proof runs (each test runs once there)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tools.dev import shared_mode_proof

ROOT = Path(__file__).resolve().parents[2]


def test_the_pytest_step_collects_everything_but_the_shared_mode_tests(capsys):
    assert shared_mode_proof.main(["--print-ignores"]) == 0
    ignores = capsys.readouterr().out.split()
    collected = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q",
                                *ignores], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    files = {line.split("::")[0] for line in collected.splitlines() if "::" in line}
    assert files and not [f for f in files if f.startswith(shared_mode_proof.DEFAULT_TESTS)], sorted(files)
    assert {"tests/tools/test_shared_mode_proof.py", "tests/gateway/test_gateway.py"} <= files
    assert set(shared_mode_proof.REPEAT_TESTS) <= set(shared_mode_proof.DEFAULT_TESTS)
