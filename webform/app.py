"""The web form: one Bottle app built by `create_app(gateway, settings)`.

Routes (all text in Spanish):
    GET  /                      form, prefilled from ?campus=&ubicacion=&equipo=
    POST /solicitudes           submit (PRG: 303 to the receipt page)
    GET  /solicitudes/<folio>   receipt (folio + access code from a signed cookie, never the URL)
    GET  /consulta              status lookup form
    POST /consulta              status, public replies and history
    GET  /api/ubicaciones?campus=   JSON for the dependent lists
    GET  /api/equipos?ubicacion=
    GET  /static/<path>
    GET  /salud                 liveness (no database call)

The app calls only `webform.*` procedures through the gateway.
"""

from __future__ import annotations

import functools
import hashlib
import html
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

import bottle
import segno

from gateway import AppError, DatabaseUnavailable, error_id, message
from gateway.folio import FOLIO_RE

from . import rules, security
from .config import Settings

log = logging.getLogger("webform")

HERE = Path(__file__).resolve().parent
VIEWS = HERE / "views"
STATIC = HERE / "static"

TICKET_FIELDS = (
    "requester_name", "requester_type_id", "department_id", "contact_email", "contact_phone",
    "control_number", "campus_id", "location_id", "location_detail", "equipment_id", "equipment_tag",
    "equipment_brand", "equipment_serial", "equipment_condition", "category_id", "description",
)
INT_FIELDS = {"requester_type_id", "department_id", "campus_id", "location_id", "equipment_id", "category_id"}
IMAGE_FIELD = "imagenes"
HONEYPOT = "sitio_web"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = [
    ("Content-Security-Policy", CSP),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
]
EVENT_LABELS = {
    "creado": "Solicitud recibida",
    "asignado": "Solicitud asignada",
    "estado": "Cambio de estado",
    "prioridad": "Cambio de prioridad",
    "respuesta": "Respuesta del Centro de Cómputo",
}
try:
    from zoneinfo import ZoneInfo

    LOCAL_TZ: Any = ZoneInfo("America/Mexico_City")
except Exception:  # no tz database: Mexico City has had no DST since 2022
    LOCAL_TZ = timezone(timedelta(hours=-6))


def msg(key: str) -> str:
    """Spanish message of this slice's registry entries (errors.tsv, 1300-1399)."""
    return message(error_id(key))


# ---- templates ------------------------------------------------------------------

_templates: dict[str, bottle.SimpleTemplate] = {}
_templates_lock = threading.Lock()


def render(name: str, **kw: Any) -> str:
    tpl = _templates.get(name)
    if tpl is None:
        with _templates_lock:
            tpl = bottle.SimpleTemplate(name=name, lookup=[str(VIEWS)])
            _templates[name] = tpl
    kw.setdefault("title", "Centro de Cómputo")
    kw.setdefault("static", static_url)
    return tpl.render(**kw)


@functools.lru_cache(maxsize=64)
def _static_version(name: str) -> str:
    try:
        return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]
    except OSError:
        return "0"


def static_url(name: str) -> str:
    return f"/static/{name}?v={_static_version(name)}"


