"""QueueService against a real database: filters, sort by header, Siguiente/Anterior, selection
kept across refreshes, new tickets highlighted."""

from __future__ import annotations

import secrets

import pytest

from desktop.services import catalog_service, queue_service, ticket_service
from desktop.services.queue_service import QueueFilters, QueueService
from tests.support.database import insert_staff_session
from tests.support.tickets import (
    catalogs,
    insert_ticket,
    pg_module_db,  # noqa: F401 (fixture)
    staff_call,
)


@pytest.fixture(scope="module")
def world(pg_module_db):  # noqa: F811
    db = pg_module_db
    cats = catalogs(db)
    me, token = insert_staff_session(db, "operador")
    prefix = f"Qs{secrets.token_hex(3)}"
    tickets = [
        insert_ticket(db, cats, requester_name=f"{prefix} {n}", campus_id=cats.campus["C1" if n % 2 else "C2"],
                      assigned_to=me if n % 3 == 0 else None,
                      status_id=cats.status["asignado" if n % 3 == 0 else "nuevo"])
        for n in range(7)
    ]
    return {"db": db, "cats": cats, "me": me, "call": staff_call(db, token), "prefix": prefix, "tickets": tickets}


def load(world, service: QueueService, request):
    return service.accept(request, queue_service.fetch(world["call"], request))


def test_pages_forward_and_back(world) -> None:
    service = QueueService(page_size=3)
    rows = load(world, service, service.set_filters(QueueFilters(search=world["prefix"])))
    all_ids = sorted((t["ticket_id"] for t in world["tickets"]), reverse=True)
    assert [r.ticket_id for r in rows] == all_ids[:3] and service.state.has_more
    assert not service.can_go_back and service.previous_page_request() is None
    rows = load(world, service, service.next_page_request())
    assert [r.ticket_id for r in rows] == all_ids[3:6] and service.page_number == 2
    rows = load(world, service, service.next_page_request())
    assert [r.ticket_id for r in rows] == all_ids[6:] and not service.state.has_more
    assert service.next_page_request() is None
    rows = load(world, service, service.previous_page_request())
    assert [r.ticket_id for r in rows] == all_ids[3:6]
    rows = load(world, service, service.previous_page_request())
    assert [r.ticket_id for r in rows] == all_ids[:3]


def test_cells_are_display_text(world) -> None:
    service = QueueService()
    rows = load(world, service, service.set_filters(QueueFilters(search=world["prefix"])))
    row = next(r for r in rows if r.ticket_id == world["tickets"][0]["ticket_id"])
    assert len(row.cells) == len(queue_service.COLUMNS)
    assert row.cells[0] == world["tickets"][0]["folio"]
    assert row.cells[1].endswith("min") and row.cells[2] == f"{world['prefix']} 0"
    assert row.cells[3] == "La impresora del laboratorio no imprime."
    assert row.cells[4] == "Campus II · Centro de Cómputo"
    assert row.cells[8] != "-" and row.cells[7] == "Asignado"
    assert row.cells[9] and not row.cells[9].startswith("Vencido")  # media: due 8 h after arrival
    assert next(r for r in rows if r.ticket_id == world["tickets"][1]["ticket_id"]).cells[8] == "-"
    assert world["prefix"] in row.tooltip and "impresora" in row.tooltip


def test_header_click_sorts_and_toggles(world) -> None:
    service = QueueService()
    service.set_filters(QueueFilters(search=world["prefix"]))
    request = service.sort_by_column("campus")
    assert (request.sort_key, request.sort_desc) == ("campus", True)
    rows = load(world, service, request)
    campus = [r.raw["sort_value"] for r in rows]
    assert campus == sorted(campus, reverse=True)
    request = service.sort_by_column("campus")
    assert request.sort_desc is False
    request = service.sort_by_column("age")
    assert request.sort_key == "folio"
    assert service.sort("age", True) is None  # the table reports the order already in use
    request = service.sort("priority", False)  # the table's first click (▲): the most urgent first
    assert (request.sort_key, request.sort_desc, request.after) == ("priority", True, None)
    assert service.sort("priority", True).sort_desc is False
    assert service.sort("excerpt", True) is None and service.sort_by_column("due") is None
    assert service.sort_by_column("place").sort_key == "campus"


