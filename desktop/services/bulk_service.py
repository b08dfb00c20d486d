"""Bulk actions on the tickets selected in the queue: assign, change priority, change status
(with one public comment), each ticket through the SAME procedure as a single change
(staff.assign_ticket, staff.change_priority, staff.change_status), one transaction per ticket.

Why not one database procedure for the batch: the single-ticket procedures already hold every
rule (transitions, open/closed, active assignee, optimistic concurrency) and a refusal of one
ticket must not undo the others; calling them one by one keeps one place for each rule, holds
each ticket's row lock only for its own change, and works the same on both backends (a T-SQL
procedure cannot call another that returns rows without sending those rows to the client).

Each ticket carries the row_version the operator saw in the queue: if someone changed it
since, the database refuses it (3002) and the result says so; nothing is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import gateway
from desktop.context import user_message
from gateway.errors import UNAVAILABLE

Call = Callable[..., list[dict[str, Any]]]

ACTIONS = {
    "asignar": "staff.assign_ticket",
    "prioridad": "staff.change_priority",
    "estado": "staff.change_status",
}
ACTION_LABELS = {"asignar": "Asignar", "prioridad": "Cambiar prioridad", "estado": "Cambiar estado"}
DONE = "Hecho"
MAX_TICKETS = 200  # one page of the queue at most; a longer list is a mistake, not a batch


@dataclass(frozen=True)
class BulkTicket:
    """A selected ticket as the operator saw it in the queue."""

    ticket_id: int
    folio: str
    row_version: int
    status_id: int | None = None  # as shown in the queue: a change to the status it has is no change


@dataclass(frozen=True)
class BulkOutcome:
    ticket_id: int
    folio: str
    ok: bool
    message: str  # "Hecho" or the database's reason, in Spanish
    error_id: int = 0

    @property
    def unchanged(self) -> bool:
        """Nothing to do (it already had that value): not a refusal, and shown as such."""
        return self.error_id == gateway.error_id("ticket_no_change")

    @property
    def text(self) -> str:
        how = "hecho" if self.ok else ("sin cambios: " if self.unchanged else "rechazado: ") + self.message
        return f"{self.folio}: {how}"


def tickets_from_rows(rows: Iterable[dict[str, Any]], selected: Iterable[int]) -> list[BulkTicket]:
    """The queue rows of the selected ids (in queue order), with the row_version shown."""
    wanted = set(selected)
    return [BulkTicket(int(r["ticket_id"]), str(r["folio"]), int(r["row_version"]),
                       int(r["status_id"]) if r.get("status_id") is not None else None)
            for r in rows if int(r["ticket_id"]) in wanted]


def params_for(action: str, value: int | None, body: str = "") -> dict[str, Any]:
    """The procedure's own parameters for one action (the ticket's id and version are added per ticket)."""
    if action == "asignar":
        return {"assigned_to": value}
    if action == "prioridad":
        return {"priority_id": value}
    if action == "estado":
        return {"status_id": value, "body": body.strip() or None}
    raise ValueError(f"acción desconocida: {action}")


def run_bulk(call: Call, tickets: list[BulkTicket], action: str, value: int | None,
             body: str = "") -> list[BulkOutcome]:
    """Blocking (a worker thread): apply one action to every ticket; one outcome per ticket, in order.

    A refusal (closed ticket, forbidden transition, someone else's change, no change) is that
    ticket's outcome; the others go on. A lost connection stops the batch: the tickets not yet
    tried say so, and the ones done stay done."""
    procedure = ACTIONS[action]
    extra = params_for(action, value, body)
    out: list[BulkOutcome] = []
    stopped: str | None = None
    for t in tickets[:MAX_TICKETS]:
        if stopped is not None:
            out.append(BulkOutcome(t.ticket_id, t.folio, False, stopped, UNAVAILABLE))
            continue
        if action == "estado" and value is not None and t.status_id == value:
            same = "Ya tenía ese estado; no se cambió" + (" ni se envió el comentario." if body.strip() else ".")
            out.append(BulkOutcome(t.ticket_id, t.folio, False, same, gateway.error_id("ticket_no_change")))
            continue
        try:
            call(procedure, ticket_id=t.ticket_id, row_version=t.row_version, **extra)
        except gateway.DatabaseUnavailable as exc:
            stopped = "No se intentó: se perdió la conexión con la base de datos."
            out.append(BulkOutcome(t.ticket_id, t.folio, False, user_message(exc), exc.error_id))
        except gateway.AppError as exc:
            out.append(BulkOutcome(t.ticket_id, t.folio, False, user_message(exc), exc.error_id))
        else:
            out.append(BulkOutcome(t.ticket_id, t.folio, True, DONE))
    return out


def summary(outcomes: list[BulkOutcome]) -> str:
    done = sum(o.ok for o in outcomes)
    unchanged = sum(o.unchanged for o in outcomes)
    refused = len(outcomes) - done - unchanged
    return f"{done} hecho(s), " + (f"{unchanged} sin cambios, " if unchanged else "") + f"{refused} rechazado(s)."
