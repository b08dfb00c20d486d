"""Another PC on loopback: TCP connections that reach a server from 127.0.0.2 instead of 127.0.0.1.

libpq cannot choose its source address, so a test that needs a client "from another machine"
connects to this byte-for-byte TCP forwarder, which opens its own connection to the server bound to
127.0.0.2. It never looks inside the stream: TLS, its certificate check and SCRAM's channel binding
stay end to end between the client and PostgreSQL, and the server sees 127.0.0.2 as the client.
"""

from __future__ import annotations

import contextlib
import socket
import threading

OTHER_PC = "127.0.0.2"


def from_other_pc(host: str, port: int, timeout: float = 10) -> socket.socket:
    """A plain TCP connection to host:port whose source address is OTHER_PC."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.bind((OTHER_PC, 0))
    sock.connect((host, port))
    return sock


class OtherPc:
    """`with OtherPc(port) as local_port:` connect to 127.0.0.1:local_port to reach 127.0.0.1:port from OTHER_PC."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._open: list[socket.socket] = []
        self._closed = threading.Event()

    def __enter__(self) -> int:
        threading.Thread(target=self._accept, daemon=True).start()
        return self.port

    def __exit__(self, *_: object) -> None:
        self._closed.set()
        for sock in [self.listener, *self._open]:
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self.listener.accept()
                server = from_other_pc(*self.target)
            except OSError:
                return
            client.settimeout(None)
            server.settimeout(None)
            self._open += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(source, target), daemon=True).start()


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)
