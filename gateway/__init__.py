"""The gateway: the only way Python tiers reach the database.

    gw = gateway.connect(url)            # postgresql://... or mssql://...
    rows = gw.call("webform.list_catalog_items")
    rows = gw.call("webform.get_ticket_status", folio="CC-2026-000123", access_code=code, client_key=ip)

Parameters are passed by name (snake_case; `p_<name>` in PostgreSQL, `@<PascalName>`
in T-SQL). Rows come back as dicts with the same snake_case column names on both
backends. Registry errors raise `AppError(error_id, message)`; an unreachable
database raises `DatabaseUnavailable` (error 9002).
"""

from __future__ import annotations

from typing import Any, Protocol

from .errors import AppError, DatabaseUnavailable, error_id, message

__all__ = ["AppError", "DatabaseUnavailable", "Gateway", "connect", "error_id", "message"]


class _Backend(Protocol):
    dialect: str

    def call(self, procedure: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...

    def close(self) -> None: ...


class Gateway:
    def __init__(self, backend: _Backend) -> None:
        self._backend = backend

    @property
    def dialect(self) -> str:
        return self._backend.dialect

    def call(self, procedure: str, **params: Any) -> list[dict[str, Any]]:
        return self._backend.call(procedure, params)

    def close(self) -> None:
        self._backend.close()


def connect(url: str, **pool: Any) -> Gateway:
    if url.startswith(("postgresql://", "postgres://")):
        from .pg import PgBackend

        return Gateway(PgBackend(url, **pool))
    if url.startswith("mssql"):
        from .mssql import MssqlBackend

        return Gateway(MssqlBackend(url, **pool))
    raise ValueError("URL de base de datos no reconocida (use postgresql:// o mssql://)")
