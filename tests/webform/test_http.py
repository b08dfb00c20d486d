"""The web form at the HTTP level: the real Bottle app on a fresh PostgreSQL database."""

from __future__ import annotations

import re
import struct
import zlib

import pytest

from gateway import error_id, message
from tests.support.database import set_setting
from tests.webform.conftest import drop_cookie, make_web, send


def reg(key: str) -> str:
    return message(error_id(key))


def png(extra: int = 0) -> bytes:
    """A real 1x1 PNG (optionally padded with a harmless trailing chunk)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    body = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    body += chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    if extra:
        body += chunk(b"tEXt", b"c\x00" + b"x" * extra)
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IEND", b"")


# ---- rendering, headers, prefilled links, JSON lists ------------------------------------

def test_form_renders_catalogs_tokens_and_security_headers(web):
    page, hidden = web.form()
    assert "Campus I" in page.text and "Docente" in page.text and "Internet" in page.text
    assert re.fullmatch(r"[0-9a-f-]{36}", hidden["idempotency_key"])
    assert 'name="sitio_web"' in page.text  # honeypot
    csp = page.headers.get("Content-Security-Policy") or ""
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers.get("X-Frame-Options") == "DENY"
    assert page.headers.get("X-Content-Type-Options") == "nosniff"
    assert page.headers.get("Referrer-Policy") == "no-referrer"
    assert "<script>" not in page.text and " style=" not in page.text  # nothing inline (strict CSP)
    assert "itl_csrf" in web.client.cookies
    _, again = web.form()
    assert again["idempotency_key"] != hidden["idempotency_key"]  # one key per render


def test_prefilled_link_selects_campus_location_and_equipment(web):
    campus = web.item("campus", code="C2")
    location = next(r for r in web.catalog("location") if r["parent_id"] == campus["item_id"])
    tag = web.add_equipment(location["item_id"])
    page = web.client.get(f"/?campus={campus['item_id']}&ubicacion={location['item_id']}&equipo={tag}")
    assert page.status_int == 200
    assert re.search(rf'<option value="{campus["item_id"]}" selected>', page.text)
    assert re.search(rf'<option value="{location["item_id"]}" data-campus="\d+" selected>', page.text)
    assert f'name="equipment_tag" value="{tag}"' in page.text
    assert re.search(r'<option value="\d+" selected>' + re.escape(tag), page.text)
    # the tag alone is enough: the database knows where the machine is
    page = web.client.get(f"/?equipo={tag}")
    assert re.search(rf'<option value="{location["item_id"]}" data-campus="\d+" selected>', page.text)
    # an unknown tag is kept as typed, escaped
    page = web.client.get("/?equipo=%3Cb%3EX-1")
    assert 'value="&lt;b&gt;X-1"' in page.text and "<b>X-1" not in page.text


def test_dependent_list_endpoints(web):
    campus = web.item("campus", code="C1")
    data = web.client.get(f"/api/ubicaciones?campus={campus['item_id']}")
    assert data.status_int == 200 and data.headers.get("Content-Type").startswith("application/json")
    import json

    items = json.loads(data.text)["items"]
    expected = {r["item_id"] for r in web.catalog("location") if r["parent_id"] == campus["item_id"]}
    assert {i["id"] for i in items} == expected
    tag = web.add_equipment(items[0]["id"])
    eq = json.loads(web.client.get(f"/api/equipos?ubicacion={items[0]['id']}").text)["items"]
    assert tag in [e["tag"] for e in eq]
    assert json.loads(web.client.get("/api/equipos?ubicacion=abc").text)["items"] == []


# ---- submission, receipt and status ---------------------------------------------------

def test_valid_submission_redirects_to_receipt_and_status_lookup_works(web):
    resp = web.submit()
    assert resp.status_int == 303, resp.summary()
    location = resp.headers.get("Location")
    folio = re.fullmatch(r"/solicitudes/(CC-\d{4}-\d+)", location).group(1)
    receipt = web.client.get(location)
    assert receipt.status_int == 200 and receipt.headers.get("Cache-Control") == "no-store"
    code = re.search(r'id="codigo"[^>]*>([^<]+)<', receipt.text).group(1)
    assert code not in location  # the access code never travels in a URL
    assert "Guarde su folio y su código de acceso" in receipt.text and "<svg" in receipt.text
    assert web.ticket_count() == 1

    _, hidden = web.form("/consulta")
    status = web.client.post("/consulta", {"folio": folio, "access_code": code, "csrf_token": hidden["csrf_token"]})
    assert status.status_int == 200
    assert folio in status.text and "Nuevo" in status.text and "Solicitud recibida" in status.text


def test_double_submission_with_the_same_key_makes_one_ticket(web):
    _, hidden = web.form()
    data = {**web.valid_fields(), **hidden}
    first = web.client.post("/solicitudes", data)
    second = web.client.post("/solicitudes", data)
    assert first.status_int == second.status_int == 303
    assert first.headers.get("Location") == second.headers.get("Location")
    assert web.ticket_count() == 1


def test_wrong_folio_or_code_get_the_same_neutral_answer(web):
    folio = web.submit().headers.get("Location").rsplit("/", 1)[1]
    _, hidden = web.form("/consulta")
    answers = []
    for f, c in ((folio, "ZZZZZZZZ"), ("CC-2026-999999", "ZZZZZZZZ")):
        page = web.client.post("/consulta", {"folio": f, "access_code": c, "csrf_token": hidden["csrf_token"]})
        assert page.status_int == 200
        text = re.sub(r'value="[^"]*"', "", page.text)
        answers.append(text)
    assert reg("web_lookup_not_found") in answers[0]
    assert answers[0] == answers[1]


def test_receipt_without_its_cookie_shows_no_code(web):
    location = web.submit().headers.get("Location")
    drop_cookie(web.client, "itl_recibo")
    page = web.client.get(location)
    assert page.status_int == 200 and reg("web_receipt_unavailable") in page.text
    assert 'id="codigo"' not in page.text


# ---- every field: invalid values are explained in Spanish, tied to the field -------------

def _campus_location(web, code: str):
    campus = web.item("campus", code=code)
    return campus, next(r for r in web.catalog("location") if r["parent_id"] == campus["item_id"])


INVALID = [
    ("requester_name", {"requester_name": ""}, "form_name_required"),
    ("requester_name", {"requester_name": "Al"}, "form_name_length"),
    ("requester_name", {"requester_name": "R2D2 <script>"}, "form_name_characters"),
    ("requester_type_id", {"requester_type_id": ""}, "form_requester_type_invalid"),
    ("requester_type_id", {"requester_type_id": "999"}, "form_requester_type_invalid"),
    ("department_id", {"department_id": ""}, "form_department_invalid"),
    ("contact_email", {"contact_email": "", "contact_phone": ""}, "form_contact_required"),
    ("contact_email", {"contact_email": "no-es-un-correo"}, "form_email_invalid"),
    ("contact_email", {"contact_email": "ana@gmail.com"}, "form_email_not_institutional"),
    ("contact_phone", {"contact_phone": "12"}, "form_phone_invalid"),
    ("contact_phone", {"contact_phone": "llámame"}, "form_phone_invalid"),
    ("control_number", {"control_number": "19240123"}, "form_control_number_not_applicable"),  # docente
    ("campus_id", {"campus_id": ""}, "form_campus_invalid"),
    ("location_id", {"location_id": "", "location_detail": ""}, "form_location_required"),
    ("description", {"description": "corto"}, "form_description_length"),
    ("category_id", {"category_id": ""}, "form_category_invalid"),
    ("location_detail", {"location_detail": "x" * 201}, "form_field_too_long"),
    ("equipment_serial", {"equipment_serial": "x" * 61}, "form_field_too_long"),
    ("equipment_brand", {"equipment_brand": "x" * 61}, "form_field_too_long"),
    ("equipment_condition", {"equipment_condition": "x" * 301}, "form_field_too_long"),
    ("equipment_tag", {"equipment_tag": "x" * 41}, "form_field_too_long"),
]


def test_long_description_is_refused_with_its_length_never_cut(web):
    """8,600 pasted characters: no HTML maxlength cuts them, the server refuses and keeps all of them."""
    text = ("El proyector del aula no enciende. " * 300)[:8599] + "."
    page = web.client.get("/")
    assert 'data-counter=""' in page.text and ' maxlength="4000"' not in page.text.split('id="f-description"')[1][:600]
    resp = web.submit({"description": text})
    assert resp.status_int == 422
    assert resp.field_error("description") == reg("web_text_too_long").replace("{n}", "8,600").replace("{max}", "4,000")
    assert text.strip() in resp.text  # shown again whole, nothing lost
    assert web.ticket_count() == 0


def test_places_are_grouped_by_campus_without_javascript(web):
    page = web.client.get("/")
    assert page.text.count("<optgroup label=\"Campus") >= 2


@pytest.mark.parametrize(("field", "changes", "key"), INVALID, ids=[f"{f}-{k}" for f, _, k in INVALID])
def test_invalid_field_is_explained_next_to_it(web, field, changes, key):
    resp = web.submit(changes)
    assert resp.status_int == 422
    assert resp.field_error(field) == reg(key)
    assert f"err-{field}" in resp.described_by(field)
    assert f'href="#f-{field}"' in resp.text  # listed in the error summary
    assert web.ticket_count() == 0


def test_rules_that_depend_on_other_fields(web):
    alumno = str(web.item("requester_type", code="alumno")["item_id"])
    resp = web.submit({"requester_type_id": alumno, "control_number": ""})
    assert resp.field_error("control_number") == reg("form_control_number_required")
    resp = web.submit({"requester_type_id": alumno, "control_number": "12AB"})
    assert resp.field_error("control_number") == reg("form_control_number_invalid")

    _, c1_location = _campus_location(web, "C1")
    c2, _ = _campus_location(web, "C2")
    resp = web.submit({"campus_id": str(c2["item_id"]), "location_id": str(c1_location["item_id"])})
    c1 = web.item("campus", item_id=c1_location["parent_id"])
    assert resp.field_error("location_id") == (  # both campuses named, not only "does not belong"
        reg("web_location_other_campus").replace("{lugar}", c1_location["name"]).replace("{otro}", c1["name"])
        .replace("{campus}", c2["name"]))

    hardware = str(web.item("problem_category", name="Hardware general")["item_id"])
    resp = web.submit({"category_id": hardware})
    assert resp.field_error("equipment_tag") == reg("form_equipment_required")

    _, other = _campus_location(web, "C2")
    tag = web.add_equipment(other["item_id"])
    eq_id = str(web.db.sql("SELECT equipment_id FROM app.equipment WHERE inventory_tag = %s", params=(tag,))[0][0])
    resp = web.submit({"equipment_id": eq_id})  # registered elsewhere
    assert resp.field_error("equipment_id") == reg("form_equipment_invalid")
    assert web.ticket_count() == 0


def test_every_problem_is_reported_at_once_and_values_are_kept(web):
    resp = web.submit({"requester_name": "", "department_id": "", "contact_email": "", "category_id": "",
                       "description": "corto", "location_detail": "Edificio <b>Z</b>"})
    assert resp.status_int == 422
    for field in ("requester_name", "department_id", "contact_email", "category_id", "description"):
        assert resp.field_error(field), field
    assert 'value="Edificio &lt;b&gt;Z&lt;/b&gt;"' in resp.text
    assert 'id="resumen-errores"' in resp.text and "Revise los siguientes datos" in resp.text


@pytest.mark.parametrize("changes", [
    {"contact_email": "", "contact_phone": "477 710 5200 ext. 1802"},
    {"requester_type_id": "alumno", "control_number": "C19240123"},
    {"location_id": "", "location_detail": "Cafetería, junto a la entrada"},
    {"category_id": "Hardware general", "equipment_tag": "ITL-SIN-REGISTRO-9", "equipment_brand": "Lenovo",
     "equipment_serial": "PF-12345", "equipment_condition": "No enciende"},
], ids=["phone-only", "student", "detail-only", "typed-equipment"])
def test_valid_variants_are_accepted(web, changes):
    if changes.get("requester_type_id") == "alumno":
        changes["requester_type_id"] = str(web.item("requester_type", code="alumno")["item_id"])
    if "category_id" in changes:
        changes["category_id"] = str(web.item("problem_category", name=changes["category_id"])["item_id"])
    resp = web.submit(changes)
    assert resp.status_int == 303, resp.summary()
    assert web.ticket_count() == 1


def test_equipment_from_the_catalog_is_accepted(web):
    fields = web.valid_fields()
    tag = web.add_equipment(int(fields["location_id"]))
    eq_id = web.db.sql("SELECT equipment_id FROM app.equipment WHERE inventory_tag = %s", params=(tag,))[0][0]
    hardware = str(web.item("problem_category", name="Hardware general")["item_id"])
    resp = web.submit({"equipment_id": str(eq_id), "category_id": hardware})
    assert resp.status_int == 303, resp.summary()
    assert web.db.sql("SELECT equipment_id FROM app.ticket WHERE requester_name = %s", params=(web.name,)) == [(eq_id,)]


# ---- abuse: honeypot, CSRF, size limits, images ------------------------------------------

def test_honeypot_refuses_without_a_ticket(web):
    resp = web.submit({"sitio_web": "http://spam.example"})
    assert resp.status_int == 400 and reg("web_honeypot") in resp.text
    assert web.ticket_count() == 0


@pytest.mark.parametrize("case", ["missing", "forged", "other-browser"])
def test_csrf_refuses_without_a_ticket(web, case):
    _, hidden = web.form()
    data = {**web.valid_fields(), **hidden}
    if case == "missing":
        del data["csrf_token"]
    elif case == "forged":
        data["csrf_token"] = data["csrf_token"].split(".")[0] + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    else:
        drop_cookie(web.client, "itl_csrf")
        web.client.set_cookie("itl_csrf", "another-browser-cookie")
    resp = web.client.post("/solicitudes", data, status=403)
    assert resp.status_int == 403 and reg("web_csrf_invalid") in resp.text
    assert f'value="{web.name}"' in resp.text  # nothing typed is lost
    assert web.ticket_count() == 0


def test_request_size_limit_answers_413_in_spanish(web):
    web.form()
    body = b"x" * (web.settings.max_body_bytes + 1)
    resp = send(web.client, "POST", "/solicitudes", body, "application/x-www-form-urlencoded")
    assert resp.status_int == 413 and reg("web_request_too_large") in resp.text
    assert resp.headers.get("X-Frame-Options") == "DENY"
    assert web.ticket_count() == 0


def test_oversized_image_is_refused_before_the_database(web):
    big = png(extra=web.settings.max_upload_bytes)
    resp = web.submit(files=[("imagenes", "foto.png", big)])
    assert resp.status_int == 422
    assert reg("web_image_too_large") in resp.field_error("imagenes")
    assert web.ticket_count() == 0


def test_fake_image_is_refused_by_content_not_name(web):
    resp = web.submit(files=[("imagenes", "captura.png", b"esto es texto, no una imagen\n")])
    assert resp.status_int == 422
    assert "«captura.png»" in resp.field_error("imagenes") and reg("web_image_type") in resp.field_error("imagenes")
    assert web.ticket_count() == 0


def test_too_many_images_are_refused(web):
    resp = web.submit(files=[("imagenes", f"f{i}.png", png()) for i in range(web.rules.max_images + 1)])
    assert resp.status_int == 422 and resp.field_error("imagenes")
    assert web.ticket_count() == 0


def test_real_images_are_stored_with_the_sniffed_type(web):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "JPEG")
    jpeg = out.getvalue()
    resp = web.submit(files=[("imagenes", "pantalla.png", png()), ("imagenes", "foto.txt", jpeg)])
    assert resp.status_int == 303, resp.summary()
    rows = web.db.sql("SELECT a.file_name, a.content_type FROM app.attachment AS a JOIN app.ticket AS t "
                      "USING (ticket_id) WHERE t.requester_name = %s ORDER BY a.attachment_id", params=(web.name,))
    assert rows == [("pantalla.png", "image/png"), ("foto.txt", "image/jpeg")]


# ---- errors: Spanish pages, never a traceback (the outage test is in test_outage.py) ----------

def test_unknown_page_and_method_are_spanish(web):
    resp = web.client.get("/no-existe", status=404)
    assert resp.status_int == 404 and reg("web_not_found") in resp.text
    resp = web.client.delete("/solicitudes", status=405)
    assert resp.status_int == 405 and "Traceback" not in resp.text


def test_unexpected_database_error_is_a_spanish_500_without_details(own_web):
    web = own_web
    web.db.sql("ALTER FUNCTION webform.list_catalog_items() RENAME TO list_catalog_items_gone")
    resp = web.client.get("/", status=500)
    assert resp.status_int == 500
    assert message(9001) in resp.text
    for leak in ("Traceback", "psycopg", "list_catalog_items", "function"):
        assert leak not in resp.text


# ---- status page content, rate limits, proxy trust ----------------------------------------

def _submit_and_code(web) -> tuple[str, str]:
    location = web.submit().headers.get("Location")
    receipt = web.client.get(location)
    return location.rsplit("/", 1)[1], re.search(r'id="codigo"[^>]*>([^<]+)<', receipt.text).group(1)


def test_status_shows_public_replies_escaped_and_hides_internal_notes(web):
    folio, code = _submit_and_code(web)
    ticket_id = web.db.sql("SELECT ticket_id FROM app.ticket WHERE folio = %s", params=(folio,))[0][0]
    web.db.sql("INSERT INTO app.ticket_event (ticket_id, event_type, is_public, body) VALUES "
               "(%s, 'respuesta', TRUE, %s), (%s, 'nota', FALSE, 'NOTA-INTERNA-SECRETA')",
               params=(ticket_id, "Reinicie el equipo <script>alert('x')</script>", ticket_id))
    _, hidden = web.form("/consulta")
    page = web.client.post("/consulta", {"folio": folio.lower(), "access_code": code, **hidden})
    assert page.status_int == 200 and page.headers.get("Cache-Control") == "no-store"
    assert "Respuesta del Centro de Cómputo" in page.text
    assert "Reinicie el equipo &lt;script&gt;alert(&#039;x&#039;)&lt;/script&gt;" in page.text
    assert "<script>alert" not in page.text and "NOTA-INTERNA-SECRETA" not in page.text


def test_status_lookups_are_rate_limited_with_a_clear_message(own_web):
    web = own_web
    set_setting(web.db, "status_lookup_failures_per_hour", 2)  # restored when the test ends
    _, hidden = web.form("/consulta")
    statuses = [web.client.post("/consulta", {"folio": "CC-2026-000777", "access_code": "ZZZZZZZZ", **hidden},
                                status="*")
                for _ in range(4)]
    assert statuses[0].status_int == 200
    assert statuses[-1].status_int == 429 and reg("form_status_lookup_rate") in statuses[-1].text


def test_a_folio_under_guessing_refuses_wrong_codes_with_a_clear_message_but_not_its_owner(own_web):
    """Issue 12: misses are limited per folio from any address; the address itself is not refused,
    and the right code keeps working for its owner (issue 20, finding 6)."""
    web = own_web
    web.db.sql("UPDATE app.setting SET setting_value = 2 WHERE setting_key = 'status_lookup_folio_failures_per_hour'")
    folio, code = _submit_and_code(web)
    other_folio, other_code = _submit_and_code(web)
    _, hidden = web.form("/consulta")
    statuses = [web.client.post("/consulta", {"folio": folio, "access_code": "ZZZZZZZZZZ", **hidden}, status="*")
                for _ in range(2)]
    assert [s.status_int for s in statuses] == [200, 200]
    paused = web.client.post("/consulta", {"folio": folio, "access_code": "YYYYYYYYYY", **hidden}, status=429)
    assert paused.status_int == 429 and reg("form_status_lookup_folio_rate") in paused.text
    _, hidden = web.form("/consulta")
    mine = web.client.post("/consulta", {"folio": folio, "access_code": code, **hidden})
    assert mine.status_int == 200 and folio in mine.text
    page = web.client.post("/consulta", {"folio": other_folio, "access_code": other_code, **hidden})
    assert page.status_int == 200 and other_folio in page.text


def test_submissions_are_rate_limited_per_client_with_a_clear_message(own_web):
    web = own_web
    set_setting(web.db, "submit_client_per_hour", 1)
    assert web.submit().status_int == 303
    resp = web.submit()
    assert resp.status_int == 429 and reg("form_submit_rate_client") in resp.text
    assert f'value="{web.name}"' in resp.text
    other = make_web(web.db)  # another address is another client
    try:
        assert other.submit().status_int == 303
    finally:
        other.gw.close()


def test_client_key_uses_forwarded_for_only_behind_a_trusted_proxy():
    from webform.security import client_key

    direct = client_key("10.0.0.1", "203.0.113.9", trusted_proxy=False)
    assert direct == client_key("10.0.0.1", None, trusted_proxy=False) and len(direct) == 64
    proxied = client_key("10.0.0.1", "1.2.3.4, 203.0.113.9", trusted_proxy=True)
    assert proxied == client_key("10.0.0.99", "203.0.113.9", trusted_proxy=True) != direct
