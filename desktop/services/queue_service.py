"""The queue's state: filters, sort, keyset cursors (Siguiente/Anterior), selection, new-ticket marks.

The view calls `request()` on the GUI thread, runs `fetch(request)` in a worker thread and
hands the rows to `accept(request, rows)` on the GUI thread. The database filters, sorts and
pages; the service only remembers cursors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.services.formatting import age, local_time

Call = Callable[..., list[dict[str, Any]]]

# Columns of the table: (sort key, header).
COLUMNS: list[tuple[str, str]] = [
    ("folio", "Folio"),
    ("age", "Antigüedad"),
    ("campus", "Campus"),
    ("location", "Ubicación"),
    ("category", "Categoría"),
    ("requester_type", "Solicitante"),
    ("priority", "Prioridad"),
    ("status", "Estado"),
    ("assignee", "Asignado a"),
]
# 'age' sorts like the folio (creation order).
SORT_OF_COLUMN = {"age": "folio"}


@dataclass(frozen=True)
class QueueFilters:
    status_id: int | None = None
    campus_id: int | None = None
    category_id: int | None = None
    priority_id: int | None = None
    assigned_to: int | None = None
    only_mine: bool = False
    only_unassigned: bool = False
    only_open: bool = True
    search: str = ""


@dataclass(frozen=True)
class QueueRequest:
    filters: QueueFilters
    sort_key: str
    sort_desc: bool
    after: tuple[int, int] | None  # (sort_value, ticket_id) of the previous page's last row
    page_size: int
    page_index: int

    def params(self) -> dict[str, Any]:
        f = self.filters
        return {
            "status_id": f.status_id, "campus_id": f.campus_id, "category_id": f.category_id,
            "priority_id": f.priority_id, "assigned_to": f.assigned_to, "only_mine": f.only_mine,
            "only_unassigned": f.only_unassigned, "only_open": f.only_open,
            "search": f.search.strip() or None, "sort_key": self.sort_key, "sort_desc": self.sort_desc,
            "after_value": self.after[0] if self.after else None,
            "after_ticket_id": self.after[1] if self.after else None,
            "page_size": self.page_size,
        }


@dataclass
class QueueRow:
    ticket_id: int
    cells: list[str]
    is_new: bool
    highlight: bool
    raw: dict[str, Any]


@dataclass
class QueueState:
    filters: QueueFilters = field(default_factory=QueueFilters)
    sort_key: str = "folio"
    sort_desc: bool = True
    page_size: int = 50
    cursors: list[tuple[int, int] | None] = field(default_factory=lambda: [None])  # cursor of each page
    rows: list[QueueRow] = field(default_factory=list)
    has_more: bool = False
    selected_ticket_id: int | None = None
    seen_ids: set[int] = field(default_factory=set)
    max_seen_id: int = 0


def fetch(call: Call, request: QueueRequest) -> list[dict[str, Any]]:
    """Blocking: run in a worker thread."""
    return call("staff.list_queue", **request.params())


class QueueService:
    def __init__(self, page_size: int = 50) -> None:
        self.state = QueueState(page_size=page_size)

    # ---- requests (GUI thread) ----------------------------------------------
    def _request(self, page_index: int) -> QueueRequest:
        s = self.state
        return QueueRequest(s.filters, s.sort_key, s.sort_desc, s.cursors[page_index], s.page_size, page_index)

    def refresh_request(self) -> QueueRequest:
        """The current page again (auto-refresh)."""
        return self._request(len(self.state.cursors) - 1)

    def first_page_request(self) -> QueueRequest:
        self.state.cursors = [None]
        return self._request(0)

    def set_filters(self, filters: QueueFilters) -> QueueRequest:
        # Contradictory combinations would show an empty queue: the more specific choice wins.
        if filters.only_unassigned and (filters.only_mine or filters.assigned_to is not None):
            filters = replace(filters, only_unassigned=False)
        if filters.status_id is not None and filters.only_open:
            filters = replace(filters, only_open=False)  # a chosen status (even 'Cerrado') is shown
        self.state.filters = filters
        return self.first_page_request()

    def sort_by_column(self, column: str) -> QueueRequest:
        """Click on a header: same key toggles the direction, a new key starts descending."""
        key = SORT_OF_COLUMN.get(column, column)
        s = self.state
        if key == s.sort_key:
            s.sort_desc = not s.sort_desc
        else:
            s.sort_key, s.sort_desc = key, True
        return self.first_page_request()

    def sort(self, column: str, descending: bool) -> QueueRequest | None:
        """The table's sort spec (header click): None when it is already the current order."""
        key = SORT_OF_COLUMN.get(column, column)
        s = self.state
        if (key, descending) == (s.sort_key, s.sort_desc):
            return None
        s.sort_key, s.sort_desc = key, descending
        return self.first_page_request()

    def next_page_request(self) -> QueueRequest | None:
        s = self.state
        if not s.has_more or not s.rows:
            return None
        last = s.rows[-1].raw
        s.cursors.append((int(last["sort_value"]), int(last["ticket_id"])))
        return self._request(len(s.cursors) - 1)

    def previous_page_request(self) -> QueueRequest | None:
        s = self.state
        if len(s.cursors) <= 1:
            return None
        s.cursors.pop()
        return self._request(len(s.cursors) - 1)

    @property
    def page_number(self) -> int:
        return len(self.state.cursors)

    @property
    def can_go_back(self) -> bool:
        return len(self.state.cursors) > 1

    # ---- results (GUI thread) -------------------------------------------------
    def accept(self, request: QueueRequest, rows: list[dict[str, Any]]) -> list[QueueRow]:
        """Store a page; rows that were not there at the previous load are highlighted."""
        s = self.state
        if request.page_index != len(s.cursors) - 1:
            return s.rows  # an older answer arrived after the user moved on
        first_load = not s.seen_ids
        out = []
        for r in rows:
            tid = int(r["ticket_id"])
            arrived = not first_load and tid not in s.seen_ids and tid > s.max_seen_id
            out.append(QueueRow(tid, self.cells(r), bool(r["is_new"]), bool(r["is_new"]) or arrived, r))
        s.rows = out
        s.has_more = bool(rows[0]["has_more"]) if rows else False
        for r in out:
            s.seen_ids.add(r.ticket_id)
            s.max_seen_id = max(s.max_seen_id, r.ticket_id)
        return out

    @staticmethod
    def cells(r: dict[str, Any]) -> list[str]:
        return [
            str(r["folio"]),
            age(r["created_at"]),
            r["campus_name"] or "",
            r["location_name"] or "",
            r["category_name"] or "",
            r["requester_type_name"] or "",
            r["priority_name"] or "",
            r["status_name"] or "",
            r["assignee_name"] or "-",
        ]

    def select(self, ticket_id: int | None) -> None:
        self.state.selected_ticket_id = ticket_id

    def selected_index(self) -> int | None:
        """Index of the selected ticket in the current rows (kept across refreshes)."""
        for n, r in enumerate(self.state.rows):
            if r.ticket_id == self.state.selected_ticket_id:
                return n
        return None

    @staticmethod
    def created_label(r: dict[str, Any]) -> str:
        return local_time(r["created_at"])
