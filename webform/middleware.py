"""WSGI wrapper around the Bottle app: security headers, HSTS, gzip, and the 413 page.

- Every response gets the security headers (CSP, frame, sniffing, referrer, permissions, COOP);
  responses to HTTPS requests (scheme, or X-Forwarded-Proto from a trusted proxy) also get HSTS.
  Framing is forbidden (frame-ancestors 'none' + X-Frame-Options DENY) unless ITL_PORTAL_ORIGINS
  names the portal's origins: then frame-ancestors lists exactly them and X-Frame-Options, which
  cannot name a list, is left out.
- The path prefix and the embedded view are decided first (mount.py).
- A declared body over the limit gets the Spanish 413 page before the body is read.
- Text responses (HTML, CSS, JavaScript, JSON, SVG) over 1 KiB are gzip-compressed when the
  browser accepts it. Pages that carry secrets (tokens, access codes) are compressed too: they
  reflect no attacker-chosen text beside a secret from a cross-site request (SameSite cookies,
  per-form tokens and the Origin check refuse those), which is what BREACH needs.
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Callable, Iterable
from typing import Any

from . import mount
from .config import Settings
from .context import request_is_https
from .render import msg, render


def csp(frame_ancestors: tuple[str, ...] = ()) -> str:
    ancestors = " ".join(frame_ancestors) or "'none'"
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"form-action 'self'; frame-ancestors {ancestors}; base-uri 'none'; object-src 'none'")


def security_headers(portal_origins: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    headers = [("Content-Security-Policy", csp(portal_origins))]
    if not portal_origins:
        headers.append(("X-Frame-Options", "DENY"))
    return [
        *headers,
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]


CSP = csp()
SECURITY_HEADERS = security_headers()  # no framing: waitress's own error pages (serve.py)
COMPRESSIBLE = ("text/html", "text/css", "text/plain", "application/javascript", "text/javascript",
                "application/json", "image/svg+xml")
MIN_COMPRESS = 1024
GZIP_LEVEL = 1  # pages: 5.1 KB at level 1 vs 4.2 KB at 6 for the form, for half the CPU (tools/dev/web_profile.py)
ASSETS = ("text/css", "application/javascript", "text/javascript", "image/svg+xml")


@functools.lru_cache(maxsize=16)
def packed_asset(body: bytes) -> bytes:
    """A static file compressed once, as small as gzip makes it (the same bytes for every visitor)."""
    return gzip.compress(body, compresslevel=9, mtime=0)


@functools.lru_cache(maxsize=32)
def simple_page(title: str, key: str, prefix: str = "") -> str:
    """A message page that needs no request (413 before the body, waitress's own errors)."""
    return render("message.tpl", title=title, text=msg(key), link=("/", "Volver al formulario"),
                  description=msg(key)[:150], prefix=prefix)


def accepts_gzip(environ: dict[str, Any]) -> bool:
    for part in (environ.get("HTTP_ACCEPT_ENCODING") or "").lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def guard_wsgi(inner: Callable[..., Iterable[bytes]], settings: Settings) -> Callable[..., Iterable[bytes]]:
    hsts = ("Strict-Transport-Security", f"max-age={settings.hsts_max_age}")
    own_headers = security_headers(settings.portal_origins)

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        https = request_is_https(environ, settings)
        mount.apply(environ, settings.trusted_proxy)
        environ["itl.portal_origins"] = settings.portal_origins  # the embedded page's postMessage targets

        def with_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
            names = {h[0].lower() for h in headers}
            out = list(headers) + [h for h in own_headers if h[0].lower() not in names]
            if https and "strict-transport-security" not in names:
                out.append(hsts)
            return out

        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.max_body_bytes:
            body = simple_page("Envío demasiado grande", "web_request_too_large", mount.prefix(environ)).encode("utf-8")
            start_response("413 Request Entity Too Large", with_headers([
                ("Content-Type", "text/html; charset=UTF-8"), ("Content-Length", str(len(body))),
                ("Connection", "close"), ("Cache-Control", "no-store"),
            ]))
            return [body]

        gzip_ok = accepts_gzip(environ) and environ.get("REQUEST_METHOD") != "HEAD"
        captured: dict[str, Any] = {}

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"], captured["exc_info"] = status, headers, exc_info
            return lambda data: None  # bottle never uses write()

        result = inner(environ, start)
        try:
            chunks = list(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        status, headers = captured["status"], list(captured["headers"])
        body = b"".join(chunks)
        names = {h[0].lower(): h[1] for h in headers}
        ctype = names.get("content-type", "").split(";")[0].strip().lower()
        if ctype in COMPRESSIBLE and status.startswith("200"):
            headers = [h for h in headers if h[0].lower() != "vary"] + [
                ("Vary", ", ".join(filter(None, [names.get("vary", ""), "Accept-Encoding"])))]
            if gzip_ok and len(body) >= MIN_COMPRESS and "content-encoding" not in names:
                body = packed_asset(body) if ctype in ASSETS else gzip.compress(body, GZIP_LEVEL, mtime=0)
                headers = [h for h in headers if h[0].lower() not in ("content-length", "etag")]
                headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))]
        if captured["exc_info"]:
            start_response(status, with_headers(headers), captured["exc_info"])
        else:
            start_response(status, with_headers(headers))
        return [body]

    return guarded
