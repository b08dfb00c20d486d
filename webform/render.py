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


def render(name: str, **kw: Any) -> str:
    """Render views/<name>; every page gets a title, a meta description and a robots policy."""
    tpl = _templates.get(name)
    if tpl is None:
        with _templates_lock:
            tpl = bottle.SimpleTemplate(name=name, lookup=[str(VIEWS)])
            _templates[name] = tpl
    kw.setdefault("title", "Centro de Cómputo")
    kw.setdefault("description", DEFAULT_DESCRIPTION)
    kw.setdefault("robots", "")
    kw.setdefault("static", static_url)
    kw.setdefault("body_class", "")
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
