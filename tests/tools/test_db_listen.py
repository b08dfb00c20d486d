"""run_system --db-listen: the desktop login reaches the embedded database over the LAN with TLS; nobody else."""

from __future__ import annotations

import contextlib
import re
import socket

import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from tests.support.system import SystemProcess, temp_folder
from tools.embedded_db import EmbeddedDb, free_port


def lan_address() -> str | None:
    """This machine's non-loopback address, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.fixture(scope="module")
def listening():
    with temp_folder() as root:
        yield from _listening(root / "db")


def _listening(state):
    db_port, lan_port = free_port(), free_port()
    system = SystemProcess(state, db_port, free_port(), "--db-listen", "--db-lan-port", str(lan_port),
                           "--sin-respaldos").start()
    try:
        assert system.wait_ready(), system.output
        yield system, EmbeddedDb(state, db_port), lan_port
        assert system.terminate() == 0
    finally:
        system.kill()
        EmbeddedDb(state, db_port).stop()


def _connect(db: EmbeddedDb, host: str, port: int, user: str = "itl_desk", dbname: str = "itl", **extra):
    return psycopg.connect(host=host, port=port, dbname=dbname, user=user, password=db.secrets()[user],
                           connect_timeout=10, **extra)


def test_desktop_login_connects_with_tls_and_the_printed_fingerprint_matches(listening):
    system, db, lan_port = listening
    host = lan_address() or "127.0.0.1"
    cert = db.tls_dir / "server.crt"
    expected = x509.load_pem_x509_certificate(cert.read_bytes()).fingerprint(hashes.SHA256())
    shown = re.search(r"Huella SHA-256 del certificado[^:]*: ([0-9A-F:]+)", system.output)
    assert shown and bytes.fromhex(shown.group(1).replace(":", "")) == expected, system.output
    with _connect(db, host, lan_port, sslmode="require") as conn:
        assert conn.pgconn.ssl_in_use
        assert conn.execute("SELECT current_user").fetchone()[0] == "itl_desk"
    with _connect(db, host, lan_port, sslmode="verify-ca", sslrootcert=str(cert)) as conn:  # pinned certificate
        assert conn.pgconn.ssl_in_use
    print(f"\nconexión TLS como itl_desk por {host}:{lan_port}")


@pytest.mark.parametrize(("user", "dbname", "extra", "said"), [
    ("itl_web", "itl", {"sslmode": "require"}, "solo se admite el usuario itl_desk"),
    ("postgres", "itl", {"sslmode": "require"}, "solo se admite el usuario itl_desk"),
    ("itl_desk", "postgres", {"sslmode": "require"}, "solo se admite el usuario itl_desk"),
    ("itl_desk", "itl", {"sslmode": "disable"}, "solo se aceptan conexiones cifradas"),
])
def test_everything_else_is_refused_from_the_network(listening, user, dbname, extra, said):
    _, db, lan_port = listening
    host = lan_address() or "127.0.0.1"
    with pytest.raises(psycopg.OperationalError) as info:
        _connect(db, host, lan_port, user=user, dbname=dbname, **extra).close()
    assert said in str(info.value)


def test_wrong_password_fails_scram_through_the_gate(listening):
    lan_port = listening[2]
    with pytest.raises(psycopg.OperationalError) as info:
        psycopg.connect(host="127.0.0.1", port=lan_port, dbname="itl", user="itl_desk", password="no-es-esta",
                        sslmode="require", connect_timeout=10).close()
    assert "password authentication failed" in str(info.value)


def test_the_server_itself_still_listens_on_loopback_only(listening):
    _, db, _ = listening
    conf = (db.pgdata / "itl.conf").read_text()
    assert "listen_addresses = '127.0.0.1'" in conf
    host = lan_address()
    if host is None:
        pytest.skip("sin dirección de red distinta de loopback en esta máquina")
    with contextlib.suppress(OSError), socket.create_connection((host, db.port), timeout=5):
        pytest.fail("PostgreSQL answers on the network address")
