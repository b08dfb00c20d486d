"""«Orden de servicio» from the desktop: for the open ticket (button in its header) or for the
tickets selected in the queue (bulk dialog). Asks once for the requesters' web address (the
QR leads there), builds the PDF in a worker thread, then shows where it was saved and opens it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.context import AppContext, user_message
from desktop.services import service_order
from desktop.services.open_file import open_in_viewer
from desktop.views import theme

WINDOW = "order_window"
URL_INPUT = "order_web_url"
STATUS = "order_status"
SOURCE = "order_url_source"
PATH = "order_path"
GENERATE = "order_generate"
OPEN = "order_open"
WIDTH, HEIGHT = 640, 320


class ServiceOrderDialog:
    def __init__(self, ctx: AppContext, open_files: bool = True) -> None:
        self.ctx = ctx
        self.open_files = open_files  # tests keep the viewer closed
        self.ticket_ids: list[int] = []
        self.path: Path | None = None
        self.busy = False
        with dpg.window(tag=WINDOW, label="Orden de servicio", show=False, no_collapse=True, width=WIDTH,
                        height=HEIGHT, no_saved_settings=True, on_close=lambda: self.close()):
            theme.label("Dirección de la página de consulta (la que usan los solicitantes; el código QR lleva ahí):",
                        wrap=0)
            dpg.add_input_text(tag=URL_INPUT, width=-1, hint="https://soporte.leon.tecnm.mx")
            dpg.add_text("", tag=SOURCE, wrap=WIDTH - 40)  # where the address came from; «confirm it» when unsure
            with dpg.group(horizontal=True):
                dpg.add_button(tag=GENERATE, label="Generar PDF", callback=lambda: self.generate())
                dpg.add_button(tag=OPEN, label="Abrir el PDF", show=False, callback=lambda: self.open_pdf())
                dpg.add_button(label="Cerrar", callback=lambda: self.close())
            dpg.add_text("", tag=STATUS, wrap=0)
            dpg.add_text("", tag=PATH, wrap=WIDTH - 40, show=False)  # the whole path, wrapped
        theme.bind(GENERATE, theme.PRIMARY_BUTTON)

    def is_open(self) -> bool:
        return bool(dpg.does_item_exist(WINDOW) and dpg.is_item_shown(WINDOW))

    def open(self, ticket_ids: list[int]) -> None:
        """Show the dialog for these tickets; with the address already known, generate at once."""
        self.ticket_ids = list(ticket_ids)
        self.path = None
        address = service_order.known_web_url()
        dpg.set_value(URL_INPUT, address.url)
        p = theme.palette()
        if address.verified:
            dpg.set_value(SOURCE, f"Dirección {address.source}.")
        elif address.url:
            dpg.set_value(SOURCE, f"Dirección {address.source}. Revísela (el código QR llevará ahí) y pulse "
                                  "«Generar PDF» para confirmarla.")
        else:
            dpg.set_value(SOURCE, "Escriba una vez la dirección de la página de consulta (se recordará para la "
                                  "próxima).")
        dpg.configure_item(SOURCE, color=p.text if address.verified else p.warn)
        dpg.configure_item(OPEN, show=False)
        dpg.configure_item(PATH, show=False)
        count = len(self.ticket_ids)
        what = "1 ticket" if count == 1 else f"{count} tickets (una hoja por ticket)"
        self._say(f"Orden de servicio de {what}.")
        vw, vh = _viewport_size()
        dpg.configure_item(WINDOW, show=True, pos=((vw - WIDTH) // 2, (vh - HEIGHT) // 3))
        dpg.focus_item(WINDOW)
        if address.verified:  # the running system's address: generated at once
            self.generate()
        else:  # remembered or unknown: the operator confirms or writes it first
            dpg.focus_item(URL_INPUT)

    def close(self) -> None:
        if dpg.does_item_exist(WINDOW):
            dpg.configure_item(WINDOW, show=False)

    def _say(self, text: str, ok: bool = True) -> None:
        p = theme.palette()
        dpg.set_value(STATUS, text)
        dpg.configure_item(STATUS, color=p.text if ok else p.error)

    def generate(self) -> None:
        if self.busy or not self.ticket_ids:
            return
        try:
            base = service_order.clean_web_url(dpg.get_value(URL_INPUT) or "")
        except ValueError as exc:
            self._say(str(exc), ok=False)
            return
        service_order.remember_web_url(base)  # confirmed by the operator (or the running system's)
        dpg.set_value(URL_INPUT, base)
        self.busy = True
        ids = list(self.ticket_ids)
        self._say("Generando el PDF…")

        def work() -> Path:
            return service_order.save_pdf(service_order.load_orders(self.ctx.call, ids), base)

        self.ctx.run_async(work, self._saved, self._failed)

    def _saved(self, path: Path) -> None:
        self.busy = False
        dpg.set_value(SOURCE, f"Dirección del código QR: {dpg.get_value(URL_INPUT)}")  # confirmed: no warning
        dpg.configure_item(SOURCE, color=theme.palette().text)
        self.path = path
        self._say("Listo. El PDF se guardó en:")
        dpg.set_value(PATH, str(path))
        dpg.configure_item(PATH, show=True)
        dpg.configure_item(OPEN, show=True)
        if self.open_files:
            self.open_pdf()

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        text = f"No se pudo guardar el PDF: {exc.strerror or exc}." if isinstance(exc, OSError) else user_message(exc)
        self._say(text, ok=False)

    def open_pdf(self) -> Any:
        if self.path is None:
            return None
        problem = open_in_viewer(self.path, "el PDF", path_shown=True)
        if problem:
            self._say(problem, ok=False)  # the path stays shown below
        else:  # the viewer may take a while to appear: say something happened, and where the file is
            self._say("Se pidió al sistema abrir el PDF. Si no aparece en unos segundos, ábralo a mano desde la "
                      "ruta de abajo.")
        return not problem


def _viewport_size() -> tuple[int, int]:
    try:
        return dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
    except Exception:
        return 1366, 768
