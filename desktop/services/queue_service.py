"""The queue's state: filters, sort, keyset cursors (Siguiente/Anterior), selection, new-ticket marks.

The view calls `request()` on the GUI thread, runs `fetch(request)` in a worker thread and
hands the rows to `accept(request, rows)` on the GUI thread. The database filters, sorts and
pages; the service only remembers cursors.

Per row the database also says: is_new (open and not yet opened by this operator), due_at and
is_overdue (from the priority's response/resolution targets), requester_answered (the latest
public event is the requester's reply). The total for "1–50 de 1,234" is asked for with the
first page of a new filter or sort only (`with_total`) and kept while paging. Arrivals are
polled with `poll_new` (staff.count_new_tickets) without reloading the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from desktop.services.formatting import age, local_time, short_date, short_time

Call = Callable[..., list[dict[str, Any]]]

# Columns of the table: (column key, header); `cells()` returns them in this order.
COLUMNS: list[tuple[str, str]] = [
    ("folio", "Folio"),
    ("age", "Antigüedad"),
    ("requester", "Solicitante"),
    ("excerpt", "Descripción"),
    ("place", "Campus y lugar"),
    ("category", "Categoría"),
    ("priority", "Prioridad"),
    ("status", "Estado"),
    ("assignee", "Asignado a"),
    ("due", "Vence"),
]
# Keys whose first header click must put the most urgent on top. Dear PyGui 2.3.1's tables start every
# column ascending (prefer_sort_descending has no effect), and ascending priority put «Baja» first: for
# these keys the table's ▲ means «most urgent first», like a P1-first list.
URGENT_FIRST = frozenset({"priority"})
# Column -> sort key of staff.list_queue: 'age' sorts like the folio (creation order), the place
# by campus. Columns missing here and not sort keys themselves cannot be sorted (UNSORTABLE).
SORT_OF_COLUMN = {"age": "folio", "place": "campus"}
def short_name(full_name: str) -> str:
    """A person's name as the queue's «Asignado a» column shows it: the first given name and the first
    surname («María Fernanda López Hernández» -> «María López»; «Ana López Pérez» -> «Ana López»), which
    fits the column whole; the row's tooltip and the ticket show the full name."""
    words = full_name.split()
    if len(words) <= 2:
        return " ".join(words)
    return f"{words[0]} {words[-2]}"


SORT_KEYS = ("folio", "campus", "location", "category", "requester_type", "priority", "status", "assignee")
NO_MATCH = "Ningún ticket coincide con la búsqueda o los filtros."  # next to «< Anterior»: always in view
TOTAL_CAP = 10_000  # staff.list_queue counts at most TOTAL_CAP + 1 rows
UNSORTABLE = frozenset(c for c, _ in COLUMNS if SORT_OF_COLUMN.get(c, c) not in SORT_KEYS)


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
    only_overdue: bool = False  # "vencidas"
    search: str = ""


@dataclass(frozen=True)
class QueueRequest:
    filters: QueueFilters
    sort_key: str
    sort_desc: bool
    after: tuple[int, int] | None  # (sort_value, ticket_id) of the previous page's last row
    page_size: int
    page_index: int
    with_total: bool = False

    def params(self) -> dict[str, Any]:
        f = self.filters
        return {
            "status_id": f.status_id, "campus_id": f.campus_id, "category_id": f.category_id,
            "priority_id": f.priority_id, "assigned_to": f.assigned_to, "only_mine": f.only_mine,
            "only_unassigned": f.only_unassigned, "only_open": f.only_open,
            "search": f.search.strip() or None, "sort_key": self.sort_key, "sort_desc": self.sort_desc,
            "after_value": self.after[0] if self.after else None,
            "after_ticket_id": self.after[1] if self.after else None,
            "page_size": self.page_size, "only_overdue": f.only_overdue, "with_total": self.with_total,
        }


@dataclass
class QueueRow:
    ticket_id: int
    cells: list[str]
    is_new: bool
    highlight: bool
    raw: dict[str, Any]

    @property
    def is_overdue(self) -> bool:
        return bool(self.raw.get("is_overdue"))

    @property
    def requester_answered(self) -> bool:
        return bool(self.raw.get("requester_answered"))

    @property
    def tooltip(self) -> str:
        """Full text of the cells the table may cut: requester, description, place."""
        r = self.raw
        return "\n".join(v for v in (r.get("requester_name"), place(r), r.get("description_excerpt")) if v)


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
    total_count: int | None = None  # of the current filters; None until counted
    announced_id: int | None = None  # newest ticket id already announced (staff.count_new_tickets)


def fetch(call: Call, request: QueueRequest) -> list[dict[str, Any]]:
    """Blocking: run in a worker thread."""
    return call("staff.list_queue", **request.params())


def poll_new(call: Call, after_ticket_id: int | None) -> dict[str, Any]:
    """Blocking: {new_count, last_ticket_id} of open tickets after the watermark, unseen by me."""
    return call("staff.count_new_tickets", after_ticket_id=after_ticket_id)[0]


def place(r: dict[str, Any]) -> str:
    """'Campus I · Centro de Cómputo (junto a la ventana)'."""
    where = r.get("location_name") or ""
    detail = r.get("location_detail")
    if detail:
        where = f"{where} ({detail})" if where else detail
    return " · ".join(v for v in (r.get("campus_name") or "", where) if v)


