"""Catalogs for filters and actions (staff.list_filter_catalogs, staff.list_assignable_staff)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ALL = "(Todos)"
NOBODY = "(Sin asignar)"

Call = Callable[..., list[dict[str, Any]]]


@dataclass
class Catalogs:
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    staff: list[dict[str, Any]] = field(default_factory=list)

    def names(self, catalog: str, with_all: bool = True, active_only: bool = False) -> list[str]:
        names = [r["name"] for r in self.items.get(catalog, []) if r["is_active"] or not active_only]
        return [ALL, *names] if with_all else names

    def id_of(self, catalog: str, name: str) -> int | None:
        for r in self.items.get(catalog, []):
            if r["name"] == name:
                return int(r["item_id"])
        return None

    def name_of(self, catalog: str, item_id: int | None) -> str:
        for r in self.items.get(catalog, []):
            if r["item_id"] == item_id:
                return str(r["name"])
        return ""

    def transitions_from(self, status_id: int) -> list[dict[str, Any]]:
        return [r for r in self.items.get("transition", []) if r["parent_id"] == status_id]

    # Staff ("Nombre (usuario)") for the assignee filter and the assign action.
    def staff_labels(self, with_all: bool = True) -> list[str]:
        labels = [self.staff_label(s) for s in self.staff]
        return [ALL, *labels] if with_all else labels

    @staticmethod
    def staff_label(row: dict[str, Any]) -> str:
        return f"{row['full_name']} ({row['username']})"

    def staff_id_of(self, label: str) -> int | None:
        for s in self.staff:
            if self.staff_label(s) == label:
                return int(s["staff_id"])
        return None


def load_catalogs(call: Call) -> Catalogs:
    """Blocking: run in a worker thread. `call` is AppContext.call (adds the token)."""
    result = Catalogs()
    for row in call("staff.list_filter_catalogs"):
        result.items.setdefault(row["catalog"], []).append(row)
    result.staff = call("staff.list_assignable_staff")
    return result
