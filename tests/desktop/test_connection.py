"""Where the desktop app connects: the connection settings, the URL built from them, the saved
file (never the password), the direct check against the real embedded database, and the
connection screen driven headless (its check runs in a worker thread)."""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import dearpygui.dearpygui as dpg
import pytest

from desktop import app, config
from desktop.services import connection_service as svc
from desktop.views import connection_view as view


@pytest.fixture(autouse=True)
def own_config(tmp_path, monkeypatch):
    monkeypatch.setenv("ITL_DESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("ITL_DESK_DB_URL", raising=False)


def settings_of(url: str) -> tuple[svc.ConnectionSettings, str]:
    parts = urlsplit(url)
    return svc.ConnectionSettings("pg", parts.hostname, parts.port, parts.path.lstrip("/"), parts.username), \
        parts.password


def test_urls_for_each_kind_of_server():
    remote = svc.ConnectionSettings("pg", "192.168.1.20", 5432, "itl", "itl_desk", certificate="C:/itl/server.crt")
    assert svc.build_url(remote, "p@ss:w/rd") == (
        "postgresql://itl_desk:p%40ss%3Aw%2Frd@192.168.1.20:5432/itl"
        "?sslmode=verify-ca&sslrootcert=C%3A%2Fitl%2Fserver.crt&channel_binding=require")
    local = svc.ConnectionSettings("pg", "localhost", 5433, "itl", "itl_desk")
    assert svc.build_url(local, "x") == "postgresql://itl_desk:x@localhost:5433/itl"  # TLS not required
    sql = svc.ConnectionSettings("mssql", "srv-cc", 1433, "ITL", "cc_app", trust_certificate=True)
    assert svc.build_url(sql, "k") == ("mssql://cc_app:k@srv-cc:1433/ITL?driver=ODBC+Driver+18+for+SQL+Server"
                                       "&TrustServerCertificate=yes")
    windows = svc.ConnectionSettings("mssql", "srv-cc", 1433, "ITL", "", windows_auth=True)
    assert svc.build_url(windows, "") == \
        "mssql://srv-cc:1433/ITL?driver=ODBC+Driver+18+for+SQL+Server&Trusted_Connection=yes"
    assert svc.build_url(svc.ConnectionSettings("pg", "fe80::1", 5432, certificate="s.crt"), "x").startswith(
        "postgresql://itl_desk:x@[fe80::1]:5432/")
    assert svc.ConnectionSettings().port == 55432  # the embedded database's own port, also with --db-listen


def test_a_remote_embedded_database_is_refused_without_the_servers_certificate():
    remote = svc.ConnectionSettings("pg", "192.168.1.20", 55432, "itl", "itl_desk")
    assert svc.problems(remote, "x") == [svc.NEEDS_CERTIFICATE]
    assert "certificado del servidor" in svc.NEEDS_CERTIFICATE and "no se conecta" in svc.NEEDS_CERTIFICATE
    assert "no se conecta" in svc.try_connect(remote, "x")  # refused before any packet is sent
    with pytest.raises(ValueError):
        svc.build_url(remote, "x")  # never an unverified URL
    # By hand (--db-url): only URLs that verify the server.
    assert "no verifica al servidor" in svc.unverified_url("postgresql://itl_desk:x@192.168.1.20:55432/itl")
    assert svc.unverified_url("postgresql://itl_desk:x@192.168.1.20/itl?sslmode=require")
    assert svc.unverified_url("postgresql://itl_desk:x@192.168.1.20/itl?sslmode=verify-ca&sslrootcert=a.crt") is None
    assert svc.unverified_url("postgresql://itl_desk:x@127.0.0.1:55432/itl") is None  # this machine
    assert svc.unverified_url("mssql://u:p@srv:1433/ITL") is None


def test_certificate_fingerprint_matches_the_servers_format(tmp_path):
    import hashlib
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl no está instalado")
    crt = tmp_path / "server.crt"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(tmp_path / "k.pem"),
                    "-out", str(crt), "-days", "1", "-subj", "/CN=itl-prueba"], check=True, capture_output=True)
    expected = hashlib.sha256(ssl.PEM_cert_to_DER_cert(crt.read_text())).hexdigest().upper()
    got = svc.certificate_fingerprint(str(crt))
    assert got.replace(":", "") == expected and len(got.split(":")) == 32
    s = svc.ConnectionSettings("pg", "192.168.1.20", 55432, certificate=str(tmp_path / "falta.crt"))
    assert any("No se pudo leer el certificado" in p for p in svc.problems(s, "x"))
    s.certificate = str(crt)
    assert svc.problems(s, "x") == []


