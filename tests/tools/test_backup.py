"""tools.backup: a signed pg_dump while the system runs; a restore that cannot lose data; daily backups."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest

import gateway
from tests.support.system import data_root  # noqa: F401 - fixture
from tools import backup
from tools.dev.bench_support import form_catalog, gateway_ticket
from tools.embedded_db import LOGINS, EmbeddedDb, free_port
from tools.instance_lock import InstanceLock

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def system_db(data_root):  # noqa: F811
    """The embedded database as run_system leaves it (deployed), in a folder of this test's own."""
    from tools.deploy import Deployer, PgDialect

    db = EmbeddedDb(data_root / "db", free_port())
    db.start()
    db.ensure_database()
    secrets_ = db.secrets()
    Deployer(PgDialect(db.url()), out=io.StringIO()).deploy({login: secrets_[login] for login in LOGINS})
    db.quiet_client_roles()
    yield db
    db.stop()


def _cli(db: EmbeddedDb, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tools.backup", "--state", str(db.state), "--db-port", str(db.port),
                           *args], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


def _submit(db: EmbeddedDb, count: int, start: int) -> set[str]:
    web = gateway.connect(db.url("itl_web"), min_size=0, max_size=1)
    try:
        catalog = form_catalog(web)
        return {web.call("webform.submit_ticket", idempotency_key=uuid.uuid4(), client_key=f"respaldo-{start + n}",
                         **gateway_ticket(catalog, start + n))[0]["folio"] for n in range(count)}
    finally:
        web.close()


def _folios(db: EmbeddedDb) -> set[str]:
    with psycopg.connect(db.url(), autocommit=True) as conn:
        return {row[0] for row in conn.execute("SELECT folio FROM app.ticket").fetchall()}


def test_backup_then_restore_gives_back_exactly_the_backed_up_tickets(system_db):
    db = system_db
    before = _submit(db, 5, 0)
    started = time.perf_counter()
    made = _cli(db)  # while the database serves
    assert made.returncode == 0, made.stderr
    print(f"\nrespaldo con el sistema en marcha: {time.perf_counter() - started:.2f} s (incluye arrancar Python)")
    path = Path(made.stdout.split("Respaldo creado: ", 1)[1].split(" (", 1)[0])
    assert path.parent == backup.backup_dir(db) and path.name.startswith("itl-respaldo-")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(backup.signature_path(path).stat().st_mode & 0o777) == "0o600"
    assert oct(backup.key_path(db.state).stat().st_mode & 0o777) == "0o600"
    header = backup.verify(path, backup.installation_key(db.state))
    assert header["creado"].endswith("Z") and len(header["sha256"]) == 64
    assert header["filas"]["app.ticket"] == len(before) and header["version_esquema"] >= 1
    # The archive is plain pg_dump: pg_restore reads it as it is.
    listed = subprocess.run([str(backup.POSTGRES_BIN_PATH / "pg_restore"), "--list", str(path)],
                            capture_output=True, text=True, check=False)
    assert listed.returncode == 0 and "TABLE DATA app ticket" in listed.stdout, listed.stderr
    later = _submit(db, 3, 100)
    assert _folios(db) == before | later

    # Refused while the system runs (instance lock held) and while the database runs.
    holder = InstanceLock(db.state, proceso="el sistema de tickets", web="http://127.0.0.1:1/", db_port=db.port)
    holder.acquire()
    try:
        busy = _cli(db, "--restaurar", str(path))
    finally:
        holder.release()
    assert busy.returncode == 1 and f"PID {os.getpid()}" in busy.stderr and "Deténgalo" in busy.stderr, busy.stderr
    running = _cli(db, "--restaurar", str(path))
    assert running.returncode == 1 and "está en ejecución" in running.stderr, running.stderr
    db.stop()

    # A damaged copy is refused before anything is touched.
    damaged = path.with_name("danado" + backup.SUFFIX)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    damaged.write_bytes(bytes(data))
    backup.signature_path(damaged).write_bytes(backup.signature_path(path).read_bytes())
    bad = _cli(db, "--restaurar", str(damaged))
    assert bad.returncode == 1 and "dañado" in bad.stderr and "Traceback" not in bad.stderr, bad.stderr
    not_backup = path.with_name("otro.txt")
    not_backup.write_text("hola\n")
    assert "no es un respaldo" in _cli(db, "--restaurar", str(not_backup)).stderr
    assert not db.running()

    restored = _cli(db, "--restaurar", str(path))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "restaurado" in restored.stdout and not db.running()
    db.start()
    assert _folios(db) == before, "the restored database holds exactly the tickets of the backup"
    # The restored system works: the web login submits again, and the logins kept their rights.
    assert len(_submit(db, 1, 200)) == 1
    safety = [p for p in backup.backup_dir(db).glob("*antes-de-restaurar*" + backup.SUFFIX)]
    assert len(safety) == 1 and backup.verify(safety[0], backup.installation_key(db.state))["sha256"]

    # The disk is lost: the same file restores on a new machine (a new, empty data folder) with the
    # copy of the installation's key; without it, it is refused.
    fresh = EmbeddedDb(db.state.parent / "nueva", free_port())
    kept_key = db.state.parent / "copia-de-la-clave"
    kept_key.write_bytes(backup.key_path(db.state).read_bytes())
    try:
        no_key = _cli(fresh, "--restaurar", str(path))
        assert no_key.returncode == 1 and "--clave" in no_key.stderr, no_key.stderr
        elsewhere = _cli(fresh, "--restaurar", str(path), "--clave", str(kept_key))
        assert elsewhere.returncode == 0, elsewhere.stdout + elsewhere.stderr
        assert backup.installation_key(fresh.state) == backup.installation_key(db.state)
        fresh.start()
        assert _folios(fresh) == before
        assert len(_submit(fresh, 1, 300)) == 1  # its own new login passwords work
    finally:
        fresh.stop()


