"""Ticket detail and actions. Every action sends the row_version the operator saw; a conflict
(3002) comes back as a clear message plus the fresh ticket, never a silent overwrite."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gateway
from desktop.context import user_message
from desktop.services.formatting import local_time
from gateway.images import attachment_params

Call = Callable[..., list[dict[str, Any]]]

CONFLICT = 3002
SHOWABLE_IMAGES = ("image/png", "image/jpeg")
EVENT_LABELS = {
    "creado": "Solicitud recibida",
    "asignado": "Asignación",
    "estado": "Cambio de estado",
    "prioridad": "Cambio de prioridad",
    "nota": "Nota interna",
    "respuesta": "Respuesta pública",
    "solicitante": "Respuesta de la persona solicitante",
}
# staff.get_ticket's due_kind: which target the due instant is (counted in working hours).
DUE_LABELS = {"primera_respuesta": "Primera respuesta vence (horas hábiles)",
              "resolucion": "Resolución vence (horas hábiles)"}
CARD_KINDS = ("creado", "nota", "respuesta", "solicitante", "reabierto")  # shown as message cards; the rest as one line


@dataclass
class TimelineEntry:
    kind: str  # event_type: creado | nota | respuesta | solicitante | estado | asignado | prioridad
    title: str
    when: str
    body: str = ""
    event_id: int | None = None  # the images of this message show inside its card

    @property
    def is_card(self) -> bool:
        return self.kind in CARD_KINDS


@dataclass
class Attachment:
    attachment_id: int
    file_name: str
    content_type: str
    byte_size: int
    content: bytes | None = None
    event_id: int | None = None  # the message it came with; None: sent with the request itself

    @property
    def showable(self) -> bool:
        return self.content is not None and self.content_type in SHOWABLE_IMAGES


@dataclass
class TicketDetail:
    ticket: dict[str, Any]
    events: list[dict[str, Any]]
    attachments: list[Attachment]
    equipment_history: list[dict[str, Any]]

    @property
    def ticket_id(self) -> int:
        return int(self.ticket["ticket_id"])

    @property
    def row_version(self) -> int:
        return int(self.ticket["row_version"])

    def fields(self) -> list[tuple[str, str]]:
        """(label, value) of everything the requester sent and the current state."""
        t = self.ticket
        equipment = " · ".join(
            v for v in (t["equipment_tag"], t["equipment_brand"], t["equipment_serial"]) if v)
        return [
            ("Folio", t["folio"]),
            ("Recibido", local_time(t["created_at"])),
            ("Estado", t["status_name"]),
            ("Prioridad", t["priority_name"]),
            ("Asignado a", t["assignee_name"] or "Sin asignar"),
            ("Solicitante", t["requester_name"]),
            ("Tipo de solicitante", t["requester_type_name"]),
            ("Departamento / área", t["department_name"]),
            ("Correo", t["contact_email"] or ""),
            ("Teléfono / extensión", t["contact_phone"] or ""),
            ("Número de control", t["control_number"] or ""),
            ("Campus", t["campus_name"]),
            ("Ubicación", " - ".join(v for v in (t["location_name"], t["location_detail"]) if v)),
            ("Equipo", equipment),
            ("Estado del equipo", t["equipment_condition"] or ""),
            ("Categoría", t["category_name"]),
            ("Primera respuesta", local_time(t["first_response_at"])),
            (self.due_label(), local_time(t.get("due_at"))),
            ("Resuelto", local_time(t["resolved_at"])),
            ("Cerrado", local_time(t["closed_at"])),
        ]

    def due_label(self) -> str:
        """Which target «Vence» is, as the database says (staff.get_ticket's due_kind)."""
        return DUE_LABELS.get(self.ticket.get("due_kind") or "", "Vence (horas hábiles)")

    def side_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The side panel: requester, place, equipment and dates (empty values left out)."""
        t = self.ticket

        def keep(pairs: list[tuple[str, Any]]) -> list[tuple[str, str]]:
            return [(label, str(value)) for label, value in pairs if value]

        return [(title, rows) for title, rows in (
            ("Solicitante", keep([
                ("Nombre", t["requester_name"]), ("Tipo", t["requester_type_name"]),
                ("Departamento / área", t["department_name"]), ("Correo", t["contact_email"]),
                ("Teléfono / extensión", t["contact_phone"]), ("Número de control", t["control_number"])])),
            ("Lugar", keep([("Campus", t["campus_name"]), ("Ubicación", t["location_name"]),
                            ("Detalle", t["location_detail"])])),
            ("Equipo", keep([("Etiqueta", t["equipment_tag"]), ("Marca", t["equipment_brand"]),
                             ("Serie", t["equipment_serial"]), ("Estado del equipo", t["equipment_condition"]),
                             ("Categoría", t["category_name"])])),
            ("Fechas", keep([("Recibido", local_time(t["created_at"])),
                             ("Primera respuesta", local_time(t["first_response_at"])),
                             (self.due_label(), local_time(t.get("due_at"))),
                             ("Resuelto", local_time(t["resolved_at"])), ("Cerrado", local_time(t["closed_at"]))])),
        ) if rows]

    def timeline(self) -> list[TimelineEntry]:
        """The conversation, oldest first: the request, notes, public replies, the requester's
        replies (cards) and status, priority and assignment changes (one line each)."""
        out: list[TimelineEntry] = []
        for e in self.events:
            kind = e["event_type"]
            when = local_time(e["occurred_at"])
            who = e["actor_name"] or ""
            start = len(out)
            if kind == "creado":
                out.append(TimelineEntry(kind, f"Solicitud de {self.ticket['requester_name']}", when,
                                         self.ticket["description"]))
            elif kind in ("nota", "respuesta"):
                label = EVENT_LABELS[kind]
                out.append(TimelineEntry(kind, f"{label} · {who}" if who else label, when, e["body"] or ""))
            elif kind == "solicitante":
                out.append(TimelineEntry(kind, f"{EVENT_LABELS[kind]} · {self.ticket['requester_name']}", when,
                                         e["body"] or ""))
            elif kind == "estado":
                change = f"{e['old_status_name'] or '-'} → {e['new_status_name'] or '-'}"
                out.append(TimelineEntry(kind, f"{who or 'Sistema'} cambió el estado: {change}", when,
                                         e["body"] or ""))
            elif kind == "prioridad":
                change = f"{e['old_priority_name'] or '-'} → {e['new_priority_name'] or '-'}"
                out.append(TimelineEntry(kind, f"{who or 'Sistema'} cambió la prioridad: {change}", when))
            elif kind == "reabierto":
                out.append(TimelineEntry(kind, f"{self.ticket['requester_name']} reabrió la solicitud", when,
                                         e["body"] or ""))
            elif kind == "confirmado":
                out.append(TimelineEntry(kind, f"{self.ticket['requester_name']} confirmó que quedó resuelto", when,
                                         e["body"] or ""))
            elif kind == "calificado":
                out.append(TimelineEntry(kind, f"{self.ticket['requester_name']} calificó la atención", when))
            elif kind == "codigo":
                out.append(TimelineEntry(kind, f"{who or 'Sistema'} generó un nuevo código de acceso", when))
            elif kind == "asignado":
                target = e["assigned_to_name"] or "nadie"
                out.append(TimelineEntry(kind, f"{who or 'Sistema'} asignó el ticket a {target}", when))
            else:
                out.append(TimelineEntry(kind, EVENT_LABELS.get(kind, kind), when, e["body"] or ""))
            for entry in out[start:]:
                entry.event_id = e.get("event_id")
        return out

    def history_lines(self) -> list[str]:
        lines = []
        for e in self.events:
            what = EVENT_LABELS.get(e["event_type"], e["event_type"])
            who = e["actor_name"] or "Solicitante"
            detail = []
            if e["old_status_name"]:
                detail.append(f"{e['old_status_name']} -> {e['new_status_name'] or '-'}")
            elif e["new_status_name"]:
                detail.append(f"estado {e['new_status_name']}")
            if e["old_priority_name"] or e["new_priority_name"]:
                detail.append(f"{e['old_priority_name'] or '-'} -> {e['new_priority_name'] or '-'}")
            if e["event_type"] == "asignado":
                detail.append(f"a {e['assigned_to_name'] or 'nadie'}")
            if e["body"]:
                detail.append(f"«{e['body']}»")
            lines.append(f"{local_time(e['occurred_at'])}  {what} ({who}) {' '.join(detail)}".rstrip())
        return lines


@dataclass(frozen=True)
class ActionLocks:
    """The side panel's actions the database would refuse for this ticket, and why (Spanish)."""

    assign: bool = False  # assign / unassign (3008 on a ticket that is not open)
    priority: bool = False  # change priority (3008)
    status: bool = False  # change status: no transition from this status for the staff
    reason: str = ""


def action_locks(ticket: dict[str, Any], transitions: Sequence[str], can_reopen: bool = False) -> ActionLocks:
    """What to disable, read from the database's own answers: staff.get_ticket's is_open and the
    transitions staff.list_filter_catalogs offers from the ticket's status. can_reopen: the
    «Reabrir ticket cancelado…» button is shown (an administrator on a cancelled ticket)."""
    if ticket.get("is_open", True):
        return ActionLocks()
    status = f"Ticket {str(ticket.get('status_name') or '').lower()}"
    if transitions:
        return ActionLocks(True, True, False, (
            f"{status}: para asignarlo o cambiar su prioridad, primero cambie su estado "
            f"(puede pasar a: {', '.join(transitions)}). Las notas y respuestas siguen disponibles."))
    if can_reopen:
        return ActionLocks(True, True, True, (
            f"{status}: solo se puede reabrir, con «Reabrir ticket cancelado…» y un motivo. Asignación, "
            "prioridad y estado no se pueden cambiar; las notas y respuestas siguen disponibles."))
    return ActionLocks(True, True, True, (
        f"{status}: ya no se puede asignar ni cambiar su prioridad o su estado; solo se pueden agregar notas "
        "y respuestas."))


@dataclass
class ActionResult:
    ok: bool
    message: str = ""
    conflict: bool = False
    detail: TicketDetail | None = None  # fresh data after success or conflict
    error_id: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def load_detail(call: Call, ticket_id: int, with_images: bool = True) -> TicketDetail:
    """Blocking: run in a worker thread."""
    ticket = call("staff.get_ticket", ticket_id=ticket_id)[0]
    call("staff.mark_ticket_seen", ticket_id=ticket_id)  # no longer "new" for this operator
    events = call("staff.list_ticket_events", ticket_id=ticket_id)
    attachments = []
    for a in call("staff.list_attachments", ticket_id=ticket_id):
        item = Attachment(int(a["attachment_id"]), a["file_name"], a["content_type"], int(a["byte_size"]),
                          event_id=a.get("event_id"))
        if with_images:
            got = call("staff.get_attachment", attachment_id=item.attachment_id)[0]
            item.content = bytes(got["content"])
        attachments.append(item)
    history = call("staff.list_equipment_history", ticket_id=ticket_id, max_rows=20)
    return TicketDetail(ticket, events, attachments, history)


def _act(call: Call, detail: TicketDetail, procedure: str, success: str, **params: Any) -> ActionResult:
    """Blocking: one mutation, then the fresh detail (also after a conflict)."""
    try:
        call(procedure, ticket_id=detail.ticket_id, row_version=detail.row_version, **params)
    except gateway.AppError as exc:
        if exc.error_id == CONFLICT:
            fresh = load_detail(call, detail.ticket_id)
            return ActionResult(False, exc.message, conflict=True, detail=fresh, error_id=exc.error_id)
        return ActionResult(False, user_message(exc), error_id=exc.error_id)
    return ActionResult(True, success, detail=load_detail(call, detail.ticket_id))


def assign(call: Call, detail: TicketDetail, staff_id: int | None) -> ActionResult:
    label = "Ticket asignado." if staff_id is not None else "Se quitó la asignación."
    return _act(call, detail, "staff.assign_ticket", label, assigned_to=staff_id)


def change_status(call: Call, detail: TicketDetail, status_id: int, body: str = "") -> ActionResult:
    return _act(call, detail, "staff.change_status", "Estado actualizado.", status_id=status_id,
                body=body.strip() or None)


def change_priority(call: Call, detail: TicketDetail, priority_id: int) -> ActionResult:
    return _act(call, detail, "staff.change_priority", "Prioridad actualizada.", priority_id=priority_id)


def add_comment(call: Call, detail: TicketDetail, body: str, is_public: bool,
                images: Sequence[Any] = ()) -> ActionResult:
    """A note or a public reply; `images` (desktop/services/reply_images.ReplyImage) go only with a
    public reply (the database refuses them on a note: 3103)."""
    if not body.strip():
        return ActionResult(False, gateway.message(gateway.error_id("comment_required")))
    label = "Respuesta pública enviada." if is_public else "Nota interna guardada."
    if images:
        label = f"Respuesta pública enviada con {len(images)} imagen(es)."
    extra = attachment_params(list(images)) if images else {}
    return _act(call, detail, "staff.add_comment", label, body=body, is_public=is_public, **extra)


def reopen_cancelled(call: Call, detail: TicketDetail, reason: str) -> ActionResult:
    """Administrators: take back a cancellation, with a reason (staff.reopen_cancelled_ticket)."""
    return _act(call, detail, "staff.reopen_cancelled_ticket", "Ticket reabierto; el motivo quedó en el historial.",
                reason=reason)


@dataclass
class AccessCode:
    folio: str
    access_code: str
    issued_at: str  # local time, for the slip


def reissue_access_code(call: Call, detail: TicketDetail) -> ActionResult:
    """Blocking: a new access code for the requester (the old one stops working). The code is in
    result.extra['code'] (an AccessCode) and is shown once; only its hash stays in the database."""
    from datetime import datetime, timezone

    try:
        row = call("staff.reissue_access_code", ticket_id=detail.ticket_id, row_version=detail.row_version)[0]
    except gateway.AppError as exc:
        if exc.error_id == CONFLICT:
            fresh = load_detail(call, detail.ticket_id)
            return ActionResult(False, exc.message, conflict=True, detail=fresh, error_id=exc.error_id)
        return ActionResult(False, user_message(exc), error_id=exc.error_id)
    code = AccessCode(row["folio"], row["access_code"], local_time(datetime.now(timezone.utc)))
    return ActionResult(True, "Se generó un nuevo código de acceso; el anterior ya no funciona.",
                        detail=load_detail(call, detail.ticket_id), extra={"code": code})


def slip_html(code: AccessCode) -> str:
    """A printable slip for the requester: folio, new code, date, how to use it."""
    from html import escape

    return f"""<!doctype html>
<html lang="es-MX"><head><meta charset="utf-8"><title>Código de acceso {escape(code.folio)}</title>
<style>body{{font-family:"Segoe UI",Arial,sans-serif;margin:2rem;color:#1a1a1a}}
.slip{{border:2px solid #1b396a;border-radius:8px;padding:1.5rem;max-width:28rem}}
h1{{color:#1b396a;font-size:1.2rem;margin:0 0 1rem}} .big{{font-size:1.6rem;font-weight:700;letter-spacing:.08em}}
p{{margin:.4rem 0}} small{{color:#4a4a4a}}</style></head>
<body onload="window.print()"><div class="slip">
<h1>Centro de Cómputo ITL · Comprobante de solicitud</h1>
<p>Folio</p><p class="big">{escape(code.folio)}</p>
<p>Código de acceso</p><p class="big">{escape(code.access_code)}</p>
<p><small>Emitido el {escape(code.issued_at)}. Con el folio y este código puede consultar su solicitud en
la página de consulta del Centro de Cómputo. El código anterior ya no funciona. Guárdelo: no se
vuelve a mostrar.</small></p>
</div></body></html>
"""


def save_slip(code: AccessCode, folder: Path) -> Path:
    """Write the printable slip (HTML that prints itself when opened); returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"comprobante_{code.folio}.html"
    path.write_text(slip_html(code), encoding="utf-8")
    return path
