"""CSV import of the equipment inventory: the file's shape is checked here, every value by
staff.import_equipment (all or nothing, one problem per bad line)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Row = dict[str, Any]

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


def read_csv_file(path: Path) -> str:
    """The file's text (UTF-8, with or without BOM); ValueError with a Spanish message otherwise."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError("El archivo no está en UTF-8: guárdelo como «CSV UTF-8» e intente de nuevo.") from exc
    except OSError as exc:
        raise ValueError(f"No se pudo leer el archivo {path.name}: revise que exista y que no esté abierto "
                         "en otro programa.") from exc


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
