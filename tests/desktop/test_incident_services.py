"""The desktop's incident services against a real database (issue 18): suggestions as the notice
text, create / reply / resolve through IncidentService, the ticket's side information, and the
administrators' report with its CSV files."""

from __future__ import annotations

import csv
from datetime import date, timedelta

from desktop.admin.services import incident_report_service as report
from desktop.services.incident_service import IncidentService, outcome_lines
from tests.support.database import insert_staff_session, set_setting
from tests.support.incident_data import add_tickets, new_place
from tests.support.tickets import staff_call


def test_suggestion_to_resolution_through_the_service(db) -> None:
    set_setting(db, "incident_min_tickets", 3)
    set_setting(db, "repeat_failure_count", 3)
    _, token = insert_staff_session(db, "operador")
    svc = IncidentService(staff_call(db, token))
    place = new_place(db)
    made = add_tickets(db, place, 3, equipment_tag=f"TAG-{place.building[-6:]}")
    made += add_tickets(db, place, 1, location_id=place.other_location_id)

    s = next(x for x in svc.suggestions() if x.building == place.building)
    assert sorted(s.ticket_ids) == sorted(made)
    assert s.text().startswith(f"4 reportes parecidos en Campus II · {place.building} en ")
    assert s.text().endswith(" min — ¿agrupar?") and s.title().startswith("Red cableada: falla en ")

    incident_id = svc.create(s.title(), s.campus_id, s.building, s.category_id, s.ticket_ids[:3])
    svc.add(incident_id, s.ticket_ids[3:])
    detail = svc.detail(incident_id)
    assert detail.is_open and len(detail.tickets) == 4
    svc.publish(detail, "Sin red en el edificio; ya la atendemos.", 4)
    assert svc.detail(incident_id).incident["notice_showing"] is True
    assert svc.reply(incident_id, "Ya revisamos el conmutador.") == 4

    side = svc.ticket_side(made[0])
    assert side.info["incident_id"] == incident_id and side.info["failure_count"] == 3
    assert sorted(int(f["ticket_id"]) for f in side.failures) == sorted(made[:3])

    lines = outcome_lines(svc.resolve(incident_id, "Se cambió el conmutador."))
    assert len(lines) == 4 and all(line.endswith(": resuelta (Resuelto)") for line in lines)
    assert not svc.detail(incident_id).is_open


def test_admin_report_and_its_csv(db, tmp_path) -> None:
    set_setting(db, "repeat_failure_count", 2)
    _, token = insert_staff_session(db, "operador")
    _, admin = insert_staff_session(db, "administrador")
    place = new_place(db)
    tag = f"REP-{place.building[-6:]}"
    tickets = add_tickets(db, place, 2, equipment_tag=tag)
    IncidentService(staff_call(db, token)).create("Sin red", place.campus_id, place.building, place.category_id,
                                                  tickets)
    today = date.today()
    loaded = report.load(staff_call(db, admin), today - timedelta(days=31), today)
    assert sum(r["incident_count"] for r in loaded.stats) >= 1
    assert [r[2:4] for r in loaded.repeat_rows() if r[2] == tag] == [[tag, 2]]
    files = report.export_csv(loaded, tmp_path)
    assert len(files) == 2
    with files[1].open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == report.REPEAT_HEADERS and [tag, "2"] in [r[2:4] for r in rows[1:]]
    with files[0].open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == report.STATS_HEADERS


def test_a_selection_of_the_queue_becomes_an_incident_at_its_first_ticket_location(db) -> None:
    _, token = insert_staff_session(db, "operador")
    svc = IncidentService(staff_call(db, token))
    place = new_place(db)
    first = add_tickets(db, place, 1)[0]
    other = add_tickets(db, place, 1, location_id=place.other_location_id)[0]
    group = svc.selection_group([first, other])
    assert (group.location_id, group.campus_id, group.category_id) == (place.location_id, place.campus_id,
                                                                      place.category_id)
    assert group.ticket_ids == [first, other] and group.building.endswith("Aula 1")
    incident_id = svc.create("Sin red en el aula", group.campus_id, None, group.category_id, group.ticket_ids,
                             group.location_id)
    detail = svc.detail(incident_id)
    assert detail.incident["location_id"] == place.location_id and len(detail.tickets) == 2
