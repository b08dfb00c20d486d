"""The requester's conversation in a real Chromium, with and without JavaScript, at 1280 and 390 px.

Submit with a photo, look up, see the description and the photo (thumbnail, then full size),
reply while "En espera" (the database moves the ticket back), confirm a resolved ticket, reopen
within the window and be refused after it, rate once and be refused a second time. Screenshots
go to artifacts/ (web_conv_*.png). Also: every length limit probed at N and N+1 in the browser.
"""

from __future__ import annotations

import re

import pytest

from gateway import error_id, message
from tests.webform import images
from tests.webform.test_browser import fill_valid, shot, tickets_named
from tests.webform.test_field_rules import TICKET_FIELDS, text_of
from webform.rules import COUNTED

pytestmark = pytest.mark.browser


def reg(key: str) -> str:
    return message(error_id(key))


def status_code_of(site, folio: str) -> str:
    return site.db.sql("SELECT s.code FROM app.ticket JOIN app.status AS s USING (status_id) WHERE folio = %s",
                       params=(folio,))[0][0]


def move(site, folio: str, status: str, resolved_days_ago: float = 0) -> None:
    sid = "(SELECT status_id FROM app.status WHERE code = %s)"
    site.db.sql(
        f"WITH t AS (SELECT ticket_id, status_id FROM app.ticket WHERE folio = %s), "
        f"u AS (UPDATE app.ticket SET status_id = {sid}, updated_at = now(), resolved_at = CASE WHEN %s "
        "THEN now() - make_interval(secs => %s) END FROM t WHERE app.ticket.ticket_id = t.ticket_id) "
        f"INSERT INTO app.ticket_event (ticket_id, event_type, is_public, old_status_id, new_status_id, body) "
        f"SELECT ticket_id, 'estado', TRUE, status_id, {sid}, %s FROM t",
        params=(folio, status, status == "resuelto", resolved_days_ago * 86400, status,
                "¿Nos confirma qué mensaje aparece al abrir el programa?" if status == "en_espera" else None))


def send(page, selector: str) -> None:
    """Click a submit button and wait for the next page (works with JavaScript off too)."""
    with page.expect_navigation():
        page.click(selector)


@pytest.mark.parametrize(("js", "width"), [(True, 1280), (True, 390), (False, 1280), (False, 390)],
                         ids=["js-1280", "js-390", "nojs-1280", "nojs-390"])
