"""A real `python -m tools.run_system` process for tests: its output, its ports, its data folder."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def temp_folder(prefix: str = "itl-test-") -> Iterator[Path]:
    """A folder for data folders, in the system temp dir and removed afterwards.

    Not pytest's tmp_path: as root, every pytest session that starts resets /tmp/pytest-of-root to
    mode 700, which takes the traversal bit away from the itl_postgres user mid-test (initdb and the
    server then cannot reach the data folder). /tmp itself is 1777 and nobody resets it.
    """
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def data_root() -> Iterator[Path]:
    """`temp_folder()` as a fixture (import it into the test module)."""
    with temp_folder() as path:
        yield path


class SystemProcess:
    """Start with `start()`; `wait_ready()` until the form is served (or the process ends)."""

    def __init__(self, state: Path, db_port: int, web_port: int, *extra: str, env: dict[str, str] | None = None):
        self.state, self.db_port, self.web_port, self.extra = state, db_port, web_port, extra
        self.env = {**os.environ, "ITL_WEB_SECRET": "run-system-test-secret", **(env or {})}
        self.lines: list[str] = []
        self.proc: subprocess.Popen[str] | None = None
        self._ready = threading.Event()
        self._reader: threading.Thread | None = None

    def start(self) -> SystemProcess:
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "tools.run_system", "--state", str(self.state), "--db-port",
             str(self.db_port), "--port", str(self.web_port), "--threads", "4", *self.extra],
            cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)
            if "Formulario web disponible" in line:
                self._ready.set()
        self._ready.set()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def wait_ready(self, timeout: float = 240) -> bool:
        """True when the form is being served; False when the process ended first."""
        self._ready.wait(timeout)
        return "Formulario web disponible" in self.output

    def wait_exit(self, timeout: float = 120) -> int:
        assert self.proc is not None
        code = self.proc.wait(timeout=timeout)
        if self._reader is not None:
            self._reader.join(timeout=30)
        return code

    def wait_for_line(self, text: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output:
                return True
            time.sleep(0.1)
        return False

    def terminate(self, timeout: float = 120) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.wait_exit(timeout)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
