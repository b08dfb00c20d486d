"""Issue 13's defects and audit findings at the HTTP level (real app, real PostgreSQL)."""

from __future__ import annotations

import gzip
import http.client
import json
import re
import socket
import threading
import time

import pytest

from gateway import error_id, message
from tests.webform.conftest import make_web, web_client, wire_get
from webform import security
from webform.render import static_version
from webform.serve import make_server


def reg(key: str) -> str:
    return message(error_id(key))


def receipt_of(web) -> tuple[str, str, str]:
    """Submit a valid ticket; (folio, code, receipt html)."""
    resp = web.submit()
    assert resp.status_int == 303, resp.summary()
    location = resp.headers.get("Location")
    page = web.client.get(location)
    code = re.search(r'id="codigo"[^>]*>([^<]+)<', page.text).group(1)
    return location.rsplit("/", 1)[1], code, page.text


# ---- Host header, HSTS -------------------------------------------------------------------

def test_host_header_is_never_reflected(web):
    evil = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    fav = web.client.get("/favicon.ico", headers=evil)
    assert fav.status_int == 301 and fav.headers.get("Location").startswith("/static/favicon.svg?v=")
    resp = web.submit()
    assert resp.headers.get("Location").startswith("/solicitudes/")
    receipt = f"{security.RECEIPT_COOKIE}={web.client.cookies[security.RECEIPT_COOKIE]}"  # the jar keys it by Host
    page = web.client.get(resp.headers.get("Location"), headers={**evil, "Cookie": receipt})
    assert page.status_int == 200 and "evil.example" not in page.text
    # no ITL_PUBLIC_URL: the QR names the server's configured name (WSGI SERVER_NAME), not Host
    assert "http://testserver/consulta?folio=" in page.text


def test_public_url_comes_from_configuration(web):
    app = make_web(web.db, public_url="https://soporte.leon.tecnm.mx")
    try:
        _, _, page = receipt_of(app)
        assert "https://soporte.leon.tecnm.mx/consulta?folio=" in page and "testserver" not in page
    finally:
        app.gw.close()


@pytest.mark.parametrize(("trusted", "environ", "expected"), [
    (False, {}, False),
    (False, {"wsgi.url_scheme": "https"}, True),
    (False, {"HTTP_X_FORWARDED_PROTO": "https"}, False),  # anyone can send that header
    (True, {"HTTP_X_FORWARDED_PROTO": "https"}, True),
    (True, {"HTTP_X_FORWARDED_PROTO": "http"}, False),
])
def test_hsts_only_over_https(web, trusted, environ, expected):
    app = make_web(web.db, trusted_proxy=trusted) if trusted else web
    try:
        env = dict(environ)
        headers = {"X-Forwarded-Proto": env.pop("HTTP_X_FORWARDED_PROTO")} if "HTTP_X_FORWARDED_PROTO" in env else {}
        client = web_client(app.app, https=env.get("wsgi.url_scheme") == "https")
        page = client.get("/", headers=headers)
        hsts = page.headers.get("Strict-Transport-Security")
        assert (hsts == "max-age=31536000") if expected else hsts is None
        assert page.headers.get("X-Frame-Options") == "DENY"
    finally:
        if app is not web:
            app.gw.close()


# ---- 413 from waitress itself ------------------------------------------------------------

