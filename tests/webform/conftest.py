"""Fixtures for the web form tests: the real app on a fresh PostgreSQL database, driven by WebTest.

`web.client` is a `webtest.TestApp` (a browser with its own cookie jar and address); its answers are
`Page`s: a TestResponse plus readers for what the form pages show (hidden fields, field errors).
WebTest raises on a 4xx/5xx unless the call names the status it expects (`status=403`).
"""

from __future__ import annotations

import re
import secrets
import threading
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
import webob
import webtest

import gateway
from webform import Settings, create_app
from webform.app import TICKET_FIELDS
from webform.serve import make_server

__all__ = ["TICKET_FIELDS", "Page", "Web", "drop_cookie", "make_web", "random_address", "send", "uploads",
           "web_client", "wire_get"]

SECRET = b"test-secret-key-for-web-form-tests-0123"
OCTETS = "application/octet-stream"  # what an upload claims to be: nothing true (the app sniffs the bytes)


class Page(webtest.TestResponse):
    """An answer of the app, with readers for the form pages (regular expressions over the HTML)."""

    __test__ = False

    def hidden(self, name: str) -> str:
        found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', self.text)
        assert found, f"no hidden field {name}"
        return found.group(1)

    def summary(self) -> str:
        """The error summary's text (for assertion messages)."""
        found = re.search(r'id="resumen-errores".*?</div>', self.text, re.S)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))) if found else self.text[:300]

    def field_error(self, name: str) -> str | None:
        """Text of the server-rendered error tied to field `name` (or None)."""
        found = re.search(rf'<p class="field-error" id="err-{re.escape(name)}">(.*?)</p>', self.text, re.S)
        if not found:
            return None
        return re.sub(r"<[^>]+>", "", found.group(1)).replace("Error: ", "", 1).strip()

    def described_by(self, name: str) -> str:
        found = re.search(rf'<(?:input|select|textarea)\b[^>]*\bname="{re.escape(name)}"[^>]*>', self.text)
        assert found, f"no field {name}"
        attrs = re.search(r'aria-describedby="([^"]*)"', found.group(0))
        return attrs.group(1) if attrs else ""


class PageRequest(webtest.TestRequest):
    __test__ = False
    ResponseClass = Page


def web_client(app: Any, remote_addr: str | None = None, https: bool = False) -> webtest.TestApp:
    """One browser on the app: its own cookie jar and client address (own rate-limit bucket).

    The server is `testserver` on port 80 (the WSGI SERVER_NAME the QR links are built from)."""
    client = webtest.TestApp(app, extra_environ={
        "REMOTE_ADDR": remote_addr or random_address(), "HTTP_HOST": "testserver", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "wsgi.url_scheme": "https" if https else "http",
    })
    client.RequestClass = PageRequest
    return client


def send(client: webtest.TestApp, method: str, path: str, body: bytes = b"", content_type: str = "",
         headers: dict[str, str] | None = None, **kw: Any) -> Page:
    """A request with exactly this body (WebTest's get/post would encode it), any status accepted."""
    environ = dict(client.extra_environ)
    if content_type:
        environ["CONTENT_TYPE"] = content_type
    return client.request(path, method=method, body=body, headers=headers or {}, environ=environ,
                          expect_errors=True, **kw)


def wire_get(client: webtest.TestApp, url: str, headers: dict[str, str]) -> webob.Response:
    """A GET as `client` (its address and cookies) whose answer stays as sent: TestApp unpacks gzip
    bodies, and some tests are about the packed bytes. Cookies the answer sets go into the jar."""
    cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    req = webtest.TestRequest.blank(url, dict(client.extra_environ),
                                    headers={**headers, **({"Cookie": cookies} if cookies else {})})
    resp = req.get_response(client.app)
    for line in resp.headers.getall("Set-Cookie"):
        jar = SimpleCookie()
        jar.load(line)
        for name, morsel in jar.items():
            drop_cookie(client, name)
            client.set_cookie(name, morsel.value)
    return resp


def drop_cookie(client: webtest.TestApp, name: str) -> None:
    """Forget cookie `name` (every path) in the browser's jar."""
    for cookie in [c for c in client.cookiejar if c.name == name]:
        client.cookiejar.clear(cookie.domain, cookie.path, cookie.name)


def uploads(files: list[tuple[str, str, bytes]] | None) -> list[tuple[str, str, bytes, str]] | None:
    """(field, file name, bytes) as WebTest uploads them, each claiming application/octet-stream."""
    return [(name, filename, content, OCTETS) for name, filename, content in files] if files else None


def _letters(n: int = 6) -> str:
    return "".join(secrets.choice("abcdefghijklmnopqrstuvwxyzáéíóúñ") for _ in range(n)).capitalize()


