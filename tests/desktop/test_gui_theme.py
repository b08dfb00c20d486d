"""Disabled buttons look disabled in the light and the dark theme, primary and danger ones too
(tests/desktop/theme_driver.py; artifacts/theme_*.png): the trial found them identical in the dark one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.desktop.test_gui_smoke import xvfb  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(1366, 768), (1920, 1080)]

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_disabled_buttons_look_disabled(xvfb, width: int, height: int) -> None:  # noqa: F811
    env = {**os.environ, "DISPLAY": xvfb, "LIBGL_ALWAYS_SOFTWARE": "1"}
    proc = subprocess.run([sys.executable, "-m", "tests.desktop.theme_driver", str(ROOT / "artifacts"), str(width),
                           str(height)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert proc.returncode == 0 and lines, f"la interfaz falló:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    s = json.loads(lines[-1])
    print(s)
    for mode in ("light", "dark"):
        assert s[f"{mode}_enabled_flags"] == [False, False]  # the last state shot: disabled
        # Primary and danger buttons lose their coloured fill when disabled (outlined, grey text): most
        # of their pixels change. (Before, their own theme kept them looking pressable.)
        assert s[mode]["login_submit"] >= 0.5 and s[mode]["login_change_submit"] >= 0.5, s[mode]
