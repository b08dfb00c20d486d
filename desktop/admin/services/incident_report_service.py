"""«Estadísticas de incidentes» for administrators (issue 18): incident statistics by month
(staff.get_stats_incidents) and «Equipos con fallas repetidas» (staff.list_repeat_failures),
as screen tables and CSV files written like the other statistics (stats_service.to_csv)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop.admin.services.stats_service import to_csv
from desktop.services.formatting import local_time

Call = Callable[..., list[dict[str, Any]]]

STATS_HEADERS = ["Mes", "Incidentes", "Resueltos", "Tickets agrupados", "Tickets por incidente",
                 "Tiempo para resolver, promedio (min)", "Tiempo para resolver, máximo (min)"]
REPEAT_HEADERS = ["Campus", "Lugar", "Etiqueta", "Fallas", "Última falla", "Último folio"]


@dataclass
class IncidentReport:
    date_from: date
    date_to: date
    stats: list[dict[str, Any]]
    repeats: list[dict[str, Any]]

    def stats_rows(self) -> list[list[Any]]:
        return [[f"{r['month_start']:%Y-%m}", r["incident_count"], r["resolved_count"], r["ticket_count"],
                 float(r["tickets_per_incident"]) if r["tickets_per_incident"] is not None else None,
                 r["resolve_minutes_avg"], r["resolve_minutes_max"]] for r in self.stats]

    def repeat_rows(self) -> list[list[Any]]:
        return [[r["campus_name"], r["location_name"] or "", r["inventory_tag"], r["failure_count"],
                 local_time(r["last_failure_at"]), r["last_folio"]] for r in self.repeats]


def load(call: Call, date_from: date, date_to: date) -> IncidentReport:
    return IncidentReport(date_from, date_to,
                          call("staff.get_stats_incidents", date_from=date_from, date_to=date_to),
                          call("staff.list_repeat_failures", campus_id=None))


def export_csv(report: IncidentReport, folder: Path) -> list[Path]:
    """Two CSV files (UTF-8 with BOM, as the other statistics); returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = f"{report.date_from:%Y%m%d}-{report.date_to:%Y%m%d}"
    files = {
        folder / f"estadisticas_incidentes_{stamp}.csv": to_csv(STATS_HEADERS, report.stats_rows()),
        folder / f"equipos_fallas_repetidas_{date.today():%Y%m%d}.csv": to_csv(REPEAT_HEADERS, report.repeat_rows()),
    }
    for path, text in files.items():
        path.write_text("\ufeff" + text, encoding="utf-8", newline="")
    return list(files)
