"""Serve the web form with waitress (production WSGI server, pure Python).

waitress answers some requests itself, before the app sees them: a body over
`max_request_body_size` (413), a malformed request line or header (400), headers
too large (431). Its own pages are plain English without our security headers, so
the channel here uses an error task that writes the project's Spanish page instead.
"""

from __future__ import annotations

import socket
from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask

from .config import Settings
from .middleware import SECURITY_HEADERS, simple_page

DEFAULT_THREADS = 8

_TITLES = {
    413: ("Envío demasiado grande", "web_request_too_large"),
    431: ("Solicitud no válida", "web_bad_request"),
}


class SpanishErrorTask(ErrorTask):
    """waitress's error response with the project's Spanish page and security headers."""

    def execute(self) -> None:
        code = int(getattr(self.request.error, "code", 400) or 400)
        reason = getattr(self.request.error, "reason", "Bad Request")
        title, key = _TITLES.get(code, ("Solicitud no válida", "web_bad_request"))
        body = simple_page(title, key).encode("utf-8")
        self.status = f"{code} {reason}"
        self.response_headers.extend([
            ("Content-Type", "text/html; charset=UTF-8"), ("Cache-Control", "no-store"), *SECURITY_HEADERS,
        ])
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class SpanishChannel(HTTPChannel):
    error_task_class = SpanishErrorTask


def server_name(host: str, settings: Settings) -> str:
    """The name the app uses for QR links when ITL_PUBLIC_URL is unset (configuration, not Host)."""
    if host in ("0.0.0.0", "", "::"):
        return socket.getfqdn() or socket.gethostname()
    return host


def make_server(app: Any, settings: Settings, host: str = "127.0.0.1", port: int = 8080,
                threads: int = DEFAULT_THREADS) -> Any:
    """A waitress server (call .run(); .close() stops it). Port 0 picks a free one."""
    server = create_server(
        app, host=host, port=port, threads=threads,
        # a declared Content-Length above the limit is refused by waitress before the body is read
        # (Spanish page through SpanishChannel); the app refuses the same limit for other servers.
        max_request_body_size=settings.max_body_bytes,
        connection_limit=256, channel_timeout=60, ident="ITL", expose_tracebacks=False,
        clear_untrusted_proxy_headers=False, server_name=server_name(host, settings),
    )
    server.channel_class = SpanishChannel
    return server


def serve(app: Any, settings: Settings, host: str, port: int, threads: int = DEFAULT_THREADS) -> None:
    make_server(app, settings, host, port, threads).run()