@dataclass
class Web:
    """The app under test plus one browser-like client with its own address (own rate-limit bucket).

    Tests share a database per module, so each one names its requester uniquely and counts
    only its own tickets.
    """

    db: Any
    app: Any
    gw: gateway.Gateway
    client: webtest.TestApp
    settings: Settings
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.name or f"María José López {_letters()}"

    @property
    def rules(self) -> Any:
        """The app's field rules (webform.list_field_rules): image count and size limits."""
        return self.app.config["itl.site"].rules

    def catalog(self, catalog: str) -> list[dict[str, Any]]:
        return [r for r in self.db.web.call("webform.list_catalog_items") if r["catalog"] == catalog]

    def item(self, catalog: str, **match: Any) -> dict[str, Any]:
        return next(r for r in self.catalog(catalog) if all(r[k] == v for k, v in match.items()))

    def valid_fields(self) -> dict[str, str]:
        """A complete, valid submission (docente, service problem, no equipment)."""
        campus = self.item("campus", code="C1")
        location = next(r for r in self.catalog("location") if r["parent_id"] == campus["item_id"])
        return {
            "requester_name": self.name,
            "requester_type_id": str(self.item("requester_type", code="docente")["item_id"]),
            "department_id": str(self.catalog("department")[0]["item_id"]),
            "contact_email": "maria.lopez@leon.tecnm.mx",
            "contact_phone": "",
            "control_number": "",
            "campus_id": str(campus["item_id"]),
            "location_id": str(location["item_id"]),
            "location_detail": "Aula 5, planta alta",
            "equipment_id": "",
            "equipment_tag": "",
            "equipment_brand": "",
            "equipment_serial": "",
            "equipment_condition": "",
            "category_id": str(self.item("problem_category", name="Internet")["item_id"]),
            "description": "No hay conexión a Internet en el aula desde esta mañana.",
        }

    def form(self, url: str = "/") -> tuple[Page, dict[str, str]]:
        """GET the form; returns it and the hidden fields to send back."""
        page = self.client.get(url, status=200)
        if url.startswith("/consulta"):
            return page, {"csrf_token": page.hidden("csrf_token")}
        return page, {"csrf_token": page.hidden("csrf_token"), "idempotency_key": page.hidden("idempotency_key"),
                      "sitio_web": ""}

    def submit(self, changes: dict[str, str] | None = None, files: list | None = None, **kw: Any) -> Page:
        """POST a valid form (with `changes`); WebTest checks `status=` when given, else accepts any."""
        _, hidden = self.form()
        data = {**self.valid_fields(), **hidden, **(changes or {})}
        kw.setdefault("status", "*")
        return self.client.post("/solicitudes", data, upload_files=uploads(files), **kw)

    def submit_ok(self, changes: dict[str, str] | None = None, files: list | None = None) -> tuple[str, str]:
        """Submit a valid ticket and read its receipt: (folio, access code)."""
        resp = self.submit(changes, files)
        assert resp.status_int == 303, resp.summary()
        page = self.client.get(resp.headers["Location"], status=200)
        code = re.search(r'id="codigo"[^>]*>([^<]+)<', page.text).group(1)
        return resp.headers["Location"].rsplit("/", 1)[1], code

    def lookup(self, folio: str, code: str, **kw: Any) -> Page:
        """POST /consulta as a person would (fresh page, its token); any status unless `status=` says."""
        _, hidden = self.form("/consulta")
        kw.setdefault("status", "*")
        return self.client.post("/consulta", {"folio": folio, "access_code": code, **hidden}, **kw)

    def move(self, folio: str, status: str, from_status: str | None = None,
             resolved_days_ago: float | None = None) -> None:
        """Put a ticket in a status as the staff would (ticket row + public 'estado' event)."""
        sid = "(SELECT status_id FROM app.status WHERE code = %s)"
        if from_status:
            self.db.sql(f"UPDATE app.ticket SET status_id = {sid} WHERE folio = %s", params=(from_status, folio))
        self.db.sql(
            f"WITH t AS (SELECT ticket_id, status_id FROM app.ticket WHERE folio = %s), "
            f"u AS (UPDATE app.ticket SET status_id = {sid}, updated_at = now(), resolved_at = CASE WHEN %s "
            "THEN now() - make_interval(secs => %s) END FROM t WHERE app.ticket.ticket_id = t.ticket_id) "
            f"INSERT INTO app.ticket_event (ticket_id, event_type, is_public, old_status_id, new_status_id) "
            f"SELECT ticket_id, 'estado', TRUE, status_id, {sid} FROM t",
            params=(folio, status, status in ("resuelto", "cerrado"), (resolved_days_ago or 0) * 86400, status))

    def status_of(self, folio: str) -> str:
        return self.db.sql("SELECT s.code FROM app.ticket JOIN app.status AS s USING (status_id) WHERE folio = %s",
                           params=(folio,))[0][0]

    def ticket_count(self) -> int:
        return self.db.sql("SELECT count(*) FROM app.ticket WHERE requester_name = %s", params=(self.name,))[0][0]

    def add_equipment(self, location_id: int, tag: str | None = None) -> str:
        tag = tag or f"ITL-T-{secrets.token_hex(3).upper()}"
        self.db.sql(
            "INSERT INTO app.equipment (inventory_tag, serial_number, brand, model, kind, location_id) "
            "VALUES (%s, 'SN-778', 'HP', 'ProDesk 400', 'computadora', %s)", params=(tag, location_id))
        return tag


def random_address() -> str:
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


def make_web(db: Any, **settings: Any) -> Web:
    # The app's own pool (short timeout: an outage answers 503 quickly).
    gw = gateway.connect(db.login_urls["itl_web"], min_size=1, max_size=4, timeout=2.0)
    conf = Settings(secret_key=SECRET, **settings)
    app = create_app(gw, conf)
    return Web(db, app, gw, web_client(app), conf)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
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
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shared_web(pg_cluster):
    """One database and one app per module (fresh databases cost ~1.5 s each on a busy machine);
    pg only, so a private copy even in shared mode."""
    db = pg_cluster.fresh(private=True)
    w = make_web(db)
    yield w
    w.gw.close()
    pg_cluster.drop(db)


@pytest.fixture
def web(shared_web):
    """A new client (cookies, address) and requester name on the module's app."""
    return Web(shared_web.db, shared_web.app, shared_web.gw,
               web_client(shared_web.app), shared_web.settings)


@pytest.fixture
def own_web(pg_db):
    """An app on its own fresh database, for tests that break the database on purpose."""
    w = make_web(pg_db)
    yield w
    w.gw.close()
