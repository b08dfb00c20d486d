"""Property-based fuzzing of every web route against the WSGI app: never a 5xx, never a traceback.

CI runs a few hundred generated requests (hypothesis profile "scale-ci"); with ITL_SCALE_FULL=1
(`python -m tools.dev.bench --faults`) it runs 10,000.
"""

from __future__ import annotations

import string
import uuid
from urllib.parse import urlencode

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.scale.conftest import FULL, raise_submit_limits
from tests.scale.wsgi import Browser, call, make_app
from tools.dev.bench_support import form_catalog, ticket_fields

FIELDS = (
    "requester_name", "requester_type_id", "department_id", "contact_email", "contact_phone",
    "control_number", "campus_id", "location_id", "location_detail", "equipment_id", "equipment_tag",
    "equipment_brand", "equipment_serial", "equipment_condition", "category_id", "description",
    "csrf_token", "idempotency_key", "sitio_web", "folio", "access_code",
)
ROUTES = (
    "/", "/solicitudes", "/solicitudes/{x}", "/consulta", "/api/ubicaciones", "/api/equipos",
    "/static/{x}", "/static/css/{x}", "/favicon.ico", "/salud", "/{x}",
)
INTERESTING = (
    "", " ", "0", "-1", "1", "99999999999999999999", "1e308", "NaN", "null", "None", "true",
    "' OR '1'='1", "<script>alert(1)</script>", "../../etc/passwd", "%00", "\x00", "\r\n", "\u202e",
    "CC-2026-000001", "CC-9999-999999999", str(uuid.UUID(int=0)), "💥" * 30, "a" * 5000,
)

values = st.one_of(
    st.sampled_from(INTERESTING),
    st.text(max_size=60),
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
)
methods = st.sampled_from(("GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH")) | \
    st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=7)
ENDPOINTS = (
    ("GET", "/"), ("POST", "/solicitudes"), ("POST", "/solicitudes"), ("POST", "/solicitudes"),
    ("GET", "/solicitudes/{x}"), ("GET", "/consulta"), ("POST", "/consulta"), ("POST", "/consulta"),
    ("GET", "/api/ubicaciones"), ("GET", "/api/equipos"), ("GET", "/static/{x}"), ("GET", "/salud"),
)


@st.composite
def requests(draw):
    if draw(st.integers(0, 9)) < 8:  # mostly the real endpoints with their own method
        method, route = draw(st.sampled_from(ENDPOINTS))
    else:
        method, route = draw(methods), draw(st.sampled_from(ROUTES))
    path = route.replace("{x}", draw(values)[:200])
    query = draw(st.one_of(
        st.dictionaries(st.sampled_from(("campus", "ubicacion", "equipo", "folio", "x")) | st.text(max_size=8),
                        values, max_size=4).map(lambda d: urlencode(d)),
        st.text(max_size=80),
    ))
    form = draw(st.dictionaries(st.sampled_from(FIELDS), values, max_size=len(FIELDS)))
    return {
        "method": method, "path": path, "query": query, "form": form,
        "body": draw(st.sampled_from(("form", "valid", "valid", "multipart", "raw", "none"))),
        "cookie": draw(st.sampled_from(("valid", "valid", "garbage", "none"))),
        "content_type": draw(st.sampled_from((
            None, "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "text/plain",
            "application/json", "multipart/form-data", "x/\x00y"))),
        "raw": draw(st.binary(max_size=300)),
        "image": draw(st.binary(max_size=200)),
        "image_name": draw(values),
        "image_type": draw(st.sampled_from(("image/png", "image/jpeg", "text/html", "", "image/svg+xml"))),
        "forwarded": draw(st.one_of(st.none(), values)),
    }


def multipart(fields: dict[str, str], image: bytes, name: str, kind: str) -> tuple[bytes, str]:
    boundary = "itlfuzz" + uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
                     + value.encode("utf-8", "surrogatepass") + b"\r\n")
    safe_name = name.replace('"', "").replace("\r", "").replace("\n", "")
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="imagenes"; filename="{safe_name}"\r\n'
                 f"Content-Type: {kind}\r\n\r\n".encode("utf-8", "surrogatepass") + image + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def target(pg_db):
    raise_submit_limits(pg_db)
    app = make_app(pg_db.web)
    browser = Browser(app)
    browser.open_form()
    return app, browser, ticket_fields(form_catalog(pg_db.web), 5)


@settings(settings.get_profile("scale-full" if FULL else "scale-ci"))
@given(req=requests())
def test_no_route_answers_5xx_or_a_traceback(target, req):
    app, browser, valid = target
    fields = {k: v for k, v in req["form"].items()}
    if req["body"] == "valid":  # a real form post that reaches the database, with fuzzed fields
        few = dict(list(fields.items())[:2])  # a valid ticket with at most two fuzzed fields
        fields = {**{k: str(v) for k, v in valid.items()}, "idempotency_key": str(uuid.uuid4()), **few}
        fields.setdefault("csrf_token", browser.token)
    headers: dict[str, str] = {}
    if req["cookie"] == "valid":
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in browser.jar.items())
    elif req["cookie"] == "garbage":
        headers["Cookie"] = f"itl_csrf={req['raw'][:40].hex()}; itl_recibo=\u00e9;;="
    if req["forwarded"] is not None:
        headers["X-Forwarded-For"] = req["forwarded"].encode("utf-8", "surrogatepass").decode("latin-1")
    body = b""
    if req["body"] in ("form", "valid"):
        body = urlencode(fields).encode("utf-8", "surrogatepass")
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif req["body"] == "multipart":
        body, headers["Content-Type"] = multipart(
            {k: str(v) for k, v in fields.items()}, req["image"], req["image_name"], req["image_type"])
    elif req["body"] == "raw":
        body = req["raw"]
        if req["content_type"] is not None:
            headers["Content-Type"] = req["content_type"]
    answer = call(app, req["method"], req["path"], req["query"], body, headers)
    event(f"{req['method'] if req['method'] in ('GET', 'POST') else 'otro'} {answer.status}")
    assert answer.status < 500, (answer.status, answer.text[:300])
    assert "Traceback" not in answer.text
    assert 'File "' not in answer.text


@pytest.mark.parametrize(("method", "path", "query", "form"), [
    ("POST", "/solicitudes", "", {"requester_name": "\x00"}),  # NUL reached PostgreSQL: was a 500
    ("POST", "/solicitudes", "", {"description": "texto\x00oculto"}),
    ("POST", "/consulta", "", {"folio": "CC-2026-\x00", "access_code": "ABC"}),
    ("GET", "/", "equipo=%00", None),
    ("GET", "/consulta", "folio=%00", None),
])
def test_nul_bytes_are_a_clean_400(target, method, path, query, form):
    app, browser, valid = target
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in browser.jar.items())}
    body = b""
    if form is not None:
        fields = {**{k: str(v) for k, v in valid.items()}, "idempotency_key": str(uuid.uuid4()),
                  "csrf_token": browser.token, **form}
        body = urlencode(fields).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    answer = call(app, method, path, query, body, headers)
    assert answer.status == 400
    assert "Traceback" not in answer.text


def test_undecodable_form_bytes_are_no_5xx(target):
    app, browser, _ = target
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in browser.jar.items()),
               "Content-Type": "application/x-www-form-urlencoded"}
    answer = call(app, "POST", "/solicitudes", "", b"requester_name=%85%FF&csrf_token=" + browser.token.encode(),
                  headers)
    assert 400 <= answer.status < 500
    assert "Traceback" not in answer.text
