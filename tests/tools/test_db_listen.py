"""run_system --db-listen: PostgreSQL's own TLS opens a data folder made by ./run.sh to the LAN, for the
desktop login only, with the server verified by the desktop and the real client address in the database.

"Another PC" is 127.0.0.2 (tests/support/other_pc.py): the database must see that address, not 127.0.0.1.
"""

from __future__ import annotations

import datetime
import importlib.util
import re
import socket
import ssl
import struct
import subprocess
import sys
import time

import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import gateway
from desktop.services import connection_service as svc
from desktop.services.auth_service import AuthService
from tests.support.other_pc import OTHER_PC, OtherPc, from_other_pc
from tests.support.system import ROOT, SystemProcess, temp_folder
from tools.embedded_db import AUTH_TIMEOUT, MAX_CONNECTIONS, EmbeddedDb, free_port

SSL_REQUEST = struct.pack("!II", 8, 80877103)


@pytest.fixture(scope="module")
def lan():
    """A data folder created by a plain run (as ./run.sh), then served with --db-listen."""
    with temp_folder() as root:
        state, db_port = root / "db", free_port()
        plain = SystemProcess(state, db_port, free_port(), "--sin-respaldos").start()
        try:
            assert plain.wait_ready(), plain.output
            admin = re.search(r"Contraseña temporal:\s+(\S+)", plain.output)
            assert admin, plain.output
            conf = (state / "pgdata" / "itl.conf").read_text()
            assert "listen_addresses = '127.0.0.1'" in conf and "ssl = off" in conf
            assert plain.terminate() == 0
        finally:
            plain.kill()
        system = SystemProcess(state, db_port, free_port(), "--db-listen", "127.0.0.1", "--db-red",
                               f"{OTHER_PC}/32", "--sin-respaldos").start()
        try:
            assert system.wait_ready(), system.output
            cert = root / "server.crt"  # what the administrator copies to the staff PCs
            exported = subprocess.run([sys.executable, "-m", "tools.embedded_db", "certificado", "--state", str(state),
                                       "--salida", str(cert)], cwd=ROOT, capture_output=True, text=True, check=False)
            assert exported.returncode == 0 and cert.exists(), exported.stderr
            yield system, EmbeddedDb(state, db_port), cert, admin.group(1)
            assert system.terminate() == 0
        finally:
            system.kill()
            EmbeddedDb(state, db_port, listen="127.0.0.1").stop()


def _desktop(port: int, cert) -> svc.ConnectionSettings:
    return svc.ConnectionSettings("pg", "127.0.0.1", port, "itl", "itl_desk", certificate=str(cert))


def _operator_logs_in(db: EmbeddedDb, cert, password: str) -> float:
    """The desktop's own path from the other PC: connection settings -> URL -> gateway -> staff.log_in."""
    with OtherPc(db.port) as port:
        settings = _desktop(port, cert)
        began = time.perf_counter()
        assert svc.try_connect(settings, db.secrets()["itl_desk"]) is None
        gw = gateway.connect(svc.build_url(settings, db.secrets()["itl_desk"]), min_size=0, max_size=1)
        try:
            result = AuthService(gw).log_in("admin", password)
        finally:
            gw.close()
        assert result.ok, result.message
        return time.perf_counter() - began


def test_the_folder_of_run_sh_opens_with_postgresqls_own_tls_and_no_relay(lan):
    system, db, cert, _ = lan
    expected = x509.load_pem_x509_certificate(cert.read_bytes()).fingerprint(hashes.SHA256())
    shown = re.search(r"Huella SHA-256 del certificado[^:]*: ([0-9A-F:]+)", system.output)
    assert shown and bytes.fromhex(shown.group(1).replace(":", "")) == expected, system.output
    assert svc.certificate_fingerprint(str(cert)) == shown.group(1)  # what the desktop shows to compare
    conf = (db.pgdata / "itl.conf").read_text()
    for line in ("ssl = on", f"authentication_timeout = '{AUTH_TIMEOUT}s'", f"max_connections = {MAX_CONNECTIONS}"):
        assert line in conf
    hba = (db.pgdata / "pg_hba.conf").read_text()
    assert f"hostssl itl       itl_desk  {OTHER_PC}/32" in hba and "0.0.0.0/0" not in hba
    assert importlib.util.find_spec("tools.db_tls_gate") is None, "no hand-written protocol relay is left"


def test_the_operator_logs_in_from_another_pc_and_the_database_sees_its_address(lan):
    _, db, cert, admin_password = lan
    took = _operator_logs_in(db, cert, admin_password)
    with psycopg.connect(db.url(), autocommit=True) as owner:
        source = owner.execute("SELECT source_address, succeeded FROM app.login_attempt "
                               "ORDER BY attempt_id DESC LIMIT 1").fetchone()
    assert source == (OTHER_PC, True)
    with OtherPc(db.port) as port, psycopg.connect(svc.build_url(_desktop(port, cert), db.secrets()["itl_desk"])) as c:
        row = c.execute("SELECT host(inet_client_addr()), s.ssl, s.version FROM pg_stat_ssl AS s "
                        "WHERE s.pid = pg_backend_pid()").fetchone()
    assert row[0] == OTHER_PC and row[1] is True, row
    print(f"\ninicio de sesión del operador desde {OTHER_PC}: {took * 1000:.0f} ms; {row[2]}, verify-ca, "
          "channel_binding=require")


def _other_certificate(path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "impostor")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True).sign(key, hashes.SHA256()))
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def test_a_server_with_another_certificate_is_refused(lan, tmp_path):
    _, db, _, _ = lan
    wrong = tmp_path / "otro.crt"
    _other_certificate(wrong)
    with OtherPc(db.port) as port:
        said = svc.try_connect(_desktop(port, wrong), db.secrets()["itl_desk"])
    assert said and "no es el de la instalación" in said and "no se envió la contraseña" in said, said


