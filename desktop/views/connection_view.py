"""First-run connection screen: server kind, address, port, database, database user and password.
Widgets and events only; desktop.services.connection_service decides. The check runs in a worker
thread (ConnectionScreen.tick delivers its answer), so the window never freezes."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import dearpygui.dearpygui as dpg

from desktop.services import connection_service as svc
from desktop.views import theme

FIELD_WIDTH = 380  # «Base de datos integrada (PostgreSQL)» whole in its combo, with the arrow
WINDOW = "connection_window"
KIND = "connection_kind"
HOST = "connection_host"
PORT = "connection_port"
DATABASE = "connection_database"
USERNAME = "connection_username"
PASSWORD = "connection_password"
WINDOWS_AUTH = "connection_windows_auth"
TRUST = "connection_trust_certificate"
REMEMBER = "connection_remember"
CERTIFICATE = "connection_certificate"
FINGERPRINT = "connection_fingerprint"
SUBMIT = "connection_submit"
MESSAGE = "connection_message"
LOCAL = "connection_use_local"
LOCAL_TEXT = "connection_local_text"



class ConnectionScreen:
    """The window plus its pending check; `url` is set once a connection has worked."""

    def __init__(self, initial: svc.ConnectionSettings | None = None, message: str = "", info: bool = False,
                 local: tuple[str, str] | None = None) -> None:
        """local: (button label, URL) of the system running on this machine, offered above the form (with
        `message` saying why) when the saved connection failed."""
        s = initial or svc.ConnectionSettings()
        self.url: str | None = None
        self.saved: svc.ConnectionSettings | None = None
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._pending: Future[str | None] | None = None
        self._attempt: tuple[svc.ConnectionSettings, str] | None = None
        self.keyring_ok = svc.keyring_available()
        with dpg.window(tag=WINDOW, label="Conexión con la base de datos", width=680, height=470, pos=(20, 20),
                        no_collapse=True, no_close=True):
            dpg.add_text("¿Dónde está la base de datos del Centro de Cómputo? Estos datos se guardan para su "
                         "usuario de este equipo; la contraseña nunca se guarda en un archivo.", wrap=560)
            if local is not None:
                dpg.add_text(message, tag=LOCAL_TEXT, wrap=560)
                dpg.add_button(tag=LOCAL, label=local[0], width=300, user_data=local[1],
                               callback=lambda s, a, u: self.use_local(u))
                theme.bind(LOCAL, theme.PRIMARY_BUTTON)
                dpg.add_separator()
                message = ""
            dpg.add_spacer(height=4)
            dpg.add_combo(list(svc.KINDS.values()), tag=KIND, label="Tipo de servidor", width=FIELD_WIDTH,
                          default_value=svc.KINDS[s.kind], callback=lambda: self._kind_changed())
            dpg.add_input_text(tag=HOST, label="Servidor (nombre o IP)", width=FIELD_WIDTH, default_value=s.host,
                               hint="192.168.1.20")
            dpg.add_input_int(tag=PORT, label="Puerto", width=FIELD_WIDTH, default_value=int(s.port), min_value=1,
                              max_value=65535, min_clamped=True, max_clamped=True)
            dpg.add_input_text(tag=DATABASE, label="Base de datos", width=FIELD_WIDTH, default_value=s.database)
            dpg.add_checkbox(tag=WINDOWS_AUTH, label="Entrar con mi cuenta de Windows (SQL Server)",
                             default_value=s.windows_auth, callback=lambda: self._kind_changed())
            dpg.add_input_text(tag=USERNAME, label="Usuario de la base", width=FIELD_WIDTH, default_value=s.username)
            dpg.add_input_text(tag=PASSWORD, label="Contraseña de la base", width=FIELD_WIDTH, password=True,
                               on_enter=True, callback=lambda: self.submit())
            dpg.add_checkbox(tag=TRUST, label="Confiar en el certificado del servidor (SQL Server con certificado "
                             "propio)", default_value=s.trust_certificate)
            with dpg.group(tag="connection_certificate_group"):
                dpg.add_input_text(tag=CERTIFICATE, label="Certificado del servidor", width=FIELD_WIDTH,
                                   default_value=s.certificate, hint="C:/itl/server.crt",
                                   callback=lambda: self._show_fingerprint())
                dpg.add_text("", tag=FINGERPRINT, wrap=560)
            dpg.add_checkbox(tag=REMEMBER, label="Recordar la contraseña en el almacén de credenciales del sistema",
                             default_value=s.remember_password and self.keyring_ok, enabled=self.keyring_ok)
            if not self.keyring_ok:
                dpg.add_text("(No hay almacén de credenciales disponible: la contraseña se pedirá cada vez.)",
                             wrap=560)
            dpg.add_button(tag=SUBMIT, label="Conectar", width=150, callback=lambda: self.submit())
            dpg.add_text("", tag=MESSAGE, wrap=560)
        self.set_message(message, info)
        self._kind_changed(initial=True)
        self._show_fingerprint()
        if local is not None:
            dpg.focus_item(LOCAL)
        elif info and dpg.is_item_enabled(PASSWORD):
            dpg.focus_item(PASSWORD)  # only the password is missing: the cursor is there

    # ---- form ---------------------------------------------------------------------------------
    def _kind(self) -> str:
        label = dpg.get_value(KIND)
        return next((k for k, v in svc.KINDS.items() if v == label), "pg")

    def _kind_changed(self, initial: bool = False) -> None:
        kind = self._kind()
        mssql = kind == "mssql"
        if not initial and dpg.get_value(PORT) in svc.DEFAULT_PORTS.values():
            dpg.set_value(PORT, svc.DEFAULT_PORTS[kind])
        dpg.configure_item(WINDOWS_AUTH, show=mssql)
        dpg.configure_item(TRUST, show=mssql)
        dpg.configure_item("connection_certificate_group", show=not mssql)
        windows = mssql and bool(dpg.get_value(WINDOWS_AUTH))
        dpg.configure_item(USERNAME, enabled=not windows)
        dpg.configure_item(PASSWORD, enabled=not windows)

    def _show_fingerprint(self) -> None:
        """The chosen certificate's SHA-256, to compare with the one the server printed."""
        path = dpg.get_value(CERTIFICATE).strip()
        if not path:
            dpg.set_value(FINGERPRINT, "Para una base integrada en otra máquina hace falta su archivo server.crt: "
                                       "con él esta PC solo acepta ese servidor.")
            return
        try:
            dpg.set_value(FINGERPRINT, "Huella SHA-256 (compárela con la que muestra el servidor al arrancar): "
                          + svc.certificate_fingerprint(path))
        except ValueError as exc:
            dpg.set_value(FINGERPRINT, str(exc))

    def read(self) -> tuple[svc.ConnectionSettings, str]:
        kind = self._kind()
        settings = svc.ConnectionSettings(
            kind=kind, host=dpg.get_value(HOST).strip(), port=int(dpg.get_value(PORT)),
            database=dpg.get_value(DATABASE).strip(), username=dpg.get_value(USERNAME).strip(),
            windows_auth=kind == "mssql" and bool(dpg.get_value(WINDOWS_AUTH)),
            trust_certificate=kind == "mssql" and bool(dpg.get_value(TRUST)),
            remember_password=self.keyring_ok and bool(dpg.get_value(REMEMBER)),
            certificate=dpg.get_value(CERTIFICATE).strip() if kind == "pg" else "",
        )
        return settings, dpg.get_value(PASSWORD)

    def set_message(self, text: str, info: bool = False) -> None:
        dpg.set_value(MESSAGE, text)
        p = theme.palette()  # the theme's text colour: readable on the window (a pale blue was not)
        dpg.configure_item(MESSAGE, color=p.text if info else p.error)

    # ---- checking ---------------------------------------------------------------------------
    def submit(self) -> None:
        if self._pending is not None:
            return
        settings, password = self.read()
        found = svc.problems(settings, password)
        if found:
            self.set_message(" ".join(found))
            return
        self._attempt = (settings, password)
        dpg.configure_item(SUBMIT, enabled=False, label="Conectando…")
        self.set_message(f"Probando la conexión con {settings.describe()}…", info=True)
        self._pending = self._pool.submit(svc.try_connect, settings, password)

    def tick(self) -> None:
        """Once per frame: deliver the check's answer."""
        if self._pending is None or not self._pending.done():
            return
        future, self._pending = self._pending, None
        dpg.configure_item(SUBMIT, enabled=True, label="Conectar")
        try:
            problem = future.result()
        except Exception as exc:  # the check itself failed: say so, keep the form
            problem = f"No se pudo probar la conexión: {exc}"
        if problem:
            self.set_message(problem)
            return
        assert self._attempt is not None
        settings, password = self._attempt
        svc.save_settings(settings)
        stored = svc.remember_password(settings, password)
        self.saved = settings
        self.url = svc.build_url(settings, password)
        note = " Contraseña guardada en el almacén del sistema." if settings.remember_password and stored else ""
        self.set_message(f"Conectado.{note}", info=True)

    def use_local(self, url: str) -> None:
        """«Usar el sistema de este equipo»: its embedded database, this time (the saved settings stay)."""
        if self._pending is None:
            self.url = url
            dpg.set_value(LOCAL_TEXT, "Conectado al sistema de este equipo: sigue el inicio de sesión.")
            self.set_message("Conectado al sistema de este equipo.", info=True)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