def local_time(value: Any) -> str:
    if not isinstance(value, datetime):
        return "" if value is None else str(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


# ---- catalogs (kept in memory for a short time: they change rarely) -----------------

class Catalogs:
    def __init__(self, gw: Any, ttl: float) -> None:
        self._gw = gw
        self._ttl = ttl
        self._lock = threading.Lock()
        self._data: dict[str, list[dict[str, Any]]] | None = None
        self._loaded = 0.0
        self._equipment: dict[int, tuple[float, list[dict[str, Any]]]] = {}

    def all(self) -> dict[str, list[dict[str, Any]]]:
        now = time.monotonic()
        if self._data is None or now - self._loaded > self._ttl:
            try:
                rows = self._gw.call("webform.list_catalog_items")
            except DatabaseUnavailable:
                if self._data is None:
                    raise
                return self._data  # stale lists are better than no form during an outage
            data: dict[str, list[dict[str, Any]]] = {}
            for row in rows:  # already in display order
                data.setdefault(row["catalog"], []).append(row)
            with self._lock:
                self._data, self._loaded = data, now
        return self._data

    def items(self, catalog: str) -> list[dict[str, Any]]:
        return self.all().get(catalog, [])

    def locations(self, campus_id: int | None) -> list[dict[str, Any]]:
        return [row for row in self.items("location") if campus_id is None or row["parent_id"] == campus_id]

    def equipment(self, location_id: int) -> list[dict[str, Any]]:
        now = time.monotonic()
        hit = self._equipment.get(location_id)
        if hit and now - hit[0] <= self._ttl:
            return hit[1]
        try:
            rows = self._gw.call("webform.list_equipment", location_id=location_id)
        except DatabaseUnavailable:
            if hit is None:
                raise
            return hit[1]
        with self._lock:
            if len(self._equipment) > 2000:
                self._equipment.clear()
            self._equipment[location_id] = (now, rows)
        return rows


def equipment_label(row: dict[str, Any]) -> str:
    parts = [row.get("inventory_tag") or ""]
    desc = " ".join(str(p) for p in (row.get("kind"), row.get("brand"), row.get("model")) if p)
    if desc:
        parts.append(desc)
    return " — ".join(parts)


# ---- form state -------------------------------------------------------------------

class FormState:
    """Values and errors of one form render (errors tied to field names)."""

    def __init__(self, values: dict[str, str] | None = None) -> None:
        self.values: dict[str, str] = values or {}
        self.errors: dict[str, list[str]] = {}
        self.general: list[str] = []

    def add(self, field: str | None, text: str) -> None:
        if field:
            bucket = self.errors.setdefault(field, [])
            if text not in bucket:
                bucket.append(text)
        elif text not in self.general:
            self.general.append(text)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.general)

    # helpers for form.tpl (return markup that the template prints raw: escaped here)
    def aria(self, name: str, hint: bool = False, extra: str = "") -> str:
        ids = [f"hint-{name}"] if hint else []
        if extra:
            ids.append(extra)
        if name in self.errors:
            ids.append(f"err-{name}")
        out = f' aria-describedby="{" ".join(ids)}"' if ids else ""
        return out + (' aria-invalid="true"' if name in self.errors else "")

    def field_error(self, name: str) -> str:
        texts = self.errors.get(name)
        if not texts:
            return ""
        body = "<br>".join(html.escape(t) for t in texts)
        return f'<p class="field-error" id="err-{name}"><span class="sr-only">Error: </span>{body}</p>'

    def selected(self, name: str, item_id: Any) -> str:
        return " selected" if self.values.get(name, "") == str(item_id) else ""


def read_forms() -> dict[str, str]:
    """Form fields as UTF-8 text (bottle keeps them latin-1); invalid bytes become U+FFFD, never a 500."""
    forms = bottle.request.forms
    # urlencoded bodies arrive latin-1 decoded (recode_unicode); multipart ones already as UTF-8
    recode = forms.recode_unicode

    def fix(text: str) -> str:
        return text.encode("latin1", "replace").decode("utf-8", "replace") if recode else text

    out: dict[str, str] = {}
    for key, value in forms.allitems():
        if isinstance(value, str):
            out.setdefault(fix(key), fix(value))
    return out


_SMALL_INT = re.compile(r"[0-9]{1,9}")


def small_int(raw: str) -> int | None:
    """A catalog id typed by anyone: ASCII digits only (str.isdigit accepts '²'), else None."""
    return int(raw) if _SMALL_INT.fullmatch(raw) else None


