"""Statistics screen in the real window under Xvfb, on seeded data: screenshots and PNG charts.

The test starts Xvfb and runs this module's `main()` in a subprocess (a crash of the GUI cannot
take pytest down): it logs in as an administrator through the real login window, opens the
Estadísticas tab, loads a quarter of seeded tickets, saves a screenshot and exports the charts
as PNG into artifacts/, then prints a JSON summary on its last line.

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

from database.tests.admin_data import make_tickets
from tests.desktop.test_gui_smoke import xvfb  # noqa: F401  (Desk's Xvfb fixture)
from tests.support.auth import create_staff

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
PASSWORD = "Clave-Admin-Prueba-2026"


@pytest.mark.gui
def test_statistics_screen_with_real_charts(pg_db, xvfb) -> None:  # noqa: F811
    make_tickets(pg_db, 240, seed=9, days=85, year=2014)
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
    for path in summary["others"]:
        assert Path(path).stat().st_size > 10_000, path


def main() -> int:
    import dearpygui.dearpygui as dpg

    from desktop import ui
    from desktop.views import login_view, main_window
    from tests.desktop.gui_loop import FrameLoop

    url, username, password, artifacts = sys.argv[1:5]
    out = Path(artifacts)
    out.mkdir(parents=True, exist_ok=True)
    app = ui.create(url)
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
    dpg.set_value(main_window.TAB_BAR, "admin_stats_tab")
    wait(lambda: len(screens.campuses) == 2, "campus")
    dpg.set_value("stats_from", "2014-03-01")
    dpg.set_value("stats_to", "2014-05-31")
    dpg.set_value("stats_grain", "Semana")
    dpg.set_value("stats_dimension", "Categoría")
    screens.load_stats()
    wait(lambda: screens.report is not None, "estadísticas")
    frame(10)
    shot = out / "admin_statistics.png"
    dpg.output_frame_buffer(file=str(shot))
    frame(5)
    charts = out / "admin_charts"
    screens.export_png(charts)
    wait(lambda: "gráfica(s) PNG" in dpg.get_value("stats_message"), "exportación PNG")
    frame(3)
    # the other administration tabs, for the record
    dpg.set_value(main_window.TAB_BAR, "admin_staff_tab")
    screens.load_staff()
    wait(lambda: len(screens.staff_rows) > 0, "cuentas del personal")
    frame(5)
    dpg.output_frame_buffer(file=str(out / "admin_staff.png"))
    frame(3)
    dpg.set_value(main_window.TAB_BAR, "admin_catalog_tab")
    dpg.set_value("catalog_kind", "Ubicaciones")
    screens.load_catalog()
    wait(lambda: len(screens.catalog_rows) > 0, "catálogo de ubicaciones")
    frame(5)
    dpg.output_frame_buffer(file=str(out / "admin_catalogs.png"))
    frame(3)
    report = screens.report
    summary = {
        "received": report.summary["received"],
        "trend_points": len(report.trend),
        "category_total": sum(r["ticket_count"] for r in report.breakdowns["category"]),
        "png_message": dpg.get_value("stats_message"),
        "charts": sorted(str(p) for p in charts.glob("grafica_*.png")),
        "screenshot": str(shot),
        "staff_rows": len(screens.staff_rows),
        "others": [str(out / "admin_staff.png"), str(out / "admin_catalogs.png")],
    }
    app.ctx.close()
    dpg.destroy_context()
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
