"""The connection screen in a real window under Xvfb: a remote embedded database without the server's
certificate is refused before any connection, a wrong password is explained, the right one connects;
screenshots of the three in artifacts/. The module's `main()` runs in a subprocess
(a crash of the GUI cannot take pytest down) and prints a JSON summary on its last line.

    python -m tests.desktop.test_connection_gui HOST PORT DATABASE PASSWORD ARTIFACTS_DIR
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from desktop.services import connection_service as svc
from tests.desktop.test_gui_smoke import xvfb  # noqa: F401  (Desk's Xvfb fixture)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"


@pytest.mark.gui
def test_connection_screen_in_the_real_window(pg_db, xvfb, tmp_path) -> None:  # noqa: F811
    url = urlsplit(pg_db.login_urls["itl_desk"])
    # This machine runs the system (its data folder: the desktop login's secret; its port: ITL_DB_PORT).
    state = tmp_path / "db"
    state.mkdir()
    (state / "secrets.json").write_text(json.dumps({"itl_desk": url.password}), encoding="utf-8")
    env = {**os.environ, "DISPLAY": xvfb, "LIBGL_ALWAYS_SOFTWARE": "1", "ITL_DESK_CONFIG_DIR": str(tmp_path),
           "ITL_DB_PORT": str(url.port)}
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool no está instalado (bash tools/install.sh --dev)")
    proc = subprocess.run(
        [sys.executable, "-m", "tests.desktop.test_connection_gui", url.hostname, str(url.port),
         url.path.lstrip("/"), url.password, str(ARTIFACTS), str(state)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert proc.returncode == 0 and lines, f"la interfaz falló:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    summary = json.loads(lines[-1])
    # A stale saved connection (a stopped server; here also no stored password) and the system running on
    # this machine: the screen offers it on top, and one real click on the button connects to it.
    offer = summary["offer"]
    assert offer["text"].startswith("La conexión guardada no") and "en marcha el sistema" in offer["text"]
    assert offer["seen"]["shown"] and offer["seen"]["inside"] and offer["seen"]["on_top"], offer
    assert offer["changed"] > 0.05 and offer["url_port"] == url.port and offer["message"].startswith("Conectado")
    assert offer["kind_fit"][0] <= offer["kind_fit"][1], offer["kind_fit"]  # the server type's combo cuts nothing
    assert summary["no_certificate"] == svc.NEEDS_CERTIFICATE
    assert summary["fingerprint"].endswith(summary["expected_fingerprint"]) and "compárela" in summary["fingerprint"]
    assert "usuario o la contraseña" in summary["wrong_message"]
    assert summary["connected"] and summary["message"].startswith("Conectado.")
    assert summary["login_after_connect"] is True and summary["login_message"] == ""
    assert summary["font_kept"] is True, "el inicio de sesión perdió la fuente de la aplicación"
    # Xvfb has no window manager: the window fills the screen by itself, at its top left.
    assert summary["screen"] == [1920, 1200] and summary["viewport"] == [0, 0, 1920, 1200], summary
    saved = json.loads((tmp_path / "escritorio.json").read_text(encoding="utf-8"))["conexion"]
    assert saved["host"] == url.hostname and url.password not in json.dumps(saved)
    for path in summary["shots"]:
        assert Path(path).stat().st_size > 5_000, path


def _server_certificate(path: Path) -> Path:
    """A certificate made the way tools.embedded_db makes the server's (what an operator copies)."""
    from tools.embedded_db import EmbeddedDb

    cert, _ = EmbeddedDb(path.parent / "datos", listen="192.0.2.50").ensure_certificate()
    path.write_bytes(cert.read_bytes())
    return path


class _Shots:
    """What RealInput needs of a DriverRun (frames and screenshots) for the bare connection window."""

    def __init__(self, loop, out: Path) -> None:
        self.loop, self.out, self.summary = loop, out, {"screenshots": []}

    def shot(self, name: str) -> Path:
        import dearpygui.dearpygui as dpg

        self.loop.frame(6)
        path = self.out / f"desktop_connection_{name}.png"
        dpg.output_frame_buffer(file=str(path))
        self.loop.frame(3)
        self.summary["screenshots"].append(str(path))
        return path


def _offer_step(state: Path, database: str, out: Path) -> dict:
    """desktop.app's start with a stale saved connection while this machine runs the system: the offer
    is seen on top of the window and a real mouse click on it connects."""
    import dearpygui.dearpygui as dpg

    from desktop import app
    from desktop.views import connection_view as view
    from tests.desktop.gui_loop import FrameLoop, RealInput

    _, problem = app.saved_connection_url()
    local = app.local_system(state, database)
    assert local is not None, "no se encontró el sistema en marcha"
    screen = app.connection_screen(problem, local)
    dpg.set_primary_window(view.WINDOW, True)
    dpg.show_viewport()
    loop = FrameLoop(screen)
    loop.frame(5)
    ui = RealInput(_Shots(loop, out))  # type: ignore[arg-type]
    before = ui.snapshot("offer")
    text = dpg.get_value(view.LOCAL_TEXT)
    seen = ui.seen(view.LOCAL)
    ui.click(view.LOCAL)
    loop.wait(lambda: screen.url is not None, "conexión con el sistema de este equipo")
    after = ui.snapshot("offer_used")
    _, _, kind_w, kind_h = ui.rect(view.KIND)  # «Base de datos integrada (PostgreSQL)» whole, with the arrow
    kind_need = max(dpg.get_text_size(v)[0] for v in dpg.get_item_configuration(view.KIND)["items"]) + kind_h + 16
    result = {"kind_fit": [round(kind_need, 1), round(kind_w, 1)], "text": text, "seen": seen,
              "url_port": urlsplit(screen.url).port,
              "message": dpg.get_value(view.MESSAGE),
              "changed": ui.region_changed(before, after, ui.rect(view.LOCAL_TEXT)), "shots": [str(before), str(after)]}
    screen.close()
    dpg.delete_item(view.WINDOW)
    return result


