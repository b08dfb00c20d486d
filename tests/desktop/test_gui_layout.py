"""Layout in the real window under Xvfb at 1366x768 and 1920x1080: queue and open ticket.

Runs tests/desktop/layout_driver.py in a subprocess per size on a seeded database and checks
that the main areas fill the window and end inside it (nothing cut at the right or bottom).
Screenshots: artifacts/desktop_{queue,ticket}_WxH.png (ITL_SHOT_DIR / ITL_SHOT_PREFIX change that).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.desktop.test_gui_smoke import xvfb  # noqa: F401
from tests.support.auth import create_staff
from tests.support.tickets import catalogs, insert_attachment, insert_ticket, pg_module_db, png  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Clave-de-Prueba-2026"
SIZES = [(1366, 768), (1920, 1080)]

pytestmark = pytest.mark.gui

NAMES = ["María Fernanda Hernández Ruiz", "José Luis Ramírez", "Ana Sofía Gutiérrez", "Dr. Roberto Castañeda",
         "Lic. Patricia Núñez Ortega", "Ing. Ricardo Muñoz"]
TEXTS = [
    "La impresora del laboratorio 3 marca «atasco de papel» aunque no tiene hojas dentro; ya apagamos y "
    "encendimos dos veces y el mensaje sigue apareciendo en la pantalla del equipo. Necesitamos imprimir "
    "las actas de calificaciones antes del viernes. ✔ Urgente por cierre de semestre 📄",
    "El proyector del aula B-12 no detecta la laptop por HDMI ni por VGA.",
    "No hay internet en la sala de maestros desde ayer en la tarde; el resto del edificio sí tiene.",
    "Solicito instalación de MATLAB y AutoCAD en las 30 computadoras del laboratorio de Ingeniería Civil "
    "para el curso de verano.",
    "La computadora de la coordinación se reinicia sola cada diez minutos — pantalla azul.",
]


def seed(db) -> dict:
    cats = catalogs(db)
    categories = list(cats.category.values())
    priorities = list(cats.priority.values())
    tickets = [
        insert_ticket(db, cats, requester_name=NAMES[n % len(NAMES)], description=TEXTS[n % len(TEXTS)],
                      equipment_tag=f"ITL-LAB-{n % 7:03d}", campus_id=cats.campus["C1" if n % 3 else "C2"],
                      category_id=categories[n % len(categories)], priority_id=priorities[n % len(priorities)])
        for n in range(75)
    ]
    insert_attachment(db, tickets[-1]["ticket_id"], png(640, 420))
    return tickets[-1]


def run_driver(db, display: str, width: int, height: int, username: str) -> dict:
    out = Path(os.environ.get("ITL_SHOT_DIR", str(ROOT / "artifacts")))
    prefix = os.environ.get("ITL_SHOT_PREFIX", "desktop")
    env = {**os.environ, "DISPLAY": display, "LIBGL_ALWAYS_SOFTWARE": "1", "ITL_DESK_REFRESH_SECONDS": "3600"}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.desktop.layout_driver", db.login_urls["itl_desk"], username, PASSWORD,
         str(out), str(width), str(height), prefix],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert proc.returncode == 0 and lines, f"la interfaz falló:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    return json.loads(lines[-1])


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_queue_and_ticket_fill_the_window(pg_module_db, xvfb, width: int, height: int) -> None:  # noqa: F811
    db = pg_module_db
    username = f"operadora.{width}"
    if not db.sql("SELECT 1 FROM app.ticket LIMIT 1"):
        seed(db)
    create_staff(db, username, PASSWORD)
    summary = run_driver(db, xvfb, width, height, username)
    print(f"\n{width}x{height}: {json.dumps(summary, ensure_ascii=False)}")
    for path in summary["screenshots"]:
        assert Path(path).stat().st_size > 10_000, path
    areas = summary["areas"]
    if os.environ.get("ITL_SHOT_PREFIX") == "before":
        return  # the BEFORE run only records screenshots of the old layout
    assert set(areas) >= {"queue_pane", "ticket_host", "ticket_side", "ticket_composer", "queue_next"}, areas
    client_w, client_h = summary["viewport"]
    # Top-level panes and the footer/top-bar buttons (window coordinates) end inside the window.
    for name in ("queue_pane", "ticket_host", "queue_next", "queue_page_label", "main_logout_button"):
        x, y, w, h = areas[name]
        assert x >= 0 and y >= 0 and x + w <= client_w and y + h <= client_h, (name, areas, summary["viewport"])
    qx, _, qw, qh = areas["queue_pane"]
    tx, _, tw, th = areas["ticket_host"]
    # Master-detail: the two panes share the width of the window (no floating window, no black area).
    assert qw + tw >= client_w * 0.9 and tx >= qx + qw - 2, areas
    # 75 %: above the panes, the top bar, the banner's reserved line (it never pushes them down) and the tabs.
    assert qh >= client_h * 0.75 and th >= client_h * 0.75, areas
    # Inside the ticket pane (positions relative to it): side panel and composer are not cut.
    sx, _, sw, _ = areas["ticket_side"]
    assert sx + sw <= tw, areas
    _, cy, _, ch = areas["ticket_composer"]
    assert cy + ch <= th, areas
    assert summary["top_scroll"] == [0.0, 0.0]
