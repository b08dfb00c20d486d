"""Hand a file (a PDF, a printable slip) to the system's viewer, or say how to open it by hand."""

from __future__ import annotations

import webbrowser
from pathlib import Path


def open_in_viewer(path: Path, what: str, path_shown: bool = False) -> str:
    """'' once the system took the file; else the sentence to show: no viewer, and where the file is
    (`path_shown`: the dialog already shows the path, the sentence points to it instead)."""
    try:
        opened = webbrowser.open(path.as_uri())
    except (webbrowser.Error, OSError):
        opened = False
    if opened:
        return ""
    where = "la ruta está abajo" if path_shown else str(path)
    return f"No se encontró un programa para abrir {what} en este equipo. Ábralo a mano: {where}."
