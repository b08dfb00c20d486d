"""Per-user settings of the desktop app, in one JSON file under the user's configuration folder.

Windows: %APPDATA%\\ITL-Tickets\\escritorio.json; macOS: ~/Library/Application Support/ITL-Tickets;
elsewhere $XDG_CONFIG_HOME/itl-tickets (default ~/.config). ITL_DESK_CONFIG_DIR overrides the
folder (tests, portable installs). Never holds a password: the connection screen keeps the
password in the operating system's credential store (`keyring`) or asks for it each time.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

APP_DIR_WINDOWS = "ITL-Tickets"
APP_DIR_POSIX = "itl-tickets"
FILE_NAME = "escritorio.json"


def config_dir() -> Path:
    override = os.environ.get("ITL_DESK_CONFIG_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("APPDATA")
        return (Path(base) if base else Path.home() / "AppData" / "Roaming") / APP_DIR_WINDOWS
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_WINDOWS
    base = os.environ.get("XDG_CONFIG_HOME")
    return (Path(base) if base else Path.home() / ".config") / APP_DIR_POSIX


def config_path() -> Path:
    return config_dir() / FILE_NAME


def load() -> dict[str, Any]:
    """The whole file ({} when missing or unreadable: the app then starts with its defaults)."""
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def section(name: str) -> dict[str, Any]:
    value = load().get(name)
    return value if isinstance(value, dict) else {}


def save_section(name: str, values: dict[str, Any]) -> bool:
    """Replace one section; False when the file cannot be written (the app keeps working)."""
    data = load()
    data[name] = values
    path = config_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        return False
    return True
