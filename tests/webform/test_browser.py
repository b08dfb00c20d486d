"""End to end in a real headless Chromium (Debian's /usr/bin/chromium) against waitress + PostgreSQL.

Screenshots of the form, an error state, the result and the status page at desktop
(1280 px) and phone (390 px) widths are saved to artifacts/.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from gateway import error_id, message
from tests.webform.conftest import make_web
from webform.serve import make_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=es-MX"]


@pytest.fixture(scope="module")
def site(pg_cluster):
    if not Path(CHROMIUM).exists():
        pytest.skip("falta Chromium (/usr/bin/chromium): ejecute bash tools/install.sh --dev")
    db = pg_cluster.fresh(private=True)  # pg only: private even in shared mode
    web = make_web(db)
    server = make_server(web.app, web.settings, "127.0.0.1", 0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    web.base = f"http://127.0.0.1:{server.effective_port}"
    yield web
    server.close()
    thread.join(timeout=10)
    web.gw.close()
    pg_cluster.drop(db)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def shot(page, name: str) -> None:
    """Save a full-page screenshot; every page must fit its width (no sideways scrolling)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], name
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fill_valid(page, site, name: str, pick_lists: bool = True) -> None:
    """Fill a complete submission the way a person would (labels, then the dependent lists)."""
    page.fill("#f-requester_name", name)
    page.select_option("#f-requester_type_id", label="Docente")
    page.select_option("#f-department_id", label="Centro de Cómputo")
    page.fill("#f-contact_email", "ana.ruiz@leon.tecnm.mx")
    page.fill("#f-contact_phone", "477 710 5200 ext. 1802")
    page.select_option("#f-campus_id", label="Campus II")
    if pick_lists:
        # with JavaScript the location list is rebuilt from /api/ubicaciones for Campus II
        page.wait_for_function("document.querySelectorAll('#f-location_id option').length > 1")
        page.select_option("#f-location_id", label="Laboratorio de Cómputo")
    else:
        page.select_option("#f-location_id", label="Laboratorio de Cómputo")
    page.fill("#f-location_detail", "Fila 3, máquina 12")
    page.select_option("#f-category_id", label="Software general")
    page.fill("#f-description", "El programa de CAD no abre; muestra un error de licencia desde el lunes.")


def tickets_named(site, name: str) -> list[tuple]:
    return site.db.sql("SELECT folio FROM app.ticket WHERE requester_name = %s", params=(name,))


def look_up(page, folio: str, code: str) -> None:
    page.fill("#f-folio", folio)
    page.fill("#f-access_code", code)
    page.click("#consulta button[type=submit]")
    page.wait_for_selector("#estado")


@pytest.mark.parametrize("width", [1280, 390])
def test_submit_and_look_up_with_javascript(site, browser, width):
    name = f"Ana Ruiz {'Escritorio' if width > 600 else 'Celular'}"
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="es-MX")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site.base + "/")
    shot(page, f"web_form_{width}")

    # client-side checks: nothing is sent, every problem is listed and tied to its field
    page.click("#enviar")
    summary = page.locator("#resumen-errores")
    summary.wait_for(state="visible")
    assert page.url == site.base + "/"
    assert page.evaluate("document.activeElement.id") == "resumen-errores"
    assert page.text_content("#err-requester_name").endswith(message(error_id("form_name_required")))
    assert "err-description" in page.get_attribute("#f-description", "aria-describedby")
    shot(page, f"web_error_{width}")

    fill_valid(page, site, name)
    page.click("#enviar")
    page.wait_for_url(re.compile(r".*/solicitudes/CC-\d{4}-\d+$"))
    folio, code = page.text_content("#folio").strip(), page.text_content("#codigo").strip()
    assert code not in page.url
    assert page.locator(".qr svg").count() == 1
    shot(page, f"web_result_{width}")
    if width > 600:  # the printable receipt: no navigation, folio and code still there
        page.emulate_media(media="print")
        assert not page.locator("header.site").is_visible() and page.locator("#codigo").is_visible()
        shot(page, "web_result_print")
        page.emulate_media(media="screen")
    assert tickets_named(site, name) == [(folio,)]

    # the computing center answers (arranged as the owner: the desktop app has its own tests)
    site.db.sql(
        "WITH t AS (UPDATE app.ticket SET status_id = 3, updated_at = now() WHERE folio = %s RETURNING ticket_id) "
        "INSERT INTO app.ticket_event (ticket_id, event_type, is_public, old_status_id, new_status_id, body) "
        "SELECT ticket_id, 'estado', TRUE, 1, 3, NULL FROM t UNION ALL "
        "SELECT ticket_id, 'respuesta', TRUE, NULL, NULL, %s FROM t",
        params=(folio, "Revisamos la licencia del programa. Por favor reinicie el equipo y vuelva a intentarlo."))
    page.click("#liga-consulta")
    page.fill("#f-access_code", code)
    page.click("#consulta button[type=submit]")
    page.wait_for_selector("#estado")
    assert page.text_content("#estado").strip() == "En proceso"
    assert "reinicie el equipo" in page.text_content(".event-respuesta")
    assert folio in page.text_content("h1")
    shot(page, f"web_status_{width}")
    assert errors == []
    context.close()


