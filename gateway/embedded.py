"""Where the embedded database keeps its logins' passwords, and its URLs.

Shared by tools/embedded_db.py (which starts the server and writes the secrets) and the desktop
app on the server itself (which only reads them): the product never imports tools/.
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


def secrets_file(state: Path | None = None) -> Path:
    return (state or DEFAULT_STATE) / SECRETS_FILE


def url(login: str, password: str, port: int | None = None, database: str = DATABASE) -> str:
    return f"postgresql://{login}:{password}@127.0.0.1:{port or DEFAULT_PORT}/{database}"


def login_url(login: str, state: Path | None = None, port: int | None = None, database: str = DATABASE) -> str | None:
    """The URL of an existing login of the embedded database; None when there are no secrets yet
    (this never creates them: only tools.embedded_db does, when it initialises the server)."""
    path = secrets_file(state)
    if not path.exists():
        return None
    password = json.loads(path.read_text()).get(login)
    return url(login, password, port, database) if password else None
