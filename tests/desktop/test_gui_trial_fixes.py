"""The defects of the newcomer's trial (issue 16), proven with real input and by what is on the screen at
1366x768 and 1920x1080 (tests/desktop/trial_driver.py). Screenshots: artifacts/trial_{step}_{W}x{H}.png."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.desktop.real_gui import require_xdotool, run_driver
from tests.desktop.test_gui_smoke import xvfb  # noqa: F401
from tests.support.auth import create_staff
from tests.support.tickets import catalogs, insert_ticket, pg_module_db  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Clave-de-Prueba-2026"
SIZES = [(1366, 768), (1920, 1080)]

pytestmark = pytest.mark.gui


def visible(seen: dict) -> bool:
    return seen["shown"] and seen["inside"] and seen["on_top"]


def run_trial(db, xvfb: str, tmp_path: Path, width: int, height: int) -> dict:  # noqa: F811
    username = f"operadora.trial{width}"
    create_staff(db, username, PASSWORD)
    s = run_driver(
        "tests.desktop.trial_driver",
        [db.login_urls["itl_desk"], username, PASSWORD, str(ROOT / "artifacts"), str(width), str(height)],
        xvfb, {"BROWSER": "true", "HOME": str(tmp_path), "ITL_DESK_CONFIG_DIR": str(tmp_path / "config")},
    )
    print(json.dumps({k: v for k, v in s.items() if k != "screenshots"}, ensure_ascii=False, indent=1))
    return s


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_trial_defects_with_real_input(pg_module_db, xvfb, tmp_path, width: int, height: int) -> None:  # noqa: F811
    require_xdotool()
    db = pg_module_db
    cats = catalogs(db)
    if len(db.sql("SELECT 1 FROM app.ticket")) < 12:
        for n in range(12):
            insert_ticket(db, cats, requester_name=f"Prueba Novata {n}",
                          description=f"Falla {n}: el proyector del aula no enciende.")
    db.sql("UPDATE app.canned_reply SET is_active = FALSE")  # the picker shows its «no replies yet» hint
    s = run_trial(db, xvfb, tmp_path, width, height)

    # 10. The folio's text is level with the other cells of its row (first and last ink row, ±1 px).
    ink = s["ink_rows"]
    assert ink["folio"] and ink["requester"] and ink["age"], ink
    assert abs(ink["folio"][0] - ink["requester"][0]) <= 1 and abs(ink["folio"][0] - ink["age"][0]) <= 1, ink
    # One click on a row marks it, also when the pointer lands and clicks at once.
    assert s["row_click_now"] == [1, [s["ids"][1]]] and s["row_click_now_2"] == [0, [s["ids"][0]]], s
    # 1. Each context-menu entry acts on ONE mouse click where it is drawn (and the menu closes).
    for entry, result in s["menu"].items():
        assert result["ok"] and result["menu_closed"], (entry, result)
    assert s["menu"]["status"]["status"][0] == s["menu"]["status"]["status"][1]
    assert set(s["menu"]) == {"open", "assign", "status", "other_row", "low_row"}
    # 2. The first key typed right after the click into the reply box is there.
    assert s["first_key"] == "Hola mundo"
    # 4. Esc returns to the queue after the code window was closed with Enter and after a public reply.
    for how in ("keys", "mouse"):
        assert s[f"esc_after_code_{how}"] is True and s[f"esc_after_reply_{how}"] is True, how
    # 9. «::» then Esc: the picker closes, the «::» it typed is gone, the rest of the text untouched.
    assert s["with_trigger"] == "Antes del atajo ::" and s["after_picker_esc"] == "Antes del atajo "
    assert s["still_in_ticket"] is True and s["typed_after_picker"] == "Antes del atajo y sigue"
    # 6. Nothing cut: the picker's hint inside its window, «Acciones…» inside the narrow queue, the people filter
    # as wide as its longest name when the queue is wide.
    hint = s["picker_hint"]
    assert hint["text"].startswith("Todavía no hay respuestas") and hint["right"] <= hint["window_right"] - 4, hint
    button = s["bulk_button"]
    assert button["shown"] and button["right"] <= button["pane_right"], button
    assert s["assignee_fit"][1] >= s["assignee_fit"][0] - 1, s["assignee_fit"]
    whole = s["assignee_whole"]
    assert whole["text"].endswith(f"(operadora.trial{width})") and visible(whole["seen"]), whole
    # 8. A public comment to many requesters is confirmed first: how many tickets and the exact text.
    confirm = s["bulk_confirm"]
    assert visible(confirm["seen"]) and visible(confirm["text_seen"]), confirm
    assert "3 ticket(s)" in confirm["title"] and confirm["text"].startswith("Aviso general:")
    assert confirm["ok_label"].endswith("a 3")
    # Esc cancels: nothing applied, the dialog and the typed text stay.
    after_esc = s["bulk_after_esc"]
    assert after_esc["dialog_open"] and after_esc["outcomes"] == 0 and after_esc["comment"].startswith("Aviso general:")
    assert len(s["bulk_done"]) == 3
    for path in s["screenshots"]:
        assert Path(path).stat().st_size > 10_000, path
