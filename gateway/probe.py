"""One direct connection attempt, to tell a person what is wrong with connection settings.

`probe(url)` returns None when a connection opens, else a Spanish sentence naming the likely
cause (server not answering, wrong user or password, unknown database, TLS refused, ODBC
driver missing). The pools of gateway.connect() retry quietly and only say "unavailable",
which is right for a running app but not for the first-run connection screen.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def _where(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    return f"{host}:{parts.port}" if parts.port else host


def explain(text: str, url: str) -> str:
    """A driver's error text -> what the person should check (Spanish)."""
    low = text.lower()
    where = _where(url)
    if "im002" in low or "data source name not found" in low or "can't open lib" in low:
        return ("No está instalado el controlador «ODBC Driver 18 for SQL Server» en este equipo. "
                "Instálelo (docs/readme/desktop.md) y vuelva a intentar.")
    if "password authentication failed" in low or "login failed" in low or "18456" in low \
            or "no password supplied" in low:
        return "El usuario o la contraseña de la base de datos no son correctos."
    if ("does not exist" in low and "database" in low) or "cannot open database" in low or "4060" in low:
        return "El servidor respondió, pero no tiene esa base de datos. Revise el nombre de la base."
    if "pg_hba" in low or "no pg_hba.conf entry" in low:
        return f"{where} no permite conexiones desde este equipo (pg_hba.conf). Avise al administrador."
    if "certificate verify failed" in low or "self-signed certificate" in low or "self signed certificate" in low:
        return (f"{where} presentó un certificado que no es el de la instalación: no se envió la contraseña. "
                "Puede ser otro equipo haciéndose pasar por el servidor. Compare la huella del certificado "
                "indicado con la que muestra el servidor y avise al administrador.")
    if "channel binding" in low:
        return (f"{where} no ofreció el inicio de sesión ligado al canal cifrado (channel binding); no se "
                "envió la contraseña. Avise al administrador.")
    if "ssl" in low or "certificate" in low or "encryption" in low or "tls" in low:
        return (f"{where} no aceptó la conexión cifrada (TLS). Si el servidor usa un certificado propio, "
                "marque «Confiar en el certificado del servidor» (SQL Server) o pida al administrador que "
                "active TLS en la base integrada (run_system --db-listen).")
    return (f"No hay respuesta de {where}. Revise la dirección y el puerto, que el servidor esté encendido "
            "y que el firewall permita la conexión.")


def probe(url: str, timeout: int = 5) -> str | None:
    try:
        if url.startswith(("postgresql://", "postgres://")):
            import psycopg

            with psycopg.connect(url, connect_timeout=timeout, application_name="itl-tickets-probe"):
                pass
        elif url.startswith("mssql"):
            import pyodbc

            from .mssql import odbc_string

            pyodbc.connect(odbc_string(url), timeout=timeout).close()
        else:
            return "Dirección de base de datos no reconocida (use postgresql://... o mssql://...)."
    except Exception as exc:  # every driver error becomes a sentence for the person
        return explain(str(exc), url)
    return None