def to_params(values: dict[str, str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name in TICKET_FIELDS:
        raw = values.get(name, "").strip()
        if name in INT_FIELDS:
            params[name] = small_int(raw)
        else:
            params[name] = raw or None
    return params


# ---- the app ----------------------------------------------------------------------

def create_app(gateway: Any, settings: Settings) -> Any:
    """Build the WSGI application (a bottle.Bottle wrapped by the size and header guards).

    The returned object is the Bottle app itself with `wsgi` guarded; call it like any WSGI app.
    """
    app = bottle.Bottle(catchall=True, autojson=True)
    catalogs = Catalogs(gateway, settings.catalog_ttl)
    secret = settings.secret_key
    app.config["itl.settings"] = settings
    app.config["itl.gateway"] = gateway

    # ---- helpers bound to this app -------------------------------------------------
    def client_key() -> str:
        req = bottle.request
        return security.client_key(
            req.environ.get("REMOTE_ADDR", ""), req.environ.get("HTTP_X_FORWARDED_FOR"),
            settings.trusted_proxy,
        )

    def is_https() -> bool:
        req = bottle.request
        if settings.trusted_proxy and req.environ.get("HTTP_X_FORWARDED_PROTO", "") == "https":
            return True
        return req.environ.get("wsgi.url_scheme") == "https"

    def base_url() -> str:
        if settings.public_url:
            return settings.public_url.rstrip("/")
        req = bottle.request
        scheme = "https" if is_https() else "http"
        host = req.environ.get("HTTP_HOST") or f"{req.environ.get('SERVER_NAME')}:{req.environ.get('SERVER_PORT')}"
        if settings.trusted_proxy and req.environ.get("HTTP_X_FORWARDED_HOST"):
            host = req.environ["HTTP_X_FORWARDED_HOST"].split(",")[0].strip()
        return f"{scheme}://{host}"

    def csrf_for_render() -> str:
        """The token for a form; sets the double-submit cookie when the browser has none."""
        cookie = bottle.request.get_cookie(security.CSRF_COOKIE)
        if not cookie or len(cookie) > 64:
            cookie = security.new_csrf_cookie()
            bottle.response.set_cookie(
                security.CSRF_COOKIE, cookie, path="/", httponly=True, samesite="Lax", secure=is_https(),
            )
        return security.csrf_token(secret, cookie)

    def csrf_ok(forms: dict[str, str]) -> bool:
        return security.csrf_valid(
            secret, bottle.request.get_cookie(security.CSRF_COOKIE), forms.get("csrf_token"),
            settings.csrf_max_age,
        )

    def no_store() -> None:
        bottle.response.set_header("Cache-Control", "no-store")

    def int_arg(name: str) -> int | None:
        raw = (bottle.request.query.get(name) or "").strip()
        return small_int(raw)

    def form_page(state: FormState, status: int = 200) -> str:
        bottle.response.status = status
        no_store()
        cats = catalogs.all()
        values = state.values
        campus_id = to_params(values)["campus_id"]
        location_id = to_params(values)["location_id"]
        try:
            equipment = catalogs.equipment(location_id) if location_id else []
        except DatabaseUnavailable:
            equipment = []
        return render(
            "form.tpl", title="Solicitud de soporte", state=state, v=values,
            csrf=csrf_for_render(), idem=security.new_idempotency_key(),
            campuses=cats.get("campus", []), locations=cats.get("location", []),
            departments=cats.get("department", []), requester_types=cats.get("requester_type", []),
            categories=cats.get("problem_category", []), equipment=equipment,
            campus_id=campus_id, equipment_label=equipment_label, settings=settings,
            aria=state.aria, field_error=state.field_error, selected=state.selected, rule_attrs=rules.attrs,
            max_image_mb=settings.max_image_bytes // (1024 * 1024),
        )

    def message_page(
        title: str, text: str, status: int, link: tuple[str, str] | None = ("/", "Volver al formulario"),
    ) -> str:
        bottle.response.status = status
        no_store()
        return render("message.tpl", title=title, text=text, link=link)

    # ---- error handling: never a traceback, always Spanish ----------------------------
    def guard(callback: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(callback)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:  # parse input first: a malformed body, or NUL in any text, is the client's 400 (tests/scale fuzz)
                fields = list(bottle.request.query.allitems())
                if bottle.request.method == "POST":
                    fields += bottle.request.POST.allitems()
                if any("\x00" in k or (isinstance(v, str) and "\x00" in v) for k, v in fields):
                    return message_page("Solicitud no válida", msg("web_bad_request"), 400)
            except (ValueError, UnicodeError):
                return message_page("Solicitud no válida", msg("web_bad_request"), 400)
            try:
                return callback(*args, **kwargs)
            except bottle.HTTPResponse:
                raise
            except UnicodeError:  # form text that is not UTF-8 (found by tests/scale fuzzing)
                return message_page("Solicitud no válida", msg("web_bad_request"), 400)
            except DatabaseUnavailable:
                bottle.response.set_header("Retry-After", "5")
                return message_page("Servicio no disponible", message(9002), 503, ("/", "Intentar de nuevo"))
            except AppError as exc:
                if exc.error_id == 9001:  # unregistered database error: logged by the gateway
                    return message_page("Error inesperado", exc.message, 500)
                return message_page("No se pudo completar", exc.message, 429 if is_rate_limit(exc) else 400)
            except Exception:
                log.exception("error no controlado en %s", bottle.request.path)
                return message_page("Error inesperado", message(9001), 500)

        return wrapper

    app.install(guard)

    def error_page(err: bottle.HTTPError) -> str:
        try:
            code = err.status_code
            if code == 404:
                return message_page("Página no encontrada", msg("web_not_found"), 404)
            if code == 405:
                return message_page("Operación no permitida", msg("web_method_not_allowed"), 405)
            if code == 413:
                return message_page("Envío demasiado grande", msg("web_request_too_large"), 413)
            if code == 503:
                return message_page("Servicio no disponible", message(9002), 503, ("/", "Intentar de nuevo"))
            if 400 <= code < 500:
                return message_page("Solicitud no válida", msg("web_bad_request"), code)
            return message_page("Error inesperado", message(9001), 500)
        except Exception:
            log.exception("falló la página de error")
            bottle.response.status = 500
            return FALLBACK_500

    app.default_error_handler = error_page  # type: ignore[method-assign]

    # ---- routes ---------------------------------------------------------------------
    @app.get("/")
    def form() -> str:
        q = bottle.request.query
        values: dict[str, str] = {}
        campus = int_arg("campus")
        location = int_arg("ubicacion")
        if campus and any(c["item_id"] == campus for c in catalogs.items("campus")):
            values["campus_id"] = str(campus)
        if location:
            loc = next((r for r in catalogs.items("location") if r["item_id"] == location), None)
            if loc and (not campus or loc["parent_id"] == campus):
                values["location_id"] = str(location)
                values["campus_id"] = str(loc["parent_id"])
        tag = (q.getunicode("equipo") or "").strip()[:40]
        if tag:
            rows = gateway.call("webform.find_equipment", inventory_tag=tag)
            if rows:
                found = rows[0]
                if found.get("location_id") and "location_id" not in values:
                    values["location_id"] = str(found["location_id"])
                    values["campus_id"] = str(found.get("campus_id") or values.get("campus_id", ""))
                if str(found.get("location_id") or "") == values.get("location_id"):
                    values["equipment_id"] = str(found["equipment_id"])
                values["equipment_tag"] = rows[0]["inventory_tag"]
                values["equipment_brand"] = rows[0].get("brand") or ""
                values["equipment_serial"] = rows[0].get("serial_number") or ""
            else:
                values["equipment_tag"] = tag
        return form_page(FormState(values))

    @app.post("/solicitudes")
    def submit() -> Any:
        forms = read_forms()
        values = {name: (forms.get(name) or "")[:5000] for name in TICKET_FIELDS}
        state = FormState(values)
        if not csrf_ok(forms):
            state.add(None, msg("web_csrf_invalid"))
            return form_page(state, 403)
        if forms.get(HONEYPOT):
            return message_page("No se pudo enviar", msg("web_honeypot"), 400)
        try:
            idem = str(uuid.UUID(forms.get("idempotency_key") or ""))
        except ValueError:
            state.add(None, msg("web_csrf_invalid"))
            return form_page(state, 400)
        attachments = read_images(bottle.request.files.getall(IMAGE_FIELD), settings, state)
        params = to_params(values)
        if not state.has_errors:
            extra: dict[str, Any] = {}
            for i in range(1, 4):
                name, kind, content = attachments[i - 1] if i <= len(attachments) else (None, None, None)
                extra[f"attachment{i}_name"] = name
                extra[f"attachment{i}_type"] = kind
                extra[f"attachment{i}_content"] = content
            try:
                rows = gateway.call(
                    "webform.submit_ticket", idempotency_key=idem, client_key=client_key(), **params, **extra,
                )
            except DatabaseUnavailable:
                # Keep what the user typed: the form renders from the cached catalogs.
                state.add(None, message(9002))
                bottle.response.set_header("Retry-After", "5")
                return form_page(state, 503)
            except AppError as exc:
                if exc.error_id == 9001:  # unregistered database error (logged by the gateway)
                    state.add(None, exc.message)
                    return form_page(state, 500)
                if not field_errors(gateway, params, state):
                    state.add(None, exc.message)
                return form_page(state, 429 if is_rate_limit(exc) else 422)
            row = rows[0]
            folio, code = row["folio"], row["access_code"]
            bottle.response.set_cookie(
                security.RECEIPT_COOKIE,
                security.receipt_cookie(secret, folio, code, settings.receipt_max_age),
                path="/solicitudes", httponly=True, samesite="Strict", secure=is_https(),
                max_age=settings.receipt_max_age,
            )
            # PRG: a relative Location (bottle.redirect would build an absolute one from
            # X-Forwarded-Host, which only a trusted proxy may set); cookies travel with the copy.
            res = bottle.response.copy(cls=bottle.HTTPResponse)
            res.status = 303
            res.body = ""
            res.set_header("Location", f"/solicitudes/{quote(folio)}")
            raise res
        field_errors(gateway, params, state)
        return form_page(state, 422)

    @app.get("/solicitudes/<folio>")
    def receipt(folio: str) -> str:
        no_store()
        if not FOLIO_RE.match(folio):
            return message_page("Página no encontrada", msg("web_not_found"), 404)
        code = security.read_receipt(secret, bottle.request.get_cookie(security.RECEIPT_COOKIE), folio)
        if code is None:
            return message_page(
                "Comprobante no disponible", msg("web_receipt_unavailable"), 200,
                (f"/consulta?folio={quote(folio)}", "Consultar el estado"),
            )
        status_url = f"{base_url()}/consulta?folio={quote(folio)}#codigo={quote(code)}"
        qr = segno.make(status_url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")
        return render(
            "receipt.tpl", title=f"Solicitud {folio}", folio=folio, code=code, status_url=status_url, qr=qr,
        )

    @app.get("/consulta")
    def lookup_form() -> str:
        folio = (bottle.request.query.getunicode("folio") or "").strip().upper()[:20]
        return lookup_page(folio, None)

    def lookup_page(folio: str, error: str | None, status: int = 200, code_error: bool = False) -> str:
        bottle.response.status = status
        no_store()
        return render(
            "lookup.tpl", title="Consultar una solicitud", folio=folio, error=error, csrf=csrf_for_render(),
            code_error=code_error,
        )

    @app.post("/consulta")
    def lookup() -> str:
        forms = read_forms()
        folio = (forms.get("folio") or "").strip().upper()[:20]
        code = (forms.get("access_code") or "").strip().upper().replace(" ", "").replace("-", "")[:40]
        if not csrf_ok(forms):
            return lookup_page(folio, msg("web_csrf_invalid"), 403)
        if not folio or not code:
            return lookup_page(folio, msg("web_lookup_required"), 422, code_error=True)
        try:
            rows = gateway.call("webform.get_ticket_status", folio=folio, access_code=code, client_key=client_key())
        except DatabaseUnavailable:
            raise
        except AppError as exc:
            return lookup_page(folio, exc.message, 429 if is_rate_limit(exc) else 422)
        if not rows:
            return lookup_page(folio, msg("web_lookup_not_found"), 200, code_error=True)
        events = gateway.call("webform.list_public_events", folio=folio, access_code=code, client_key=client_key())
        no_store()
        return render(
            "status.tpl", title=f"Estado de {rows[0]['folio']}", t=rows[0], events=events,
            local_time=local_time, labels=EVENT_LABELS,
        )

    @app.get("/api/ubicaciones")
    def api_locations() -> dict[str, Any]:
        campus = int_arg("campus")
        items = [{"id": r["item_id"], "name": r["name"]} for r in catalogs.locations(campus)] if campus else []
        bottle.response.set_header("Cache-Control", "public, max-age=60")
        return {"items": items}

    @app.get("/api/equipos")
    def api_equipment() -> dict[str, Any]:
        location = int_arg("ubicacion")
        rows = catalogs.equipment(location) if location else []
        bottle.response.set_header("Cache-Control", "public, max-age=60")
        return {"items": [
            {"id": r["equipment_id"], "tag": r["inventory_tag"], "label": equipment_label(r),
             "brand": r.get("brand") or "", "serial": r.get("serial_number") or ""}
            for r in rows
        ]}

    @app.get("/static/<path:path>")
    def static(path: str) -> Any:
        resp = bottle.static_file(path, root=str(STATIC))
        if resp.status_code == 200:
            resp.set_header("Cache-Control", "public, max-age=86400")
        return resp

    @app.get("/favicon.ico")
    def favicon() -> Any:
        return bottle.redirect(static_url("favicon.svg"), 301)

    @app.get("/salud")
    def health() -> dict[str, str]:
        return {"estado": "ok"}

    app.wsgi = guard_wsgi(app.wsgi, settings)  # type: ignore[method-assign]
    return app


def is_rate_limit(exc: AppError) -> bool:
    """Registry keys of the database's rate limits end in _rate_client / _rate_global / _lookup_rate."""
    return "_rate" in exc.key


def field_errors(gateway: Any, params: dict[str, Any], state: FormState) -> bool:
    """Ask the database for every problem at once (check_ticket); True when it found some."""
    rows = gateway.call("webform.check_ticket", **params)
    for row in rows:
        field = row.get("field_name") or ""
        if field.startswith("attachment"):
            field = IMAGE_FIELD
        state.add(field if field in TICKET_FIELDS or field == IMAGE_FIELD else None, row["message"])
    return bool(rows)


def read_images(uploads: list[Any], settings: Settings, state: FormState) -> list[tuple[str, str, bytes]]:
    """Check uploaded images by size and magic bytes before anything reaches the database."""
    files = [u for u in uploads if getattr(u, "raw_filename", "") or getattr(u, "filename", "")]
    if len(files) > settings.max_images:
        state.add(IMAGE_FIELD, msg("web_too_many_images").replace("{max}", str(settings.max_images)))
        return []
    out: list[tuple[str, str, bytes]] = []
    for upload in files:
        name = (upload.filename or "imagen")[:200]
        data = upload.file.read(settings.max_image_bytes + 1)
        if len(data) > settings.max_image_bytes:
            state.add(IMAGE_FIELD, f"«{name}»: " + msg("web_image_too_large"))
            continue
        kind = security.sniff_image(data[:16])
        if kind is None or not data:
            state.add(IMAGE_FIELD, f"«{name}»: " + msg("web_image_type"))
            continue
        out.append((name, kind, data))
    return out


FALLBACK_500 = (
    "<!doctype html><html lang=\"es-MX\"><meta charset=\"utf-8\"><title>Error</title>"
    "<p>Ocurrió un error inesperado. Intente de nuevo; si persiste, avise al Centro de Cómputo.</p></html>"
)


def guard_wsgi(inner: Callable[..., Iterable[bytes]], settings: Settings) -> Callable[..., Iterable[bytes]]:
    """Security headers on every response, and a 413 page before a too-large body is read."""

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            names = {h[0].lower() for h in headers}
            headers = list(headers) + [h for h in SECURITY_HEADERS if h[0].lower() not in names]
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.max_body_bytes:
            body = too_large_page().encode("utf-8")
            start("413 Request Entity Too Large", [
                ("Content-Type", "text/html; charset=UTF-8"), ("Content-Length", str(len(body))),
                ("Connection", "close"), ("Cache-Control", "no-store"),
            ])
            return [body]
        return inner(environ, start)

    return guarded


@functools.lru_cache(maxsize=1)
def too_large_page() -> str:
    return render("message.tpl", title="Envío demasiado grande", text=msg("web_request_too_large"),
                  link=("/", "Volver al formulario"))

