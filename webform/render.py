"""Template rendering, static file URLs and local time (shared by every page)."""

from __future__ import annotations

import functools
import hashlib
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import bottle

from gateway import error_id, message

from . import mount

HERE = Path(__file__).resolve().parent
VIEWS = HERE / "views"
STATIC = HERE / "static"

try:
    from zoneinfo import ZoneInfo

    LOCAL_TZ: Any = ZoneInfo("America/Mexico_City")
except Exception:  # no tz database: Mexico City has had no DST since 2022
    LOCAL_TZ = timezone(timedelta(hours=-6))

DEFAULT_DESCRIPTION = (
    "Centro de Cómputo del Instituto Tecnológico de León: reporte problemas de cuentas, red o equipos "
    "y consulte el avance con su folio."
)

_templates: dict[str, bottle.SimpleTemplate] = {}
_templates_lock = threading.Lock()


def msg(key: str) -> str:
    """Spanish message of a registry entry (database/errors.tsv) by key."""
    return message(error_id(key))


def request_environ() -> dict[str, Any]:
    """The current request's environ, or {} outside a request (pages made before the app runs)."""
    try:
        return bottle.request.environ
    except RuntimeError:
        return {}


def url(path: str) -> str:
    """An app path ("/consulta") as this request must link to it (prefix, embedded view)."""
    return mount.prefix(request_environ()) + path


def unframed_url(env: dict[str, Any]) -> str:
    """The page the embedded view shows, outside the frame (a form that was posted: its page)."""
    path = env.get("PATH_INFO") or "/"
    if env.get("REQUEST_METHOD") == "POST":
        path = "/consulta" if path.startswith("/consulta") else "/"
    elif env.get("QUERY_STRING"):
        path += "?" + env["QUERY_STRING"]
    return mount.base(env) + path


def render(name: str, **kw: Any) -> str:
    """Render views/<name>; every page gets a title, a meta description and a robots policy.

    Templates write every app link as {{prefix}}/path (prefix: mount.py); `embedded` drops the
    site header and footer and tells the portal the page's height (static/app.js)."""
    tpl = _templates.get(name)
    if tpl is None:
        with _templates_lock:
            tpl = bottle.SimpleTemplate(name=name, lookup=[str(VIEWS)])
            _templates[name] = tpl
    kw.setdefault("title", "Centro de Cómputo")
    kw.setdefault("description", DEFAULT_DESCRIPTION)
    kw.setdefault("robots", "")
    if "prefix" not in kw:
        env = request_environ()
        kw["prefix"] = mount.prefix(env)
        kw.setdefault("embedded", mount.embedded(env))
        kw.setdefault("portal_origins", env.get("itl.portal_origins", ()))
        if kw["embedded"]:  # where the same page works outside the frame (static/app.js, pages.py)
            kw.setdefault("unframed", unframed_url(env))
    kw.setdefault("embedded", False)
    kw.setdefault("portal_origins", ())
    prefix = kw["prefix"]
    kw.setdefault("static", lambda name: prefix + static_url(name))
    kw.setdefault("body_class", "")
    kw.setdefault("unframed", "/")
    kw.setdefault("msg", msg)
    return tpl.render(**kw)


@functools.lru_cache(maxsize=64)
def static_version(name: str) -> str:
    """First 10 hex digits of the file's SHA-256: the ?v= of its URL."""
    try:
        return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]
    except OSError:
        return "0"


def static_url(name: str) -> str:
    return f"/static/{name}?v={static_version(name)}"


def local_time(value: Any) -> str:
    if not isinstance(value, datetime):
        return "" if value is None else str(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