def main() -> int:
    import dearpygui.dearpygui as dpg

    from desktop.ui import setup_font
    from desktop.views import connection_view as view
    from tests.desktop.gui_loop import FrameLoop

    host, port, database, password, artifacts, state = sys.argv[1:7]
    out = Path(artifacts)
    out.mkdir(parents=True, exist_ok=True)
    dpg.create_context()
    setup_font()
    dpg.create_viewport(title="Centro de Cómputo ITL - Conexión", width=640, height=660)  # as desktop.app
    dpg.setup_dearpygui()
    svc.save_settings(svc.ConnectionSettings("pg", "127.0.0.1", 1, database, "itl_desk"))  # a stopped server
    offer = _offer_step(Path(state), database, out)
    screen = view.ConnectionScreen()
    dpg.set_primary_window(view.WINDOW, True)
    loop = FrameLoop(screen)
    loop.frame(5)
    dpg.set_value(view.HOST, "192.0.2.50")  # another machine (TEST-NET), no certificate given
    dpg.set_value(view.PORT, int(port))
    dpg.set_value(view.DATABASE, database)
    dpg.set_value(view.PASSWORD, password)
    dpg.get_item_callback(view.SUBMIT)()
    loop.wait(lambda: screen._pending is None, "respuesta sin certificado")
    loop.frame(5)
    no_certificate = dpg.get_value(view.MESSAGE)
    dpg.output_frame_buffer(file=str(out / "desktop_connection_needs_certificate.png"))
    loop.frame(3)
    # The server's certificate chosen: its fingerprint is shown to compare with the server's.
    scratch = Path(tempfile.mkdtemp(prefix="itl-crt-"))
    certificate = _server_certificate(scratch / "server.crt")
    dpg.set_value(view.CERTIFICATE, str(certificate))
    dpg.get_item_callback(view.CERTIFICATE)()
    loop.frame(5)
    fingerprint = dpg.get_value(view.FINGERPRINT)
    dpg.output_frame_buffer(file=str(out / "desktop_connection_fingerprint.png"))
    loop.frame(3)
    dpg.set_value(view.CERTIFICATE, "")
    dpg.get_item_callback(view.CERTIFICATE)()
    dpg.set_value(view.HOST, host)
    dpg.set_value(view.PORT, int(port))
    dpg.set_value(view.DATABASE, database)
    dpg.set_value(view.PASSWORD, "incorrecta")
    dpg.get_item_callback(view.SUBMIT)()
    loop.wait(lambda: screen._pending is None, "respuesta con contraseña incorrecta")
    loop.frame(5)
    wrong = dpg.get_value(view.MESSAGE)
    shots = [str(out / "desktop_connection_error.png")]
    dpg.output_frame_buffer(file=shots[0])
    loop.frame(3)
    dpg.set_value(view.PASSWORD, password)
    dpg.get_item_callback(view.SUBMIT)()
    loop.wait(lambda: screen.url is not None, "conexión")
    loop.frame(5)
    shots.append(str(out / "desktop_connection_ok.png"))
    dpg.output_frame_buffer(file=shots[1])
    loop.frame(3)
    shots += [str(out / "desktop_connection_needs_certificate.png"), str(out / "desktop_connection_fingerprint.png")]
    summary = {"offer": offer, "no_certificate": no_certificate, "fingerprint": fingerprint,
               "expected_fingerprint": svc.certificate_fingerprint(str(certificate)), "wrong_message": wrong,
               "connected": screen.url is not None, "message": dpg.get_value(view.MESSAGE), "shots": shots}
    screen.close()
    # After «Conectar»: the login screen follows in the same window (desktop.app, ui.run(url, reuse=True)).
    from desktop import ui
    from desktop.views import login_view

    app = ui.create(screen.url, reuse=True)
    ui.fill_screen()  # as ui.run
    for _ in range(10):
        app.tick()
        dpg.render_dearpygui_frame()
    from desktop.services.screen import screen_size
    from desktop.views import theme

    # The app's font survived the connection window (ImGui's own font has no «●» and is wider).
    summary["font_kept"] = dpg.does_item_exist(theme.FONT_TAG)
    summary["viewport"] = [dpg.get_viewport_pos()[0], dpg.get_viewport_pos()[1], dpg.get_viewport_width(),
                           dpg.get_viewport_height()]
    summary["screen"] = screen_size()
    summary["login_after_connect"] = (dpg.is_dearpygui_running() and dpg.is_item_shown(login_view.WINDOW)
                                      and not dpg.does_item_exist(view.WINDOW))
    summary["login_message"] = dpg.get_value(login_view.MESSAGE)
    shots.append(str(out / "desktop_connection_then_login.png"))
    dpg.output_frame_buffer(file=shots[-1])
    for _ in range(3):
        dpg.render_dearpygui_frame()
    app.close()
    dpg.destroy_context()
    shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
