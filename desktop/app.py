"""The desktop application: connection screen -> login window <-> main window.

    python -m desktop [--db-url URL] [--conexion]

Where it connects, first match wins:
  1. --db-url, else env ITL_DESK_DB_URL;
  2. the connection saved for this user (desktop/config.py) when its password is in the system's
     credential store (keyring); if that connection fails (or its password is not stored), the
     connection screen says why and, when the system runs on this machine, offers it in one click
     («Usar el sistema de este equipo»);
  3. on the server itself, the embedded database's desktop login (gateway/embedded.py reads the
     secrets that tools/embedded_db wrote);
  4. otherwise the connection screen (server, port, database, database user and password),
     also shown with --conexion to change the saved server.
For SQL Server the screen builds an ODBC Driver 18 URL (see docs/readme/desktop.md).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NO_CONNECTION = (
    "No hay una conexión configurada ni se encontró la base de datos integrada en este equipo "
    "(var/db/secrets.json). Abra la aplicación en un entorno gráfico para elegir el servidor, arranque el "
    "sistema con ./run.sh o indique la base con --db-url / ITL_DESK_DB_URL."
)
# Before the user acts: a prompt in the text colour, not an error (the saved connection lacks only it).
PASSWORD_PROMPT = "Escriba la contraseña de la base de datos y pulse «Conectar»."
NO_DISPLAY = "No hay pantalla (DISPLAY): la aplicación de escritorio necesita un entorno gráfico."


def default_db_url() -> str | None:
    """ITL_DESK_DB_URL, else the embedded database's desktop login; None when neither exists."""
    url = os.environ.get("ITL_DESK_DB_URL", "")
    if url:
        return url
    from gateway import embedded

    return embedded.login_url("itl_desk")  # None on a staff PC (no secrets there); never creates them


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m desktop", description="Aplicación de escritorio del Centro de Cómputo")
    parser.add_argument("--db-url", default=None, help="URL de la base de datos (postgresql://... o mssql://...)")
    parser.add_argument("--conexion", action="store_true",
                        help="mostrar la pantalla de conexión para elegir otro servidor")
    return parser.parse_args(argv)


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or not sys.platform.startswith("linux")


def saved_connection_url() -> tuple[str | None, str]:
    """(URL of the saved connection with its stored password, or None; why the screen is needed)."""
    from desktop.services import connection_service as svc

    saved = svc.load_settings()
    if saved is None:
        return None, ""
    password = svc.stored_password(saved) if saved.needs_password else ""
    if saved.needs_password and not password:
        return None, PASSWORD_PROMPT
    problem = svc.try_connect(saved, password or "")
    if problem:
        return None, problem
    return svc.build_url(saved, password or ""), ""


@dataclass(frozen=True)
class LocalSystem:
    """The system running on this very machine (its embedded database answered)."""

    url: str
    where: str  # «127.0.0.1:55432»


def local_system(state: Path | None = None, database: str | None = None) -> LocalSystem | None:
    """The embedded database of the system running here (gateway.embedded.running_port and its desktop
    login), when it answers now; None on a staff PC (no secrets) or when it is stopped."""
    import gateway.probe
    from gateway import embedded

    port = embedded.running_port(state)
    url = embedded.login_url("itl_desk", state=state, port=port, database=database or embedded.DATABASE)
    if url is None or gateway.probe.probe(url, timeout=3) is not None:
        return None
    return LocalSystem(url, f"127.0.0.1:{port}")


def offer_message(problem: str, local: LocalSystem) -> str:
    """The connection screen's words when the saved connection failed but this machine runs the system."""
    why = ("La conexión guardada no tiene su contraseña." if problem == PASSWORD_PROMPT
           else f"La conexión guardada no funcionó: {problem}")
    return (f"{why} En este equipo sí está en marcha el sistema (base de datos integrada en {local.where}): "
            f"pulse «{USE_LOCAL}» para entrar con él, o corrija los datos y pulse «Conectar».")


USE_LOCAL = "Usar el sistema de este equipo"


def connection_screen(message: str = "", local: LocalSystem | None = None) -> Any:
    """The connection window with the saved settings; `local`: the running system offered on top."""
    from desktop.services import connection_service as svc
    from desktop.views.connection_view import ConnectionScreen

    if local is not None:  # never a dead end: the running system is one click away
        return ConnectionScreen(svc.load_settings(), offer_message(message, local), info=True,
                                local=(USE_LOCAL, local.url))
    return ConnectionScreen(svc.load_settings(), message, info=message == PASSWORD_PROMPT)


def run_connection_screen(message: str = "", local: LocalSystem | None = None) -> str | None:
    """The connection window until a connection works (its URL; the context stays for the login that
    follows, ui.run(url, reuse=True)) or the window is closed (None)."""
    import dearpygui.dearpygui as dpg

    from desktop.ui import setup_font, use_builtin_compose
    from desktop.views.connection_view import WINDOW

    use_builtin_compose()
    dpg.create_context()
    setup_font()
    dpg.create_viewport(title="Centro de Cómputo ITL - Conexión", width=640, height=660)
    dpg.setup_dearpygui()
    screen = connection_screen(message, local)
    dpg.set_primary_window(WINDOW, True)
    dpg.show_viewport()
    try:
        while dpg.is_dearpygui_running() and screen.url is None:
            screen.tick()
            dpg.render_dearpygui_frame()
    finally:
        screen.close()
        if screen.url is None:
            dpg.destroy_context()
    return screen.url


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = args.db_url or os.environ.get("ITL_DESK_DB_URL") or None
    if url and not url.startswith(("postgresql://", "postgres://", "mssql")):
        print("URL de base de datos no reconocida (use postgresql://... o mssql://...).", file=sys.stderr)
        return 2
    from desktop.services.connection_service import unverified_url

    if url and unverified_url(url):
        print(unverified_url(url), file=sys.stderr)
        return 2
    message = ""
    local = None
    if url is None and not args.conexion:
        url, message = saved_connection_url()
        if url is None and not message:
            url = default_db_url()  # on the server itself
        elif url is None:  # the saved connection failed: is the system running right here?
            local = local_system()
    if not has_display():
        # Dear PyGui aborts the whole process without a display: say it in Spanish instead.
        print(NO_DISPLAY if url or local else NO_CONNECTION, file=sys.stderr)
        return 2
    screen = url is None
    if screen:
        url = run_connection_screen(message, local)
        if url is None:
            return 0  # the window was closed
    from desktop.ui import run

    return run(url, reuse=screen)  # after «Conectar»: the login screen in the same window
