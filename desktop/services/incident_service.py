"""Incidents (issue 18) for the desktop: the database's proposed groups as suggestions
(«5 reportes parecidos en Campus II · Aulas en 20 min — ¿agrupar?»), one incident with its
tickets, the one reply to all, resolving, the public notice, and a ticket's side information
(its incident, «falla repetida»). Every rule is in the staff.* procedures; this module only
shapes their rows for the views (no Dear PyGui here, so it tests headless).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

Call = Callable[..., list[dict[str, Any]]]
Row = dict[str, Any]

OUTCOMES = {"resuelto": "resuelta", "ya_resuelto": "ya estaba resuelta", "no_movido": "no se movió"}
NOTICE_HOURS = 4


@dataclass
class Suggestion:
    """One proposed group: open tickets of one campus, building and category reported close together."""

    campus_id: int
    campus_name: str
    building: str
    category_id: int
    category_name: str
    span_minutes: int
    incident_id: int | None  # an open incident of the same place and category: add to it instead
    tickets: list[Row] = field(default_factory=list)
    location_id: int | None = None  # a group the operator chose: the place is its first ticket's location

    @property
    def size(self) -> int:
        return len(self.tickets)

    @property
    def ticket_ids(self) -> list[int]:
        return [int(t["ticket_id"]) for t in self.tickets]

    @property
    def key(self) -> tuple[int, str, int]:
        return self.campus_id, self.building, self.category_id

    def text(self) -> str:
        minutes = max(1, self.span_minutes)
        ask = "¿agregar al incidente?" if self.incident_id else "¿agrupar?"
        return (f"{self.size} reportes parecidos en {self.campus_name} · {self.building} "
                f"en {minutes} min — {ask}")

    def title(self) -> str:
        return f"{self.category_name}: falla en {self.building} ({self.campus_name})"


def group_suggestions(rows: Iterable[Row]) -> list[Suggestion]:
    """staff.list_incident_suggestions rows (one per ticket, by group_no) as suggestions, largest first."""
    groups: dict[int, Suggestion] = {}
    for r in rows:
        s = groups.get(int(r["group_no"]))
        if s is None:
            s = groups[int(r["group_no"])] = Suggestion(
                int(r["campus_id"]), r["campus_name"], r["building"], int(r["category_id"]), r["category_name"],
                int(r["span_minutes"] or 0), r["incident_id"])
        s.tickets.append(r)
    return [groups[n] for n in sorted(groups)]


def outcome_lines(rows: Iterable[Row]) -> list[str]:
    """staff.resolve_incident rows as one line per ticket; a ticket that could not move says why."""
    lines = []
    for r in rows:
        line = f"{r['folio']}: {OUTCOMES.get(r['outcome'], r['outcome'])} ({r['status_name']})"
        if r.get("message"):
            line += f" — {r['message']}"
        lines.append(line)
    return lines


def reports_text(count: int) -> str:
    return "1 persona reportó esta falla" if count == 1 else f"{count} personas reportaron esta falla"


def repeat_text(failures: int, days: int | None) -> str:
    return f"Falla repetida: este equipo tuvo {failures} fallas en {days} días"


@dataclass
class IncidentDetail:
    incident: Row
    tickets: list[Row]

    @property
    def is_open(self) -> bool:
        return self.incident["status"] == "abierto"


@dataclass
class TicketSide:
    """What the ticket's side panel adds: its incident and its equipment's repeat failures."""

    info: Row
    failures: list[Row]


class IncidentService:
    def __init__(self, call: Call) -> None:
        self.call = call

    def selection_group(self, ticket_ids: list[int]) -> Suggestion:
        """The operator's own selection as a group to create: place (location) and category of its
        first ticket; the database still checks every ticket (open, in no other incident)."""
        rows = [r for i in ticket_ids for r in self.call("staff.get_ticket", ticket_id=i)]
        if not rows:
            raise ValueError("Los tickets seleccionados ya no existen. Actualice la cola.")
        first = rows[0]
        if first["location_id"] is None:
            raise ValueError("El primer ticket seleccionado no tiene una ubicación de la lista: el incidente "
                             "necesita un lugar. Seleccione primero un ticket con ubicación.")
        tickets = [{**r, "location_name": r["location_name"] or r["location_detail"] or ""} for r in rows]
        return Suggestion(int(first["campus_id"]), first["campus_name"], first["location_name"],
                          int(first["category_id"]), first["category_name"], 0, None, tickets,
                          location_id=int(first["location_id"]))

    def suggestions(self) -> list[Suggestion]:
        return group_suggestions(self.call("staff.list_incident_suggestions"))

    def incidents(self, only_open: bool = False) -> list[Row]:
        return self.call("staff.list_incidents", only_open=only_open, incident_id=None)

    def detail(self, incident_id: int) -> IncidentDetail:
        rows = self.call("staff.list_incidents", only_open=False, incident_id=incident_id)
        if not rows:
            raise ValueError("El incidente ya no existe. Actualice la lista.")
        return IncidentDetail(rows[0], self.call("staff.list_incident_tickets", incident_id=incident_id))

    def create(self, title: str, campus_id: int, building: str | None, category_id: int,
               ticket_ids: list[int], location_id: int | None = None) -> int:
        return int(self.call("staff.create_incident", title=title, campus_id=campus_id, location_id=location_id,
                             building=building, category_id=category_id,
                             ticket_ids=json.dumps(sorted(set(ticket_ids))))[0]["incident_id"])

    def add(self, incident_id: int, ticket_ids: list[int]) -> Row:
        return self.call("staff.add_incident_tickets", incident_id=incident_id,
                         ticket_ids=json.dumps(sorted(set(ticket_ids))))[0]

    def remove(self, incident_id: int, ticket_id: int) -> Row:
        return self.call("staff.remove_incident_ticket", incident_id=incident_id, ticket_id=ticket_id)[0]

    def reply(self, incident_id: int, body: str) -> int:
        return int(self.call("staff.reply_incident", incident_id=incident_id, body=body)[0]["ticket_count"])

    def resolve(self, incident_id: int, body: str) -> list[Row]:
        return self.call("staff.resolve_incident", incident_id=incident_id, body=body)

    def publish(self, detail: IncidentDetail, body: str, hours: int, everywhere_in_building: bool = True) -> Row:
        """The notice where the incident is (its place and category), valid `hours` from now."""
        i = detail.incident
        until = datetime.now(UTC) + timedelta(hours=max(1, min(hours, 24 * 30)))
        return self.call("staff.save_incident_notice", incident_id=i["incident_id"], body=body,
                         campus_id=i["campus_id"], location_id=i["location_id"],
                         building=i["building"] if everywhere_in_building else None,
                         category_id=i["category_id"], valid_until=until)[0]

    def withdraw(self, incident_id: int) -> None:
        self.call("staff.withdraw_incident_notice", incident_id=incident_id)

    def ticket_side(self, ticket_id: int) -> TicketSide:
        info = self.call("staff.get_ticket_incident", ticket_id=ticket_id)[0]
        failures = self.call("staff.list_repeat_failure_tickets", ticket_id=ticket_id) if info["failure_count"] else []
        return TicketSide(info, failures)
