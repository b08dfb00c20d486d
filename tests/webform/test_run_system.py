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

from tests.support.system import data_root  # noqa: F401 - fixture
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


def _get(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as resp:
        resp.read()
        return resp.status


def test_second_instance_is_refused_and_the_first_keeps_its_database(data_root):  # noqa: F811
    """Same folder, same web port, same database port: each refused in Spanish; the first keeps serving."""
    from tests.support.system import SystemProcess

    state, db_port, web_port = data_root / "db", free_port(), free_port()
    first = SystemProcess(state, db_port, web_port).start()
    others: list[SystemProcess] = []
    try:
        assert first.wait_ready(), first.output
        # 1. The same command again: the data folder is taken.
        second = SystemProcess(state, db_port, web_port, "--esperar", "0").start()
        others.append(second)
        assert second.wait_exit(120) == 2, second.output
        assert "Ya hay una instancia" in second.output and f"PID {first.pid}" in second.output, second.output
        assert f"127.0.0.1:{web_port}" in second.output and f"127.0.0.1:{db_port}" in second.output
        assert "Traceback" not in second.output
        # 2. Another folder, the same web port: refused before its database is even created.
        other_state = data_root / "otra"
        third = SystemProcess(other_state, free_port(), web_port).start()
        others.append(third)
        assert third.wait_exit(120) == 2, third.output
        assert f"el puerto {web_port}" in third.output and "La base de datos no se tocó" in third.output
        assert "Traceback" not in third.output
        assert not EmbeddedDb(other_state, db_port).initialized()
        assert not other_state.exists(), "a refused run leaves no folder and no sistema.lock behind"
        # 3. Another folder, the same database port: refused, nothing of the first one stopped.
        fourth = SystemProcess(data_root / "tercera", db_port, free_port()).start()
        others.append(fourth)
        assert fourth.wait_exit(180) == 1, fourth.output
        assert f"El puerto {db_port}" in fourth.output and "Traceback" not in fourth.output
        # The first instance never lost its database.
        assert EmbeddedDb(state, db_port).running()
        assert _get(web_port) == 200
        assert first.terminate() == 0
        assert not EmbeddedDb(state, db_port).running()
    finally:
        for proc in (first, *others):
            proc.kill()
        EmbeddedDb(state, db_port).stop()


def test_a_database_it_did_not_start_is_left_running(data_root):  # noqa: F811
    from tests.support.system import SystemProcess

    state, db_port, web_port = data_root / "db", free_port(), free_port()
    db = EmbeddedDb(state, db_port)
    db.start()
    system = SystemProcess(state, db_port, web_port).start()
    try:
        assert system.wait_ready(), system.output
        assert "ya estaba en ejecución" in system.output
        assert _get(web_port) == 200
        assert system.terminate() == 0
        assert "se deja en ejecución" in system.output
        assert db.running(), "run_system stopped a database it had not started"
    finally:
        system.kill()
        db.stop()


def test_two_simultaneous_starts_on_a_new_folder_one_serves_the_other_refuses(data_root):  # noqa: F811
    """Never two initdb on one folder: the loser waits (here: 0 s) and refuses with the winner's PID."""
    from tests.support.system import SystemProcess

    state, db_port = data_root / "nueva", free_port()
    ports = [free_port(), free_port()]
    both = [SystemProcess(state, db_port, port, "--esperar", "0") for port in ports]
    for proc in both:
        proc.start()
    try:
        codes = {}
        deadline_ready = [proc.wait_ready(240) for proc in both]
        for proc, ready in zip(both, deadline_ready, strict=True):
            if not ready:
                codes[proc.pid] = proc.wait_exit(60)
        winners = [p for p, ready in zip(both, deadline_ready, strict=True) if ready]
        losers = [p for p in both if p not in winners]
        assert len(winners) == 1 and len(losers) == 1, [p.output for p in both]
        winner, loser = winners[0], losers[0]
        assert codes[loser.pid] == 2, loser.output
        assert "Ya hay una instancia" in loser.output and f"PID {winner.pid}" in loser.output, loser.output
        assert "initdb" not in loser.output and "Traceback" not in loser.output
        assert _get(winner.web_port) == 200
        assert winner.terminate() == 0
    finally:
        for proc in both:
            proc.kill()
        EmbeddedDb(state, db_port).stop()


def test_a_restart_waits_for_the_old_instance_and_keeps_its_own_database(data_root):  # noqa: F811
    """SIGTERM to the running system and the same command again at once: the new one waits for the old
    one to let go of the data folder, then serves; the old one's shutdown never stops the new one's database."""
    from tests.support.system import SystemProcess

    state, db_port, web_port = data_root / "db", free_port(), free_port()
    old = SystemProcess(state, db_port, web_port).start()
    new = SystemProcess(state, db_port, web_port, "--esperar", "120")
    try:
        assert old.wait_ready(), old.output
        assert old.proc is not None
        old.proc.send_signal(signal.SIGTERM)
        new.start()
        assert old.wait_exit(120) == 0
        assert new.wait_ready(), new.output
        assert EmbeddedDb(state, db_port).running()
        assert _get(web_port) == 200
        assert new.terminate() == 0
    finally:
        old.kill()
        new.kill()
        EmbeddedDb(state, db_port).stop()
