"""SQL- and script-injection payloads typed into the form: stored verbatim, shown escaped."""

from __future__ import annotations

import uuid

import pytest
from bottle import html_escape

import gateway
from desktop.services.ticket_service import load_detail
from tests.scale.conftest import raise_submit_limits
from tests.scale.wsgi import Browser, access_code, make_app
from tests.support.auth import create_staff, login
from tools.dev.bench_support import form_catalog, ticket_fields

PAYLOADS = [
    "' OR '1'='1",
    "'; DROP TABLE app.ticket; --",
    "\" OR 1=1 --",
    "1; SELECT pg_sleep(5); --",
    "Robert'); DROP TABLE Students;--",
    "'; EXEC xp_cmdshell('dir'); --",
    "' UNION SELECT username, verifier FROM app.staff_user --",
    "%27%20OR%201%3D1",
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg/onload=alert(document.cookie)>",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    "{{7*7}} ${7*7} <%= 7*7 %> {% debug %}",
    "&lt;b&gt;ya escapado&lt;/b&gt; &amp; &#x3C;",
    "ñandú & <b>negritas</b> \"comillas\" 'apóstrofo' \\ barra",
    "\u202eevil\u202c texto con RLO",
    "🙂 emoji y 中文 y עברית",
]


@pytest.fixture
def setup(pg_db):
    raise_submit_limits(pg_db)
    app = make_app(pg_db.web)
    staff_id = create_staff(pg_db, f"inj{uuid.uuid4().hex[:6]}", "Clave de prueba 2026!")
    username = pg_db.sql("SELECT username FROM app.staff_user WHERE staff_id = %s", params=(staff_id,))[0][0]
    token = login(pg_db, username, "Clave de prueba 2026!")
    return pg_db, app, token, form_catalog(pg_db.web)


def test_payloads_are_stored_verbatim_and_shown_escaped(setup):
    db, app, token, catalog = setup
    for payload in PAYLOADS:
        check_payload(db, app, token, catalog, payload)


def check_payload(db, app, token, catalog, payload: str) -> None:
    browser = Browser(app)
    browser.open_form()
    fields = ticket_fields(catalog, 7)
    fields.update(description=f"Prueba: {payload}", location_detail=payload, equipment_condition=payload,
                  equipment_brand=payload[:60], idempotency_key=str(uuid.uuid4()))
    answer = browser.post("/solicitudes", fields)
    assert answer.status == 303, (payload, answer.text[:500])
    folio = answer.header("Location").rsplit("/", 1)[1]
    receipt = browser.request("GET", f"/solicitudes/{folio}")
    code = access_code(receipt.text)

    # Stored verbatim: what the operator's procedures return is exactly what was typed.
    ticket_id = db.sql("SELECT ticket_id FROM app.ticket WHERE folio = %s", params=(folio,))[0][0]
    desk = db.desk
    row = desk.call("staff.get_ticket", token=token, ticket_id=ticket_id)[0]
    assert row["description"] == f"Prueba: {payload}"
    assert row["location_detail"] == payload
    assert row["equipment_condition"] == payload
    assert row["equipment_brand"] == payload[:60]

    # A public reply carrying the payload: escaped on the status page, never raw markup.
    desk.call("staff.add_comment", token=token, ticket_id=ticket_id, row_version=row["row_version"],
              body=payload, is_public=True)
    status = Browser(app)
    status.open_form("/consulta")
    page = status.post("/consulta", {"folio": folio, "access_code": code})
    assert page.status == 200
    assert html_escape(payload) in page.text, "the reply is on the status page, escaped"
    if any(ch in payload for ch in "<>"):
        assert payload not in page.text, "the payload reached the page unescaped"
    assert "Traceback" not in page.text

    # The desktop service hands the text over verbatim (Dear PyGui shows text, never markup).
    detail = load_detail(lambda proc, **p: desk.call(proc, token=token, **p), ticket_id, with_images=False)
    shown = dict(detail.fields())
    assert payload in shown["Ubicación"]
    assert shown["Estado del equipo"] == payload
    assert detail.ticket["description"] == f"Prueba: {payload}"
    assert any(f"«{payload}»" in line for line in detail.history_lines())


def test_status_lookup_echoes_typed_folio_escaped(setup):
    _, app, _, _ = setup
    browser = Browser(app)
    browser.open_form("/consulta")
    page = browser.post("/consulta", {"folio": "<b>x</b>", "access_code": "<i>y</i>"})
    assert page.status < 500
    assert "<B>X</B>" not in page.text and "<b>x</b>" not in page.text
    assert "<i>y</i>" not in page.text


def test_sql_payload_did_not_touch_the_tables(setup):
    db, app, _, catalog = setup
    browser = Browser(app)
    browser.open_form()
    for payload in PAYLOADS[:7]:
        fields = ticket_fields(catalog, 3)
        fields.update(description=f"Prueba: {payload}", idempotency_key=str(uuid.uuid4()))
        assert browser.post("/solicitudes", fields).status == 303
    tables = db.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'app' AND tablename IN "
                    "('ticket', 'staff_user', 'ticket_event')")[0][0]
    assert tables == 3
    assert gateway.error_id("ticket_conflict")  # registry still readable
