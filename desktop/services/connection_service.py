"""Where the desktop app connects: the first-run connection screen's logic (no widgets).

The settings (kind of server, address, port, database, database user, TLS choices) are kept per
user in desktop.config's file. The database password is never written there: it is typed each
time, or kept in the operating system's credential store (Windows Credential Manager, macOS
Keychain, Secret Service) through `keyring` when that package is installed and has a backend.
"""

from __future__ import annotations

import contextlib
import hashlib
import ssl
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from desktop import config

SECTION = "conexion"
KEYRING_SERVICE = "ITL-Tickets"
KINDS = {"pg": "Base de datos integrada (PostgreSQL)", "mssql": "SQL Server"}
# The embedded database opened to the LAN (run_system --db-listen) answers on its own port.
DEFAULT_PORTS = {"pg": 55432, "mssql": 1433}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
ODBC_DRIVER = "ODBC Driver 18 for SQL Server"


@dataclass
class ConnectionSettings:
    kind: str = "pg"  # "pg" | "mssql"
    host: str = ""
    port: int = DEFAULT_PORTS["pg"]
    database: str = "itl"
    username: str = "itl_desk"
    windows_auth: bool = False  # SQL Server: the Windows account (no user or password)
    trust_certificate: bool = False  # SQL Server: accept a self-signed server certificate
    remember_password: bool = False  # in the credential store (never in the file)
    certificate: str = ""  # embedded database: the server's certificate file (server.crt) to accept only it

    @property
    def is_local(self) -> bool:
        return self.host.strip().lower() in LOCAL_HOSTS

    @property
    def needs_password(self) -> bool:
        return not (self.kind == "mssql" and self.windows_auth)

    def account(self) -> str:
        """The credential store's key for this server and user."""
        return f"{self.kind}://{self.username.strip()}@{self.host.strip().lower()}:{self.port}/{self.database.strip()}"

    def describe(self) -> str:
        return f"{KINDS.get(self.kind, self.kind)} en {self.host.strip()}:{self.port}, base «{self.database.strip()}»"


NEEDS_CERTIFICATE = (
    "Falta el certificado del servidor (server.crt): sin él esta PC no puede comprobar que se conecta al "
    "servidor del Centro de Cómputo y no se conecta. Pídalo al administrador y compare su huella con la que "
    "muestra el servidor.")


def certificate_fingerprint(path: str) -> str:
    """SHA-256 of a PEM certificate as the server prints it (AB:CD:...); ValueError in Spanish."""
    try:
        der = ssl.PEM_cert_to_DER_cert(Path(path).read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"No se pudo leer el certificado «{path}»: copie el archivo server.crt del "
                         "servidor (var/db/tls/server.crt) a este equipo.") from exc
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def problems(s: ConnectionSettings, password: str) -> list[str]:
    """What is missing or wrong in the form, in Spanish (empty: ready to try)."""
    out = []
    if s.kind not in KINDS:
        out.append("Elija el tipo de servidor.")
    host = s.host.strip()
    if not host:
        out.append("Escriba la dirección del servidor (nombre o IP, por ejemplo 192.168.1.20).")
    elif any(c in host for c in " /@?#"):
        out.append("La dirección del servidor no debe tener espacios ni los signos / @ ? #.")
    if not 1 <= int(s.port) <= 65535:
        out.append("El puerto debe ser un número entre 1 y 65535.")
    if not s.database.strip():
        out.append("Escriba el nombre de la base de datos.")
    if s.kind == "pg" and s.certificate.strip():
        try:
            certificate_fingerprint(s.certificate.strip())
        except ValueError as exc:
            out.append(str(exc))
    elif s.kind == "pg" and host and not s.is_local and not any(c in host for c in " /@?#"):
        out.append(NEEDS_CERTIFICATE)
    if s.needs_password:
        if not s.username.strip():
            out.append("Escriba el usuario de la base de datos.")
        if not password:
            out.append("Escriba la contraseña de la base de datos.")
    return out


