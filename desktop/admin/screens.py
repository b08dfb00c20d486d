"""The administration tabs of an administrator's main window, one view per screen."""

from __future__ import annotations

from desktop.admin.views.audit_view import AuditView
from desktop.admin.views.calendar_view import CalendarView
from desktop.admin.views.canned_view import CannedView
from desktop.admin.views.catalog_view import CatalogView
from desktop.admin.views.common import AdminTab
from desktop.admin.views.incidents_admin_view import IncidentsAdminView
from desktop.admin.views.settings_view import SettingsView
from desktop.admin.views.staff_view import StaffView
from desktop.admin.views.stats_view import StatsView
from desktop.context import AppContext


class AdminScreens:
    def __init__(self, ctx: AppContext, tab_bar: int | str) -> None:
        self.stats = StatsView(ctx, tab_bar)
        self.staff = StaffView(ctx, tab_bar)
        self.catalogs = CatalogView(ctx, tab_bar)
        self.canned = CannedView(ctx, tab_bar)
        self.audit = AuditView(ctx, tab_bar)
        self.settings = SettingsView(ctx, tab_bar)
        self.calendar = CalendarView(ctx, tab_bar)
        self.incidents = IncidentsAdminView(ctx, tab_bar)

    @property
    def tabs(self) -> list[AdminTab]:
        return [self.stats, self.staff, self.catalogs, self.canned, self.audit, self.settings, self.calendar,
                self.incidents]
