"""The desktop application: login window <-> main window, render loop, worker results.

    python -m desktop [--db-url URL]

URL: --db-url, else env ITL_DESK_DB_URL, else the embedded database's desktop login
(tools/embedded_db secrets). For SQL Server use an mssql:// URL (see docs/readme/desktop.md).
"""

from __future__ import annotations

import argparse
import os
import sys


def default_db_url() -> str:
    url = os.environ.get("ITL_DESK_DB_URL", "")
    if url:
        return url
    from tools.embedded_db import EmbeddedDb

    return EmbeddedDb().url("itl_desk")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m desktop", description="Aplicación de escritorio del Centro de Cómputo")
    parser.add_argument("--db-url", default=None, help="URL de la base de datos (postgresql://... o mssql://...)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = args.db_url or default_db_url()
    if not os.environ.get("DISPLAY") and sys.platform.startswith("linux"):
        print("No hay pantalla (DISPLAY): la aplicación de escritorio necesita un entorno gráfico.", file=sys.stderr)
        return 2
    from desktop.ui import run

    return run(url)
