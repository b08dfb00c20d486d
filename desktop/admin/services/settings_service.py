"""Settings screen: the values of app.setting with their bounds (staff.list_settings) and one
change at a time (staff.save_setting, which validates the bounds and audits the change)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Call = Callable[..., list[dict[str, Any]]]
Row = dict[str, Any]

INCIDENTS_GROUP = "Incidentes y fallas repetidas"
# How the screen groups the keys it knows (each row shows the setting's Spanish description from
# app.setting, never its key); any other key goes to "Otros".
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Formulario web y página de consulta", (
        "submit_client_per_hour", "submit_global_per_minute", "status_lookup_failures_per_hour",
        "status_lookup_folio_failures_per_hour", "attachment_max_count", "attachment_max_bytes",
        "attachment_max_per_ticket", "reopen_window_days", "photo_link_minutes", "incident_public_count")),
    ("Inicio de sesión del personal", (
        "login_max_failures", "login_lockout_minutes", "login_source_max_failures", "login_source_window_minutes",
        "login_trusted_source_days", "session_idle_minutes", "session_max_hours", "min_pbkdf2_iterations")),
    (INCIDENTS_GROUP, ("incident_window_minutes", "incident_min_tickets", "repeat_failure_count",
                       "repeat_failure_days")),
    ("Bitácoras", ("log_retention_days",)),
)
OTHERS = "Otros"


def grouped(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """[(group title, rows)] in the screen's order; empty groups left out."""
    by_key = {r["setting_key"]: r for r in rows}
    out: list[tuple[str, list[Row]]] = []
    known: set[str] = set()
    for title, keys in GROUPS:
        items = [by_key[k] for k in keys if k in by_key]
        known.update(keys)
        if items:
            out.append((title, items))
    rest = [r for r in rows if r["setting_key"] not in known]
    if rest:
        out.append((OTHERS, rest))
    return out


def editable(row: Row) -> bool:
    """A setting without a declared range (app.setting_bound) is shown but not changed here."""
    return row.get("min_value") is not None and row.get("max_value") is not None


def bounds_text(row: Row) -> str:
    if not editable(row):
        return "sin rango definido (solo lectura)"
    return f"entre {row['min_value']:,} y {row['max_value']:,}"


def parse_value(text: str) -> int:
    """The typed value as an integer; ValueError with a Spanish message otherwise."""
    cleaned = text.strip().replace(",", "").replace(" ", "")
    try:
        return int(cleaned)
    except ValueError as exc:
        raise ValueError("Escriba un número entero, sin decimales ni letras.") from exc


class SettingsService:
    def __init__(self, call: Call) -> None:
        self.call = call

    def list(self) -> list[Row]:
        return self.call("staff.list_settings")

    def save(self, key: str, value: int) -> Row:
        """The saved row; gateway.AppError 4100-4103 (Spanish message) when refused."""
        return self.call("staff.save_setting", setting_key=key, setting_value=value)[0]
