"""Serve the web form with waitress (production WSGI server, pure Python)."""

from __future__ import annotations

from typing import Any

from waitress.server import create_server

from .config import Settings

DEFAULT_THREADS = 8


def make_server(app: Any, settings: Settings, host: str = "127.0.0.1", port: int = 8080,
                threads: int = DEFAULT_THREADS) -> Any:
    """A waitress server (call .run(); .close() stops it). Port 0 picks a free one."""
    return create_server(
        app, host=host, port=port, threads=threads,
        # waitress refuses bodies above this even when chunked; the app answers 413 in Spanish
        # for a declared Content-Length before reading it.
        max_request_body_size=settings.max_body_bytes + 1024 * 1024,
        connection_limit=256, channel_timeout=60, ident="ITL", expose_tracebacks=False,
        clear_untrusted_proxy_headers=False,
    )


def serve(app: Any, settings: Settings, host: str, port: int, threads: int = DEFAULT_THREADS) -> None:
    make_server(app, settings, host, port, threads).run()