def test_daily_maintenance_backs_up_once_a_day_purges_and_prunes_old_backups(system_db):
    from tools.run_system import Maintenance

    db = system_db
    folder = backup.backup_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    old = folder / "itl-respaldo-20200101T000000000Z.itlbak"
    old.write_bytes(b"viejo")
    interrupted = [folder / ".pg_dump-abc", folder / "itl-respaldo-20200102T000000000Z.itlbak.parcial",
                   folder / "itl-respaldo-20200102T000000000Z.itlbak.firma"]
    month_ago = time.time() - 30 * 86400
    for path in (old, *interrupted):
        path.write_bytes(b"viejo")
        os.utime(path, (month_ago, month_ago))
    job = Maintenance(db, threading.Event(), backup_days=14)
    job.once()
    made = sorted(folder.glob("itl-respaldo-2*.itlbak"))
    assert len(made) == 1 and made[0] != old and not old.exists(), made
    assert not any(p.exists() for p in interrupted)
    assert backup.verify(made[0], backup.installation_key(db.state))
    assert (db.state / "ultima-depuracion").exists()
    job.once()  # the same day: no second backup
    assert sorted(folder.glob("itl-respaldo-2*.itlbak")) == made


def test_prune_keeps_the_newest_backup_even_when_old(tmp_path):
    names = [tmp_path / f"itl-respaldo-2026010{n}T000000000Z.itlbak" for n in range(1, 4)]
    for n, path in enumerate(names):
        path.write_bytes(b"x")
        age = time.time() - (40 - n) * 86400
        os.utime(path, (age, age))
        backup.signature_path(path).write_bytes(b"{}")
    removed = backup.prune(tmp_path, 14)
    assert removed == names[:2] and [p.exists() for p in names] == [False, False, True]
    assert [backup.signature_path(p).exists() for p in names] == [False, False, True]


def _backup_now(db: EmbeddedDb) -> Path:
    made = _cli(db)
    assert made.returncode == 0, made.stderr
    return Path(made.stdout.split("Respaldo creado: ", 1)[1].split(" (", 1)[0])


def _resign(path: Path, key: bytes) -> None:
    """What only the key holder can do: sign the file's current bytes."""
    side = backup.signature_path(path)
    meta = json.loads(side.read_text())
    meta["sha256"], meta["bytes"] = backup._sha256(path)
    meta["clave"] = backup.key_id(key)
    meta["firma"] = backup._sign(meta, key)
    side.write_text(json.dumps(meta))


def _databases(db: EmbeddedDb) -> set[str]:
    with psycopg.connect(db.url(database="postgres"), autocommit=True) as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database").fetchall()}


