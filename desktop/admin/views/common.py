"""What every administration tab shares: value formatting, table filling, and AdminTab, which
loads the tab the first time it is shown and says when it last loaded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.context import AppContext, user_message
from desktop.services.formatting import LOCAL, local_time

# What a save says when the database found nothing to change (and wrote no Bitácora line).
NO_CHANGES = "Sin cambios: los datos ya estaban así, no se guardó nada."


def saved_or_unchanged(changed: bool, text: str) -> str:
    return text if changed else NO_CHANGES


def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    if hasattr(value, "tzinfo"):
        return local_time(value)
    return str(value)


def fill_table(table: int | str, headers: list[str], rows: list[list[Any]], wrap_last: bool = False) -> None:
    dpg.delete_item(table, children_only=True)
    for n, header in enumerate(headers):
        last = n == len(headers) - 1
        dpg.add_table_column(label=header, parent=table, width_stretch=wrap_last and last)
    for row in rows:
        with dpg.table_row(parent=table):
            for n, value in enumerate(row):
                dpg.add_text(fmt(value), wrap=0 if wrap_last and n == len(row) - 1 else -1)


def now_label() -> str:
    return datetime.now(LOCAL).strftime("%H:%M")


class AdminTab:
    """One tab: `build()` adds its widgets; `job()` (GUI thread) returns the blocking work that
    loads it (or raises ValueError with a Spanish message); `show(result)` fills the widgets.
    The tab loads itself the first time it becomes visible; "Actualizar" reloads it."""

    label = ""
    tag = ""

    def __init__(self, ctx: AppContext, tab_bar: int | str) -> None:
        self.ctx = ctx
        self.loading = False
        self.opened = False
        self.loaded_at: str | None = None
        self.stamp_tag = f"{self.tag}_stamp"
        with dpg.tab(label=self.label, parent=tab_bar, tag=self.tag):
            with dpg.group(horizontal=True):
                dpg.add_button(label="Actualizar", tag=f"{self.tag}_refresh", callback=lambda: self.load())
                dpg.add_text("Se carga al abrir la pestaña.", tag=self.stamp_tag)
            self.build()
        with dpg.item_handler_registry() as registry:
            dpg.add_item_visible_handler(callback=lambda: self.first_open())
        dpg.bind_item_handler_registry(self.stamp_tag, registry)

    # ---- to implement -------------------------------------------------------------------
    def build(self) -> None:
        raise NotImplementedError

    def job(self) -> Callable[[], Any]:
        raise NotImplementedError

    def show(self, result: Any) -> None:
        raise NotImplementedError

    # ---- loading ------------------------------------------------------------------------
    def first_open(self) -> None:
        """Called every frame while the tab is visible: loads once, the first time."""
        if not self.opened:
            self.opened = True
            self.load()

    def load(self) -> None:
        self.opened = True
        try:
            work = self.job()
        except ValueError as exc:
            self.set_stamp(str(exc))
            return
        self.loading = True
        self.set_stamp("Cargando…")
        self.ctx.run_async(work, self._loaded, self._failed)

    def _loaded(self, result: Any) -> None:
        self.loading = False
        self.loaded_at = now_label()
        self.show(result)
        self.set_stamp(f"Actualizado a las {self.loaded_at}.")

    def _failed(self, exc: Exception) -> None:
        self.loading = False
        since = f" Se muestran los datos cargados a las {self.loaded_at}." if self.loaded_at else ""
        self.set_stamp(f"{user_message(exc)}{since}")

    def set_stamp(self, text: str) -> None:
        dpg.set_value(self.stamp_tag, text)

    def run(self, work: Callable[[], Any], done: Callable[[Any], None], message_tag: str) -> None:
        """An action of the tab (save, toggle...): errors go to the tab's message line."""
        self.ctx.run_async(work, done, lambda e: dpg.set_value(message_tag, user_message(e)))
