"""Running a scripted driver of the real desktop app (Dear PyGui under Xvfb, xdotool input) from a test.

    s = run_driver("tests.desktop.login_driver", [url, user, password, artifacts, "1366", "768"], xvfb)

The driver runs in its own process (one Dear PyGui context per process) and prints a JSON summary as
its last line starting with «{»; a failure shows the ends of its output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def require_xdotool() -> None:
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool no está instalado (bash tools/install.sh --dev)")


def run_driver(module: str, args: list[str], display: str, env: dict[str, str] | None = None,
               timeout: int = 900) -> dict[str, Any]:
    """Run `python -m module args` on `display` (software OpenGL, no auto-refresh); its JSON summary."""
    full_env = {**os.environ, "DISPLAY": display, "LIBGL_ALWAYS_SOFTWARE": "1", "ITL_DESK_REFRESH_SECONDS": "3600",
                **(env or {})}
    proc = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=full_env, capture_output=True,
                          text=True, timeout=timeout)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert proc.returncode == 0 and lines, f"la interfaz falló:\n{proc.stdout[-3000:]}\n{proc.stderr[-4000:]}"
    return json.loads(lines[-1])
