"""Pages and errors: the one place that turns failures into Spanish pages, plus static files.

- `failure(exc)` maps every database error (and any other exception) to a status and a message;
  the route guard and the routes that re-render their own form both use it.
- Bottle's own errors (404, 405, 413...) get pages through `app.error`.

    GET  /static/<path:path>     static files (a year in caches when ?v= is the file's current hash)
    GET  /favicon.ico            301 to the SVG icon
    GET  /robots.txt
    GET  /salud                  health check for the operator (the database is not asked)
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import bottle

from gateway import AppError, DatabaseUnavailable, error_id, message

from . import mount, security
from .context import bad_request, message_page, no_store
from .forms import parse_body
from .render import STATIC, msg, render, static_url, static_version, url

log = logging.getLogger("webform")

IMMUTABLE = "public, max-age=31536000, immutable"
BUSY = {error_id("submit_lock_unavailable"), error_id("lock_wait_timeout")}  # bounded lock waits (issue 20)


@dataclass(frozen=True)
class Failure:
    status: int
    title: str
    text: str
    retry_after: bool = False


def is_rate_limit(exc: AppError) -> bool:
    """Registry keys of the database's rate limits end in _rate_client / _rate_global / _lookup_rate."""
    return "_rate" in exc.key


def failure(exc: BaseException, invalid_status: int = 400) -> Failure:
    """Status and Spanish text for an exception. `invalid_status`: a plain business-rule refusal."""
    if isinstance(exc, DatabaseUnavailable):
        return Failure(503, "Servicio no disponible", message(9002), retry_after=True)
    if isinstance(exc, AppError):
        if exc.error_id == 9001:  # unregistered database error: logged by the gateway
            return Failure(500, "Error inesperado", exc.message)
        if is_rate_limit(exc):
            return Failure(429, "Demasiados intentos", exc.message)
        if exc.error_id in BUSY:  # a bounded lock wait ran out: try again shortly
            return Failure(503, "Sistema ocupado", exc.message, retry_after=True)
        return Failure(invalid_status, "No se pudo completar", exc.message)
    if isinstance(exc, UnicodeError):  # form text that is not UTF-8 (found by tests/scale fuzzing)
        return Failure(400, "Solicitud no válida", msg("web_bad_request"))
    log.error("error no controlado en %s", bottle.request.path, exc_info=exc)
    return Failure(500, "Error inesperado", message(9001))


def apply(fail: Failure) -> None:
    """Status and headers of a failure on the current response."""
    bottle.response.status = fail.status
    if fail.retry_after:
        bottle.response.set_header("Retry-After", "5")


def failure_page(fail: Failure) -> str:
    link = ("/", "Intentar de nuevo") if fail.status == 503 else ("/", "Volver al formulario")
    page = message_page(fail.title, fail.text, fail.status, link)
    apply(fail)
    return page