def test_submit_and_look_up_without_javascript(site, browser):
    name = "Luis Pérez Sin Script"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.base + "/")
    page.fill("#f-requester_name", name)
    page.fill("#f-description", "corto")
    page.click("#enviar")  # no client checks: the server answers with every problem
    page.wait_for_selector("#resumen-errores")
    assert page.text_content("#err-description").strip().endswith(message(error_id("form_description_length")))
    assert page.input_value("#f-requester_name") == name
    shot(page, "web_error_nojs_1280")
    fill_valid(page, site, name, pick_lists=False)
    page.click("#enviar")
    page.wait_for_url(re.compile(r".*/solicitudes/CC-\d{4}-\d+$"))
    folio, code = page.text_content("#folio").strip(), page.text_content("#codigo").strip()
    assert tickets_named(site, name) == [(folio,)]
    page.goto(site.base + f"/consulta?folio={folio}")
    assert page.input_value("#f-folio") == folio
    page.fill("#f-access_code", "ZZZZZZZZ")
    page.click("#consulta button[type=submit]")
    page.wait_for_selector("#resumen-errores")
    assert message(error_id("web_lookup_not_found")) in page.text_content("#resumen-errores")
    look_up(page, folio, code)
    assert page.text_content("#estado").strip() == "Nuevo"
    context.close()


def test_prefilled_qr_link_and_status_link_with_code(site, browser):
    campus = site.item("campus", code="C1")
    location = next(r for r in site.catalog("location") if r["parent_id"] == campus["item_id"])
    tag = site.add_equipment(location["item_id"], "ITL-QR-0042")
    context = browser.new_context(viewport={"width": 360, "height": 800})  # the narrowest phone we support
    page = context.new_page()
    page.goto(site.base + f"/?campus={campus['item_id']}&ubicacion={location['item_id']}&equipo={tag}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    assert page.input_value("#f-campus_id") == str(campus["item_id"])
    assert page.input_value("#f-location_id") == str(location["item_id"])
    assert page.input_value("#f-equipment_tag") == tag
    assert tag in page.locator("#f-equipment_id option:checked").text_content()
    shot(page, "web_form_prefilled_360")

    # the receipt's QR link carries the code after '#': never sent to the server, filled by the page
    name = "Rosa Díaz Enlace"
    fill_valid(page, site, name)
    page.click("#enviar")
    page.wait_for_url(re.compile(r".*/solicitudes/.*"))
    folio, code = page.text_content("#folio").strip(), page.text_content("#codigo").strip()
    page.goto(site.base + f"/consulta?folio={folio}#codigo={code}")
    assert page.input_value("#f-access_code") == code
    page.click("#consulta button[type=submit]")
    page.wait_for_selector("#estado")
    context.close()


def test_double_click_sends_once(site, browser):
    name = "Jorge Doble Clic"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.base + "/")
    fill_valid(page, site, name)
    page.dblclick("#enviar")
    page.wait_for_url(re.compile(r".*/solicitudes/.*"))
    assert len(tickets_named(site, name)) == 1
    context.close()


def test_keyboard_reaches_every_field_in_reading_order(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.base + "/")
    seen: list[str] = []
    for _ in range(30):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.id || document.activeElement.className "
                                  "|| document.activeElement.textContent.trim()"))
    assert seen[0] == "skip"  # "Saltar al contenido" comes first
    order = ["f-requester_name", "f-requester_type_id", "f-control_number", "f-department_id", "f-contact_email",
             "f-contact_phone", "f-campus_id", "f-location_id", "f-location_detail", "f-category_id",
             "f-description", "f-equipment_id", "f-equipment_tag", "f-equipment_serial", "f-equipment_brand",
             "f-equipment_condition", "f-imagenes", "enviar"]
    assert "enviar" in seen
    seen = seen[: seen.index("enviar") + 1]  # Tab wraps around after the last control
    assert [s for s in seen if s in order] == order
    assert "f-sitio_web" not in seen  # the honeypot is never focused
    context.close()


