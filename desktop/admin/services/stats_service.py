"""Statistics screen: the whole report in one blocking load (parallel calls), its tables for the
screen and the CSV export, the choices the administrator made (kept in the user's config file),
and the chart rectangles cut out of a captured frame for the PNG export."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from desktop import config
from desktop.services.formatting import duration

Call = Callable[..., list[dict[str, Any]]]
Row = dict[str, Any]

DIMENSIONS = {
    "status": "Estado", "campus": "Campus", "category": "Categoría", "requester_type": "Tipo de solicitante",
    "department": "Departamento", "priority": "Prioridad", "operator": "Operador",
}
GRAINS = {"day": "Día", "week": "Semana", "month": "Mes"}
SUMMARY_LABELS = {
    "received": "Recibidos", "open_in_range": "Abiertos (de los recibidos)",
    "open_backlog": "Pendientes hoy (todos)", "resolved": "Resueltos en el periodo",
    "first_response_median": "Primera respuesta, mediana",
    "first_response_p90": "Primera respuesta, percentil 90",
    "resolution_median": "Solución, mediana", "resolution_p90": "Solución, percentil 90",
    "resolved_late": "Resueltos fuera de tiempo", "open_overdue": "Abiertos fuera de tiempo",
    "over_target": "Total fuera de tiempo",
}
# The requesters' ratings (staff.get_stats_satisfaction, added with the requester conversation):
# one row for the whole range and one per operator. A database without that procedure still
# shows every other statistic (satisfaction None).
DURATIONS = ("first_response_median", "first_response_p90", "resolution_median", "resolution_p90")  # minutes
# File and table names in Spanish: estadisticas_por_categoria_....csv, grafica_por_estado.png.
DIMENSION_NAMES = {
    "status": "estado", "campus": "campus", "category": "categoria", "requester_type": "tipo_de_solicitante",
    "department": "departamento", "priority": "prioridad", "operator": "operador",
}
SATISFACTION_DIMENSIONS = {"total": "Total", "operator": "Operador"}
CONFIG_SECTION = "estadisticas"
DEFAULT_DAYS = 90


@dataclass
class StatsRequest:
    date_from: date
    date_to: date
    campus_id: int | None = None
    grain: str = "day"


@dataclass
class StatsChoices:
    """What the administrator chose on the screen; kept between loads and between sessions.
    A range that ended on the day it was chosen keeps ending "today" (same length)."""

    date_from: date
    date_to: date
    campus: str = ""  # campus name; "" = all
    grain: str = "week"
    dimension: str = "requester_type"

    @classmethod
    def default(cls, today: date | None = None) -> StatsChoices:
        today = today or date.today()
        return cls(today - timedelta(days=DEFAULT_DAYS - 1), today)

    @classmethod
    def restore(cls, today: date | None = None) -> StatsChoices:
        today = today or date.today()
        saved = config.section(CONFIG_SECTION)
        choices = cls.default(today)
        try:
            start, end = date.fromisoformat(saved["date_from"]), date.fromisoformat(saved["date_to"])
            if saved.get("ends_today") and start <= end:
                start, end = today - (end - start), today
            choices = cls(start, end, str(saved.get("campus", "")), str(saved.get("grain", "week")),
                          str(saved.get("dimension", "requester_type")))
        except (KeyError, TypeError, ValueError):
            pass
        if choices.grain not in GRAINS:
            choices.grain = "week"
        if choices.dimension not in DIMENSIONS:
            choices.dimension = "requester_type"
        return choices

    def remember(self, today: date | None = None) -> bool:
        values = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items()}
        values["ends_today"] = self.date_to == (today or date.today())
        return config.save_section(CONFIG_SECTION, values)


@dataclass
class StatsReport:
    request: StatsRequest
    summary: Row
    breakdowns: dict[str, list[Row]]
    trend: list[Row]
    top_equipment: list[Row]
    backlog: list[Row]
    satisfaction: dict[str, list[Row]] | None = None

    def tables(self) -> dict[str, tuple[list[str], list[list[Any]]]]:
        """Every statistic as (headers, rows): what the screen shows and CSV export writes."""
        out: dict[str, tuple[list[str], list[list[Any]]]] = {
            "resumen": (["indicador", "valor"],
                        [[SUMMARY_LABELS[k], duration(self.summary.get(k)) if k in DURATIONS else self.summary.get(k)]
                         for k in SUMMARY_LABELS]),
        }
        for dim, rows in self.breakdowns.items():
            out[breakdown_name(dim)] = ([DIMENSIONS[dim], "solicitudes"],
                                        [[r["item_name"], r["ticket_count"]] for r in rows])
        out["tendencia"] = (["inicio_del_periodo", "recibidas", "resueltas"],
                            [[r["period_start"].isoformat(), r["received"], r["resolved"]] for r in self.trend])
        out["equipos_con_mas_solicitudes"] = (
            ["inventario", "tipo", "marca", "modelo", "ubicacion", "solicitudes"],
            [[r["inventory_tag"], r["kind"], r["brand"], r["model"], r["location_name"], r["ticket_count"]]
             for r in self.top_equipment])
        out["pendientes_por_campus_y_estado"] = (
            ["campus", "estado", "solicitudes"],
            [[r["campus_name"], r["status_name"], r["ticket_count"]] for r in self.backlog])
        if self.satisfaction is not None:
            out["satisfaccion_por_operador"] = (
                ["operador", "respuestas", "promedio", "1", "2", "3", "4", "5"],
                [[r["item_name"], r["rating_count"], r["rating_average"], r["rating_1"], r["rating_2"],
                  r["rating_3"], r["rating_4"], r["rating_5"]]
                 for r in self.satisfaction["total"] + self.satisfaction["operator"]])
        return out


def breakdown_name(dimension: str) -> str:
    """'por_categoria': the table, CSV and chart name of a breakdown."""
    return f"por_{DIMENSION_NAMES[dimension]}"


def period_start(day: date, grain: str) -> date:
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def fill_periods(rows: Sequence[Row], request: StatsRequest) -> list[Row]:
    """The trend with every period of the range, zeros where nothing happened (for the line chart)."""
    by_start = {r["period_start"]: r for r in rows}
    out: list[Row] = []
    current = period_start(request.date_from, request.grain)
    while current <= request.date_to:
        found = by_start.get(current)
        out.append({"period_start": current, "received": found["received"] if found else 0,
                    "resolved": found["resolved"] if found else 0})
        if request.grain == "month":
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
        else:
            current += timedelta(days=7 if request.grain == "week" else 1)
    return out


class StatsService:
    def __init__(self, call: Call) -> None:
        self.call = call

    def load(self, request: StatsRequest, parallel: int = 3) -> StatsReport:
        """Blocking: the whole statistics screen (one call per result shape, `parallel` at a time)."""
        from concurrent.futures import ThreadPoolExecutor

        rng = {"date_from": request.date_from, "date_to": request.date_to, "campus_id": request.campus_id}
        jobs: dict[str, tuple[str, dict[str, Any]]] = {
            "summary": ("staff.get_stats_summary", rng),
            **{dim: ("staff.get_stats_breakdown", {"dimension": dim, **rng}) for dim in DIMENSIONS},
            "trend": ("staff.get_stats_trend", {"grain": request.grain, **rng}),
            "top": ("staff.get_stats_top_equipment", {"max_rows": 10, **rng}),
            "backlog": ("staff.get_stats_backlog", {"campus_id": request.campus_id}),
        }
        with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
            futures = {key: pool.submit(self.call, proc, **params) for key, (proc, params) in jobs.items()}
            results = {key: future.result() for key, future in futures.items()}
        return StatsReport(request, results["summary"][0], {dim: results[dim] for dim in DIMENSIONS},
                           fill_periods(results["trend"], request), results["top"], results["backlog"],
                           self.satisfaction(rng))

    def satisfaction(self, rng: dict[str, Any]) -> dict[str, list[Row]] | None:
        """Ratings by total and operator; None when this database has no such procedure yet."""
        import gateway

        try:
            return {dim: self.call("staff.get_stats_satisfaction", dimension=dim, **rng)
                    for dim in SATISFACTION_DIMENSIONS}
        except gateway.DatabaseUnavailable:
            raise
        except gateway.AppError as exc:
            if exc.error_id == gateway.error_id("unexpected_error"):  # procedure missing (older database)
                return None
            raise


# ---- exports --------------------------------------------------------------------------------

def count_ticks(largest: float, most: int = 8) -> list[int]:
    """Whole-number ticks from 0 for an axis of counts (never «2.5 solicitudes»): a step of 1, 2 or
    5 times a power of ten, at most `most` intervals, the last tick at or above `largest`."""
    top = max(1, math.ceil(largest))
    scale = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * scale
            if math.ceil(top / step) <= most:
                return list(range(0, math.ceil(top / step) * step + 1, step))
        scale *= 10


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (UTF-8 with BOM when written, so Excel opens the accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else (f"{v:.1f}" if isinstance(v, float) else v) for v in row])
    return buffer.getvalue()


def export_csv(report: StatsReport, folder: Path) -> list[Path]:
    """One CSV file per statistic; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = f"{report.request.date_from:%Y%m%d}-{report.request.date_to:%Y%m%d}"
    written = []
    for name, (headers, rows) in report.tables().items():
        path = folder / f"estadisticas_{name}_{stamp}.csv"
        path.write_text("\ufeff" + to_csv(headers, rows), encoding="utf-8", newline="")
        written.append(path)
    return written


Rect = tuple[Sequence[float], Sequence[float]]  # ((x, y), (width, height)) in frame pixels


def crop_frame(pixels: Sequence[float], frame_width: int, frame_height: int,
               rects: dict[str, Rect]) -> dict[str, tuple[int, int, list[int]]]:
    """Cut rectangles (screen coordinates, y down) out of a captured frame as RGBA bytes 0..255 for
    dpg.save_image. The frame is Dear PyGui's output_frame_buffer: RGBA floats 0..1, rows from the
    BOTTOM of the window up (OpenGL's order; read top-down, the charts came out upside down).
    Rectangles that are empty or outside the frame (a chart scrolled out of view) are left out."""
    out: dict[str, tuple[int, int, list[int]]] = {}
    for name, ((x, y), (w, h)) in rects.items():
        x, y, w, h = int(x), int(y), int(w), int(h)
        if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > frame_width or y + h > frame_height:
            continue
        data: list[int] = []
        for row in range(y, y + h):
            start = ((frame_height - 1 - row) * frame_width + x) * 4
            data.extend(round(v * 255) for v in pixels[start:start + w * 4])
        out[name] = (w, h, data)
    return out
