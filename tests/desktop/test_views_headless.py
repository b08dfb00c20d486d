"""The views built without a display (Dear PyGui creates items headless): they show what the
services give them and forward the user's input. The real window is covered by test_gui_smoke."""

from __future__ import annotations

import dearpygui.dearpygui as dpg
import pytest

from desktop.services import catalog_service, queue_service, ticket_service
from desktop.services.queue_service import QueueFilters, QueueService
from desktop.views import login_view, queue_view, ticket_view
from desktop.views.login_view import LoginView
from desktop.views.queue_view import QueueView
from desktop.views.ticket_view import TicketView
from desktop.widgets import wrapped_text
from tests.support.database import insert_staff_session
from tests.support.tickets import (
    catalogs,
    insert_attachment,
    insert_ticket,
    pg_module_db,  # noqa: F401 (fixture)
    png,
    staff_call,
)


@pytest.fixture
def gui():
    dpg.create_context()
    yield
    dpg.destroy_context()


def test_login_view_forwards_credentials_and_password_change(gui) -> None:
    got: list[tuple] = []
    view = LoginView(lambda u, p: got.append(("login", u, p)), lambda c, n, k: got.append(("change", c, n, k)))
    dpg.set_value(login_view.USERNAME, "ana")
    dpg.set_value(login_view.PASSWORD, "secreta")
    dpg.get_item_callback(login_view.SUBMIT)()
    view.set_busy(True)
    assert dpg.get_item_configuration(login_view.SUBMIT)["enabled"] is False
    view.show_password_change("secreta")
    assert dpg.is_item_shown(login_view.CHANGE_GROUP) and dpg.get_value(login_view.CURRENT) == "secreta"
    dpg.set_value(login_view.NEW, "Nueva-Clave-2026")
    dpg.set_value(login_view.CONFIRM, "Nueva-Clave-2026")
    dpg.get_item_callback(login_view.CHANGE_SUBMIT)()
    assert got == [("login", "ana", "secreta"), ("change", "secreta", "Nueva-Clave-2026", "Nueva-Clave-2026")]
    view.show("Su sesión expiró.", info=True)
    assert dpg.get_value(login_view.USERNAME) == "ana" and dpg.get_value(login_view.PASSWORD) == ""
    assert not dpg.is_item_shown(login_view.CHANGE_GROUP)


def test_queue_and_ticket_views_show_service_data(gui, pg_module_db) -> None:  # noqa: F811
    db = pg_module_db
    cats = catalogs(db)
    _, token = insert_staff_session(db, "operador")
    call = staff_call(db, token)
    ticket = insert_ticket(db, cats, requester_name="Vista Sin Pantalla", equipment_tag="ITL-HEADLESS")
    insert_attachment(db, ticket["ticket_id"], png(40, 30))
    loaded = catalog_service.load_catalogs(call)

    opened: list[int] = []
    sorted_by: list[tuple] = []
    with dpg.window(tag="w"):
        view = QueueView("w", lambda: None, lambda k, d: sorted_by.append((k, d)), lambda: None, lambda: None,
                         lambda: None, opened.append)
    view.set_catalogs(loaded)
    dpg.set_value(queue_view.CAMPUS, "Campus I")
    dpg.set_value(queue_view.SEARCH, "Vista Sin")
    filters = view.filters(loaded)
    assert filters == QueueFilters(campus_id=cats.campus["C1"], only_open=True, search="Vista Sin")
    service = QueueService()
    request = service.set_filters(filters)
    rows = service.accept(request, queue_service.fetch(call, request))
    view.show_rows(rows, None, service.range_label(), service.can_go_back, service.state.has_more)
    assert dpg.get_value(queue_view.PAGE_LABEL) == "1–1 de 1"
    assert view.row_count() == 1
    row = view.row_tags[ticket["ticket_id"]]
    dpg.get_item_callback(row)(row, True, ticket["ticket_id"])  # one click marks the row
    assert opened == [] and view.selected_ticket_ids() == [ticket["ticket_id"]]
    dpg.get_item_callback(row)(row, True, ticket["ticket_id"])  # a second one at once: double click
    assert opened == [ticket["ticket_id"]]
    assert dpg.get_item_configuration(queue_view.NEXT)["enabled"] is False

    actions: list[tuple] = []
    tview = TicketView(lambda label: actions.append(("assign", label)), lambda: actions.append(("unassign",)),
                       lambda s, n: actions.append(("status", s, n)), lambda p: actions.append(("priority", p)),
                       lambda b, pub: actions.append(("comment", b, pub)), lambda: None)
    detail = ticket_service.load_detail(call, ticket["ticket_id"])
    tview.show_detail(detail, loaded)
    assert dpg.get_value(ticket_view.FOLIO).startswith(ticket["folio"])
    timeline = [c for c in dpg.get_item_children(ticket_view.TIMELINE, slot=1)]
    assert len(timeline) == 1 and detail.timeline()[0].body == ticket["description"]
    assert len(dpg.get_item_children(ticket_view.TEXTURES, slot=1)) == 1
    assert dpg.get_item_configuration(ticket_view.STATUS)["items"] == ["Asignado", "En proceso", "Cancelado"]
    assert dpg.get_value(ticket_view.STATUS) == ""  # nothing preselected
    wrapped_text.box(ticket_view.COMMENT).value = "Hola"
    dpg.set_value(ticket_view.COMMENT_KIND, ticket_view.PUBLIC)
    dpg.get_item_callback(ticket_view.SEND)()
    assert actions == [] and dpg.is_item_shown(ticket_view.CONFIRM)  # public: asks first
    assert dpg.get_value(ticket_view.CONFIRM_TEXT) == "Hola"
    dpg.get_item_callback(ticket_view.CONFIRM_OK)()
    dpg.get_item_callback("ticket_assign_me")()
    dpg.get_item_callback("ticket_change_status")()  # no status chosen: the app says so
    dpg.set_value(ticket_view.STATUS, "Asignado")
    dpg.get_item_callback("ticket_change_status")()
    assert "«Asignado»" in dpg.get_value(ticket_view.CONFIRM_TITLE)
    dpg.get_item_callback(ticket_view.CONFIRM_OK)()
    assert actions == [("comment", "Hola", True), ("assign", None), ("status", "", ""), ("status", "Asignado", "")]
