"""Name mapping between the Python call, PostgreSQL (snake_case) and T-SQL (PascalCase)."""

from __future__ import annotations

import re

_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


def pascal(name: str) -> str:
    """ticket_event -> TicketEvent."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def snake(name: str) -> str:
    """TicketEvent -> ticket_event."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def split_procedure(procedure: str) -> tuple[str, str]:
    """'webform.submit_ticket' -> ('webform', 'submit_ticket'), checked identifiers only."""
    schema, _, name = procedure.partition(".")
    if schema not in ("webform", "staff", "app", "demo") or not _IDENT.match(name):
        raise ValueError(f"nombre de procedimiento no válido: {procedure!r}")
    return schema, name


def check_param(name: str) -> str:
    if not _IDENT.match(name):
        raise ValueError(f"nombre de parámetro no válido: {name!r}")
    return name
