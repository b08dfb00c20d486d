"""Administration services: staff accounts, catalogs, CSV import, statistics, exports.

No widgets here (tested without a display). Every database call goes through `call`,
which is AppContext.call (it adds the session token); the calls block, so views run
them through ctx.run_async.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from gateway.passwords import DEFAULT_ITERATIONS, derive_key, new_salt

Call = Callable[..., list[dict[str, Any]]]
Row = dict[str, Any]

ROLES = ("operador", "administrador")
# Unambiguous alphabet for temporary passwords read aloud or copied by hand.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


# ---- staff accounts ---------------------------------------------------------------

def temporary_password(length: int = 14) -> str:
    """A random temporary password with upper, lower and digits (shown once, never stored)."""
    while True:
        text = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if any(c.isupper() for c in text) and any(c.islower() for c in text) and any(c.isdigit() for c in text):
            return text


def password_params(password: str, iterations: int = DEFAULT_ITERATIONS) -> dict[str, Any]:
    """What the database receives instead of the password: salt, iterations, PBKDF2 key."""
    salt = new_salt()
    return {"salt": salt, "iterations": iterations, "password_key": derive_key(password, salt, iterations)}


class StaffService:
    def __init__(self, call: Call, iterations: int = DEFAULT_ITERATIONS) -> None:
        self.call = call
        self.iterations = iterations

    def list_staff(self) -> list[Row]:
        return self.call("staff.list_staff")

    def create(self, username: str, full_name: str, role: str) -> tuple[int, str]:
        """Creates the account; returns (staff_id, temporary password to show once)."""
        password = temporary_password()
        rows = self.call("staff.create_staff", username=username, full_name=full_name, role=role,
                         **password_params(password, self.iterations))
        return int(rows[0]["staff_id"]), password

    def update(self, staff_id: int, full_name: str, role: str) -> None:
        self.call("staff.update_staff", staff_id=staff_id, full_name=full_name, role=role)

    def set_active(self, staff_id: int, is_active: bool) -> None:
        self.call("staff.set_staff_active", staff_id=staff_id, is_active=is_active)

    def unlock(self, staff_id: int) -> None:
        self.call("staff.unlock_staff", staff_id=staff_id)

    def reset_password(self, staff_id: int) -> str:
        password = temporary_password()
        self.call("staff.reset_staff_password", staff_id=staff_id, **password_params(password, self.iterations))
        return password

    def login_attempts(self, staff_id: int) -> list[Row]:
        return self.call("staff.list_login_attempts", staff_id=staff_id, max_rows=50)

    def audit(self, max_rows: int = 200) -> list[Row]:
        return self.call("staff.list_admin_audit", max_rows=max_rows)


# ---- catalogs -----------------------------------------------------------------------

@dataclass(frozen=True)
class CatalogSpec:
    key: str            # staff.set_catalog_active's catalog name
    label: str          # Spanish tab label
    list_proc: str
    save_proc: str
    id_field: str
    fields: tuple[str, ...]   # editable fields, in save procedure order (after the id)
    columns: tuple[tuple[str, str], ...]  # (result column, Spanish header) shown in the table


CATALOGS: dict[str, CatalogSpec] = {
    spec.key: spec for spec in (
        CatalogSpec("location", "Ubicaciones", "staff.list_locations", "staff.save_location", "location_id",
                    ("campus_id", "name", "kind", "building", "sort_order"),
                    (("campus_name", "Campus"), ("name", "Nombre"), ("kind", "Tipo"), ("building", "Edificio"),
                     ("sort_order", "Orden"), ("is_active", "Activo"))),
        CatalogSpec("department", "Departamentos", "staff.list_departments", "staff.save_department",
                    "department_id", ("name", "is_academic", "sort_order"),
                    (("name", "Nombre"), ("is_academic", "Académico"), ("sort_order", "Orden"),
                     ("is_active", "Activo"))),
        CatalogSpec("equipment", "Equipos", "staff.list_equipment_items", "staff.save_equipment", "equipment_id",
                    ("inventory_tag", "serial_number", "brand", "model", "kind", "location_id"),
                    (("inventory_tag", "Inventario"), ("kind", "Tipo"), ("brand", "Marca"), ("model", "Modelo"),
                     ("serial_number", "Serie"), ("campus_code", "Campus"), ("location_name", "Ubicación"),
                     ("is_active", "Activo"))),
        CatalogSpec("problem_category", "Categorías", "staff.list_categories", "staff.save_category",
                    "category_id", ("name", "kind", "needs_equipment", "target_hours", "sort_order"),
                    (("name", "Nombre"), ("kind", "Tipo"), ("needs_equipment", "Pide equipo"),
                     ("target_hours", "Horas objetivo"), ("sort_order", "Orden"), ("is_active", "Activo"))),
        CatalogSpec("priority", "Prioridades", "staff.list_priorities", "staff.save_priority", "priority_id",
                    ("code", "name", "rank", "response_target_hours", "resolution_target_hours", "is_default"),
                    (("code", "Código"), ("name", "Nombre"), ("rank", "Rango"),
                     ("response_target_hours", "Respuesta (h)"), ("resolution_target_hours", "Solución (h)"),
                     ("is_default", "Por omisión"), ("is_active", "Activo"))),
    )
}

LOCATION_KINDS = ("edificio", "laboratorio", "aula", "oficina", "auditorio", "biblioteca", "otro")
EQUIPMENT_KINDS = ("computadora", "laptop", "impresora", "proyector", "telefono", "red", "servidor", "otro")
CATEGORY_KINDS = ("servicio", "equipo")


class CatalogService:
    def __init__(self, call: Call) -> None:
        self.call = call

    def campuses(self) -> list[Row]:
        return self.call("staff.list_campuses")

    def list(self, catalog: str) -> list[Row]:
        return self.call(CATALOGS[catalog].list_proc)

    def save(self, catalog: str, item_id: int | None, values: dict[str, Any]) -> int:
        spec = CATALOGS[catalog]
        params = {spec.id_field: item_id, **{name: values.get(name) for name in spec.fields}}
        return int(self.call(spec.save_proc, **params)[0]["item_id"])

    def set_active(self, catalog: str, item_id: int, is_active: bool) -> None:
        self.call("staff.set_catalog_active", catalog=catalog, item_id=item_id, is_active=is_active)

    def import_equipment(self, text: str) -> ImportResult:
        parsed = parse_equipment_csv(text)
        if parsed.problems:
            return ImportResult(0, parsed.problems)
        rows = self.call("staff.import_equipment", rows_json=json.dumps(parsed.rows, ensure_ascii=False))
        problems = [Problem(r["line_number"], r["field_name"], r["message"]) for r in rows
                    if r["line_number"] is not None]
        imported = 0 if problems else int(rows[0]["imported_count"])
        return ImportResult(imported, problems)


# ---- CSV import of the equipment inventory ----------------------------------------------

CSV_COLUMNS = ("inventory_tag", "serial_number", "brand", "model", "kind", "campus_code", "location_name")
# Spanish headers accepted as synonyms (the template uses the first one of each).
CSV_HEADERS = {
    "inventario": "inventory_tag", "etiqueta": "inventory_tag", "inventory_tag": "inventory_tag",
    "serie": "serial_number", "numero_de_serie": "serial_number", "serial_number": "serial_number",
    "marca": "brand", "brand": "brand", "modelo": "model", "model": "model", "tipo": "kind", "kind": "kind",
    "campus": "campus_code", "campus_code": "campus_code", "ubicacion": "location_name",
    "ubicación": "location_name", "location_name": "location_name",
}
CSV_TEMPLATE = "inventario,serie,marca,modelo,tipo,campus,ubicacion\n"


@dataclass
class Problem:
    line_number: int | None
    field_name: str | None
    message: str

    def text(self) -> str:
        where = f"Línea {self.line_number}" if self.line_number else "Archivo"
        return f"{where}, {self.field_name or '-'}: {self.message}"


@dataclass
class ParsedCsv:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ImportResult:
    imported: int
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_equipment_csv(text: str) -> ParsedCsv:
    """CSV text (comma or semicolon, UTF-8 with or without BOM) -> rows with their line numbers.

    Only the file's shape is checked here (header, column count); the database validates
    every value and reports each bad row.
    """
    result = ParsedCsv()
    text = text.lstrip("\ufeff")
    if not text.strip():
        result.problems.append(Problem(None, None, "El archivo está vacío."))
        return result
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        result.problems.append(Problem(1, None, f"No se pudo leer el archivo CSV: {exc}"))
        return result
    names = [CSV_HEADERS.get(h.strip().lower().replace(" ", "_")) for h in header]
    unknown = [h for h, n in zip(header, names, strict=True) if n is None and h.strip()]
    if "inventory_tag" not in names or unknown:
        extra = f" Columnas no reconocidas: {', '.join(unknown)}." if unknown else ""
        result.problems.append(Problem(1, None, "El encabezado debe ser: " + CSV_TEMPLATE.strip() + "." + extra))
        return result
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                result.problems.append(Problem(line, None, f"Se esperaban {len(header)} columnas y hay {len(values)}."))
                continue
            row: Row = {"line": line}
            for name, value in zip(names, values, strict=True):
                if name:
                    row[name] = value.strip()
            result.rows.append(row)
    except csv.Error as exc:
        result.problems.append(Problem(reader.line_num, None, f"No se pudo leer el archivo CSV: {exc}"))
    if not result.rows and not result.problems:
        result.problems.append(Problem(None, None, "El archivo no tiene filas para importar."))
    return result


# ---- statistics ---------------------------------------------------------------------------

DIMENSIONS = {
    "status": "Estado", "campus": "Campus", "category": "Categoría", "requester_type": "Tipo de solicitante",
    "department": "Departamento", "priority": "Prioridad", "operator": "Operador",
}
GRAINS = {"day": "Día", "week": "Semana", "month": "Mes"}
SUMMARY_LABELS = {
    "received": "Recibidos", "open_in_range": "Abiertos (de los recibidos)",
    "open_backlog": "Pendientes hoy (todos)", "resolved": "Resueltos en el periodo",
    "first_response_median": "Primera respuesta, mediana (min)",
    "first_response_p90": "Primera respuesta, percentil 90 (min)",
    "resolution_median": "Solución, mediana (min)", "resolution_p90": "Solución, percentil 90 (min)",
    "resolved_late": "Resueltos fuera de tiempo", "open_overdue": "Abiertos fuera de tiempo",
    "over_target": "Total fuera de tiempo",
}


@dataclass
class StatsRequest:
    date_from: date
    date_to: date
    campus_id: int | None = None
    grain: str = "day"


@dataclass
class StatsReport:
    request: StatsRequest
    summary: Row
    breakdowns: dict[str, list[Row]]
    trend: list[Row]
    top_equipment: list[Row]
    backlog: list[Row]

    def tables(self) -> dict[str, tuple[list[str], list[list[Any]]]]:
        """Every statistic as (headers, rows): what the screen shows and CSV export writes."""
        out: dict[str, tuple[list[str], list[list[Any]]]] = {
            "resumen": (["indicador", "valor"],
                        [[SUMMARY_LABELS[k], self.summary.get(k)] for k in SUMMARY_LABELS]),
        }
        for dim, rows in self.breakdowns.items():
            out[f"por_{dim}"] = ([DIMENSIONS[dim], "solicitudes"], [[r["item_name"], r["ticket_count"]] for r in rows])
        out["tendencia"] = (["inicio_del_periodo", "recibidas", "resueltas"],
                            [[r["period_start"].isoformat(), r["received"], r["resolved"]] for r in self.trend])
        out["equipos_con_mas_solicitudes"] = (
            ["inventario", "tipo", "marca", "modelo", "ubicacion", "solicitudes"],
            [[r["inventory_tag"], r["kind"], r["brand"], r["model"], r["location_name"], r["ticket_count"]]
             for r in self.top_equipment])
        out["pendientes_por_campus_y_estado"] = (
            ["campus", "estado", "solicitudes"],
            [[r["campus_name"], r["status_name"], r["ticket_count"]] for r in self.backlog])
        return out


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
                           fill_periods(results["trend"], request), results["top"], results["backlog"])


# ---- exports --------------------------------------------------------------------------------

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


def crop_frame(frame: memoryview, frame_width: int, frame_height: int, x: float, y: float, width: float,
               height: float) -> array | None:
    """A rectangle of the renderer's frame (RGBA floats 0..1, row-major) as RGBA values 0..255 for
    dpg.save_image; None when the rectangle is empty or leaves the frame."""
    x0, y0, w, h = int(x), int(y), int(width), int(height)
    if w <= 0 or h <= 0 or x0 < 0 or y0 < 0 or x0 + w > frame_width or y0 + h > frame_height:
        return None
    floats = array("f")
    for row in range(y0, y0 + h):
        start = (row * frame_width + x0) * 4
        floats.frombytes(frame[start:start + w * 4].tobytes())
    return array("f", (round(v * 255) for v in floats))
