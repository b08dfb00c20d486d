"""Client-side validation rules, mirroring webform.check_ticket.

The browser gets each rule as data-* attributes on the field (read by static/app.js);
the messages come from the error registry (database/errors.tsv) whenever the
database's rule has an entry, so both tiers say exactly the same words. The
database stays the authority: the server always calls check_ticket/submit_ticket.
"""

from __future__ import annotations

import html
from typing import Any

from gateway.errors import registry

# field -> list of (rule, argument, registry key, fallback message)
# rules: required | maxlength | minlength | pattern | email | one_of (another field that may replace it)
RULES: dict[str, list[tuple[str, Any, str, str]]] = {
    "requester_name": [
        ("required", None, "requester_name_required", "Escriba su nombre completo."),
        ("minlength", 3, "requester_name_invalid", "Escriba su nombre completo (al menos 3 letras)."),
        ("maxlength", 120, "requester_name_invalid", "El nombre admite como máximo 120 caracteres."),
    ],
    "requester_type_id": [
        ("required", None, "requester_type_required", "Elija qué tipo de solicitante es usted."),
    ],
    "department_id": [
        ("required", None, "department_required", "Elija su departamento o área."),
    ],
    "contact_email": [
        ("email", None, "contact_email_invalid",
         "Escriba un correo electrónico válido, por ejemplo nombre@leon.tecnm.mx."),
        ("maxlength", 254, "contact_email_invalid", "El correo admite como máximo 254 caracteres."),
        ("one_of", "contact_phone", "contact_required",
         "Escriba un correo o un teléfono/extensión para poder contactarle."),
    ],
    "contact_phone": [
        ("pattern", r"[0-9 +()\-.extEXT]{3,40}", "contact_phone_invalid",
         "Escriba un teléfono o extensión válido (solo números, espacios y guiones)."),
        ("maxlength", 40, "contact_phone_invalid", "El teléfono admite como máximo 40 caracteres."),
    ],
    "control_number": [
        ("pattern", r"[A-Za-z]?[0-9]{8,9}", "control_number_invalid",
         "Escriba su número de control (8 dígitos, con letra inicial si la tiene)."),
        ("required_if_student", None, "control_number_required", "Los alumnos deben escribir su número de control."),
    ],
    "campus_id": [("required", None, "campus_required", "Elija el campus.")],
    "location_detail": [
        ("maxlength", 200, "location_detail_invalid", "El detalle del lugar admite como máximo 200 caracteres."),
    ],
    "equipment_tag": [
        ("maxlength", 40, "equipment_tag_invalid", "El número de inventario admite como máximo 40 caracteres."),
    ],
    "equipment_brand": [
        ("maxlength", 60, "equipment_brand_invalid", "La marca admite como máximo 60 caracteres."),
    ],
    "equipment_serial": [
        ("maxlength", 60, "equipment_serial_invalid", "El número de serie admite como máximo 60 caracteres."),
    ],
    "equipment_condition": [
        ("maxlength", 300, "equipment_condition_invalid", "La condición del equipo admite como máximo 300 caracteres."),
    ],
    "category_id": [("required", None, "category_required", "Elija el tipo de problema.")],
    "description": [
        ("required", None, "description_required", "Describa el problema."),
        ("minlength", 10, "description_too_short", "Describa el problema con al menos 10 caracteres."),
        ("maxlength", 4000, "description_too_long", "La descripción admite como máximo 4000 caracteres."),
    ],
}


def _message(key: str, fallback: str) -> str:
    for _, (found_key, text) in registry().items():
        if found_key == key:
            return text
    return fallback


def attrs(field: str) -> str:
    """data-* attributes (already escaped) that static/app.js turns into checks."""
    out: list[str] = []
    for rule, arg, key, fallback in RULES.get(field, []):
        text = html.escape(_message(key, fallback), quote=True)
        name = rule.replace("_", "-")
        if arg is not None:
            out.append(f'data-rule-{name}="{html.escape(str(arg), quote=True)}"')
        else:
            out.append(f'data-rule-{name}=""')
        out.append(f'data-msg-{name}="{text}"')
        if rule == "maxlength":
            out.append(f'maxlength="{arg}"')
    return " ".join(out)


def max_length(field: str) -> int | None:
    for rule, arg, _, _ in RULES.get(field, []):
        if rule == "maxlength":
            return int(arg)
    return None