@pytest.mark.parametrize(("user", "dbname", "sslmode"), [
    ("itl_web", "itl", "require"),
    ("postgres", "itl", "require"),
    ("itl_desk", "postgres", "require"),
    ("itl_desk", "itl", "disable"),
])
def test_everything_else_is_refused_from_the_network(lan, user, dbname, sslmode):
    _, db, _, _ = lan
    with OtherPc(db.port) as port, pytest.raises(psycopg.OperationalError) as info:
        psycopg.connect(host="127.0.0.1", port=port, dbname=dbname, user=user, password=db.secrets()[user],
                        sslmode=sslmode, connect_timeout=10).close()
    assert "no pg_hba.conf entry" in str(info.value), info.value


def test_a_wrong_password_fails_scram(lan):
    _, db, _, _ = lan
    with OtherPc(db.port) as port, pytest.raises(psycopg.OperationalError) as info:
        psycopg.connect(host="127.0.0.1", port=port, dbname="itl", user="itl_desk", password="no-es-esta",
                        sslmode="require", connect_timeout=10).close()
    assert "password authentication failed" in str(info.value)


def _stall_after_ssl_request(port: int) -> socket.socket:
    sock = from_other_pc("127.0.0.1", port)
    sock.sendall(SSL_REQUEST)
    assert sock.recv(1) == b"S"
    return sock


def _stall_after_startup(port: int) -> socket.socket:
    """TLS done, startup packet sent, the server's SCRAM challenge never answered."""
    raw = _stall_after_ssl_request(port)
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    context.set_alpn_protocols(["postgresql"])
    tls = context.wrap_socket(raw)
    body = struct.pack("!I", 196608) + b"user\0itl_desk\0database\0itl\0\0"
    tls.sendall(struct.pack("!I", len(body) + 4) + body)
    assert tls.recv(1) == b"R"  # AuthenticationSASL: the server now waits for us
    return tls


def _dripping(port: int) -> socket.socket:
    """A startup packet that announces 1,000 bytes and then sends one at a time (see _drip)."""
    sock = from_other_pc("127.0.0.1", port)
    sock.sendall(struct.pack("!I", 1000))
    return sock


def _drip(sock: socket.socket) -> bool:
    """One more byte; False once the server has closed the connection."""
    try:
        sock.sendall(b"x")
        return not _closed_by_server(sock)
    except OSError:
        return False


def _closed_by_server(sock: socket.socket) -> bool:
    sock.settimeout(0.05)
    try:
        return sock.recv(4096) == b""  # an ErrorResponse first, then EOF on a later read
    except (TimeoutError, ssl.SSLWantReadError):
        return False
    except OSError:
        return True


def test_100_half_open_connections_do_not_stop_an_operator_from_logging_in(lan):
    _, db, cert, admin_password = lan
    half_open = [_stall_after_ssl_request(db.port) for _ in range(40)]
    half_open += [_stall_after_startup(db.port) for _ in range(40)]
    drips = [_dripping(db.port) for _ in range(20)]  # a byte every 0.2 s: a per-read timeout would never fire
    all_open = time.monotonic()
    with psycopg.connect(db.url(), autocommit=True) as owner:
        waiting = owner.execute("SELECT count(*) FROM pg_stat_activity WHERE client_addr = %s",
                                (OTHER_PC,)).fetchone()[0]
    took = _operator_logs_in(db, cert, admin_password)
    # The server closes them itself after authentication_timeout.
    open_, dripping = list(half_open), list(drips)
    deadline = time.monotonic() + AUTH_TIMEOUT + 60
    while (open_ or dripping) and time.monotonic() < deadline:
        open_ = [s for s in open_ if not _closed_by_server(s)]
        dripping = [s for s in dripping if _drip(s)]
        time.sleep(0.2)
    gone_after = time.monotonic() - all_open
    for sock in half_open + drips:
        sock.close()
    assert not dripping, f"{len(dripping)} slow-drip connections still open"
    assert not open_, f"{len(open_)} half-open connections still open"
    print(f"\n100 conexiones a medias desde {OTHER_PC} (40 tras el pedido de TLS, 40 tras el paquete de inicio, "
          f"20 enviando un byte cada 0.2 s; {waiting} visibles en pg_stat_activity): el operador "
          f"inició sesión en {took * 1000:.0f} ms; el servidor las cerró todas {gone_after:.1f} s después de "
          f"abrirse la última (authentication_timeout = {AUTH_TIMEOUT} s, max_connections = {MAX_CONNECTIONS})")


def test_only_the_listed_networks_reach_the_desktop_login(tmp_path):
    db = EmbeddedDb(tmp_path, 1, listen="0.0.0.0", networks=("192.168.10.0/24", "10.0.0.0/8"))
    db.pgdata.mkdir()
    db._write_hba()
    rules = [line.split() for line in (db.pgdata / "pg_hba.conf").read_text().splitlines()
             if line and not line.startswith("#")]
    assert rules == [["host", "all", "all", "127.0.0.1/32", "scram-sha-256"],
                     ["host", "all", "all", "::1/128", "scram-sha-256"],
                     ["hostssl", "itl", "itl_desk", "192.168.10.0/24", "scram-sha-256"],
                     ["hostssl", "itl", "itl_desk", "10.0.0.0/8", "scram-sha-256"]]
    db.listen = None
    db._write_hba()
    assert "hostssl" not in (db.pgdata / "pg_hba.conf").read_text()  # ./run.sh: loopback only
