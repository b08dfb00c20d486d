"""Generated requests against every route: never a 5xx, never a trace, always Spanish HTML or JSON.

A few hundred examples here; the scale slice's benchmark runs many more.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.webform.client import Client, multipart
from tests.webform.conftest import TICKET_FIELDS, random_address
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
    client = Client(web.app, remote_addr=random_address())
    if with_token:
        page = client.get("/")
        data = {**data, "csrf_token": page.hidden("csrf_token")}
    query = "&".join(f"{k}={v}" for k, v in list(data.items())[:3])
    if method in ("GET", "HEAD"):
        resp = client.request(method, f"{path}?{query}")
    elif as_multipart:
        body, ctype = multipart({k: v for k, v in data.items()}, [("imagenes", "x.png", raw)])
        resp = client.request(method, path, body, ctype)
    else:
        resp = client.request(method, path, raw or b"a=%ZZ&b=\xff", "application/x-www-form-urlencoded")
        if path in ("/solicitudes", "/consulta"):
            resp = client.post(path, data)
    assert resp.status < 500, (resp.status, method, path, data)
    assert "Traceback" not in resp.text and "psycopg" not in resp.text


def test_broken_multipart_and_bad_encoding_are_400_or_403(web):
    client = Client(web.app, remote_addr=random_address())
    page = client.get("/")
    token = page.hidden("csrf_token")
    cases = [
        (b"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nsin cierre", "multipart/form-data; boundary=xyz"),
        (b"garbage", "multipart/form-data"),
        (f"csrf_token={token}&requester_name=%C3%28".encode(), "application/x-www-form-urlencoded"),
    ]
    for body, ctype in cases:
        resp = client.request("POST", "/solicitudes", body, ctype)
        assert resp.status in (400, 403, 422), (resp.status, body)
        assert "Traceback" not in resp.text


# ---- issue 20, finding 9: signed values compared as bytes; cookie deleted with its flags ----

def _status_session(web) -> tuple[str, str, dict[str, str]]:
    """A ticket looked up in this browser: (folio, code, a valid conversation-form token)."""
    folio, code = web.submit_ok()
    page = web.lookup(folio, code)
    assert page.status == 200, page.summary()
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
                                          "access_code": "X", "mensaje": "hola hola"})
            assert resp.status == 403, (path, tail, resp.status)
            assert "Traceback" not in resp.text
    assert web.client.post("/api/revisar", {"csrf_token": hidden["csrf_token"] + "¿"}).header(
        "Content-Type").startswith("application/json")
    # the signed cookies: a non-ASCII MAC is "no cookie", never a 500
    for name, path in ((security.RECEIPT_COOKIE, f"/solicitudes/{folio}"), ("itl_consulta", f"/consulta/{folio}")):
        saved = dict(web.client.cookies)
        web.client.cookies[name] = f"{folio}:ABC:9999999999:x\u00bf"
        resp = web.client.get(path)
        assert resp.status == 200 and "Traceback" not in resp.text, (name, resp.status)
        web.client.cookies = saved


def _deletions(resp, name: str) -> list[str]:
    return [c for c in resp.headers_all("Set-Cookie") if c.startswith(name + "=") and "01 Jan 1970" in c]


def test_the_status_cookie_is_deleted_with_the_flags_it_was_set_with(web):
    web.client.scheme = "https"
    folio, _, _ = _status_session(web)
    assert "itl_consulta" in web.client.cookies
    # the code stops working (reissued at the computing center): the status page drops the cookie
    web.db.sql("UPDATE app.ticket SET access_code_hash = sha256('otro'::bytea) WHERE folio = %s", params=(folio,))
    resp = web.client.get(f"/consulta/{folio}")
    deleted = _deletions(resp, "itl_consulta")
    assert deleted, resp.headers_all("Set-Cookie")
    for flag in ("Path=/consulta", "HttpOnly", "Secure", "SameSite=Strict"):
        assert all(flag.lower() in c.lower() for c in deleted), (flag, deleted)
