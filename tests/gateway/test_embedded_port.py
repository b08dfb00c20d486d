"""The running system's database port is read from its data folder (gateway.embedded.running_port),
and the desktop app and the tools use that one function."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateway import embedded


@pytest.fixture(autouse=True)
def no_env_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ITL_DB_PORT", raising=False)


def pid_file(state: Path, port: int) -> None:
    (state / "pgdata").mkdir(parents=True, exist_ok=True)
    (state / "pgdata" / "postmaster.pid").write_text(
        f"4242\n{state / 'pgdata'}\n1765000000\n{port}\n/tmp\n127.0.0.1\n  5432001  1\nready   \n", encoding="utf-8")


def test_port_comes_from_the_data_folder(tmp_path: Path) -> None:
    assert embedded.port_and_source(tmp_path) == (55432, "el puerto predeterminado")
    (tmp_path / "sistema.lock").write_text(json.dumps({"pid": 1, "db_port": 57011}), encoding="utf-8")
    assert embedded.running_port(tmp_path) == 57011
    pid_file(tmp_path, 57012)  # PostgreSQL's own file wins while it runs
    port, source = embedded.port_and_source(tmp_path)
    assert port == 57012 and source.endswith("postmaster.pid")


def test_env_wins_and_bad_files_are_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sistema.lock").write_text("no es json", encoding="utf-8")
    (tmp_path / "pgdata").mkdir()
    (tmp_path / "pgdata" / "postmaster.pid").write_text("4242\n", encoding="utf-8")
    assert embedded.running_port(tmp_path) == 55432
    monkeypatch.setenv("ITL_DB_PORT", "57013")
    assert embedded.port_and_source(tmp_path) == (57013, "la variable ITL_DB_PORT")


def test_desktop_and_tools_use_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.ui import address_tried
    from tools.embedded_db import EmbeddedDb

    pid_file(tmp_path, 57014)
    (tmp_path / "secrets.json").write_text(json.dumps({"itl_desk": "x", "postgres": "y"}), encoding="utf-8")
    assert embedded.login_url("itl_desk", tmp_path) == "postgresql://itl_desk:x@127.0.0.1:57014/itl"
    assert EmbeddedDb(tmp_path).port == 57014 and ":57014/" in EmbeddedDb(tmp_path).url()
    assert EmbeddedDb(tmp_path, 57015).port == 57015  # an explicit port (run.sh --db-port) is kept
    monkeypatch.setattr(embedded, "DEFAULT_STATE", tmp_path)
    tried = address_tried("postgresql://itl_desk:x@127.0.0.1:57014/itl")
    assert "127.0.0.1:57014" in tried and "postmaster.pid" in tried and "--db-url" in tried
    assert "otro.servidor:55433" in address_tried("postgresql://itl_desk:x@otro.servidor:55433/itl")