def test_the_requesters_conversation(site, browser, tmp_path, js, width):
    tag = f"{'js' if js else 'nojs'}_{width}"
    name = f"Paula Conversación {'Con' if js else 'Sin'} Script {'Escritorio' if width > 600 else 'Celular'}"
    photo = tmp_path / "foto_telefono.jpg"
    photo.write_bytes(images.rotated_phone_photo())
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="es-MX", java_script_enabled=js)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # submit with a photo
    page.goto(site.base + "/")
    fill_valid(page, site, name, pick_lists=js)
    page.set_input_files("#f-imagenes", str(photo))
    send(page, "#enviar")
    assert re.search(r"/solicitudes/CC-\d{4}-\d+$", page.url), page.url
    folio, code = page.text_content("#folio").strip(), page.text_content("#codigo").strip()
    assert tickets_named(site, name) == [(folio,)]

    # look up: what I reported and my photo
    page.goto(site.base + f"/consulta?folio={folio}")
    if js:
        assert page.evaluate("document.activeElement.id") == "f-access_code"
    page.fill("#f-access_code", code)
    send(page, "#consulta button[type=submit]")
    assert "El programa de CAD no abre" in page.text_content("#descripcion")
    thumb = page.locator(".photos img").first
    thumb.scroll_into_view_if_needed()
    page.wait_for_function("() => { const i = document.querySelector('.photos img'); "
                           "return i && i.complete && i.naturalWidth > 0; }")
    assert page.evaluate("document.querySelector('.photos img').naturalHeight") > page.evaluate(
        "document.querySelector('.photos img').naturalWidth")  # stored upright (portrait)
    shot(page, f"web_conv_status_{tag}")
    href = page.get_attribute(".photos a", "href")
    full = context.new_page()
    answer = full.goto(site.base + href)
    assert answer.status == 200 and answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-content-type-options"] == "nosniff" and answer.headers["content-type"] == "image/jpeg"
    full.close()

    # the computing center asks something: "En espera"; the requester answers
    move(site, folio, "en_proceso")
    move(site, folio, "en_espera")
    page.goto(site.base + f"/consulta/{folio}")
    assert page.text_content("#estado").strip() == "En espera del solicitante"
    page.fill("#f-mensaje", "Aparece «Licencia no válida» al abrirlo.")
    shot(page, f"web_conv_reply_{tag}")
    send(page, "#enviar-respuesta")
    assert "Su mensaje fue enviado" in page.text_content("#aviso")
    assert page.text_content("#estado").strip() == "En proceso" and status_code_of(site, folio) == "en_proceso"
    assert "Licencia no válida" in page.text_content(".event-solicitante")

    # resolved: open the page in two tabs; reopen within the window (tab 1)
    move(site, folio, "resuelto", resolved_days_ago=1)
    page.goto(site.base + f"/consulta/{folio}")
    other = context.new_page()
    other.goto(site.base + f"/consulta/{folio}")
    shot(page, f"web_conv_resolved_{tag}")
    page.fill("#f-motivo", "Volvió a fallar hoy en la mañana.")
    send(page, "#reabrir")
    assert status_code_of(site, folio) == "en_proceso" and "se reabrió" in page.text_content("#aviso")

    # resolved again; the last day's page is sent after the window closed: refused
    move(site, folio, "resuelto", resolved_days_ago=6.9)
    page.goto(site.base + f"/consulta/{folio}")
    site.db.sql("UPDATE app.ticket SET resolved_at = now() - interval '8 days' WHERE folio = %s", params=(folio,))
    page.fill("#f-motivo", "Sigue fallando.")
    send(page, "#reabrir")
    assert reg("reopen_window_expired") in page.text_content("#resumen-errores")
    assert status_code_of(site, folio) == "resuelto"
    if not js:
        assert page.evaluate("document.activeElement.id") == "resumen-errores"  # autofocus, no script
    shot(page, f"web_conv_reopen_refused_{tag}")

    # rate once (tab 1), then the older tab tries again: refused
    page.goto(site.base + f"/consulta/{folio}")
    other.goto(site.base + f"/consulta/{folio}")
    page.check("#f-calificacion-5" if width > 600 else "#f-calificacion-4")
    page.fill("#f-comentario", "Muy amables.")
    send(page, "#enviar-calificacion")
    assert "Gracias por calificar" in page.text_content("#aviso")
    other.check("#f-calificacion")
    send(other, "#enviar-calificacion")
    assert reg("rating_already_given") in other.text_content("#resumen-errores")
    assert site.db.sql("SELECT count(*) FROM app.ticket_rating AS r JOIN app.ticket AS t USING (ticket_id) "
                       "WHERE t.folio = %s", params=(folio,)) == [(1,)]

    # confirm the resolution
    page.goto(site.base + f"/consulta/{folio}")
    send(page, "#f-confirmar")
    assert status_code_of(site, folio) == "cerrado" and "quedó cerrada" in page.text_content("#aviso")
    shot(page, f"web_conv_closed_{tag}")

    # done on a shared PC
    send(page, "#borrar")
    assert "Datos borrados" in page.text_content("h1")
    page.goto(site.base + f"/consulta/{folio}")
    assert page.locator("#estado").count() == 0
    assert errors == []
    context.close()