def test_form_problems_are_spanish_and_complete():
    found = svc.problems(svc.ConnectionSettings("pg", "", 0, "", ""), "")
    assert len(found) == 5 and all(p.endswith(".") for p in found)
    assert any("dirección del servidor" in p for p in found) and any("puerto" in p for p in found)
    assert svc.problems(svc.ConnectionSettings("pg", "a b", 5432), "x") == [
        "La dirección del servidor no debe tener espacios ni los signos / @ ? #."]
    windows = svc.ConnectionSettings("mssql", "srv", 1433, "ITL", "", windows_auth=True)
    assert svc.problems(windows, "") == []  # the Windows account needs no user or password


def test_settings_are_saved_without_the_password():
    s = svc.ConnectionSettings("pg", "192.168.1.20", 5433, "itl", "itl_desk", remember_password=True)
    assert svc.save_settings(s)
    text = config.config_path().read_text(encoding="utf-8")
    assert set(json.loads(text)["conexion"]) == {"kind", "host", "port", "database", "username", "windows_auth",
                                                 "trust_certificate", "remember_password",
                                                 "certificate"}  # no password
    assert svc.load_settings() == s
    assert json.loads(text)["conexion"]["host"] == "192.168.1.20"
    config.config_path().write_text("[]", encoding="utf-8")
    assert svc.load_settings() is None


def test_without_a_credential_store_the_password_is_asked_each_time():
    s = svc.ConnectionSettings("pg", "192.168.1.20", 5432, remember_password=True)
    if svc.keyring_available():
        pytest.skip("this machine has a credential store")
    assert svc.stored_password(s) is None and svc.remember_password(s, "x") is False
    svc.save_settings(s)
    assert app.saved_connection_url() == (None, app.PASSWORD_PROMPT)  # a prompt (text colour), not an error


def test_direct_check_against_the_real_database(pg_db):
    s, password = settings_of(pg_db.login_urls["itl_desk"])
    assert svc.try_connect(s, password) is None
    assert "contraseña" in svc.try_connect(s, password + "x")
    s.database = "no_existe_esta_base"
    assert "no tiene esa base de datos" in svc.try_connect(s, password)
    closed = svc.ConnectionSettings("pg", "127.0.0.1", 1, "itl", "itl_desk")
    assert "No hay respuesta de 127.0.0.1:1" in svc.try_connect(closed, "x")


def run_screen(screen: view.ConnectionScreen) -> None:
    screen.submit()
    deadline = time.monotonic() + 60
    while screen._pending is not None and time.monotonic() < deadline:
        time.sleep(0.02)
        screen.tick()


def test_connection_screen_explains_then_connects_and_remembers(pg_db):
    s, password = settings_of(pg_db.login_urls["itl_desk"])
    dpg.create_context()
    try:
        screen = view.ConnectionScreen()
        assert dpg.get_value(view.HOST) == "" and dpg.get_value(view.USERNAME) == "itl_desk"
        screen.submit()  # empty form: explained, nothing tried
        assert "dirección del servidor" in dpg.get_value(view.MESSAGE) and screen._pending is None
        dpg.set_value(view.HOST, s.host)
        dpg.set_value(view.PORT, s.port)
        dpg.set_value(view.DATABASE, s.database)
        dpg.set_value(view.PASSWORD, "incorrecta")
        run_screen(screen)
        assert "usuario o la contraseña" in dpg.get_value(view.MESSAGE) and screen.url is None
        dpg.set_value(view.PASSWORD, password)
        run_screen(screen)
        assert screen.url is not None and dpg.get_value(view.MESSAGE).startswith("Conectado.")
        assert urlsplit(screen.url).password == password
        screen.close()
        saved = svc.load_settings()
        assert (saved.host, saved.port, saved.database) == (s.host, s.port, s.database)
        assert password not in config.config_path().read_text(encoding="utf-8")
        dpg.destroy_context()  # next start: the form comes back filled, the password empty
        dpg.create_context()
        again = view.ConnectionScreen(saved)
        assert dpg.get_value(view.HOST) == s.host and dpg.get_value(view.PORT) == s.port
        assert dpg.get_value(view.PASSWORD) == "" and again.url is None
    finally:
        dpg.destroy_context()


