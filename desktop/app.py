"""Entry point of the desktop application: picks the database URL and checks it, checks that
there is a display, then hands over to desktop.ui.run (windows, render loop, workers).

    python -m desktop [--db-url URL]

URL: --db-url, else env ITL_DESK_DB_URL, else the embedded database's desktop login
(tools/embedded_db secrets). For SQL Server use an mssql:// URL (see docs/readme/desktop.md).
"""

from __future__ import annotations

import argparse
import os
import sys

NO_EMBEDDED_DB = (
    "No se encontró la base de datos integrada (var/db/secrets.json). Arranque el sistema con ./run.sh "
    "o indique la base con --db-url / ITL_DESK_DB_URL."
)


def default_db_url() -> str | None:
    """ITL_DESK_DB_URL, else the embedded database's desktop login; None when neither exists."""
    url = os.environ.get("ITL_DESK_DB_URL", "")
    if url:
        return url
    from tools.embedded_db import EmbeddedDb

    db = EmbeddedDb()
    if not db.secrets_file.exists():  # reading secrets() would create new ones
        return None
    return db.url("itl_desk")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m desktop", description="Aplicación de escritorio del Centro de Cómputo")
    parser.add_argument("--db-url", default=None, help="URL de la base de datos (postgresql://... o mssql://...)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = args.db_url or default_db_url()
    if url is None:
        print(NO_EMBEDDED_DB, file=sys.stderr)
        return 2
    if not url.startswith(("postgresql://", "postgres://", "mssql")):
        print("URL de base de datos no reconocida (use postgresql://... o mssql://...).", file=sys.stderr)
        return 2
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
        # Dear PyGui aborts the whole process without a display: say it in Spanish instead.
        print("No hay pantalla (DISPLAY): la aplicación de escritorio necesita un entorno gráfico.", file=sys.stderr)
        return 2
    from desktop.ui import run

    return run(url)
