"""Generated requests against every route: never a 5xx, never a trace, always Spanish HTML or JSON.

A few hundred examples here; the scale slice's benchmark runs many more.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.webform.client import Client, multipart
from tests.webform.conftest import TICKET_FIELDS, random_address

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