def test_filters_only_mine_wins_over_unassigned(world) -> None:
    service = QueueService()
    request = service.set_filters(QueueFilters(search=world["prefix"], only_mine=True, only_unassigned=True))
    assert request.filters.only_unassigned is False
    assert service.set_filters(QueueFilters(assigned_to=5, only_unassigned=True)).filters.only_unassigned is False
    closed = service.set_filters(QueueFilters(status_id=6, only_open=True)).filters
    assert (closed.status_id, closed.only_open) == (6, False)
    request = service.set_filters(QueueFilters(search=world["prefix"], only_mine=True, only_unassigned=True))
    rows = load(world, service, request)
    assert {r.ticket_id for r in rows} == {t["ticket_id"] for t in world["tickets"] if t["assigned_to"]}


def test_refresh_keeps_selection_and_highlights_arrivals(world) -> None:
    service = QueueService()
    rows = load(world, service, service.set_filters(QueueFilters(search=world["prefix"], only_open=True)))
    assert all(r.highlight == r.is_new for r in rows)
    service.select(rows[2].ticket_id)
    arrived = insert_ticket(world["db"], world["cats"], requester_name=f"{world['prefix']} llegó")
    rows = load(world, service, service.refresh_request())
    assert rows[0].ticket_id == arrived["ticket_id"] and rows[0].highlight
    assert service.selected_index() == 3  # same ticket, one row lower
    world["db"].sql("UPDATE app.ticket SET requester_name = 'Otro' WHERE ticket_id = %s", params=(
        arrived["ticket_id"],))


def test_stale_answer_does_not_replace_the_current_page(world) -> None:
    service = QueueService(page_size=2)
    first = service.set_filters(QueueFilters(search=world["prefix"]))
    rows_first = queue_service.fetch(world["call"], first)
    service.accept(first, rows_first)
    second = service.next_page_request()
    page_two = service.accept(second, queue_service.fetch(world["call"], second))
    assert service.accept(first, rows_first) == page_two  # late answer for page 1 ignored


def test_catalogs_load_names_and_ids(world) -> None:
    cats = catalog_service.load_catalogs(world["call"])
    assert cats.names("campus") == ["(Todos)", "Campus I", "Campus II"]
    assert cats.id_of("status", "Nuevo") == world["cats"].status["nuevo"]
    assert {r["code"] for r in cats.transitions_from(world["cats"].status["nuevo"])} == {
        "asignado", "en_proceso", "cancelado"}
    label = next(label for label in cats.staff_labels(False) if cats.staff_id_of(label) == world["me"])
    assert cats.staff_id_of(label) == world["me"]


def test_total_count_and_range_label(world) -> None:
    service = QueueService(page_size=3)
    first = service.set_filters(QueueFilters(search=world["prefix"], only_open=False))
    assert first.with_total
    load(world, service, first)
    total = service.state.total_count
    assert total is not None and total >= 7
    assert service.range_label() == f"1–3 de {total:,}"
    second = service.next_page_request()
    assert not second.with_total  # paging keeps the count made with page 1
    load(world, service, second)
    assert service.range_label() == f"4–6 de {total:,}"
    closed = service.state.rows[0].ticket_id  # closed meanwhile: a refresh recounts («4–6 de N-1»)
    status_before = world["db"].sql("SELECT status_id FROM app.ticket WHERE ticket_id = %s", params=(closed,))[0][0]
    world["db"].sql("UPDATE app.ticket SET status_id = %s WHERE ticket_id = %s",
                    params=(world["cats"].status["cerrado"], closed))
    try:
        service = QueueService(page_size=3)
        load(world, service, service.set_filters(QueueFilters(search=world["prefix"], only_open=True)))
        open_total = service.state.total_count
        world["db"].sql("UPDATE app.ticket SET status_id = %s WHERE ticket_id = %s", params=(status_before, closed))
        load(world, service, service.refresh_request())
        assert service.state.total_count == open_total + 1
    finally:
        world["db"].sql("UPDATE app.ticket SET status_id = %s WHERE ticket_id = %s", params=(status_before, closed))
    load(world, service, service.set_filters(QueueFilters(search="zz-nada-coincide-zz")))
    assert service.range_label() == "Ningún ticket coincide con la búsqueda o los filtros."
    assert service.state.total_count == 0


