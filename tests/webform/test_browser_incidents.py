"""Known failures on the web form (issue 18), in a real headless Chromium, with and without
JavaScript, at phone (390 px) and desktop (1280 px) widths: the notice appears for the matching
place and category and not for others, «Yo también tengo esta falla» gives a folio linked to the
incident, «Mi problema es otro» a normal one, and the status page shows the incident's replies.
Screenshots: artifacts/web_incident_*.png.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.database import insert_staff_session
from tests.support.tickets import catalogs, insert_ticket
from tests.webform.test_browser import shot

pytestmark = pytest.mark.browser

NOTICE = "Sin Internet en los laboratorios: falla del enlace del edificio."
REPLY = "Llega un técnico a las 11:00 para cambiar el conmutador."


@pytest.fixture(scope="module")
def outage(site):
    """An open incident in Campus II · Laboratorios (Internet) with a public notice and one reply."""
    db = site.db
    cats = catalogs(db)
    _, token = insert_staff_session(db, "operador")
    lab = db.sql("SELECT location_id FROM app.location WHERE name = 'Laboratorio de Cómputo'")[0][0]
    first = insert_ticket(db, cats, campus_id=cats.campus["C2"], location_id=lab,
                          category_id=cats.category["Internet"], description="No hay Internet en el laboratorio.")
    incident_id = db.desk.call(
        "staff.create_incident", token=token, title="Sin Internet en Laboratorios", campus_id=cats.campus["C2"],
        location_id=None, building="Laboratorios", category_id=cats.category["Internet"],
        ticket_ids=json.dumps([first["ticket_id"]]))[0]["incident_id"]
    db.desk.call("staff.save_incident_notice", token=token, incident_id=incident_id, body=NOTICE,
                 campus_id=cats.campus["C2"], location_id=None, building="Laboratorios",
                 category_id=cats.category["Internet"], valid_until=datetime.now(UTC) + timedelta(hours=6))
    db.desk.call("staff.reply_incident", token=token, incident_id=incident_id, body=REPLY)
    return incident_id


def device(width: int) -> str:
    return "Escritorio" if width > 600 else "Celular"


def fill_person(page, name: str) -> None:
    page.fill("#f-requester_name", name)
    page.select_option("#f-requester_type_id", label="Docente")
    page.select_option("#f-department_id", label="Centro de Cómputo")
    page.fill("#f-contact_email", "ana.ruiz@leon.tecnm.mx")


def choose(page, select: str, label: str, wait_notice: bool) -> None:
    """Pick an option by its label; with JavaScript and all three lists set, wait for the notice lookup
    the change makes (a pick that changes nothing fires no change event)."""
    option = page.locator(f"{select} option", has_text=label).first.get_attribute("value")
    if page.input_value(select) == option:
        return
    filled = all(page.input_value(s) for s in ("#f-campus_id", "#f-location_id", "#f-category_id") if s != select)
    if wait_notice and filled:
        with page.expect_response(lambda r: "/api/aviso" in r.url):
            page.select_option(select, value=option)
    else:
        page.select_option(select, value=option)


def pick(page, location: str, category: str, js: bool) -> None:
    """Campus II, a place and a category, as a person picks them."""
    if page.input_value("#f-campus_id") == "":
        page.select_option("#f-campus_id", label="Campus II")
        if js:  # the location list is rebuilt from /api/ubicaciones
            page.wait_for_function("document.querySelectorAll('#f-location_id option').length > 1")
    choose(page, "#f-location_id", location, js)
    choose(page, "#f-category_id", category, js)


def incident_of(site, folio: str) -> int | None:
    rows = site.db.sql("SELECT it.incident_id FROM app.ticket AS t LEFT JOIN app.incident_ticket AS it "
                       "USING (ticket_id) WHERE t.folio = %s", params=(folio,))
    return rows[0][0]


def look_up_status(page, site, folio: str, code: str) -> None:
    page.goto(site.base + f"/consulta?folio={folio}")
    page.fill("#f-access_code", code)
    page.click("#consulta button[type=submit]")
    page.wait_for_selector("#estado")


@pytest.mark.parametrize("width", [1280, 390])
def test_notice_with_javascript(site, browser, outage, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="es-MX")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site.base + "/")
    fill_person(page, f"Ana Ruiz Aviso {device(width)}")
    box = page.locator("#aviso-falla")

    pick(page, "Laboratorio de Cómputo", "Software general", js=True)  # another category
    assert box.is_hidden()
    pick(page, "Centro de Información", "Internet", js=True)  # another building
    assert box.is_hidden()
    pick(page, "Laboratorio de Cómputo", "Internet", js=True)  # the notice's place and category
    assert box.is_visible()
    assert "Falla conocida en Campus II · Laboratorios desde las" in box.text_content()
    assert NOTICE in box.text_content() and "ya la atiende" in box.text_content()
    assert page.input_value("#f-description") == ""  # shown before the requester writes
    shot(page, f"web_incident_notice_js_{width}")

    page.get_by_role("button", name="Yo también tengo esta falla").click()
    assert page.input_value("#f-description").startswith("Yo también tengo esta falla: ")
    assert "Eligió «Yo también tengo esta falla»" in box.text_content()
    page.click("#enviar")
    page.wait_for_url(re.compile(r".*/solicitudes/CC-\d{4}-\d+\?falla=unida$"))
    assert "quedó unida a la falla conocida" in page.text_content("#falla-unida")
    folio, code = page.text_content("#folio").strip(), page.text_content("#codigo").strip()
    assert incident_of(site, folio) == outage
    shot(page, f"web_incident_receipt_js_{width}")

    look_up_status(page, site, folio, code)
    section = page.locator("#falla-conocida")
    assert NOTICE in section.text_content() and REPLY in page.text_content("#falla-avisos")
    shot(page, f"web_incident_status_js_{width}")
    assert errors == []
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_notice_without_javascript(site, browser, outage, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page = context.new_page()

    # Another category: no review step, a normal ticket at once.
    page.goto(site.base + "/")
    fill_person(page, f"Luis Pérez Otra Falla {device(width)}")
    pick(page, "Laboratorio de Cómputo", "Software general", js=False)
    page.fill("#f-description", "El programa de CAD no abre desde el lunes.")
    page.click("#enviar")
    page.wait_for_url(re.compile(r".*/solicitudes/CC-\d{4}-\d+$"))
    assert incident_of(site, page.text_content("#folio").strip()) is None

    # The notice's place and category: the review step asks before anything is sent.
    page.goto(site.base + "/")
    fill_person(page, f"Luis Pérez Yo También {device(width)}")
    pick(page, "Laboratorio de Cómputo", "Internet", js=False)
    page.click("#enviar")
    box = page.locator("#aviso-falla")
    box.wait_for(state="visible")
    assert NOTICE in box.text_content()
    assert page.locator("#folio").count() == 0
    shot(page, f"web_incident_review_nojs_{width}")
    page.get_by_role("button", name="Yo también tengo esta falla").click()
    page.wait_for_url(re.compile(r".*/solicitudes/CC-\d{4}-\d+\?falla=unida$"))
    folio, code = page.text_content("#folio").strip(), page.text_content("#codigo").strip()
    assert incident_of(site, folio) == outage
    look_up_status(page, site, folio, code)
    assert REPLY in page.text_content("#falla-avisos")
    shot(page, f"web_incident_status_nojs_{width}")

    # «Mi problema es otro»: a normal ticket with the requester's own words.
    page.goto(site.base + "/")
    fill_person(page, f"Luis Pérez Es Otro {device(width)}")
    pick(page, "Laboratorio de Cómputo", "Internet", js=False)
    page.fill("#f-description", "Mi cable de red está roto, no es la falla del edificio.")
    page.click("#enviar")
    page.get_by_role("button", name="Mi problema es otro").click()
    page.wait_for_url(re.compile(r".*/solicitudes/CC-\d{4}-\d+$"))
    assert incident_of(site, page.text_content("#folio").strip()) is None
    context.close()
