"""Serve the web form with waitress (production WSGI server, pure Python), guarded against slow clients.

waitress alone lets one client hold every connection: its idle timeout restarts with each byte,
so 300 sockets that trickle one byte each filled the 256-connection limit and nobody else got
an answer. Two guards on the accept side, both in this module:
  - at most `per_address` busy connections per client address: at the cap, an idle keep-alive
    connection of that address is closed to make room, and only when none is idle is the new
    one closed on accept (30 PCs behind one NAT address keep idle keep-alive connections);
    off behind a trusted reverse proxy, where every connection comes from the proxy and the
    proxy's own limit (nginx limit_conn) does this job;
  - a bound on the total time to read a request: the headers within `header_timeout` seconds of
    its first byte, the whole request (body included) within `request_timeout`, however slowly
    the bytes keep coming. The connection is closed when a bound passes.
Settings from the environment: ITL_WEB_CONN_PER_ADDRESS (32), ITL_WEB_HEADER_TIMEOUT (10 s),
ITL_WEB_REQUEST_TIMEOUT (120 s). docs/readme/web.md shows the same protection in nginx.

waitress also answers some requests itself, before the app sees them: a body over
`max_request_body_size` (413), a malformed request line or header (400), headers
too large (431). Its own pages are plain English without our security headers, so
the channel here uses an error task that writes the project's Spanish page instead.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from typing import Any

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import MultiSocketServer, TcpWSGIServer
from waitress.task import ErrorTask, ThreadedTaskDispatcher

from .config import Settings
from .middleware import SECURITY_HEADERS, simple_page

DEFAULT_THREADS = 8
CONNECTION_LIMIT = 256
PER_ADDRESS = int(os.environ.get("ITL_WEB_CONN_PER_ADDRESS", "32"))
HEADER_TIMEOUT = float(os.environ.get("ITL_WEB_HEADER_TIMEOUT", "10"))
REQUEST_TIMEOUT = float(os.environ.get("ITL_WEB_REQUEST_TIMEOUT", "120"))

log = logging.getLogger("webform.serve")


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


class GuardedChannel(HTTPChannel):
    """An HTTPChannel that remembers when the request it is reading began and answers its own
    errors (413, 400, 431) with the project's Spanish page."""

    error_task_class = SpanishErrorTask

    read_started: float | None = None

    def received(self, data: bytes) -> bool:
        if self.request is None and data:
            self.read_started = time.time()  # the first byte of a new request
        done = super().received(data)
        if self.request is None:
            self.read_started = None  # every request read completely
        return done


class GuardedServer(TcpWSGIServer):
    channel_class = GuardedChannel
    per_address: int | None = PER_ADDRESS
    header_timeout: float = HEADER_TIMEOUT
    request_timeout: float = REQUEST_TIMEOUT
    refused = 0  # connections closed on accept (per-address limit)
    timed_out = 0  # connections closed for reading a request too long
    idle_closed = 0  # idle keep-alive connections closed to make room at the per-address cap
    _last_warning = 0.0

    def handle_accept(self) -> None:
        try:
            accepted = self.accept()
            if accepted is None:
                return
            conn, addr = accepted
            self.set_socket_options(conn)
        except OSError:
            return  # the peer went away before accept finished (as waitress does)
        addr = self.fix_addr(addr)
        if self.per_address is not None and not self._room_for(addr[0] if isinstance(addr, tuple) else addr):
            conn.close()
            type(self).refused += 1
            self._warn(f"conexión rechazada: {addr} ya tiene {self.per_address} conexiones ocupadas "
                       f"(límite por dirección)")
            return
        self.channel_class(self, conn, addr, self.adj, map=self._map)

    def _room_for(self, host: str) -> bool:
        """Whether `host` may open one more connection. At the cap, its longest-idle keep-alive
        connection (nothing being read, run or written) is closed to make room: a lab of PCs
        behind one NAT address keeps such connections between pages, and they used to fill the
        cap so that new ones were reset (issue 20, finding 10). Connections in the middle of a
        request (a slow client's) still count: those are what the cap is for."""
        mine = [ch for ch in list(self.active_channels.values()) if isinstance(ch.addr, tuple) and ch.addr[0] == host]
        if len(mine) < self.per_address:
            return True
        idle = [ch for ch in mine if getattr(ch, "read_started", None) is None and not ch.requests
                and not ch.total_outbufs_len and not ch.will_close and not ch.close_when_flushed]
        if not idle:
            return False
        oldest = min(idle, key=lambda ch: ch.last_activity)
        oldest.handle_close()
        type(self).idle_closed += 1
        return True

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        for channel in list(self.active_channels.values()):
            started = getattr(channel, "read_started", None)
            if started is None or channel.requests or channel.will_close:
                continue
            request = channel.request
            headers_done = request is not None and request.headers_finished
            limit = self.request_timeout if headers_done else self.header_timeout
            if now - started > limit:
                channel.will_close = True
                type(self).timed_out += 1
                self._warn(f"conexión cerrada: {channel.addr} tardó más de {limit:.0f} s en enviar "
                           f"{'la petición' if headers_done else 'los encabezados'}")

    def _warn(self, text: str) -> None:
        now = time.monotonic()
        if now - GuardedServer._last_warning > 10:  # one line per 10 s, not one per socket
            GuardedServer._last_warning = now
            log.warning("%s (en total: %d rechazadas, %d cerradas por lentitud)", text, self.refused, self.timed_out)

def server_name(host: str, settings: Settings) -> str:
    """The name the app uses for QR links when ITL_PUBLIC_URL is unset (configuration, not Host)."""
    if host in ("0.0.0.0", "", "::"):
        return socket.getfqdn() or socket.gethostname()
    return host


def make_server(app: Any, settings: Settings, host: str = "127.0.0.1", port: int = 8080,
                threads: int = DEFAULT_THREADS) -> Any:
    """A guarded waitress server (call .run(); .close() stops it). Port 0 picks a free one."""
    adj = Adjustments(
        host=host, port=port, threads=threads,
        # waitress refuses bodies above this even when chunked; the app answers 413 in Spanish
        # for a declared Content-Length before reading it.
        # a declared Content-Length above the limit is refused by waitress before the body is read
        # (Spanish page through SpanishErrorTask); the app refuses the same limit for other servers.
        max_request_body_size=settings.max_body_bytes,
        connection_limit=CONNECTION_LIMIT, channel_timeout=30, cleanup_interval=1,
        ident="ITL", expose_tracebacks=False, clear_untrusted_proxy_headers=False,
        server_name=server_name(host, settings),
    )
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    task_map: dict = {}
    servers = []
    for sockinfo in adj.listen:
        server = GuardedServer(app, task_map, True, None, dispatcher=dispatcher, adj=adj, sockinfo=sockinfo)
        server.per_address = None if settings.trusted_proxy else PER_ADDRESS
        servers.append(server)
    if len(servers) == 1:
        return servers[0]
    effective = [(s.effective_host, s.effective_port) for s in servers]
    multi = MultiSocketServer(task_map, adj, effective, dispatcher, servers[0].log_info)
    multi.effective_port = servers[0].effective_port  # what run_system prints
    return multi


def serve(app: Any, settings: Settings, host: str, port: int, threads: int = DEFAULT_THREADS) -> None:
    make_server(app, settings, host, port, threads).run()
