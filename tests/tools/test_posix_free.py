"""The POSIX-free check: POSIX-only calls in desktop/ or gateway/ fail, the real tree passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.dev.checks import posix_free

ROOT = Path(__file__).resolve().parents[2]

CLEAN = '''"""Paths in /tmp are mentioned in this docstring only."""
import os
import signal
import tempfile
from pathlib import Path

CONFIG = Path.home() / ".itl"
SCRATCH = Path(tempfile.gettempdir()) / "itl"
ROUTE = "/solicitudes"
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "C:/Windows/Fonts/segoeui.ttf")


def stop(pid: int) -> None:
    os.kill(pid, signal.SIGTERM)  # both exist on Windows
    signal.signal(signal.SIGINT, signal.SIG_DFL)
'''


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_real_tree_passes(capsys):
    assert posix_free.main([str(ROOT)]) == 0
    assert "posix_free: bien" in capsys.readouterr().out


def test_clean_file_passes(tmp_path):
    write(tmp_path, "desktop/services/ok.py", CLEAN)
    findings, exempt, count = posix_free.check(tmp_path)
    assert (findings, exempt, count) == ([], [], 1)


@pytest.mark.parametrize(("code", "expected"), [
    ("import fcntl\n", "import fcntl"),
    ("import pwd as p\n", "import pwd"),
    ("from grp import getgrnam\n", "from grp import"),
    ("import termios\n", "import termios"),
    ("pid = os.fork()\n", "os.fork"),
    ("uid = os.getuid()\n", "os.getuid"),
    ("from os import setsid\n", "from os import setsid"),
    ("os.kill(1, signal.SIGKILL)\n", "signal.SIGKILL"),
    ("signal.signal(signal.SIGHUP, print)\n", "signal.SIGHUP"),
    ("signal.alarm(3)\n", "signal.alarm"),
    ("from signal import SIGUSR1\n", "from signal import SIGUSR1"),
    ("LOG = '/tmp/itl.log'\n", "'/tmp/itl.log'"),
    ("HOME = Path('/home/operador')\n", "'/home/operador'"),
    ("CONF = '/etc/itl'\n", "'/etc/itl'"),
])
def test_posix_only_code_fails(tmp_path, capsys, code, expected):
    write(tmp_path, "gateway/bad.py", CLEAN + code)
    assert posix_free.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "gateway/bad.py:" in out and expected in out and "posix_free: FALLÓ" in out


def test_other_tiers_are_not_checked(tmp_path):
    write(tmp_path, "tools/server_only.py", "import fcntl\n")
    assert posix_free.check(tmp_path)[0] == []


def test_exempted_line_is_listed_not_failed(tmp_path, capsys):
    write(tmp_path, "desktop/x.py", CLEAN + "if os.name == 'posix':\n    os.setsid()  # posix-ok: only on Linux\n")
    assert posix_free.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "(permitido) desktop/x.py:17: os.setsid" in out and "only on Linux" in out
