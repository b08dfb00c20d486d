"""What the screens of one window share: the context, the catalogs, the queue's state, the views of
the current session (None while logged out) and the open ticket; and the screens themselves, so
one screen can ask another (the queue opens a ticket, a change to a ticket refreshes the queue)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.context import AppContext
from desktop.services import health
from desktop.services.catalog_service import Catalogs
from desktop.services.drafts import DraftStore
from desktop.services.queue_service import QueueService
from desktop.services.ticket_service import TicketDetail
from desktop.views.bulk_dialog import BulkDialog
from desktop.views.incidents_view import IncidentsView
from desktop.views.queue_view import QueueView
from desktop.views.service_order_dialog import ServiceOrderDialog
from desktop.views.ticket_extras import TicketExtras
from desktop.views.ticket_view import TicketView

if TYPE_CHECKING:
    from desktop.screens.arrivals import Arrivals
    from desktop.screens.incidents import IncidentLinks
    from desktop.screens.login import LoginScreen
    from desktop.screens.monitor import Monitor
    from desktop.screens.queue import QueueScreen
    from desktop.screens.session import SessionScreen
    from desktop.screens.ticket import TicketScreen
    from desktop.screens.ticket_actions import TicketActions
    from desktop.screens.window import Window


class Desk:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.cats = Catalogs()
        self.queue = QueueService()
        self.drafts = DraftStore()
        self.health = health.Health()
        self.queue_view: QueueView | None = None
        self.ticket_view: TicketView | None = None
        self.incidents: IncidentsView | None = None
        self.extras: TicketExtras | None = None  # canned replies, images, orden de servicio, reopen
        self.bulk: BulkDialog | None = None
        self.orders: ServiceOrderDialog | None = None
        self.detail: TicketDetail | None = None
        self.current_ticket_id: int | None = None  # the ticket whose draft the composer holds
        self.queue_loading = False
        self.arrived = 0
        self.acting = False  # one change at a time: a second Ctrl+Enter never sends twice
        # The screens (set by desktop.ui.DesktopApp once all are built).
        self.login: LoginScreen
        self.session: SessionScreen
        self.window: Window
        self.queue_screen: QueueScreen
        self.arrivals: Arrivals
        self.ticket: TicketScreen
        self.actions: TicketActions
        self.incident_links: IncidentLinks
        self.monitor: Monitor