def due_label(r: dict[str, Any], now: datetime | None = None) -> str:
    """'' (not due: closed), 'Venció 03/12' (the day fits the column; '03/12/25' another year) or the
    local due time ('03/12 14:00'; '03/01/27' another year)."""
    due = r.get("due_at")
    if due is None:
        return ""
    if r.get("is_overdue"):
        return f"Venció {short_date(due, now)}"
    return short_time(due, now)


class QueueService:
    def __init__(self, page_size: int = 50) -> None:
        self.state = QueueState(page_size=page_size)

    # ---- requests (GUI thread) ----------------------------------------------
    def _request(self, page_index: int, with_total: bool = False) -> QueueRequest:
        s = self.state
        return QueueRequest(s.filters, s.sort_key, s.sort_desc, s.cursors[page_index], s.page_size, page_index,
                            with_total)

    def refresh_request(self) -> QueueRequest:
        """The current page again (auto-refresh, after a change), recounting the total: a ticket closed
        or taken by someone else changes «1–5 de 6» (the count is capped, see TOTAL_CAP)."""
        return self._request(len(self.state.cursors) - 1, with_total=True)

    def first_page_request(self) -> QueueRequest:
        """Page 1 of a new filter or sort, with the total count."""
        self.state.cursors = [None]
        self.state.total_count = None
        return self._request(0, with_total=True)

    def count_request(self) -> QueueRequest:
        """The current page again, recounting the total (after arrivals were announced)."""
        return self._request(len(self.state.cursors) - 1, with_total=True)

    def set_filters(self, filters: QueueFilters) -> QueueRequest:
        # Contradictory combinations would show an empty queue: the more specific choice wins.
        if filters.only_unassigned and (filters.only_mine or filters.assigned_to is not None):
            filters = replace(filters, only_unassigned=False)
        if filters.status_id is not None and filters.only_open:
            filters = replace(filters, only_open=False)  # a chosen status (even 'Cerrado') is shown
        self.state.filters = filters
        return self.first_page_request()

    def sort_by_column(self, column: str) -> QueueRequest | None:
        """Click on a header: same key toggles the direction, a new key starts descending.
        None for a column that cannot be sorted (requester, description, due time)."""
        if column in UNSORTABLE:
            return None
        key = SORT_OF_COLUMN.get(column, column)
        s = self.state
        if key == s.sort_key:
            s.sort_desc = not s.sort_desc
        else:
            s.sort_key, s.sort_desc = key, True
        return self.first_page_request()

    def sort(self, column: str, descending: bool) -> QueueRequest | None:
        """The table's sort spec (header click): None when it is already the current order
        or the column cannot be sorted."""
        if column in UNSORTABLE:
            return None
        key = SORT_OF_COLUMN.get(column, column)
        descending = descending != (key in URGENT_FIRST)
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

    def range_label(self) -> str:
        """'1–50 de 1,234' (page 2 of 50: '51–100 de 1,234'); NO_MATCH when the page is empty."""
        s = self.state
        if not s.rows:
            return NO_MATCH
        first = (len(s.cursors) - 1) * s.page_size + 1
        last = first + len(s.rows) - 1
        if s.total_count is None:
            total = ""
        elif s.total_count > TOTAL_CAP:
            total = f" de más de {TOTAL_CAP:,}"
        else:
            total = f" de {s.total_count:,}"
        return f"{first:,}–{last:,}{total}"

    def arrivals_request(self, count: int) -> QueueRequest:
        """The newest `count` tickets under the current filters (not a page of the table): how many of the
        announced arrivals these filters show (staff.count_new_tickets counts every open ticket)."""
        return QueueRequest(self.state.filters, "folio", True, None, max(1, min(count, 200)), -1)

    def accept_new(self, answer: dict[str, Any]) -> int:
        """Store the watermark of a `poll_new` answer; returns how many arrivals to announce
        (0 on the first poll, which only sets the watermark)."""
        s = self.state
        first = s.announced_id is None
        s.announced_id = int(answer["last_ticket_id"])
        return 0 if first else int(answer["new_count"])

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
        if request.with_total:
            s.total_count = int(rows[0]["total_count"]) if rows else 0
        for r in out:
            s.seen_ids.add(r.ticket_id)
            s.max_seen_id = max(s.max_seen_id, r.ticket_id)
        return out

    @staticmethod
    def cells(r: dict[str, Any]) -> list[str]:
        return [
            str(r["folio"]),
            age(r["created_at"]),
            r["requester_name"] or "",
            r.get("description_excerpt") or "",
            place(r),
            r["category_name"] or "",
            r["priority_name"] or "",
            r["status_name"] or "",
            r["assignee_name"] or "-",
            due_label(r),
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


def arrivals_shown(rows: list[dict[str, Any]], after_ticket_id: int | None) -> int:
    """Of an `arrivals_request` answer: the tickets newer than the watermark before the arrivals."""
    return sum(1 for r in rows if after_ticket_id is None or int(r["ticket_id"]) > after_ticket_id)


def arrival_notice(arrived: int, shown: int | None) -> str:
    """The queue's notice: how many arrived and, when known, how many of them the filters show."""
    text = "1 ticket nuevo" if arrived == 1 else f"{arrived} tickets nuevos"
    if shown is None or shown >= arrived:
        return f"{text} (clic para verlos)"
    if shown == 0:
        return f"{text}, fuera de los filtros actuales"
    return f"{text}, {shown} con los filtros actuales (clic para verlos)"
