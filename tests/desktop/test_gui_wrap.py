"""The word-wrapping reply box in the real window under Xvfb with real input (xdotool clicks at the
box's on-screen rectangle, real keys), at 1366×768 and 1920×1080 (tests/desktop/wrap_driver.py):
a typed paragraph wraps inside the box and is saved with exactly the one line break typed; Esc
keeps it; editing keys; «::» with fast typing loses no letter; a 3,000-character paste wraps; the
bulk dialog's public comment takes typing too.
Screenshots: artifacts/desk_wrap_{step}_{W}x{H}.png."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.desktop.real_gui import require_xdotool, run_driver
from tests.desktop.test_gui_smoke import xvfb  # noqa: F401
from tests.desktop.wrap_driver import BULK_COMMENT, TYPED
from tests.support.auth import create_staff
from tests.support.database import insert_staff_session
from tests.support.tickets import catalogs, insert_ticket, pg_module_db  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Clave-de-Prueba-2026"
SIZES = [(1366, 768), (1920, 1080)]

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_reply_box_wraps_and_sends_what_was_typed(pg_module_db, xvfb, tmp_path, width: int, height: int) -> None:  # noqa: F811
    require_xdotool()
    db = pg_module_db
    cats = catalogs(db)
    username = f"operadora.wrap{width}"
    create_staff(db, username, PASSWORD)
    _, admin = insert_staff_session(db, "administrador")
    title = f"Reinicio del equipo wrap {width}"
    db.desk.call("staff.save_canned_reply", token=admin, canned_reply_id=None, title=title,
                 body="Hola {nombre}: reinicie el equipo y avísenos si sigue igual.", is_public=True, is_active=True)
    db.desk.call("staff.save_canned_reply", token=admin, canned_reply_id=None, title=f"Revisión de red wrap {width}",
                 body="Revisar el cable de red.", is_public=False, is_active=True)
    db.sql("UPDATE app.canned_reply SET is_active = FALSE WHERE title NOT LIKE %s", params=(f"% wrap {width}",))
    insert_ticket(db, cats, requester_name=f"Ana Envolvente {width}", description="La impresora no imprime.")
    s = run_driver(
        "tests.desktop.wrap_driver",
        [db.login_urls["itl_desk"], username, PASSWORD, str(ROOT / "artifacts"), str(width), str(height)],
        xvfb, {"HOME": str(tmp_path), "ITL_DESK_CONFIG_DIR": str(tmp_path / "config")},
    )
    print(json.dumps({k: v for k, v in s.items() if k != "typed_value"}, ensure_ascii=False, indent=1))

    # The paragraph: typed after a click, drawn as several lines inside the box, none wider than it.
    assert s["active_after_click"] is True
    assert s["typed_equal"], repr(s["typed_value"])
    p = s["paragraph"]
    assert p["lines"] >= 3 and p["widest"] <= p["wrap_width"] < p["box_width"], p
    assert p["seen"]["shown"] and p["seen"]["inside"] and p["seen"]["on_top"], p
    assert p["changed"] > 0.02, p
    # Esc keeps the draft; the saved note is exactly what was typed: its one "\n", no wrap breaks.
    assert s["draft_after_esc"] is True
    assert s["saved_note"] == TYPED and s["saved_note"].count("\n") == 1
    assert s["box_after_send"] == ""
    # Editing keys.
    assert s["after_backspace"] == "uno dos tr"
    assert s["after_arrows"] == "uno dosX tr"
    assert s["selected"] == "uno dosX" and s["after_shift_home"] == "Y tr"
    assert s["after_ctrl_a"] == "Nuevo texto" and s["after_ctrl_backspace"] == "Nuevo "
    # «::» then fast typing: every letter in the filter, the right reply chosen and inserted.
    for delay in ("0", "5"):
        assert s[f"filter_{delay}"] == "reinic" and s[f"filtered_{delay}"] == [f"Reinicio del equipo wrap {width}"]
        assert s[f"inserted_{delay}"].startswith("Hola Ana Envolvente") and "::" not in s[f"inserted_{delay}"]
    assert s["picker_closed"]
    # 3,000 pasted characters wrap; the caret (at the end) is in view; Ctrl+Home goes back to the top.
    assert s["paste_len"] == 3000
    assert s["paste"]["lines"] >= 20 and s["paste"]["widest"] <= s["paste"]["wrap_width"]
    assert s["paste_scroll"][0] > 0 and s["paste_scroll"][0] == s["paste_scroll"][1]
    assert s["scroll_after_ctrl_home"] == 0
    # The bulk dialog's public comment (another window): typed after a click, wrapped.
    assert s["bulk_comment"] == BULK_COMMENT and s["bulk_lines"] >= 2
    for path in s["screenshots"]:
        assert Path(path).stat().st_size > 10_000, path
