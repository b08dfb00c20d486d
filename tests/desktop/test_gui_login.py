"""The login window with real keys (xdotool) at 1366x768 and 1920x1080: on a fresh start the
keyboard is in «Usuario», Tab goes Usuario → Contraseña → button, a refused attempt puts the
keyboard back in an empty «Contraseña» with the message in view, and the window is centred on
the first start and after logging out (tests/desktop/login_driver.py; artifacts/login_*.png)."""

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


def centred(place: dict) -> bool:
    return abs(place["left"] - place["right"]) <= 2 and place["top"] > 0 and place["bottom"] > 0


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_login_by_keyboard_alone(pg_module_db, xvfb, width: int, height: int) -> None:  # noqa: F811
    require_xdotool()
    username = f"login.teclado{width}"
    create_staff(pg_module_db, username, PASSWORD)
    s = run_driver(
        "tests.desktop.login_driver",
        [pg_module_db.login_urls["itl_desk"], username, PASSWORD, str(ROOT / "artifacts"), str(width), str(height)],
        xvfb, timeout=600,
    )
    print(json.dumps(s, ensure_ascii=False, indent=1))
    # Fresh start: centred, the keyboard already in «Usuario».
    assert centred(s["fresh_place"]), s["fresh_place"]
    assert s["fresh_focus"]["username_active"] is True
    # user, Tab, wrong password, Enter: the name stays where it was typed, the password never shows in it.
    failed = s["failed"]
    assert failed["username"] == username and failed["password"] == ""
    assert failed["message"].startswith("Usuario o contraseña incorrectos")
    assert failed["message_seen"]["shown"] and failed["message_seen"]["inside"]
    assert failed["password_active"] is True and failed["username_active"] is False
    # Tab from «Contraseña» reaches the button (Space then presses it and logs in).
    assert s["tab_to_button"]["button_focused"] is True and s["tab_to_button"]["password_active"] is False
    assert s["tab_to_button"]["username_active"] is False and s["tab_to_button"]["button_changed"] > 0.05
    # After logging out: centred the same way, the keyboard in «Contraseña» (the name is kept).
    assert centred(s["after_logout_place"]), s["after_logout_place"]
    assert s["after_logout_place"] == s["fresh_place"]
    assert s["after_logout_focus"]["password_active"] is True and s["after_logout_focus"]["username"] == username
    assert s["relogged"] is True
    for path in s["screenshots"]:
        assert Path(path).stat().st_size > 10_000, path
