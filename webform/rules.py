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

# field -> list of (rule, argument, registry key, fallback message); mirrors app.validate_ticket.
# rules: required | minlength | maxlength | pattern | email | phone | one_of (another field may
# replace this one) | required_if_student | required_if_equipment (the category needs equipment)
_LONG = "form_field_too_long"
RULES: dict[str, list[tuple[str, Any, str, str]]] = {
    "requester_name": [
        ("required", None, "form_name_required", "Escriba su nombre completo."),
        ("minlength", 3, "form_name_length", "El nombre debe tener entre 3 y 120 caracteres."),
        ("maxlength", 120, "form_name_length", "El nombre debe tener entre 3 y 120 caracteres."),
        ("pattern", "[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ' .-]*", "form_name_characters",
         "El nombre solo puede contener letras, espacios, apóstrofos, puntos y guiones."),
    ],
    "requester_type_id": [
        ("required", None, "form_requester_type_invalid", "Seleccione qué tipo de solicitante es usted."),
    ],
    "department_id": [("required", None, "form_department_invalid", "Seleccione su departamento o área.")],
    "contact_email": [
        ("one_of", "contact_phone", "form_contact_required",
         "Indique al menos un medio de contacto: su correo institucional o un teléfono."),
        ("maxlength", 254, _LONG, "El texto es demasiado largo para este campo."),
        ("email", None, "form_email_invalid", "El correo electrónico no es válido."),
    ],
    "contact_phone": [
        ("phone", None, "form_phone_invalid", "El teléfono no es válido."),
        ("maxlength", 40, "form_phone_invalid", "El teléfono no es válido."),
    ],
    "control_number": [
        ("required_if_student", None, "form_control_number_required", "Escriba su número de control."),
        ("pattern", "[A-Za-z]?[0-9]{8}", "form_control_number_invalid",
         "El número de control debe tener 8 dígitos, con una letra opcional al inicio."),
    ],
    "campus_id": [("required", None, "form_campus_invalid", "Seleccione el campus.")],
    "location_id": [
        ("one_of", "location_detail", "form_location_required",
         "Seleccione la ubicación de la lista o describa en dónde se encuentra."),
    ],
    "location_detail": [("maxlength", 200, _LONG, "El texto es demasiado largo para este campo.")],
    "equipment_tag": [
        ("required_if_equipment", None, "form_equipment_required",
         "Para este tipo de problema indique el equipo: elíjalo de la lista o escriba su número de inventario."),
        ("maxlength", 40, _LONG, "El texto es demasiado largo para este campo."),
    ],
    "equipment_brand": [("maxlength", 60, _LONG, "El texto es demasiado largo para este campo.")],
    "equipment_serial": [("maxlength", 60, _LONG, "El texto es demasiado largo para este campo.")],
    "equipment_condition": [("maxlength", 300, _LONG, "El texto es demasiado largo para este campo.")],
    "category_id": [("required", None, "form_category_invalid", "Seleccione el tipo de problema.")],
    "description": [
        ("required", None, "form_description_length", "Describa el problema con al menos 10 caracteres."),
        ("minlength", 10, "form_description_length", "Describa el problema con al menos 10 caracteres."),
        ("maxlength", 4000, "form_description_length", "La descripción admite como máximo 4000 caracteres."),
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
        if rule == "required":
            out.append('aria-required="true"')
    return " ".join(out)


def max_length(field: str) -> int | None:
    for rule, arg, _, _ in RULES.get(field, []):
        if rule == "maxlength":
            return int(arg)
    return None


class FieldRules:
    """The rules the form renders as data-rule-* attributes (one object per app)."""

    def __init__(self, gateway: Any = None) -> None:
        self._gateway = gateway

    def attrs(self, field: str) -> str:
        return attrs(field)
