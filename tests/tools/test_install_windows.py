"""The Windows installer's inputs: requirements-desktop.txt pins what the desktop app imports, with
the same versions as requirements.txt, and the script installs that file and launches `-m desktop`.
(PowerShell itself does not run on the CI machine.)"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pins(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==(\S+)", line.strip())
        if found:
            out[found.group(1).lower()] = found.group(2)
    return out


def imported_packages(folder: Path) -> set[str]:
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def test_desktop_requirements_match_the_main_pins():
    desktop, main = pins(ROOT / "requirements-desktop.txt"), pins(ROOT / "requirements.txt")
    assert {k: v for k, v in desktop.items() if k in main} == {k: main[k] for k in desktop if k in main}
    assert set(desktop) - set(main) == {"keyring"}  # optional in the app, installed on the staff PCs


def test_every_third_party_import_of_the_desktop_is_installed():
    """desktop/ and gateway/ need nothing beyond requirements-desktop.txt (tools.embedded_db is
    imported only behind a guard, for the server itself)."""
    module_of = {"psycopg": "psycopg", "psycopg_pool": "psycopg-pool", "pyodbc": "pyodbc",
                 "dearpygui": "dearpygui", "keyring": "keyring", "fontpkg_noto_sans": "fontpkg-noto-sans",
                 "PIL": "pillow", "fpdf": "fpdf2", "segno": "segno"}
    ours = {"desktop", "gateway", "tools", "__future__"}
    third = {n for n in imported_packages(ROOT / "desktop") | imported_packages(ROOT / "gateway")
             if n not in ours and n not in sys.stdlib_module_names}
    assert third <= set(module_of), third
    assert {module_of[n] for n in third} <= set(pins(ROOT / "requirements-desktop.txt"))


def test_installer_installs_the_desktop_requirements_and_makes_a_launcher():
    text = (ROOT / "tools" / "install_windows.ps1").read_text(encoding="utf-8")
    assert "requirements-desktop.txt" in text and "-m venv" in text
    assert '-m desktop' in text and "pythonw.exe" in text and ".bat" in text and ".lnk" in text
    assert "ODBC Driver 18 for SQL Server" in text