def test_kind_switch_moves_the_default_port():
    dpg.create_context()
    try:
        view.ConnectionScreen()
        dpg.set_value(view.KIND, svc.KINDS["mssql"])
        dpg.get_item_callback(view.KIND)()
        assert dpg.get_value(view.PORT) == 1433 and dpg.is_item_shown(view.WINDOWS_AUTH)
        dpg.set_value(view.WINDOWS_AUTH, True)
        dpg.get_item_callback(view.WINDOWS_AUTH)()
        assert not dpg.is_item_enabled(view.PASSWORD)
    finally:
        dpg.destroy_context()


def local_state(tmp_path, url: str, monkeypatch) -> tuple[object, str]:
    """A data folder as tools.embedded_db leaves it on the server (secrets.json) with the running
    system's port where gateway.embedded.running_port finds it (ITL_DB_PORT here)."""
    parts = urlsplit(url)
    state = tmp_path / "db"
    state.mkdir()
    (state / "secrets.json").write_text(json.dumps({"itl_desk": parts.password}), encoding="utf-8")
    monkeypatch.setenv("ITL_DB_PORT", str(parts.port))
    return state, parts.path.lstrip("/")


def test_a_stale_saved_connection_offers_the_system_running_here(pg_db, tmp_path, monkeypatch):
    """Saved settings that no longer work (a stopped server, or no stored password) never leave the
    person at a dead end: when this machine runs the system, the screen offers it in one click."""
    state, database = local_state(tmp_path, pg_db.login_urls["itl_desk"], monkeypatch)
    svc.save_settings(svc.ConnectionSettings("pg", "127.0.0.1", 1, "itl", "itl_desk"))  # a stopped server
    url, problem = app.saved_connection_url()
    # Without a credential store (this machine) the saved password is missing; with one, the server fails.
    assert url is None and (problem == app.PASSWORD_PROMPT or "No hay respuesta de 127.0.0.1:1" in problem)
    local = app.local_system(state, database)
    assert local is not None and local.where == f"127.0.0.1:{urlsplit(pg_db.login_urls['itl_desk']).port}"
    assert svc.try_connect(*settings_of(local.url)) is None  # the offered URL works
    stopped = svc.try_connect(svc.load_settings(), "clave")
    assert app.offer_message(stopped, local).startswith(
        "La conexión guardada no funcionó: No hay respuesta de 127.0.0.1:1")
    text = app.offer_message(problem, local)
    assert f"en marcha el sistema (base de datos integrada en {local.where})" in text and app.USE_LOCAL in text
    assert app.offer_message(app.PASSWORD_PROMPT, local).startswith("La conexión guardada no tiene su contraseña.")
    # The screen: the offer on top, one click connects (the saved settings stay as they were).
    dpg.create_context()
    try:
        screen = view.ConnectionScreen(svc.load_settings(), text, info=True, local=(app.USE_LOCAL, local.url))
        assert dpg.get_value(view.LOCAL_TEXT) == text and dpg.get_item_label(view.LOCAL) == app.USE_LOCAL
        dpg.get_item_callback(view.LOCAL)(view.LOCAL, None, dpg.get_item_user_data(view.LOCAL))
        assert screen.url == local.url and svc.load_settings().port == 1
        screen.close()
    finally:
        dpg.destroy_context()
    # Stopped here too: nothing is offered (the form and its message stay).
    monkeypatch.setenv("ITL_DB_PORT", "1")
    assert app.local_system(state, database) is None
