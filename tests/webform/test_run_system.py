"""The README's run command: tools/run_system.py starts the database and serves the form (waitress)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

from tools.embedded_db import EmbeddedDb, free_port

ROOT = Path(__file__).resolve().parents[2]


def test_run_system_serves_the_form_and_stops_cleanly():
    state = Path(tempfile.mkdtemp(prefix="itl-run-"))
    db_port, web_port = free_port(), free_port()
    env = {**os.environ, "ITL_WEB_SECRET": "run-system-test-secret"}
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "tools.run_system", "--state", str(state), "--db-port", str(db_port),
         "--port", str(web_port), "--threads", "2"],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            lines.append(line)
            if "Formulario web disponible" in line:
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(180), "".join(lines)
        address = f"http://127.0.0.1:{web_port}/"
        assert any(f"Formulario web disponible en {address}" in line for line in lines), "".join(lines)
        with urllib.request.urlopen(address, timeout=30) as resp:
            page = resp.read().decode("utf-8")
            assert resp.status == 200 and resp.headers["X-Frame-Options"] == "DENY"
        assert "Solicitud de soporte al Centro de Cómputo" in page and re.search(r'name="csrf_token"', page)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        reader.join(timeout=30)  # the last lines
        assert "Sistema detenido." in "".join(lines)
        assert not EmbeddedDb(state, db_port).running()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        EmbeddedDb(state, db_port).stop()
        shutil.rmtree(state, ignore_errors=True)
