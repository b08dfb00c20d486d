"""Bitácora: the administration audit log (staff.list_admin_audit) as readable Spanish sentences.

The database stores action codes (crear_cuenta, guardar_ubicacion, cambiar_ajuste...); the
screen shows "ana.lopez creó la cuenta «luis.perez» (rol: operador)". Codes this module does
not know (added later by another procedure) still read as a sentence with the raw code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from desktop.admin.services.catalog_service import CATALOGS

Call = Callable[..., list[dict[str, Any]]]
Row = dict[str, Any]

ARROW = re.compile(r"\s*->\s*")

# action code -> verb phrase; {target} is the audited object's name.
PHRASES = {
    "crear_cuenta": "creó la cuenta «{target}»",
    "editar_cuenta": "editó la cuenta «{target}»",
    "activar_cuenta": "activó la cuenta «{target}»",
    "desactivar_cuenta": "desactivó la cuenta «{target}»",
    "desbloquear_cuenta": "desbloqueó la cuenta «{target}»",
    "restablecer_contrasena": "restableció la contraseña de «{target}»",
    # catalogs: created or edited (rows written before that distinction say «guardó»)
    "crear_ubicacion": "creó la ubicación «{target}»",
    "editar_ubicacion": "editó la ubicación «{target}»",
    "crear_departamento": "creó el departamento «{target}»",
    "editar_departamento": "editó el departamento «{target}»",
    "crear_equipo": "registró el equipo «{target}»",
    "editar_equipo": "editó el equipo «{target}»",
    "crear_categoria": "creó la categoría «{target}»",
    "editar_categoria": "editó la categoría «{target}»",
    "crear_prioridad": "creó la prioridad «{target}»",
    "editar_prioridad": "editó la prioridad «{target}»",
    "guardar_ubicacion": "guardó la ubicación «{target}»",
    "guardar_departamento": "guardó el departamento «{target}»",
    "guardar_equipo": "guardó el equipo «{target}»",
    "guardar_categoria": "guardó la categoría «{target}»",
    "guardar_prioridad": "guardó la prioridad «{target}»",
    "guardar_respuesta": "guardó la respuesta predefinida «{target}»",
    "reabrir_ticket": "reabrió el ticket cancelado {target}",
    # a requester who lost the access code got a new one (the old one stopped working)
    "reemitir_codigo": "generó un nuevo código de acceso para el ticket {target}",
    # known-outage notices on the web form; target "incidente #N"
    "aviso_publicado": "publicó el aviso de falla conocida del {target}",
    "aviso_editado": "editó el aviso de falla conocida del {target}",
    "aviso_retirado": "retiró el aviso de falla conocida del {target}",
    # the working-hours calendar (Horario): target "C1 desde 2027-01-04", "todos 2027-04-05 a 2027-04-09"...
    "guardar_horario": "guardó el horario de {target}",
    "quitar_horario": "quitó el horario de {target}",
    "guardar_dias_inhabiles": "registró días inhábiles: {target}",
    "quitar_dia_inhabil": "quitó el día inhábil {target}",
    "activar_dia_inhabil": "restauró el día inhábil {target}",
}


def _details(details: str | None) -> str:
    """'nombre: A -> B; rol: x -> y' -> 'nombre: A → B; rol: x → y'; internal ids are left out."""
    if not details or re.fullmatch(r"id: \d+", details.strip()):
        return ""
    return ARROW.sub(" → ", details.strip())


def sentence(row: Row, setting_labels: dict[str, str] | None = None) -> str:
    """One audit row as a Spanish sentence starting with who did it."""
    who = row.get("username") or "(desconocido)"
    action, target, details = row.get("action") or "", row.get("target") or "", row.get("details")
    if action in PHRASES:
        text = PHRASES[action].format(target=target)
        extra = _details(details)
        return f"{who} {text}" + (f" ({extra})" if extra else "") + "."
    if action == "cambiar_ajuste":
        label = (setting_labels or {}).get(target, target)
        parts = ARROW.split(details or "")
        change = f" de {parts[0]} a {parts[1]}" if len(parts) == 2 else ""
        return f"{who} cambió el ajuste «{label}»{change}."
    if action == "importar_equipos":
        count = (details or "").split(" ")[0]
        return f"{who} importó {count} equipo(s) al inventario desde un archivo CSV." if count.isdigit() \
            else f"{who} importó equipos al inventario desde un archivo CSV."
    for verb, prefix in (("activó", "activar_"), ("desactivó", "desactivar_")):
        if action.startswith(prefix) and action[len(prefix):] in CATALOGS:
            spec = CATALOGS[action[len(prefix):]]
            number = target.rsplit(" ", 1)[-1]
            return f"{who} {verb} {spec.singular} n.º {number}."
    extra = _details(details)
    return f"{who} hizo «{action}» sobre «{target}»" + (f" ({extra})" if extra else "") + "."


class AuditService:
    def __init__(self, call: Call) -> None:
        self.call = call

    def load(self, max_rows: int = 200) -> list[Row]:
        """Blocking: the latest rows, each with its `sentence` (setting names from staff.list_settings)."""
        rows = self.call("staff.list_admin_audit", max_rows=max_rows)
        labels: dict[str, str] = {}
        if any(r["action"] == "cambiar_ajuste" for r in rows):
            labels = {r["setting_key"]: r["description"] for r in self.call("staff.list_settings")}
        return [{**r, "sentence": sentence(r, labels)} for r in rows]