def test_photos_are_checked_in_the_browser_and_by_content_on_the_server(site, browser, tmp_path):
    name = "Elena Fotos Prueba"
    fake = tmp_path / "captura.png"
    fake.write_bytes(b"esto es texto con nombre de imagen\n")
    notes = tmp_path / "notas.txt"
    notes.write_text("no es imagen")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.base + "/")
    fill_valid(page, site, name)
    page.set_input_files("#f-imagenes", str(notes))
    page.click("#enviar")  # the browser knows a .txt is not an image: nothing is sent
    page.wait_for_selector("#err-imagenes")
    assert page.url == site.base + "/" and tickets_named(site, name) == []
    page.set_input_files("#f-imagenes", str(fake))
    page.click("#enviar")  # named .png: only the server, reading the bytes, can tell
    page.wait_for_url(site.base + "/solicitudes")
    assert message(error_id("web_image_type")) in page.text_content("#err-imagenes")
    assert tickets_named(site, name) == []
    context.close()


MIRROR_CASES = [
    {"requester_name": "Al"}, {"requester_name": "R2D2"}, {"requester_name": "José Ñandú O'Neil-Pérez"},
    {"contact_email": "ana@"}, {"contact_email": "ana..x@leon.tecnm.mx"}, {"contact_email": "ana.ruiz@leon.tecnm.mx"},
    {"contact_email": "", "contact_phone": ""}, {"contact_email": "", "contact_phone": "123"},
    {"contact_phone": "abc1234"}, {"contact_phone": "(477) 710-5200"}, {"contact_phone": "477 710 5200 ext. 1802"},
    {"requester_type_id": "Alumno(a)", "control_number": "1924012"},
    {"requester_type_id": "Alumno(a)", "control_number": "c19240123"},
    {"requester_type_id": "Alumno(a)", "control_number": "CC1924012"},
    {"description": "123456789"}, {"description": "1234567890"}, {"location_detail": "x" * 201},
    {"requester_name": "", "description": ""}, {"requester_type_id": "Alumno(a)", "control_number": ""},
    {"category_id": "Hardware general"}, {"category_id": "Hardware general", "equipment_tag": "ITL-X-1"},
    {"location_id": "", "location_detail": ""}, {"location_id": "", "location_detail": "Cafetería"},
]


def test_browser_checks_mirror_the_database_rules(site, browser):
    """For each sample, the fields app.js flags are exactly the ones webform.check_ticket flags.

    (The institutional e-mail domain list lives only in the database: samples use a valid domain.)
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.base + "/")
    fill_valid(page, site, "Mirror Prueba")
    fields = ("requester_name", "requester_type_id", "department_id", "contact_email", "contact_phone",
              "control_number", "campus_id", "location_id", "location_detail", "equipment_tag", "equipment_brand",
              "equipment_serial", "equipment_condition", "category_id", "description")
    valid = {el: page.input_value(f"#f-{el}") for el in fields}
    # app.js's submit handler runs first; this later one only stops the real send
    page.evaluate("document.getElementById('solicitud').addEventListener('submit', e => e.preventDefault())")

    def put(field: str, value: str, label: bool) -> None:
        if field.endswith("_id"):
            page.select_option(f"#f-{field}", **({"label": value} if label and value else {"value": value}))
        else:
            page.fill(f"#f-{field}", value)

    for case in MIRROR_CASES:
        for field, value in case.items():
            put(field, value, label=True)
        page.evaluate("""() => { const f = document.getElementById('solicitud'), b = document.getElementById('enviar');
            f.dataset.sent = ''; b.disabled = false; f.requestSubmit(b); }""")  # as if never sent before
        browser_fields = set(page.eval_on_selector_all(".field-error", "els => els.map(e => e.id.slice(4))"))
        params: dict = {el: (page.input_value(f"#f-{el}") or None) for el in fields}
        for key in ("requester_type_id", "department_id", "campus_id", "location_id", "category_id"):
            params[key] = int(params[key]) if params[key] else None
        params["equipment_id"] = None
        db_fields = {row["field_name"] for row in site.gw.call("webform.check_ticket", **params)}
        for field in case:
            put(field, valid[field], label=False)
        assert browser_fields == db_fields, (case, browser_fields, db_fields)
    context.close()