def test_a_bare_number_finds_the_folio_with_that_number(world) -> None:
    ticket = world["tickets"][3]
    service = QueueService()
    # app.format_folio: CC-2026-000404 is ticket 404 (the test tickets carry made-up folios)
    rows = load(world, service, service.set_filters(QueueFilters(search=str(ticket["ticket_id"]), only_open=False)))
    assert ticket["ticket_id"] in [r.ticket_id for r in rows]
    rows = load(world, service, service.set_filters(QueueFilters(search=f"{ticket['ticket_id']:06d}")))
    assert ticket["ticket_id"] in [r.ticket_id for r in rows]  # with the folio's zeros too (000404)
    rows = load(world, service, service.set_filters(QueueFilters(search="987654321987")))
    assert rows == [] and service.range_label().startswith("Ningún ticket coincide")


def test_overdue_filter_and_marks(world) -> None:
    db, cats = world["db"], world["cats"]
    late = insert_ticket(db, cats, requester_name=f"{world['prefix']} vencido", priority_id=cats.priority["urgente"])
    db.sql("UPDATE app.ticket SET created_at = now() - interval '2 hours' WHERE ticket_id = %s",
           params=(late["ticket_id"],))
    service = QueueService()
    rows = load(world, service, service.set_filters(QueueFilters(search=world["prefix"], only_overdue=True)))
    assert [r.ticket_id for r in rows] == [late["ticket_id"]]
    assert rows[0].is_overdue and rows[0].cells[9].startswith("Venció ")
    assert service.state.total_count == 1


def test_new_arrivals_are_counted_and_opening_clears_new(world) -> None:
    service = QueueService()
    assert service.accept_new(queue_service.poll_new(world["call"], service.state.announced_id)) == 0
    arrived = insert_ticket(world["db"], world["cats"], requester_name=f"{world['prefix']} nuevo")
    assert service.accept_new(queue_service.poll_new(world["call"], service.state.announced_id)) >= 1
    assert service.state.announced_id >= arrived["ticket_id"]
    rows = load(world, service, service.set_filters(QueueFilters(search=f"{world['prefix']} nuevo")))
    assert rows[0].is_new
    ticket_service.load_detail(world["call"], arrived["ticket_id"], with_images=False)
    rows = load(world, service, service.refresh_request())
    assert not rows[0].is_new


def test_range_label_above_the_count_cap() -> None:
    service = QueueService(page_size=50)
    service.state.rows = [queue_service.QueueRow(n, [], False, False, {}) for n in range(50)]
    service.state.total_count = queue_service.TOTAL_CAP + 1  # what staff.list_queue returns past the cap
    assert service.range_label() == "1–50 de más de 10,000"
    service.state.total_count = 1234
    assert service.range_label() == "1–50 de 1,234"


def test_arrival_notice_counts_within_the_current_filters(world) -> None:
    db, cats = world["db"], world["cats"]
    base = max(t["ticket_id"] for t in world["tickets"])
    arrived = insert_ticket(db, cats, requester_name=f"{world['prefix']} llegada", campus_id=cats.campus["C1"])
    service = QueueService()
    service.set_filters(QueueFilters(search=world["prefix"], campus_id=cats.campus["C2"]))  # hides the arrival
    rows = queue_service.fetch(world["call"], service.arrivals_request(1))
    shown = queue_service.arrivals_shown(rows, base)
    assert shown == 0 and arrived["ticket_id"] not in [int(r["ticket_id"]) for r in rows]
    assert queue_service.arrival_notice(1, shown) == "1 ticket nuevo, fuera de los filtros actuales"
    service.set_filters(QueueFilters(search=world["prefix"], campus_id=cats.campus["C1"]))
    shown = queue_service.arrivals_shown(queue_service.fetch(world["call"], service.arrivals_request(1)), base)
    assert shown == 1 and queue_service.arrival_notice(1, shown) == "1 ticket nuevo (clic para verlos)"
    assert queue_service.arrival_notice(3, 1) == "3 tickets nuevos, 1 con los filtros actuales (clic para verlos)"
    assert queue_service.arrival_notice(2, None) == "2 tickets nuevos (clic para verlos)"


@pytest.mark.parametrize(("full", "short"), [
    ("María Fernanda López Hernández", "María López"), ("Ana López Pérez", "Ana López"),
    ("Luis Pérez", "Luis Pérez"), ("  Rocío   Gómez  ", "Rocío Gómez"), ("", "")])
def test_assignee_column_shows_given_name_and_first_surname(full: str, short: str) -> None:
    assert queue_service.short_name(full) == short
