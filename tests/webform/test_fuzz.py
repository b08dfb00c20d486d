"""Generated requests against every route: never a 5xx, never a trace, always Spanish HTML or JSON.

A few hundred examples here; the scale slice's benchmark runs many more.
"""

from __future__ import annotations

import io
import random
import re
import secrets
import time
from typing import Any
from urllib.parse import quote

import pytest
import webtest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.webform import images
from tests.webform.conftest import TICKET_FIELDS, send, web_client
from webform import security

PATHS = ["/", "/solicitudes", "/solicitudes/CC-2026-000001", "/consulta", "/api/ubicaciones", "/api/equipos",
         "/static/app.js", "/static/../conftest.py", "/salud", "/favicon.ico", "/no-existe"]
text = st.text(max_size=60)
values = st.one_of(text, st.integers(-10, 10**12).map(str), st.sampled_from(["", "1", "²", "٣", "\x00", "%", "1e3"]))
fields = st.dictionaries(st.sampled_from([*TICKET_FIELDS, "folio", "access_code", "idempotency_key", "sitio_web",
                                          "campus", "ubicacion", "equipo"]), values, max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(method=st.sampled_from(["GET", "POST", "PUT", "HEAD"]), path=st.sampled_from(PATHS), data=fields,
       with_token=st.booleans(), as_multipart=st.booleans(), raw=st.binary(max_size=80))
def test_no_route_answers_5xx(web, method, path, data, with_token, as_multipart, raw):
    client = web_client(web.app)
    if with_token:
        page = client.get("/")
        data = {**data, "csrf_token": page.hidden("csrf_token")}
    query = "&".join(f"{k}={v}" for k, v in list(data.items())[:3])
    if method in ("GET", "HEAD"):
        resp = send(client, method, f"{path}?{query}")
    elif as_multipart:
        body, ctype = multipart({k: v for k, v in data.items()}, [("imagenes", "x.png", raw)])
        resp = send(client, method, path, body, ctype)
    else:
        resp = send(client, method, path, raw or b"a=%ZZ&b=\xff", "application/x-www-form-urlencoded")
        if path in ("/solicitudes", "/consulta"):
            resp = client.post(path, data, status="*")
    assert resp.status_int < 500, (resp.status_int, method, path, data)
    assert b"Traceback" not in resp.body and b"psycopg" not in resp.body


def multipart(data: dict[str, Any], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart body built by hand (WebTest would build a correct one): fields that may hold NUL or
    lone surrogates, (field name, file name, content) files whose Content-Type says nothing true."""
    boundary = "----itl" + secrets.token_hex(8)
    out = io.BytesIO()
    for key, value in data.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode())
        out.write(str(value).encode("utf-8") + b"\r\n")
    for key, filename, content in files:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{filename}"\r\n'
                  "Content-Type: application/octet-stream\r\n\r\n".encode())
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def test_broken_multipart_and_bad_encoding_are_400_or_403(web):
    client = web_client(web.app)
    page = client.get("/")
    token = page.hidden("csrf_token")
    cases = [
        (b"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nsin cierre", "multipart/form-data; boundary=xyz"),
        (b"garbage", "multipart/form-data"),
        (f"csrf_token={token}&requester_name=%C3%28".encode(), "application/x-www-form-urlencoded"),
    ]
    for body, ctype in cases:
        resp = send(client, "POST", "/solicitudes", body, ctype)
        assert resp.status_int in (400, 403, 422), (resp.status_int, body)
        assert "Traceback" not in resp.text


# ---- issue 20, finding 9: signed values compared as bytes; cookie deleted with its flags ----

def _status_session(web) -> tuple[str, str, dict[str, str]]:
    """A ticket looked up in this browser: (folio, code, a valid conversation-form token)."""
    folio, code = web.submit_ok()
    page = web.lookup(folio, code)
    assert page.status_int == 200, page.summary()
    return folio, code, {"csrf_token": page.hidden("csrf_token")}


def test_a_signed_value_with_a_non_ascii_tail_is_refused_not_a_500(web):
    folio, _code, action = _status_session(web)
    _, hidden = web.form("/")
    _, lookup_hidden = web.form("/consulta")
    bad = {
        "/consulta": lookup_hidden["csrf_token"],
        "/solicitudes": hidden["csrf_token"],
        "/api/revisar": hidden["csrf_token"],
        f"/solicitudes/{folio}/borrar": hidden["csrf_token"],
        f"/consulta/{folio}/responder": action["csrf_token"],
        f"/consulta/{folio}/confirmar": action["csrf_token"],
        f"/consulta/{folio}/calificar": action["csrf_token"],
        f"/consulta/{folio}/reabrir": action["csrf_token"],
        f"/consulta/{folio}/borrar": action["csrf_token"],
    }
    for path, token in bad.items():
        for tail in ("¿", "ñ" * 3, "\u2028", "😀"):
            resp = web.client.post(path, {**hidden, "csrf_token": token + tail, "folio": folio,
                                          "access_code": "X", "mensaje": "hola hola"}, status="*")
            assert resp.status_int == 403, (path, tail, resp.status_int)
            assert "Traceback" not in resp.text
    assert web.client.post("/api/revisar", {"csrf_token": hidden["csrf_token"] + "¿"}, status=403).headers.get(
        "Content-Type").startswith("application/json")
    # the signed cookies: a non-ASCII MAC is "no cookie", never a 500
    for name, path in ((security.RECEIPT_COOKIE, f"/solicitudes/{folio}"), ("itl_consulta", f"/consulta/{folio}")):
        cookies = {**web.client.cookies, name: f"{folio}:ABC:9999999999:x\u00bf"}  # as sent, unquoted
        line = "; ".join(f"{k}={v}" for k, v in cookies.items())
        resp = send(web_client(web.app), "GET", path, headers={"Cookie": line})  # an empty jar adds nothing
        assert resp.status_int == 200 and "Traceback" not in resp.text, (name, resp.status_int)


def _deletions(resp, name: str) -> list[str]:
    return [c for c in resp.headers.getall("Set-Cookie") if c.startswith(name + "=") and "01 Jan 1970" in c]


def test_the_status_cookie_is_deleted_with_the_flags_it_was_set_with(web):
    web.client.extra_environ["wsgi.url_scheme"] = "https"
    folio, _, _ = _status_session(web)
    assert "itl_consulta" in web.client.cookies
    # the code stops working (reissued at the computing center): the status page drops the cookie
    web.db.sql("UPDATE app.ticket SET access_code_hash = sha256('otro'::bytea) WHERE folio = %s", params=(folio,))
    resp = web.client.get(f"/consulta/{folio}")
    deleted = _deletions(resp, "itl_consulta")
    assert deleted, resp.headers.getall("Set-Cookie")
    for flag in ("Path=/consulta", "HttpOnly", "Secure", "SameSite=Strict"):
        assert all(flag.lower() in c.lower() for c in deleted), (flag, deleted)


# ---- issue 20, finding 9: every field, cookie and header of every route -----------------

# What scanners send: non-ASCII (after a valid value too: `<valid token>¿` was a 500), overlong,
# empty and binary (invalid UTF-8, NUL and other control characters).
NASTY = {
    "no ASCII": "¿ñÉ€😀\u2028\u202e",
    "larguísimo": "Ñ" * 20000,
    "vacío": "",
    "binario": "\x00\x01\x7f\x80\xff\xfe\ud800",
}
COOKIES = ("itl_csrf", security.RECEIPT_COOKIE, "itl_consulta")
HEADERS = ("Origin", "Sec-Fetch-Site", "Referer", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
           "Host", "Accept-Encoding", "Accept-Language", "User-Agent", "Cookie", "Content-Type")


def _routes(folio: str, token: str, csrf_form: str, csrf_status: str, csrf_lookup: str, code: str, key: str,
            ticket: dict[str, str]) -> list[tuple[str, str, dict[str, str]]]:
    """(method, path, fields) of every route, each with the valid fields its form sends."""
    action = {"csrf_token": csrf_status}
    return [
        ("GET", "/", {"campus": "1", "ubicacion": "1", "equipo": "ITL-1"}),
        ("POST", "/api/revisar", {**ticket, "csrf_token": csrf_form}),
        ("POST", "/solicitudes", {**ticket, "csrf_token": csrf_form, "idempotency_key": key, "sitio_web": "",
                                  "eleccion_falla": "otro"}),
        ("GET", f"/solicitudes/{folio}", {}),
        ("GET", f"/solicitudes/{folio}/imprimir", {}),
        ("POST", f"/solicitudes/{folio}/borrar", {"csrf_token": csrf_form}),
        ("GET", "/api/ubicaciones", {"campus": "1"}),
        ("GET", "/api/equipos", {"ubicacion": "1"}),
        ("GET", "/api/aviso", {"campus": "1", "ubicacion": "1", "categoria": "1"}),
        ("GET", "/consulta", {"folio": folio}),
        ("POST", "/consulta", {"folio": folio, "access_code": code, "csrf_token": csrf_lookup}),
        ("GET", f"/consulta/{folio}", {"hecho": "respuesta"}),
        ("POST", f"/consulta/{folio}/responder", {**action, "mensaje": "Sigue igual, gracias.",
                                                   "idempotency_key": key, "sitio_web": ""}),
        ("POST", f"/consulta/{folio}/confirmar", action),
        ("POST", f"/consulta/{folio}/reabrir", {**action, "motivo": "No quedó.", "idempotency_key": key}),
        ("POST", f"/consulta/{folio}/calificar", {**action, "calificacion": "5", "comentario": "Bien"}),
        ("POST", f"/consulta/{folio}/borrar", action),
        ("GET", f"/consulta/foto/{token}", {"miniatura": "1"}),
        ("GET", "/salud", {}),
        ("GET", "/robots.txt", {}),
    ]


def wire(value: str) -> str:
    """A header value as a WSGI server hands it over: the bytes read as latin-1 (PEP 3333)."""
    return value.encode("utf-8", "surrogatepass").decode("latin-1")


def _send(client: webtest.TestApp, method: str, path: str, fields: dict[str, str], headers: dict[str, str]):
    def enc(value: str) -> str:
        return quote(value.encode("utf-8", "surrogatepass"), safe="")
    pairs = "&".join(f"{enc(k)}={enc(v)}" for k, v in fields.items())
    if method == "GET":
        return send(client, "GET", f"{path}?{pairs}" if pairs else path, headers=headers)
    return send(client, "POST", path, pairs.encode("ascii"), "application/x-www-form-urlencoded", headers=headers)


# An empty Host: the cookie jar of the throwaway client cannot file the answer's cookies (it warns).
@pytest.mark.filterwarnings("ignore:http.cookiejar bug:UserWarning")
def test_every_field_cookie_and_header_of_every_route_answers_without_a_5xx(web):
    """One slot (field, cookie or header) at a time gets a nasty value, the rest stay valid so that
    the request gets as far as it can. Per slot: the non-ASCII value (appended to the valid one)
    and one of the other three kinds, chosen by a fixed seed."""
    rng = random.Random(20)
    folio, code = web.submit_ok(files=[("imagenes", "foto.png", images.jpeg())])
    status = web.lookup(folio, code)
    token = re.search(r"/consulta/foto/([0-9a-f]{64})", status.text).group(1)
    _, form_hidden = web.form("/")
    _, lookup_hidden = web.form("/consulta")
    status = web.client.get(f"/consulta/{folio}")
    routes = _routes(folio, token, form_hidden["csrf_token"], status.hidden("csrf_token"),
                     lookup_hidden["csrf_token"], code, form_hidden["idempotency_key"], web.valid_fields())
    cookies = dict(web.client.cookies)
    assert set(COOKIES) <= set(cookies) | {security.RECEIPT_COOKIE}, cookies
    sent, failures = 0, []
    started = time.perf_counter()
    for method, path, fields in routes:
        slots = [("campo", name) for name in fields] + [("cookie", c) for c in COOKIES] + \
                [("encabezado", h) for h in HEADERS]
        for kind, name in slots:
            for label in ("no ASCII", rng.choice(["larguísimo", "vacío", "binario"])):
                value = NASTY[label]
                client = web_client(web.app)  # an empty jar: the cookies go in the Cookie header exactly as below
                mutated, jar = dict(fields), dict(cookies)
                if kind == "campo":
                    mutated[name] = (fields[name] + value) if label == "no ASCII" else value
                elif kind == "cookie":
                    jar[name] = wire((cookies.get(name, "") + value) if label == "no ASCII" else value)
                headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}
                if kind == "encabezado":
                    headers[name] = wire(value[:8000])
                resp = _send(client, method, path, mutated, headers)
                sent += 1
                if resp.status_int >= 500 or b"Traceback" in resp.body:
                    failures.append((method, path, kind, name, label, resp.status_int))
    print(f"\n{sent} peticiones con valores extremos en {len(routes)} rutas: "
          f"{time.perf_counter() - started:.1f} s, {len(failures)} respuestas 5xx")
    assert not failures, failures[:10]
