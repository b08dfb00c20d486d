"""Where the app is mounted: the path prefix and the embedded (framed) view.

The app never builds a link from the Host header; it builds every link, form action, redirect,
static file URL and cookie path from the prefix decided here, once per request:

    base prefix   SCRIPT_NAME as the WSGI server set it, preceded by X-Forwarded-Prefix when the
                  request comes through the trusted reverse proxy (ITL_TRUSTED_PROXY=1); a header
                  from anyone else is ignored. E.g. https://www.leon.tecnm.mx/soporte/ -> "/soporte".
    embedded      a path under /incrustado/ is the view the institute's portal frames: the same
                  routes without the site header and footer. The segment moves into SCRIPT_NAME,
                  so every link of an embedded page stays in the embedded view.

Bottle routes on PATH_INFO, so the routes never see either part.
"""

from __future__ import annotations

import re
from typing import Any

EMBED = "/incrustado"
BASE_KEY = "itl.base"  # environ: the base prefix ("" at the root), without the embedded segment
EMBED_KEY = "itl.embedded"  # environ: True for the embedded view
_SEGMENTS = re.compile(r"^(?:/[A-Za-z0-9._~-]+)+$")


def clean_prefix(raw: str | None) -> str:
    """A prefix like /soporte or /a/b (no trailing slash, plain characters), else ""."""
    value = (raw or "").split(",")[0].strip().rstrip("/")
    if not value or len(value) > 100 or not _SEGMENTS.match(value):
        return ""
    if any(seg in (".", "..") for seg in value.split("/")):
        return ""
    return value


def apply(environ: dict[str, Any], trusted_proxy: bool) -> None:
    """Set SCRIPT_NAME / PATH_INFO and the two keys above on a request's environ (idempotent)."""
    if BASE_KEY in environ:
        return
    script = clean_prefix(environ.get("SCRIPT_NAME"))
    path = environ.get("PATH_INFO") or "/"
    forwarded = clean_prefix(environ.get("HTTP_X_FORWARDED_PREFIX")) if trusted_proxy else ""
    if forwarded:
        if path == forwarded or path.startswith(forwarded + "/"):  # a proxy that did not strip it
            path = path[len(forwarded):] or "/"
        script = forwarded + script
    embedded = path == EMBED or path.startswith(EMBED + "/")
    if embedded:
        path = path[len(EMBED):] or "/"
    environ[BASE_KEY] = script
    environ[EMBED_KEY] = embedded
    environ["SCRIPT_NAME"] = script + (EMBED if embedded else "")
    environ["PATH_INFO"] = path


def prefix(environ: dict[str, Any]) -> str:
    """What every app path is preceded by on this request (base prefix + embedded segment)."""
    return (environ.get("SCRIPT_NAME") or "").rstrip("/") if BASE_KEY in environ else ""


def base(environ: dict[str, Any]) -> str:
    return environ.get(BASE_KEY, "")


def embedded(environ: dict[str, Any]) -> bool:
    return bool(environ.get(EMBED_KEY))