def raw_http(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


def test_waitress_answers_oversized_bodies_with_the_spanish_page(web):
    server = make_server(web.app, web.settings, "127.0.0.1", 0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for length in (web.settings.max_body_bytes + 1, 50 * 1024 * 1024):
            answer = raw_http(server.effective_port, (
                f"POST /solicitudes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
                f"\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n").encode() + b"a=1")
            head, _, body = answer.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 413"), head
            text = body.decode("utf-8")
            assert reg("web_request_too_large") in text and 'lang="es-MX"' in text
            assert b"X-Frame-Options: DENY" in head and b"Content-Security-Policy:" in head
    finally:
        server.close()
        thread.join(timeout=10)


# ---- receipt: lifetime, forget button, printable page, <dl> ----------------------------

def test_receipt_cookie_is_short_and_can_be_forgotten(web):
    resp = web.submit()
    cookie = resp.headers.get("Set-Cookie") or ""
    assert f"Max-Age={web.settings.receipt_max_age}" in cookie and web.settings.receipt_max_age <= 30 * 60
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    location = resp.headers.get("Location")
    folio = location.rsplit("/", 1)[1]
    page = web.client.get(location)
    assert "Terminé: borrar de este equipo" in page.text
    token = re.search(r'action="/solicitudes/[^"]+/borrar">\s*<input type="hidden" name="csrf_token" value="([^"]+)"',
                      page.text).group(1)
    web.client.post(f"{location}/borrar", {"csrf_token": "1.x"}, status=403)  # refused: the cookie stays
    assert security.RECEIPT_COOKIE in web.client.cookies
    done = web.client.post(f"{location}/borrar", {"csrf_token": token})
    assert done.status_int == 200 and "Datos borrados de este equipo" in done.text
    assert security.RECEIPT_COOKIE not in web.client.cookies
    again = web.client.get(location)
    assert reg("web_receipt_unavailable") in again.text and folio in again.text and 'id="codigo"' not in again.text


def test_print_is_a_plain_link_to_a_printable_page(web):
    folio, code, page = receipt_of(web)
    assert f'<a class="button primary" id="imprimir" href="/solicitudes/{folio}/imprimir">' in page
    printable = web.client.get(f"/solicitudes/{folio}/imprimir")
    assert printable.status_int == 200 and code in printable.text and 'class="printable"' in printable.text
    assert "noindex" in printable.text and printable.headers.get("Cache-Control") == "no-store"


def test_receipt_uses_a_definition_list(web):
    folio, code, page = receipt_of(web)
    assert re.search(r'<dt class="code-label">Folio</dt>\s*<dd class="code-value" id="folio">' + folio, page)
    assert re.search(r'<dt class="code-label">Código de acceso</dt>\s*<dd class="code-value mono" id="codigo">'
                     + code, page)
    assert not re.search(r"<p[^>]*aria-labelledby", page)


# ---- CSRF: per form, short window, Origin / Sec-Fetch-Site ------------------------------

def test_csrf_token_is_tied_to_one_form(web):
    _, lookup = web.form("/consulta")
    _, hidden = web.form()
    resp = web.client.post("/solicitudes", {**web.valid_fields(), **hidden, "csrf_token": lookup["csrf_token"]},
                           status=403)
    assert resp.status_int == 403 and reg("web_csrf_invalid") in resp.text
    status = web.client.post("/consulta", {"folio": "CC-2026-1", "access_code": "X",
                                           "csrf_token": hidden["csrf_token"]}, status=403)
    assert status.status_int == 403
    assert web.ticket_count() == 0


def test_csrf_token_expires_after_the_window(web):
    _, hidden = web.form()
    cookie = web.client.cookies[security.CSRF_COOKIE]
    old = security.csrf_token(web.settings.secret_key, cookie, "solicitud", now=time.time()
                              - web.settings.csrf_max_age - 5)
    assert web.settings.csrf_max_age <= 2 * 3600
    resp = web.client.post("/solicitudes", {**web.valid_fields(), **hidden, "csrf_token": old}, status=403)
    assert resp.status_int == 403 and f'value="{web.name}"' in resp.text  # typed values kept, fresh token
    assert resp.hidden("csrf_token") != old
    fresh = web.client.post("/solicitudes", {**web.valid_fields(), **hidden, "csrf_token": resp.hidden("csrf_token")})
    assert fresh.status_int == 303, fresh.summary()


@pytest.mark.parametrize(("headers", "ok"), [
    ({"Origin": "https://evil.example"}, False),
    ({"Sec-Fetch-Site": "cross-site"}, False),
    ({"Sec-Fetch-Site": "same-site", "Origin": "http://testserver"}, False),
    ({"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}, True),
    ({"Origin": "null", "Sec-Fetch-Site": "same-origin"}, True),  # Chromium under no-referrer
    ({}, True),
])
def test_origin_and_fetch_metadata_are_checked(web, headers, ok):
    _, hidden = web.form()
    resp = web.client.post("/solicitudes", {**web.valid_fields(), **hidden}, headers=headers, status=303 if ok else 403)
    assert resp.status_int == (303 if ok else 403), resp.summary()
    assert web.ticket_count() == (1 if ok else 0)


# ---- audits: meta, robots, gzip, cache, aria, focus ---------------------------------------

def test_each_page_has_its_own_description_and_private_pages_are_noindex(web):
    folio, code, receipt = receipt_of(web)
    _, hidden = web.form("/consulta")
    status = web.client.post("/consulta", {"folio": folio, "access_code": code, "csrf_token": hidden["csrf_token"]})
    pages = {"form": web.client.get("/").text, "lookup": web.client.get("/consulta").text,
             "receipt": receipt, "status": status.text}
    descriptions = {}
    for name, html in pages.items():
        found = re.findall(r'<meta name="description" content="([^"]+)">', html)
        assert len(found) == 1 and len(found[0]) > 40, name
        descriptions[name] = found[0]
    assert len(set(descriptions.values())) == 4
    for name in ("receipt", "status"):
        assert '<meta name="robots" content="noindex, nofollow">' in pages[name]
    for name in ("form", "lookup"):
        assert 'name="robots"' not in pages[name]


def test_text_responses_are_gzipped_when_accepted(web):
    plain = web.client.get("/")
    packed = wire_get(web.client, "/", {"Accept-Encoding": "gzip, deflate, br"})
    assert plain.headers.get("Content-Encoding") is None and "Accept-Encoding" in plain.headers.get("Vary")
    assert packed.headers.get("Content-Encoding") == "gzip" and "Accept-Encoding" in packed.headers.get("Vary")
    body = gzip.decompress(packed.body)
    assert b"Solicitud de soporte" in body and int(packed.headers.get("Content-Length")) == len(packed.body)
    saved = 100 * (1 - len(packed.body) / len(plain.body))
    print(f"\n/ : {len(plain.body)} bytes -> {len(packed.body)} gzip ({saved:.0f} % menos)")
    for name in ("app.js", "style.css"):
        resp = wire_get(web.client, f"/static/{name}?v={static_version(name)}", {"Accept-Encoding": "gzip"})
        assert resp.headers.get("Content-Encoding") == "gzip", name
        print(f"{name}: {len(gzip.decompress(resp.body))} bytes -> {len(resp.body)} gzip")
    refused = wire_get(web.client, "/", {"Accept-Encoding": "gzip;q=0"})
    assert refused.headers.get("Content-Encoding") is None


def test_versioned_static_files_are_immutable(web):
    name = "app.js"
    current = web.client.get(f"/static/{name}?v={static_version(name)}")
    assert current.headers.get("Cache-Control") == "public, max-age=31536000, immutable"
    for url in (f"/static/{name}", f"/static/{name}?v=0000000000"):
        assert "immutable" not in web.client.get(url).headers.get("Cache-Control")
    assert f"/static/{name}?v={static_version(name)}" in web.client.get("/").text


def test_every_aria_describedby_id_exists(web):
    pages = [web.client.get("/").text, web.submit({"requester_name": "", "contact_email": "x@",
                                                   "contact_phone": "1"}).text]
    for html in pages:
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        for refs in re.findall(r'aria-describedby="([^"]+)"', html):
            missing = [r for r in refs.split() if r not in ids]
            assert not missing, (refs, missing)
    assert 'aria-describedby="hint-contact"' in pages[0]


def test_server_error_page_moves_focus_to_the_summary(web):
    page = web.submit({"description": "corto"})
    assert page.status_int == 422
    assert re.search(r'<div class="error-summary" id="resumen-errores" role="alert" tabindex="-1"[^>]*autofocus',
                     page.text)
    assert page.text.count("autofocus") == 1


# ---- defects: QR prefill banner, lookup focus, lost photos --------------------------------

def test_qr_prefilled_form_says_which_equipment_and_place(web):
    campus = web.item("campus", code="C2")
    location = next(r for r in web.catalog("location") if r["parent_id"] == campus["item_id"])
    tag = web.add_equipment(location["item_id"])
    page = web.client.get(f"/?equipo={tag}")
    banner = re.search(r'<section class="card prefill".*?</section>', page.text, re.S).group(0)
    assert f"Reportando el equipo <span class=\"nowrap\">{tag}</span>" in banner
    assert f"{campus['name']} · {location['name']}" in banner
    assert 'href="/"' in banner and 'href="#f-campus_id"' in banner  # a way to change them
    assert "prefill" not in web.client.get("/").text.split("<form", 1)[0]


def test_lookup_with_folio_puts_the_cursor_on_the_code(web):
    page = web.client.get("/consulta?folio=CC-2026-000123")
    assert re.search(r'<input[^>]*id="f-access_code"[^>]*autofocus', page.text)
    assert not re.search(r'<input[^>]*id="f-folio"[^>]*autofocus', page.text)
    bare = web.client.get("/consulta")
    assert re.search(r'<input[^>]*id="f-folio"[^>]*autofocus', bare.text)
    assert "¿Perdió su código de acceso?" in bare.text and "con su folio" in bare.text


def test_json_precheck_reports_every_problem_before_photos_are_sent(web):
    _, hidden = web.form()
    bad = web.client.post("/api/revisar", {**web.valid_fields(), **hidden, "contact_email": "ana@gmail.com",
                                           "description": "corto"})
    data = json.loads(bad.text)
    assert bad.status_int == 200 and data["ok"] is False
    assert {e["field"] for e in data["errors"]} == {"contact_email", "description"}
    assert all(e["message"] for e in data["errors"])
    good = web.client.post("/api/revisar", {**web.valid_fields(), **hidden})
    assert json.loads(good.text) == {"ok": True, "errors": []}
    forged = web.client.post("/api/revisar", {**web.valid_fields(), "csrf_token": "1.x"}, status=403)
    assert forged.status_int == 403 and json.loads(forged.text)["errors"][0]["message"] == reg(
        "web_csrf_invalid")
    assert web.ticket_count() == 0


def test_without_javascript_the_error_page_asks_to_attach_the_photos_again(web):
    from tests.webform import images

    resp = web.submit({"contact_email": "ana@gmail.com"}, files=[("imagenes", "foto.jpg", images.jpeg())])
    assert resp.status_int == 422
    warning = re.search(r'<p class="field-warning" id="reattach-imagenes">(.*?)</p>', resp.text, re.S)
    assert warning and reg("web_images_reattach") in warning.group(1)
    assert "reattach-imagenes" in resp.described_by("imagenes")
    assert reg("web_images_reattach") in resp.summary()
    ok = web.submit({"contact_email": "ana@leon.tecnm.mx"})
    assert "reattach-imagenes" not in web.client.get("/").text and ok.status_int == 303


# ---- issue 20, finding 10: the per-address cap and keep-alive connections ----------------

def _keep_alive_get(port: int, source: str) -> tuple[http.client.HTTPConnection, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    conn.request("GET", "/salud")
    resp = conn.getresponse()
    resp.read()
    return conn, resp.status


def test_idle_keep_alive_connections_do_not_count_against_the_per_address_cap(web):
    """A lab of PCs behind one NAT address keeps keep-alive connections open between pages;
    they used to fill the per-address cap and new connections were reset. An idle one is
    closed to make room; connections in the middle of a request still count."""
    server = make_server(web.app, web.settings, "127.0.0.1", 0, threads=2)
    server.per_address = 4
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    port = server.effective_port
    lab, other = "127.0.0.5", "127.0.0.6"
    idle = []
    try:
        for _ in range(4):  # four PCs, each done with its page, connection kept alive
            conn, status = _keep_alive_get(port, lab)
            assert status == 200
            idle.append(conn)
        for _ in range(6):  # more PCs behind the same address
            conn, status = _keep_alive_get(port, lab)
            assert status == 200
            idle.append(conn)
        # four connections of another address stuck in the middle of their headers (slowloris)
        slow = []
        for _ in range(4):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(other, 0))
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            slow.append(sock)
        time.sleep(0.3)
        with pytest.raises((ConnectionError, http.client.RemoteDisconnected, OSError)):
            _keep_alive_get(port, other)  # the cap still holds against busy connections
        for sock in slow:
            sock.close()
    finally:
        for conn in idle:
            conn.close()
        server.close()
        thread.join(timeout=10)


def test_the_same_form_sent_again_with_other_content_says_so(web):
    """Issue 20, finding 10: Back, edit, send (same idempotency key) used to show the first
    ticket's receipt as if the edit had been registered."""
    _, hidden = web.form()
    data = {**web.valid_fields(), **hidden}
    first = web.client.post("/solicitudes", data)
    assert first.status_int == 303
    again = web.client.post("/solicitudes", data)  # a double click: the same receipt
    assert again.status_int == 303 and again.headers.get("Location") == first.headers.get("Location")
    edited = web.client.post("/solicitudes", {**data, "description": "Tampoco funciona el proyector del aula."},
                             status=422)
    assert edited.status_int == 422 and reg("form_idempotency_mismatch") in edited.text
    assert "Tampoco funciona el proyector" in edited.text  # what was typed is kept
    assert edited.hidden("idempotency_key") != hidden["idempotency_key"]  # sending it now makes a new ticket
    assert web.ticket_count() == 1
