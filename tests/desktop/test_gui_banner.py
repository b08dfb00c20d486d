"""Defect 5: the database stops while the app is open -> a clear banner says the data shown is
stale since HH:MM; the database starts again -> the banner clears itself. Real window under
Xvfb against a PostgreSQL server of its own (this test stops it)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services.health import BANNER
from tests.desktop.test_gui_smoke import xvfb  # noqa: F401
from tests.support.auth import create_staff
from tests.support.database import PgCluster
from tests.support.tickets import catalogs, insert_ticket

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Clave-de-Prueba-2026"

pytestmark = pytest.mark.gui


@pytest.fixture
def own_cluster():
    # A server of its own, never the shared-mode one (which this test would stop): its own folder.
    cluster = PgCluster(shared=False, state_dir="")
    db = cluster.fresh()
    yield cluster, db
    cluster.server.start()  # in case the driver left it stopped
    with contextlib.suppress(Exception):  # the owner connection died with the restart: open a new one
        db._owner_conn.close()
    db._owner_conn = None
    cluster.drop(db)
    cluster.close()


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_stale_banner_appears_and_clears(own_cluster, xvfb, width: int, height: int) -> None:  # noqa: F811
    cluster, db = own_cluster
    cats = catalogs(db)
    create_staff(db, f"operadora.banner{width}", PASSWORD)
    for n in range(5):
        insert_ticket(db, cats, requester_name=f"Aviso {n}")
    env = {**os.environ, "DISPLAY": xvfb, "LIBGL_ALWAYS_SOFTWARE": "1", "ITL_DESK_REFRESH_SECONDS": "3600",
           "ITL_DESK_PROBE_SECONDS": "2"}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.desktop.banner_driver", db.login_urls["itl_desk"], f"operadora.banner{width}",
         PASSWORD, str(ROOT / "artifacts"), str(cluster.server.state), str(cluster.server.port), str(width),
         str(height)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert proc.returncode == 0 and lines, f"la interfaz falló:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    s = json.loads(lines[-1])
    print(f"\nbanner: {s['seconds_to_banner']} s after the stop; cleared {s['seconds_to_clear']} s after the start")
    assert s["banner_before"] == [False, ""]
    shown, text = s["banner_down"]
    assert shown is True and text == BANNER.format(hhmm=s["data_time"])
    assert re.fullmatch(r"Sin conexión con la base de datos: los datos mostrados son de las \d\d:\d\d", text)
    assert s["rows_while_down"] == s["rows_before"] == 5
    assert s["banner_after"] == [False, ""]
    # The banner has its place always: nothing below it moves when it appears or clears, and a real
    # click aimed at the search box during the outage lands in it.
    assert s["places_down"] == s["places_before"] == s["places_after"], s
    assert s["search_while_down"] == "impresora"
    seen = s["banner_seen"]
    assert seen["shown"] and seen["inside"] and seen["on_top"], seen
    for path in s["screenshots"]:
        assert Path(path).stat().st_size > 10_000, path