def test_a_restore_that_fails_inside_pg_restore_leaves_every_ticket_in_place(system_db):
    db = system_db
    _submit(db, 4, 0)
    path = _backup_now(db)
    after_backup = _submit(db, 3, 50)  # the live database moved on: these are in no backup
    live = _folios(db)
    db.stop()
    # A damaged archive that passes every check before pg_restore (signed by the installation's key):
    # it stops after its first third, so pg_restore fails inside its single transaction.
    broken = path.with_name("itl-respaldo-truncado" + backup.SUFFIX)
    data = path.read_bytes()
    broken.write_bytes(data[: len(data) // 3])
    backup.signature_path(broken).write_bytes(backup.signature_path(path).read_bytes())
    _resign(broken, backup.installation_key(db.state))
    verified = _cli(db, "--verificar", str(broken))
    assert verified.returncode == 0, verified.stderr
    failed = _cli(db, "--restaurar", str(broken))
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "se descartó" in failed.stderr and "sigue intacta" in failed.stderr, failed.stderr
    assert "pg_restore" in failed.stderr and "Traceback" not in failed.stderr, failed.stderr
    safety = [p for p in backup.backup_dir(db).iterdir() if "antes-de-restaurar" in p.name and p.suffix == ".itlbak"]
    assert len(safety) == 1 and str(safety[0]) in failed.stderr
    # Signed counts that the archive does not hold (what a restore that silently lost rows would show):
    # pg_restore succeeds, the check refuses the switch.
    short = path.with_name("itl-respaldo-cuentas" + backup.SUFFIX)
    short.write_bytes(data)
    meta = json.loads(backup.signature_path(path).read_text())
    meta["filas"]["app.ticket"] += 1
    backup.signature_path(short).write_text(json.dumps(meta))
    _resign(short, backup.installation_key(db.state))
    counted = _cli(db, "--restaurar", str(short))
    assert counted.returncode == 1 and "no tiene las filas" in counted.stderr and "app.ticket" in counted.stderr
    # A backup of a newer version of the system: refused before anything is touched.
    meta["filas"]["app.ticket"] -= 1
    meta["version_esquema"] = 999
    backup.signature_path(short).write_text(json.dumps(meta))
    _resign(short, backup.installation_key(db.state))
    newer = _cli(db, "--restaurar", str(short))
    assert newer.returncode == 1 and "versión más nueva" in newer.stderr, newer.stderr
    db.start()
    assert _folios(db) == live and after_backup <= live, "every ticket is still in the live database"
    assert backup.RESTORING not in _databases(db)
    assert len(_submit(db, 1, 90)) == 1  # and it still serves
    print(f"\nrestauración fallida: {len(live)}/{len(live)} tickets siguen en la base; aviso:\n{failed.stderr}")


def test_a_forged_backup_is_refused_and_an_old_unsigned_one_needs_consent(system_db):
    db = system_db
    tickets = _submit(db, 2, 0)
    path = _backup_now(db)
    live = _folios(db)
    db.stop()
    # The attacker edits the archive and recomputes its checksum (but has no key to sign it).
    forged = path.with_name("itl-respaldo-falso" + backup.SUFFIX)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    forged.write_bytes(bytes(data))
    meta = json.loads(backup.signature_path(path).read_text())
    meta["sha256"], meta["bytes"] = backup._sha256(forged)
    backup.signature_path(forged).write_text(json.dumps(meta))
    for action in ("--verificar", "--restaurar"):
        refused = _cli(db, action, str(forged))
        assert refused.returncode == 1 and "firma del respaldo" in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr
    # Signed by another installation's key: refused, naming both keys.
    other = db.state.parent / "otra-clave"
    other.write_text("ab" * 32 + "\n")
    _resign(forged, backup.read_key(other))
    alien = _cli(db, "--verificar", str(forged))
    assert alien.returncode == 1 and "otra clave" in alien.stderr, alien.stderr
    # No signature file at all.
    backup.signature_path(forged).unlink()
    assert "Falta el archivo de firma" in _cli(db, "--restaurar", str(forged)).stderr
    # A backup of the previous format (header line + archive, no signature): refused unless accepted.
    legacy = path.with_name("itl-respaldo-antiguo" + backup.SUFFIX)
    archive = path.read_bytes()
    header = {"creado": "2026-01-01T00:00:00Z", "sha256": hashlib.sha256(archive).hexdigest(), "bytes": len(archive)}
    legacy.write_bytes((backup.LEGACY_MAGIC + json.dumps(header) + "\n").encode() + archive)
    old = _cli(db, "--restaurar", str(legacy))
    assert old.returncode == 1 and "formato anterior" in old.stderr and "--aceptar-sin-firma" in old.stderr
    db.start()
    assert _folios(db) == live  # nothing was touched by any refusal
    db.stop()
    accepted = _cli(db, "--restaurar", str(legacy), "--aceptar-sin-firma")
    assert accepted.returncode == 0, accepted.stderr
    db.start()
    assert _folios(db) == tickets
