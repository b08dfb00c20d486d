"""Arrangements for the incident contract tests (issue 18; no tests here).

Every test builds its own place (a new location with a building name of its own) so that the
suggestions it sees are only its tickets, even on a shared database, and removes what it made.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tests.support.tickets import Catalogs, catalogs, insert_ticket

if TYPE_CHECKING:
    from tests.support.database import TestDb


@dataclass
class Place:
    cats: Catalogs
    campus_id: int
    building: str
    location_id: int
    other_location_id: int  # same building, another location
    category_id: int
    tickets: list[int] = field(default_factory=list)


def new_place(db: TestDb, campus: str = "C2", category: str = "Red cableada") -> Place:
    """Two new locations in one new building of `campus`; cleaned up (with every incident,
    notice and ticket made there) when the test ends."""
    cats = catalogs(db)
    building = f"Edificio P{secrets.token_hex(3).upper()}"
    campus_id = cats.campus[campus]
    loc_ids = []
    for suffix in ("Aula 1", "Aula 2"):
        loc_ids.append(int(db.sql(
            "INSERT INTO app.location (campus_id, name, kind, building) VALUES (%s, %s, 'aula', %s) "
            "RETURNING location_id",
            "INSERT INTO app.Location (CampusId, Name, Kind, Building) OUTPUT INSERTED.LocationId "
            "VALUES (?, ?, N'aula', ?)",
            (campus_id, f"{building} {suffix}", building))[0][0]))
    place = Place(cats, campus_id, building, loc_ids[0], loc_ids[1], cats.category[category])
    db.on_close(lambda: _cleanup(db, place))
    return place


def add_tickets(db: TestDb, place: Place, count: int, **fields: Any) -> list[int]:
    fields.setdefault("campus_id", place.campus_id)
    fields.setdefault("location_id", place.location_id)
    fields.setdefault("category_id", place.category_id)
    fields.setdefault("description", "No hay conexión de red en el aula.")
    made = [insert_ticket(db, place.cats, **fields)["ticket_id"] for _ in range(count)]
    place.tickets.extend(made)
    return made


def as_json(ticket_ids: list[int]) -> str:
    return json.dumps(ticket_ids)


def create(db: TestDb, token: bytes, place: Place, ticket_ids: list[int], title: str = "Sin red en el edificio",
           **overrides: Any) -> dict[str, Any]:
    params = {"title": title, "campus_id": place.campus_id, "location_id": None, "building": place.building,
              "category_id": place.category_id, "ticket_ids": as_json(ticket_ids), **overrides}
    return db.desk.call("staff.create_incident", token=token, **params)[0]


def incident_of(db: TestDb, ticket_id: int) -> int | None:
    rows = db.sql("SELECT incident_id FROM app.incident_ticket WHERE ticket_id = %s",
                  "SELECT IncidentId FROM app.IncidentTicket WHERE TicketId = ?", (ticket_id,))
    return int(rows[0][0]) if rows else None


def _incidents(db: TestDb, place: Place) -> list[int]:
    return [int(r[0]) for r in db.sql(
        "SELECT incident_id FROM app.incident WHERE location_id IN (%s, %s) OR building = %s "
        "UNION SELECT incident_id FROM app.incident_notice WHERE location_id IN (%s, %s) OR building = %s",
        "SELECT IncidentId FROM app.Incident WHERE LocationId IN (?, ?) OR Building = ? "
        "UNION SELECT IncidentId FROM app.IncidentNotice WHERE LocationId IN (?, ?) OR Building = ?",
        (place.location_id, place.other_location_id, place.building) * 2)]


def _cleanup(db: TestDb, place: Place) -> None:
    from tests.support.admin_data import delete_tickets

    extra = [int(r[0]) for r in db.sql(
        "SELECT ticket_id FROM app.ticket WHERE location_id IN (%s, %s)",
        "SELECT TicketId FROM app.Ticket WHERE LocationId IN (?, ?)",
        (place.location_id, place.other_location_id))]
    for incident_id in _incidents(db, place):
        for pg, ms in (("incident_ticket", "IncidentTicket"), ("incident_reply", "IncidentReply"),
                       ("incident_notice", "IncidentNotice"), ("incident", "Incident")):
            db.sql(f"DELETE FROM app.{pg} WHERE incident_id = %s", f"DELETE FROM app.{ms} WHERE IncidentId = ?",
                   (incident_id,))
    tickets = sorted(set(place.tickets) | set(extra))
    for ticket_id in tickets:  # links made to incidents elsewhere, then the tickets themselves
        db.sql("DELETE FROM app.incident_ticket WHERE ticket_id = %s",
               "DELETE FROM app.IncidentTicket WHERE TicketId = ?", (ticket_id,))
        db.sql("DELETE FROM app.ticket_seen WHERE ticket_id = %s",
               "DELETE FROM app.TicketSeen WHERE TicketId = ?", (ticket_id,))
    delete_tickets(db, tickets)
    db.sql("DELETE FROM app.location WHERE location_id IN (%s, %s)",
           "DELETE FROM app.Location WHERE LocationId IN (?, ?)", (place.location_id, place.other_location_id))
