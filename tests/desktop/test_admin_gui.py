"""The administration tabs in the real window under Xvfb, on seeded data: each tab loads when it
is opened (no "Actualizar" pressed), screenshots of every tab, PNG charts, the temporary password
copied to the clipboard.

The test starts Xvfb and runs this module's `main()` in a subprocess (a crash of the GUI cannot
take pytest down): it logs in as an administrator through the real login window, opens each
administration tab by selecting it in the tab bar and waits for the tab's own "Actualizado a las
HH:MM"; on Estadísticas it loads a quarter of seeded tickets and exports the charts as PNG into
artifacts/, then prints a JSON summary on its last line.

    python -m tests.desktop.test_admin_gui URL USERNAME PASSWORD ARTIFACTS_DIR
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.desktop.test_gui_smoke import xvfb  # noqa: F401  (Desk's Xvfb fixture)
from tests.support.admin_data import make_tickets
from tests.support.auth import create_staff

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
PASSWORD = "Clave-Admin-Prueba-2026"


@pytest.mark.gui
def test_admin_tabs_load_on_open_with_real_charts(pg_db, xvfb) -> None:  # noqa: F811
    make_tickets(pg_db, 240, seed=9, days=85, year=2014, wall_clock=False)  # the Horario tab: seeded hours
    create_staff(pg_db, "admin.gui", PASSWORD, role="administrador")
    env = {**os.environ, "DISPLAY": xvfb, "LIBGL_ALWAYS_SOFTWARE": "1", "ITL_DESK_REFRESH_SECONDS": "3600"}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.desktop.test_admin_gui", pg_db.login_urls["itl_desk"], "admin.gui",
         PASSWORD, str(ARTIFACTS)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert proc.returncode == 0 and lines, f"la interfaz falló:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    summary = json.loads(lines[-1])
    assert summary["received"] == 240
    assert summary["trend_points"] == 14  # weeks (from Monday) touching Sat 2014-03-01 .. Sat 2014-05-31
    assert summary["category_total"] == 240
    assert summary["png_message"].startswith("4 gráfica(s) PNG")
    for path in summary["charts"]:
        data = Path(path).read_bytes()
        width, height = struct.unpack(">II", data[16:24])
        assert data[:4] == b"\x89PNG" and width > 200 and height > 200, path
    assert Path(summary["screenshot"]).stat().st_size > 20_000
    assert summary["staff_rows"] >= 1
    # every tab loaded by being opened, and says when
    assert set(summary["stamps"]) == {"Estadísticas", "Personal", "Catálogos", "Bitácora", "Ajustes", "Horario"}
    assert summary["calendar_versions"] >= 1 and summary["calendar_days"] == 7  # seeded rest days of Campus I
    assert all(text.startswith("Actualizado a las ") for text in summary["stamps"].values()), summary["stamps"]
    assert summary["settings_rows"] >= 10 and summary["catalog_rows"] > 0
    assert summary["clipboard_ok"], "la contraseña temporal no llegó al portapapeles"
    assert "creó la cuenta «copia.gui»" in summary["audit_first"]
    for axis, (low, high) in summary["count_axes"].items():
        top = high / 1.04
        assert low == 0 and abs(top - round(top)) < 1e-3 and round(top) >= 1, (axis, low, high)
    assert summary["settings_raw_keys"] == [] and summary["incidents_tab_label"] == "Estadísticas de incidentes"
    for path in summary["others"]:
        assert Path(path).stat().st_size > 10_000, path


def main() -> int:
    import dearpygui.dearpygui as dpg

    from desktop import ui
    from desktop.admin.views import staff_view
    from desktop.views import login_view, main_window
    from tests.desktop.gui_loop import FrameLoop

    url, username, password, artifacts = sys.argv[1:5]
    out = Path(artifacts)
    out.mkdir(parents=True, exist_ok=True)
    app = ui.create(url)
    dpg.set_viewport_width(1920)  # every chart inside the frame: the export cuts them out of it
    dpg.set_viewport_height(1080)
    dpg.show_viewport()

    loop = FrameLoop(app)
    frame, wait = loop.frame, loop.wait

    frame(5)
    dpg.set_value(login_view.USERNAME, username)
    dpg.set_value(login_view.PASSWORD, password)
    dpg.get_item_callback(login_view.SUBMIT)()
    wait(lambda: dpg.does_item_exist(main_window.MAIN_WINDOW), "ventana principal")
    wait(lambda: hasattr(app.ctx, "admin_screens"), "pestañas de administración")
    screens = app.ctx.admin_screens
    stamps: dict[str, str] = {}
    shots: list[str] = []

    def open_tab(tab) -> None:
        """Select the tab as a click would and wait for the load it starts by itself."""
        dpg.set_value(main_window.TAB_BAR, tab.tag)
        wait(lambda: dpg.get_value(tab.stamp_tag).startswith("Actualizado a las "), f"carga de {tab.label}")
        stamps[tab.label] = dpg.get_value(tab.stamp_tag)
        frame(5)

    open_tab(screens.stats)
    dpg.set_value("stats_from", "2014-03-01")
    dpg.set_value("stats_to", "2014-05-31")
    dpg.set_value("stats_grain", "Semana")
    dpg.set_value("stats_dimension", "Categoría")
    screens.stats.load()
    wait(lambda: screens.stats.report is not None and screens.stats.report.request.date_to.year == 2014,
         "estadísticas de 2014")
    wait(lambda: not screens.stats.loading, "fin de la carga")
    frame(10)
    shot = out / "admin_statistics.png"
    dpg.output_frame_buffer(file=str(shot))
    frame(5)
    charts = out / "admin_charts"
    screens.stats.export_png(charts)
    wait(lambda: "gráfica(s) PNG" in dpg.get_value("stats_message"), "exportación PNG")
    frame(3)

    open_tab(screens.staff)
    dpg.set_value("staff_new_username", "copia.gui")
    dpg.set_value("staff_new_name", "Copia Interfaz")
    screens.staff.create()
    wait(lambda: dpg.get_value(staff_view.PASSWORD_VALUE) != "", "contraseña temporal")
    frame(3)
    dpg.get_item_callback(staff_view.PASSWORD_COPY)()
    frame(3)
    clipboard_ok = dpg.get_clipboard_text() == dpg.get_value(staff_view.PASSWORD_VALUE)
    dpg.output_frame_buffer(file=str(out / "admin_staff.png"))
    frame(3)
    shots.append(str(out / "admin_staff.png"))
    for tab, name in ((screens.catalogs, "admin_catalogs.png"), (screens.audit, "admin_audit.png"),
                      (screens.settings, "admin_settings.png"), (screens.calendar, "admin_calendar.png")):
        open_tab(tab)
        dpg.output_frame_buffer(file=str(out / name))
        frame(3)
        shots.append(str(out / name))
    dpg.set_viewport_width(1366)  # the Horario tab on a common laptop screen too
    dpg.set_viewport_height(768)
    frame(10)
    dpg.output_frame_buffer(file=str(out / "admin_calendar_1366.png"))
    frame(3)
    shots.append(str(out / "admin_calendar_1366.png"))
    report = screens.stats.report
    summary = {
        "received": report.summary["received"],
        "trend_points": len(report.trend),
        "category_total": sum(r["ticket_count"] for r in report.breakdowns["category"]),
        "png_message": dpg.get_value("stats_message"),
        "charts": sorted(str(p) for p in charts.glob("grafica_*.png")),
        "screenshot": str(shot),
        "staff_rows": len(screens.staff.rows),
        "catalog_rows": len(screens.catalogs.rows),
        "settings_rows": len(screens.settings.rows),
        "audit_first": screens.audit.rows[0]["sentence"] if screens.audit.rows else "",
        "clipboard_ok": clipboard_ok,
        "stamps": stamps,
        "others": shots,
        "calendar_versions": len(screens.calendar.versions),
        "calendar_days": len(screens.calendar.days),
        # Axes of counts: limits from 0 to a whole-number last tick (stats_service.count_ticks), never 2.5.
        "count_axes": {axis: list(dpg.get_axis_limits(axis)) for axis in (
            "stats_trend_y", "stats_plot_category_x", "stats_plot_status_x", "stats_plot_campus_y")},
        # Ajustes shows descriptions, never a raw key such as incident_window_minutes.
        "settings_raw_keys": sorted({str(dpg.get_value(t)) for t in _texts("settings_body")}
                                    & set(screens.settings.rows)),
        "incidents_tab_label": screens.incidents.label,
    }
    app.ctx.close()
    dpg.destroy_context()
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def _texts(root: str) -> list[int]:
    """Every text item under `root` (tables, rows and groups included)."""
    import dearpygui.dearpygui as dpg

    out, todo = [], list(dpg.get_item_children(root, 1) or [])
    while todo:
        item = todo.pop()
        if dpg.get_item_type(item).endswith("mvText"):
            out.append(item)
        todo += dpg.get_item_children(item, 1) or []
    return out


if __name__ == "__main__":
    sys.exit(main())
