"""The embedded server's log: rotated and capped, and registered application errors are not logged as faults."""

from __future__ import annotations

import io
import time
import uuid

import psycopg
import pytest

import gateway
from gateway import AppError, error_id, message
from tests.support.system import data_root  # noqa: F401 - fixture
from tools.deploy import Deployer, PgDialect
from tools.dev.bench_support import form_catalog, gateway_ticket
from tools.embedded_db import LOG_FILES, LOGINS, EmbeddedDb, free_port


def _log_text(db: EmbeddedDb) -> str:
    return "".join(p.read_text(errors="replace") for p in sorted(db.log_dir.glob("postgresql-*.log")))


def test_registered_errors_of_the_client_logins_stay_out_of_the_server_log(data_root):  # noqa: F811
    db = EmbeddedDb(data_root / "db", free_port())
    db.start()
    try:
        db.ensure_database()
        secrets_ = db.secrets()
        Deployer(PgDialect(db.url()), out=io.StringIO()).deploy({login: secrets_[login] for login in LOGINS})
        db.quiet_client_roles()
        with psycopg.connect(db.url(), autocommit=True) as conn:
            settings = dict(conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('logging_collector', 'log_rotation_size', 'log_rotation_age', 'log_directory')").fetchall())
        assert settings["logging_collector"] == "on"
        assert settings["log_rotation_size"] == str(10 * 1024)  # kB
        assert settings["log_directory"] == "../log"  # relative to pgdata: db.log_dir

        web = gateway.connect(db.url("itl_web"), min_size=0, max_size=1)
        try:
            ticket = {**gateway_ticket(form_catalog(web)), "requester_name": ""}
            for n in range(20):
                with pytest.raises(AppError) as info:
                    web.call("webform.submit_ticket", idempotency_key=uuid.uuid4(), client_key=f"log-{n}", **ticket)
                assert info.value.error_id == error_id("form_name_required")
        finally:
            web.close()
        with psycopg.connect(db.url("itl_web"), autocommit=True) as conn:
            assert conn.execute("SHOW log_min_messages").fetchone()[0] == "fatal"
        # Control: an error of the owner (a real fault) is still logged.
        with psycopg.connect(db.url(), autocommit=True) as conn, pytest.raises(psycopg.errors.DivisionByZero):
            conn.execute("SELECT 1 / 0 AS control_de_bitacora")
        deadline = time.monotonic() + 60
        while "division by zero" not in _log_text(db) and time.monotonic() < deadline:
            time.sleep(0.2)
        text = _log_text(db)
        assert "division by zero" in text, text[-2000:]
        assert message(1101) not in text and "submit_ticket" not in text, text[-2000:]
    finally:
        db.stop()


def test_prune_keeps_only_the_newest_server_log_files(tmp_path):
    db = EmbeddedDb(tmp_path / "db", free_port())
    db.log_dir.mkdir(parents=True)
    names = [db.log_dir / f"postgresql-202601{day:02d}-000000.log" for day in range(1, LOG_FILES + 6)]
    for path in names:
        path.write_text("x\n")
    removed = db.prune_logs()
    assert removed == names[:5]
    assert sorted(db.log_dir.iterdir()) == names[5:]
