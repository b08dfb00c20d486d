"""Where the embedded database keeps its logins' passwords, its URLs, and the port it runs on.

Shared by tools/embedded_db.py (which starts the server and writes the secrets) and the desktop
app on the server itself (which only reads them): the product never imports tools/.

`running_port(state)` is the one place that finds the port of the running system
(`./run.sh --db-port N`): ITL_DB_PORT when set, else the data folder says it (PostgreSQL's own
pgdata/postmaster.pid, line 4, while it runs; sistema.lock's db_port, written by run.sh), else
55432. The desktop app and every tool that talks to the embedded database use it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATE = ROOT / "var" / "db"
DEFAULT_PORT = int(os.environ.get("ITL_DB_PORT", "55432"))
DATABASE = "itl"
SECRETS_FILE = "secrets.json"
LOCK_FILE = "sistema.lock"  # tools/instance_lock.py: {"pid": ..., "db_port": ...} of the running system


def _pid_file_port(state: Path) -> int | None:
    """Line 4 of pgdata/postmaster.pid is the port PostgreSQL listens on (while it runs)."""
    try:
        lines = (state / "pgdata" / "postmaster.pid").read_text(encoding="utf-8", errors="replace").splitlines()
        return int(lines[3].strip()) if len(lines) > 3 else None
    except (OSError, ValueError):
        return None


def _lock_port(state: Path) -> int | None:
    try:
        value = json.loads((state / LOCK_FILE).read_text(encoding="utf-8") or "{}").get("db_port")
        return int(value) if value else None
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def port_and_source(state: Path | None = None) -> tuple[int, str]:
    """(port, where it came from) of the embedded database of a data folder."""
    folder = state or DEFAULT_STATE
    if os.environ.get("ITL_DB_PORT"):
        return int(os.environ["ITL_DB_PORT"]), "la variable ITL_DB_PORT"
    port = _pid_file_port(folder)
    if port:
        return port, f"{folder / 'pgdata' / 'postmaster.pid'}"
    port = _lock_port(folder)
    if port:
        return port, f"{folder / LOCK_FILE}"
    return 55432, "el puerto predeterminado"


def running_port(state: Path | None = None) -> int:
    """The port of the running system's embedded database (see the module's docstring)."""
    return port_and_source(state)[0]


def where_tried(state: Path | None = None) -> str:
    """Spanish: which address was tried and how to point elsewhere (for 'database unavailable')."""
    port, source = port_and_source(state)
    return (f"Se intentó la base de datos integrada en 127.0.0.1:{port} (según {source}). Si el sistema se "
            f"arrancó con otro puerto (./run.sh --db-port N), indíquelo con ITL_DB_PORT=N o con --db-url.")


def secrets_file(state: Path | None = None) -> Path:
    return (state or DEFAULT_STATE) / SECRETS_FILE


def url(login: str, password: str, port: int | None = None, database: str = DATABASE) -> str:
    return f"postgresql://{login}:{password}@127.0.0.1:{port or running_port()}/{database}"


def login_url(login: str, state: Path | None = None, port: int | None = None, database: str = DATABASE) -> str | None:
    """The URL of an existing login of the embedded database; None when there are no secrets yet
    (this never creates them: only tools.embedded_db does, when it initialises the server)."""
    path = secrets_file(state)
    if not path.exists():
        return None
    password = json.loads(path.read_text()).get(login)
    return url(login, password, port or running_port(state), database) if password else None