def build_url(s: ConnectionSettings, password: str) -> str:
    """The gateway URL. PostgreSQL off this machine requires the installation's certificate: TLS that
    accepts only the server holding that certificate's key (sslmode=verify-ca: the self-signed
    certificate is its own and only trust anchor, so its name does not matter) and SCRAM bound to
    that TLS channel (channel_binding=require), so a machine in the middle can neither read nor
    relay the login. SQL Server goes through ODBC Driver 18 (encrypted by default)."""
    host = s.host.strip()
    host_part = f"[{host}]" if ":" in host else host
    db = quote(s.database.strip(), safe="")
    if s.kind == "pg":
        auth = f"{quote(s.username.strip(), safe='')}:{quote(password, safe='')}@"
        if s.certificate.strip():
            query = "?" + urlencode({"sslmode": "verify-ca", "sslrootcert": s.certificate.strip(),
                                     "channel_binding": "require"})
        elif s.is_local:
            query = ""
        else:  # problems() refuses this before any attempt; never fall back to unverified TLS
            raise ValueError(NEEDS_CERTIFICATE)
        return f"postgresql://{auth}{host_part}:{int(s.port)}/{db}{query}"
    params: dict[str, str] = {"driver": ODBC_DRIVER}
    if s.trust_certificate:
        params["TrustServerCertificate"] = "yes"
    if s.windows_auth:
        params["Trusted_Connection"] = "yes"
        auth = ""
    else:
        auth = f"{quote(s.username.strip(), safe='')}:{quote(password, safe='')}@"
    return f"mssql://{auth}{host_part}:{int(s.port)}/{db}?{urlencode(params)}"


def unverified_url(url: str) -> str | None:
    """Why a PostgreSQL URL given by hand (--db-url) must not be used: off this machine it has to
    verify the server (sslmode=verify-ca or verify-full with sslrootcert); None when it is fine."""
    if not url.startswith(("postgresql://", "postgres://")):
        return None
    parts = urlsplit(url)
    if (parts.hostname or "localhost").lower() in LOCAL_HOSTS:
        return None
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if query.get("sslmode") in ("verify-ca", "verify-full") and query.get("sslrootcert"):
        return None
    return ("La dirección de la base de datos no verifica al servidor. Agregue "
            "«?sslmode=verify-ca&sslrootcert=RUTA/server.crt&channel_binding=require» con el certificado del "
            "servidor, o use la pantalla de conexión (python -m desktop --conexion).")


def load_settings() -> ConnectionSettings | None:
    """The saved settings, or None on first run (or when the file is unreadable)."""
    saved = config.section(SECTION)
    if not saved:
        return None
    known = {f.name for f in fields(ConnectionSettings)}
    try:
        s = ConnectionSettings(**{k: v for k, v in saved.items() if k in known})
        s.port = int(s.port)
    except (TypeError, ValueError):
        return None
    return s if s.kind in KINDS and s.host else None


def save_settings(s: ConnectionSettings) -> bool:
    return config.save_section(SECTION, asdict(s))


# ---- the credential store (optional) ---------------------------------------------------------

def _keyring() -> Any | None:
    """The keyring module when it is installed and has a real backend; else None (ask each time)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        if isinstance(keyring.get_keyring(), fail.Keyring):
            return None
    except Exception:  # a broken backend configuration: behave as if there were none
        return None
    return keyring


def keyring_available() -> bool:
    return _keyring() is not None


def stored_password(s: ConnectionSettings) -> str | None:
    store = _keyring()
    if store is None or not s.remember_password:
        return None
    try:
        return store.get_password(KEYRING_SERVICE, s.account())
    except Exception:  # locked or unavailable store: ask
        return None


def remember_password(s: ConnectionSettings, password: str) -> bool:
    """Store (remember_password) or forget the password; False when the store is unavailable."""
    store = _keyring()
    if store is None:
        return False
    try:
        if s.remember_password and password:
            store.set_password(KEYRING_SERVICE, s.account(), password)
        else:
            with contextlib.suppress(Exception):  # nothing stored: fine
                store.delete_password(KEYRING_SERVICE, s.account())
    except Exception:
        return False
    return True


def try_connect(s: ConnectionSettings, password: str) -> str | None:
    """Blocking (worker thread): None when the server accepts these settings, else why not."""
    import gateway.probe

    found = problems(s, password)
    if found:
        return " ".join(found)
    return gateway.probe.probe(build_url(s, password))