def guard(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Route plugin: malformed input is a 400, and no exception ever leaves as a traceback."""

    @functools.wraps(callback)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:  # parse input first: a malformed body, or NUL in any text, is the client's 400 (tests/scale fuzz)
            fields = list(bottle.request.query.allitems())
            if bottle.request.method == "POST":
                parse_body()
                fields += bottle.request.POST.allitems()
            # one search of the text fields joined (files are skipped by type), not one per field
            if "\x00" in "".join(k + v if isinstance(v, str) else k for k, v in fields):
                return bad_request()
        except (ValueError, UnicodeError):
            return bad_request()
        if mount.embedded(bottle.request.environ) and cookies_blocked(bottle.request.environ):
            return open_in_new_tab()
        try:
            return callback(*args, **kwargs)
        except bottle.HTTPResponse:
            raise
        except Exception as exc:
            return failure_page(failure(exc))

    return wrapper


def cookies_blocked(environ: dict[str, Any]) -> bool:
    """The embedded view cannot work here: the browser will not keep our cookies in this frame.

    Our cookies are SameSite (Lax for the CSRF cookie, Strict for the receipt and status ones).
    A portal on the same site (www.leon.tecnm.mx framing soporte.leon.tecnm.mx) gets them all: the
    browser treats the frame as first-party. A portal on another site does not: the browser neither
    stores nor sends them in its frame, so every form would fail its CSRF check. We tell that case
    from the frame's own load (Sec-Fetch-Dest: iframe, Sec-Fetch-Site: cross-site; current browsers
    send both over HTTPS) and, when they are missing (plain HTTP, an old browser), from a POST
    without the CSRF cookie; static/app.js also finds it with a test cookie before anything is typed.
    """
    if environ.get("REQUEST_METHOD") == "POST":
        return not bottle.request.get_cookie(security.CSRF_COOKIE)
    return (environ.get("HTTP_SEC_FETCH_DEST") == "iframe"
            and (environ.get("HTTP_SEC_FETCH_SITE") or "").lower() == "cross-site")


def open_in_new_tab() -> str:
    """«Abrir el formulario en una pestaña nueva»: the same page outside the frame, where it works."""
    bottle.response.status = 403 if bottle.request.environ.get("REQUEST_METHOD") == "POST" else 200
    no_store()
    return render("embed_blocked.tpl", title="Abrir en una pestaña nueva", robots="noindex, nofollow",
                  blocked=True)


FALLBACK_500 = (
    "<!doctype html><html lang=\"es-MX\"><meta charset=\"utf-8\"><title>Error</title>"
    "<p>Ocurrió un error inesperado. Intente de nuevo; si persiste, avise al Centro de Cómputo.</p></html>"
)

_ERROR_PAGES: dict[int, tuple[str, Callable[[], str]]] = {
    400: ("Solicitud no válida", lambda: msg("web_bad_request")),
    404: ("Página no encontrada", lambda: msg("web_not_found")),
    405: ("Operación no permitida", lambda: msg("web_method_not_allowed")),
    413: ("Envío demasiado grande", lambda: msg("web_request_too_large")),
    503: ("Servicio no disponible", lambda: message(9002)),
}


def error_page(err: bottle.HTTPError) -> str:
    """Page for an error Bottle raised itself (no route, wrong method, unreadable body...)."""
    try:
        code = err.status_code
        if code in _ERROR_PAGES:
            title, text = _ERROR_PAGES[code]
            link = ("/", "Intentar de nuevo") if code == 503 else ("/", "Volver al formulario")
            return message_page(title, text(), code, link)
        if 400 <= code < 500:
            return message_page("Solicitud no válida", msg("web_bad_request"), code)
        if err.exception is not None:
            log.error("error no controlado en %s", bottle.request.path, exc_info=err.exception)
        return message_page("Error inesperado", message(9001), 500)
    except Exception:
        log.exception("falló la página de error")
        bottle.response.status = 500
        return FALLBACK_500


def register(app: bottle.Bottle) -> None:
    """Bind the error pages and the handlers below to their URLs."""
    for code in (*_ERROR_PAGES, 401, 403, 408, 411, 414, 415, 416, 422, 429, 431, 500, 501):
        app.error(code)(error_page)
    app.get("/static/<path:path>", callback=static)
    app.get("/favicon.ico", callback=favicon)
    app.get("/robots.txt", callback=robots)
    app.get("/salud", callback=health)


def static(path: str) -> Any:
    """GET /static/<path>: a static file (a year in caches when ?v= is its current hash)."""
    resp = bottle.static_file(path, root=str(STATIC))
    if resp.status_code == 200:
        versioned = bottle.request.query.get("v") == static_version(path)
        resp.set_header("Cache-Control", IMMUTABLE if versioned else "public, max-age=300")
    return resp


def favicon() -> Any:
    """GET /favicon.ico: 301 to the SVG (relative Location: never built from the Host header)."""
    raise bottle.HTTPResponse(status=301, Location=url(static_url("favicon.svg")))


def robots() -> str:
    """GET /robots.txt."""
    bottle.response.content_type = "text/plain; charset=utf-8"
    bottle.response.set_header("Cache-Control", "public, max-age=86400")
    return "User-agent: *\nAllow: /$\nAllow: /consulta$\nDisallow: /solicitudes/\nDisallow: /api/\n"


def health() -> dict[str, str]:
    """GET /salud: the process answers (the database is not asked)."""
    return {"estado": "ok"}