def test_every_length_limit_at_n_and_n_plus_1_in_the_browser(site, browser):
    """app.js flags exactly what check_ticket flags, at each limit the database publishes."""
    rows = [r for r in site.db.web.call("webform.list_field_rules")
            if r["field_name"] in TICKET_FIELDS and r["rule_name"] in ("min_length", "max_length")]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.base + "/")
    fill_valid(page, site, "Limites Prueba")
    page.evaluate("document.getElementById('solicitud').addEventListener('submit', e => e.preventDefault())")
    probed = 0
    for row in rows:
        field, n = row["field_name"], int(row["rule_value"])
        for length, flagged in ((n, False), (n + 1, True)) if row["rule_name"] == "max_length" else (
                (n, False), (n - 1, True)):
            before = page.input_value(f"#f-{field}")
            other = page.input_value("#f-contact_phone")
            if field == "contact_email":
                page.fill("#f-contact_phone", "")
            value = text_of(field, length)
            page.fill(f"#f-{field}", value)
            if length > n and row["rule_name"] == "max_length" and field in COUNTED:
                # a long text is never cut (a paste keeps everything): the live counter says what is over
                page.wait_for_selector(f"#cuenta-f-{field}.over")
                assert f"sobran {length - n:,}" in page.text_content(f"#cuenta-f-{field}")
            elif length > n and row["rule_name"] == "max_length":
                # typing stops at the published limit (maxlength); a script may still put more
                assert len(page.input_value(f"#f-{field}")) == n
                page.eval_on_selector(f"#f-{field}", "(el, v) => { el.value = v; }", value)
            assert len(page.input_value(f"#f-{field}")) == length
            page.evaluate("""() => { const f = document.getElementById('solicitud');
                const b = document.getElementById('enviar');
                f.dataset.sent = ''; f.dataset.checked = '1'; b.disabled = false; f.requestSubmit(b); }""")
            has_error = page.locator(f"#err-{field}").count() == 1
            assert has_error == flagged, (field, row["rule_name"], length)
            if flagged:
                assert page.text_content(f"#err-{field}").strip().endswith(row["message"])
            page.fill(f"#f-{field}", before)
            page.fill("#f-contact_phone", other)
            probed += 1
    assert probed == 2 * len(rows) and probed >= 20
    context.close()


def test_photos_stay_attached_when_the_database_refuses_a_field(site, browser, tmp_path):
    """The defect: a non-institutional e-mail (the browser cannot know the domains) used to cost the photo."""
    name = "Marta Foto Conservada"
    photo = tmp_path / "pantalla.jpg"
    photo.write_bytes(images.gps_jpeg())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.base + "/")
    fill_valid(page, site, name)
    page.fill("#f-contact_email", "marta@gmail.com")
    page.set_input_files("#f-imagenes", str(photo))
    page.click("#enviar")
    page.wait_for_selector("#err-contact_email")  # answered by /api/revisar: no navigation
    assert page.url == site.base + "/"
    assert reg("form_email_not_institutional") in page.text_content("#err-contact_email")
    assert page.evaluate("document.getElementById('f-imagenes').files.length") == 1
    assert page.evaluate("document.activeElement.id") == "resumen-errores"
    shot(page, "web_precheck_keeps_photo_1280")
    page.fill("#f-contact_email", "marta.ruiz@leon.tecnm.mx")
    with page.expect_navigation():
        page.click("#enviar")
    folio = page.text_content("#folio").strip()
    stored = site.db.sql("SELECT count(*) FROM app.attachment AS a JOIN app.ticket AS t USING (ticket_id) "
                         "WHERE t.folio = %s", params=(folio,))
    assert tickets_named(site, name) == [(folio,)] and stored == [(1,)]
    context.close()


def test_control_number_applies_to_alumnos_only_in_the_form(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.base + "/")
    assert page.is_enabled("#f-control_number")  # no type chosen yet
    page.select_option("#f-requester_type_id", label="Docente")
    assert page.is_disabled("#f-control_number")  # never sent for a docente
    page.select_option("#f-requester_type_id", label="Alumno(a)")
    assert page.is_enabled("#f-control_number")
    page.fill("#f-control_number", "19240123")
    page.select_option("#f-requester_type_id", label="Docente")  # typed, then the type changed: explained
    assert page.is_enabled("#f-control_number")
    page.click("#enviar")
    page.wait_for_selector("#err-control_number")
    assert reg("form_control_number_not_applicable") in page.text_content("#err-control_number")
    context.close()
