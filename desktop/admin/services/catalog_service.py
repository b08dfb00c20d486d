"""Catalogs (locations, departments, equipment, categories, priorities): list, save, (de)activate,
and the equipment CSV import. Each catalog declares its own labelled form fields, in the order
of its save procedure's parameters (after the id)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.admin.services.csv_import import ImportResult, Problem, parse_equipment_csv

Call = Callable[..., list[dict[str, Any]]]
Row = dict[str, Any]

LOCATION_KINDS = ("edificio", "laboratorio", "aula", "oficina", "auditorio", "biblioteca", "otro")
EQUIPMENT_KINDS = ("computadora", "laptop", "impresora", "proyector", "telefono", "red", "servidor", "otro")
# What the form shows for a stored code (the codes are the database's; the words are Spanish).
CHOICE_LABELS = {"telefono": "teléfono", "red": "equipo de red"}


def choice_label(code: str) -> str:
    return CHOICE_LABELS.get(code, code)


def choice_code(label: str) -> str:
    return next((code for code, shown in CHOICE_LABELS.items() if shown == label), label)
CATEGORY_KINDS = ("servicio", "equipo")


@dataclass(frozen=True)
class FormField:
    name: str  # the save procedure's parameter (and the list's column of the same name)
    label: str  # Spanish label shown next to the input
    kind: str  # "text" | "int" | "bool" | "choice" | "campus" | "location"
    choices: tuple[str, ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class CatalogSpec:
    key: str  # staff.set_catalog_active's catalog name
    label: str  # Spanish name of the catalog
    singular: str  # "la ubicación": for messages and audit sentences
    list_proc: str
    save_proc: str
    id_field: str
    fields: tuple[FormField, ...]
    columns: tuple[tuple[str, str], ...]  # (result column, Spanish header) shown in the table


CATALOGS: dict[str, CatalogSpec] = {
    spec.key: spec for spec in (
        CatalogSpec(
            "location", "Ubicaciones", "la ubicación", "staff.list_locations", "staff.save_location", "location_id",
            (FormField("campus_id", "Campus", "campus"),
             FormField("name", "Nombre del lugar", "text", hint="Laboratorio de Redes"),
             FormField("kind", "Tipo de lugar", "choice", LOCATION_KINDS),
             FormField("building", "Edificio", "text", hint="Edificio K"),
             FormField("sort_order", "Orden en las listas", "int")),
            (("campus_name", "Campus"), ("name", "Nombre"), ("kind", "Tipo"), ("building", "Edificio"),
             ("sort_order", "Orden"), ("is_active", "Activo"))),
        CatalogSpec(
            "department", "Departamentos", "el departamento", "staff.list_departments", "staff.save_department",
            "department_id",
            (FormField("name", "Nombre del departamento", "text"),
             FormField("is_academic", "Es un área académica", "bool"),
             FormField("sort_order", "Orden en las listas", "int")),
            (("name", "Nombre"), ("is_academic", "Académico"), ("sort_order", "Orden"), ("is_active", "Activo"))),
        CatalogSpec(
            "equipment", "Equipos", "el equipo", "staff.list_equipment_items", "staff.save_equipment",
            "equipment_id",
            (FormField("inventory_tag", "Número de inventario", "text", hint="ITL-C1-L4-CO07"),
             FormField("serial_number", "Número de serie", "text"),
             FormField("brand", "Marca", "text"),
             FormField("model", "Modelo", "text"),
             FormField("kind", "Tipo de equipo", "choice", EQUIPMENT_KINDS),
             FormField("location_id", "Ubicación", "location")),
            (("inventory_tag", "Inventario"), ("kind", "Tipo"), ("brand", "Marca"), ("model", "Modelo"),
             ("serial_number", "Serie"), ("campus_code", "Campus"), ("location_name", "Ubicación"),
             ("is_active", "Activo"))),
        CatalogSpec(
            "problem_category", "Categorías", "la categoría", "staff.list_categories", "staff.save_category",
            "category_id",
            (FormField("name", "Nombre de la categoría", "text"),
             FormField("kind", "Tipo", "choice", CATEGORY_KINDS),
             FormField("needs_equipment", "Pide el equipo al solicitante", "bool"),
             FormField("target_hours", "Horas objetivo de solución", "int"),
             FormField("sort_order", "Orden en las listas", "int")),
            (("name", "Nombre"), ("kind", "Tipo"), ("needs_equipment", "Pide equipo"),
             ("target_hours", "Horas objetivo"), ("sort_order", "Orden"), ("is_active", "Activo"))),
        CatalogSpec(
            "priority", "Prioridades", "la prioridad", "staff.list_priorities", "staff.save_priority", "priority_id",
            (FormField("code", "Código", "text", hint="urgente"),
             FormField("name", "Nombre", "text"),
             FormField("rank", "Rango (1 = la más baja)", "int"),
             FormField("response_target_hours", "Horas para la primera respuesta", "int"),
             FormField("resolution_target_hours", "Horas para la solución", "int"),
             FormField("is_default", "Prioridad por omisión", "bool")),
            (("code", "Código"), ("name", "Nombre"), ("rank", "Rango"),
             ("response_target_hours", "Respuesta (h)"), ("resolution_target_hours", "Solución (h)"),
             ("is_default", "Por omisión"), ("is_active", "Activo"))),
    )
}


def catalog_by_label(label: str) -> CatalogSpec:
    return next(spec for spec in CATALOGS.values() if spec.label == label)


class CatalogService:
    def __init__(self, call: Call) -> None:
        self.call = call

    def campuses(self) -> list[Row]:
        return self.call("staff.list_campuses")

    def list(self, catalog: str) -> list[Row]:
        return self.call(CATALOGS[catalog].list_proc)

    def save(self, catalog: str, item_id: int | None, values: dict[str, Any]) -> tuple[int, bool]:
        """Blocking: (the row's id, whether anything changed: an unchanged edit writes nothing)."""
        spec = CATALOGS[catalog]
        params = {spec.id_field: item_id, **{f.name: values.get(f.name) for f in spec.fields}}
        row = self.call(spec.save_proc, **params)[0]
        return int(row["item_id"]), bool(row["changed"])

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
