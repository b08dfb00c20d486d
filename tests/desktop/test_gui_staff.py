"""«Personal» with real input at 1366x768 and 1920x1080 (tests/desktop/staff_driver.py): the reset
is confirmed first naming the account; its temporary password, and a new account's, are seen at the
top with the account's name and «Copiar» (no scrolling); the list keeps its header and takes the
height the window has (artifacts/staff_*.png)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.desktop.real_gui import require_xdotool, run_driver
from tests.desktop.test_gui_smoke import xvfb  # noqa: F401
from tests.support.auth import create_staff
from tests.support.tickets import pg_module_db  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Clave-de-Prueba-2026"
SIZES = [(1366, 768), (1920, 1080)]

pytestmark = pytest.mark.gui


def visible(seen: dict) -> bool:
    return seen["shown"] and seen["inside"] and seen["on_top"]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_reset_confirmed_and_password_in_view(pg_module_db, xvfb, width: int, height: int) -> None:  # noqa: F811
    require_xdotool()
    db = pg_module_db
    admin, target = f"admin.personal{width}", f"olvido.clave{width}"
    create_staff(db, admin, PASSWORD, role="administrador")
    create_staff(db, target, PASSWORD)
    for n in range(4):
        create_staff(db, f"relleno{width}.{n}", PASSWORD)
    if width == 1920:  # the created account of the other size must not collide
        db.sql("UPDATE app.staff_user SET username = username || '.1366' WHERE username = 'nueva.cuenta'")
    s = run_driver(
        "tests.desktop.staff_driver",
        [db.login_urls["itl_desk"], admin, PASSWORD, target, str(ROOT / "artifacts"), str(width), str(height)],
        xvfb, timeout=600,
    )
    print(json.dumps(s, ensure_ascii=False, indent=1))
    # Confirmation first, naming the account; nothing reset before it.
    assert f"«{target}»" in s["confirm_text"] and visible(s["confirm_seen"])
    assert s["password_before_confirm"] == ""
    # The temporary password with the account's name, «Copiar» beside it, all in view.
    reset = s["reset"]
    assert f"«{target}»" in reset["note"] and f"«{target}»" in reset["message"]
    assert len(reset["value"]) >= 12 and visible(reset["value_seen"]) and visible(reset["copy_seen"])
    assert reset["copied"] is True
    created = s["created"]
    assert "«nueva.cuenta»" in created["note"] and created["message"].startswith("Se creó la cuenta")
    assert visible(created["value_seen"]) and visible(created["copy_seen"]) and visible(created["create_seen"])
    # The list: a frozen header, and more rows where the window is taller.
    assert s["table_freeze_rows"] == 1
    assert s["table_rows_in_view"] >= (6 if height < 1000 else 14), s["table_rows_in_view"]
    for path in s["screenshots"]:
        assert Path(path).stat().st_size > 10_000, path
