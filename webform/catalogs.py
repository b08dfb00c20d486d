"""Catalog lists kept in memory for a short time (they change rarely)."""

from __future__ import annotations

import threading
import time
from typing import Any

from gateway import DatabaseUnavailable


class Catalogs:
    def __init__(self, gw: Any, ttl: float) -> None:
        self._gw = gw
        self._ttl = ttl
        self._lock = threading.Lock()
        self._data: dict[str, list[dict[str, Any]]] | None = None
        self._loaded = 0.0
        self._equipment: dict[int, tuple[float, list[dict[str, Any]]]] = {}

    def all(self) -> dict[str, list[dict[str, Any]]]:
        now = time.monotonic()
        if self._data is None or now - self._loaded > self._ttl:
            try:
                rows = self._gw.call("webform.list_catalog_items")
            except DatabaseUnavailable:
                if self._data is None:
                    raise
                return self._data  # stale lists are better than no form during an outage
            data: dict[str, list[dict[str, Any]]] = {}
            for row in rows:  # already in display order
                data.setdefault(row["catalog"], []).append(row)
            with self._lock:
                self._data, self._loaded = data, now
        return self._data

    def items(self, catalog: str) -> list[dict[str, Any]]:
        return self.all().get(catalog, [])

    def item(self, catalog: str, item_id: Any) -> dict[str, Any] | None:
        return next((r for r in self.items(catalog) if r["item_id"] == item_id), None)

    def locations(self, campus_id: int | None) -> list[dict[str, Any]]:
        return [row for row in self.items("location") if campus_id is None or row["parent_id"] == campus_id]

    def equipment(self, location_id: int) -> list[dict[str, Any]]:
        now = time.monotonic()
        hit = self._equipment.get(location_id)
        if hit and now - hit[0] <= self._ttl:
            return hit[1]
        try:
            rows = self._gw.call("webform.list_equipment", location_id=location_id)
        except DatabaseUnavailable:
            if hit is None:
                raise
            return hit[1]
        with self._lock:
            if len(self._equipment) > 2000:
                self._equipment.clear()
            self._equipment[location_id] = (now, rows)
        return rows


def equipment_label(row: dict[str, Any]) -> str:
    parts = [row.get("inventory_tag") or ""]
    desc = " ".join(str(p) for p in (row.get("kind"), row.get("brand"), row.get("model")) if p)
    if desc:
        parts.append(desc)
    return " — ".join(parts)
