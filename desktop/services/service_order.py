"""«Orden de servicio»: the printable work order a technician takes to the equipment. One letter
page per ticket (one or many: the queue's selection), built with fpdf2: folio, requester, place,
equipment, the problem as reported, a QR code back to the ticket's status page, lines for the
work done and the materials, start and end times, and both signatures.

The QR holds <web address>/consulta?folio=<folio> (the lookup page with the folio filled in; the
requester still needs their access code, so the sheet gives nothing away). The web address is
the one requesters use; the app asks for it once and remembers it (desktop/config.py section
"orden_servicio"), or takes ITL_DESK_WEB_URL.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from desktop import config
from desktop.services.formatting import LOCAL, local_time

Call = Callable[..., list[dict[str, Any]]]

CONFIG_SECTION = "orden_servicio"
WEB_URL_ENV = "ITL_DESK_WEB_URL"
TITLE = "Orden de servicio"
WORK_LINES = 6
MATERIAL_LINES = 2
LINE_GAP = 6.5  # mm between handwriting lines
DESCRIPTION_MAX = 500  # characters on the sheet (5 lines): the page keeps room for the signatures


PUBLIC_URL_ENV = "ITL_PUBLIC_URL"  # the web form's own setting for the address in its QR codes (webform/config.py)
LOOPBACK = ("localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0")


@dataclass(frozen=True)
class WebAddress:
    """The requesters' web address, where it came from (Spanish, «de …»/«del …», for the dialog) and whether it is the
    running system's (verified) or only what this PC remembered (the operator confirms it)."""

    url: str
    source: str
    verified: bool


def _pid_alive(pid: Any) -> bool:
    try:
        pid = int(pid)
    except (TypeError, ValueError):
        return False
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows: the lock file is deleted when the system stops
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, another user's
    return True


def running_system_web(state: Path | None = None) -> str:
    """The web address the running system wrote in its data folder's lock file (tools/run_system.py:
    {"pid": ..., "web": "http://host:port/"}), '' when no system runs on this PC."""
    import json

    from gateway import embedded

    path = (state or embedded.DEFAULT_STATE) / embedded.LOCK_FILE
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return ""
    if not isinstance(holder, dict) or not holder.get("web") or not _pid_alive(holder.get("pid")):
        return ""  # a file left by a system that was killed says nothing about the running one
    return str(holder["web"]).strip().rstrip("/")


def known_web_url(state: Path | None = None) -> WebAddress:
    """In this order: ITL_DESK_WEB_URL, ITL_PUBLIC_URL (the web form's setting), the system running on this
    PC (its lock file; a 127.0.0.1 address only works on this PC, so it is to be confirmed), else the
    address remembered from an earlier order (may be stale: to be confirmed), else nothing."""
    for env, source in ((WEB_URL_ENV, f"de la variable {WEB_URL_ENV}"),
                        (PUBLIC_URL_ENV, f"de la variable {PUBLIC_URL_ENV}")):
        value = os.environ.get(env, "").strip()
        if value:
            return WebAddress(value.rstrip("/"), source, True)
    running = running_system_web(state)
    if running:
        local = (urlsplit(running).hostname or "") in LOOPBACK
        return WebAddress(running, "del sistema en marcha en este equipo" + (
            " (es una dirección local: un teléfono no la abre)" if local else ""), not local)
    remembered = str(config.section(CONFIG_SECTION).get("web_url") or "").strip()
    if remembered:
        return WebAddress(remembered, "de la que se usó la última vez en esta PC", False)
    return WebAddress("", "", False)


def web_url() -> str:
    """The requesters' web address as best known ('' when never set): see known_web_url."""
    return known_web_url().url


def clean_web_url(text: str) -> str:
    """'soporte.itl.mx/' -> 'https://soporte.itl.mx'; ValueError (Spanish) when it is not an address."""
    value = text.strip().rstrip("/")
    if value and "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValueError("Escriba la dirección de la página de consulta, por ejemplo https://soporte.leon.tecnm.mx")
    return value


def remember_web_url(url: str) -> None:
    config.save_section(CONFIG_SECTION, {**config.section(CONFIG_SECTION), "web_url": url})


def status_url(base: str, folio: str) -> str:
    return f"{base.rstrip('/')}/consulta?folio={quote(folio)}"


@dataclass(frozen=True)
class OrderData:
    """What one page shows, from staff.get_ticket."""

    folio: str
    requester: str
    requester_type: str
    department: str
    contact: str
    place: str
    equipment: str
    equipment_condition: str
    category: str
    priority: str
    status: str
    assignee: str
    created: str
    description: str

    @classmethod
    def from_ticket(cls, t: dict[str, Any]) -> OrderData:
        def join(*values: Any, sep: str = " · ") -> str:
            return sep.join(str(v) for v in values if v)

        return cls(
            folio=t["folio"], requester=t["requester_name"], requester_type=t.get("requester_type_name") or "",
            department=t.get("department_name") or "",
            contact=join(t.get("contact_email"), t.get("contact_phone")),
            place=join(t.get("campus_name"), t.get("location_name"), t.get("location_detail")),
            equipment=join(t.get("equipment_tag"), t.get("equipment_brand"), t.get("equipment_serial")),
            equipment_condition=t.get("equipment_condition") or "", category=t.get("category_name") or "",
            priority=t.get("priority_name") or "", status=t.get("status_name") or "",
            assignee=t.get("assignee_name") or "", created=local_time(t.get("created_at")),
            description=t.get("description") or "",
        )


def load_orders(call: Call, ticket_ids: list[int]) -> list[OrderData]:
    """Blocking: the data of each ticket, in the given order (staff.get_ticket)."""
    return [OrderData.from_ticket(call("staff.get_ticket", ticket_id=tid)[0]) for tid in ticket_ids]


def _font_file() -> Path | None:
    from desktop.views.theme import font_path  # the font the app itself shows (DejaVu or Noto Sans)

    return font_path()


def _qr_png(url: str) -> io.BytesIO:
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=2)
    out.seek(0)
    return out


def build_pdf(orders: list[OrderData], base_url: str, printed_at: datetime | None = None) -> bytes:
    """The PDF (one page per order)."""
    from fpdf import FPDF

    printed = (printed_at or datetime.now(timezone.utc)).astimezone(LOCAL).strftime("%d/%m/%Y %H:%M")
    pdf = FPDF(orientation="P", unit="mm", format="Letter")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(15, 12, 15)
    font = _font_file()
    if font is not None:
        bold = font.with_name(font.name.replace("Sans.ttf", "Sans-Bold.ttf"))
        pdf.add_font("Texto", "", str(font))
        pdf.add_font("Texto", "B", str(bold if bold.exists() else font))
        family = "Texto"
    else:  # no TTF at all: the PDF's own Helvetica (Latin-1)
        family = "Helvetica"
    pdf.set_title(f"{TITLE} {', '.join(o.folio for o in orders)}")
    pdf.set_author("Centro de Cómputo ITL")
    for order in orders:
        _page(pdf, family, order, status_url(base_url, order.folio), printed)
    return bytes(pdf.output())


class _Sheet:
    """One letter page being drawn: the pdf, its font family and the usable width."""

    def __init__(self, pdf: Any, family: str) -> None:
        self.pdf, self.family = pdf, family
        self.w = pdf.w - pdf.l_margin - pdf.r_margin

    def s(self, text: str) -> str:
        """Text the font can draw (the PDF's own Helvetica is Latin-1 only)."""
        return text if self.family != "Helvetica" else text.encode("latin-1", "replace").decode("latin-1")

    def section(self, title: str) -> None:
        pdf = self.pdf
        pdf.ln(1.5)
        pdf.set_font(self.family, "B", 11)
        pdf.set_fill_color(228, 234, 244)
        pdf.cell(self.w, 6.5, self.s(title), fill=True, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def row(self, *cells: tuple[str, str, float]) -> None:
        """Labelled values side by side (each a share of the width); the row ends below the tallest."""
        pdf = self.pdf
        top, x, bottom = pdf.get_y(), pdf.l_margin, pdf.get_y()
        for label, value, share in cells:
            width = self.w * share
            pdf.set_xy(x, top)
            pdf.set_font(self.family, "", 7.5)
            pdf.set_text_color(90, 90, 90)
            pdf.cell(width, 3.6, self.s(label), new_x="LEFT", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
            pdf.set_font(self.family, "", 10)
            pdf.multi_cell(width - 2, 5, self.s(value or "—"), align="L", new_x="LEFT", new_y="NEXT")
            bottom, x = max(bottom, pdf.get_y()), x + width
        pdf.set_xy(pdf.l_margin, bottom + 1)

    def lines(self, title: str, count: int) -> None:
        """A section of empty ruled lines to write on by hand."""
        pdf = self.pdf
        self.section(title)
        for _ in range(count):
            pdf.ln(LINE_GAP)
            pdf.set_draw_color(150, 150, 150)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + self.w, pdf.get_y())

    def header(self, o: OrderData, url: str, printed: str) -> None:
        pdf, s, qr = self.pdf, self.s, 34
        pdf.image(_qr_png(url), x=pdf.w - pdf.r_margin - qr, y=10, w=qr, h=qr)
        text_w = self.w - qr - 4
        pdf.set_font(self.family, "B", 11)
        pdf.set_text_color(27, 57, 106)
        pdf.cell(text_w, 6, s("Instituto Tecnológico de León · Centro de Cómputo"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(self.family, "B", 20)
        pdf.cell(text_w, 11, s(TITLE), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(self.family, "B", 16)
        pdf.set_text_color(0, 0, 0)
        pdf.cell(text_w, 9, s(f"Folio {o.folio}"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(self.family, "", 9)
        pdf.multi_cell(text_w, 4.5, s(f"Recibida el {o.created} · Impresa el {printed}\n"
                                      f"Estado de la solicitud (código QR): {url}"),
                       align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), 10 + qr) + 3)

    def facts(self, o: OrderData) -> None:
        self.section("Solicitante")
        self.row(("Nombre", o.requester, 0.4), ("Tipo", o.requester_type, 0.2),
                 ("Departamento / área", o.department, 0.4))
        self.row(("Contacto", o.contact, 1.0))
        self.section("Lugar y equipo")
        self.row(("Lugar", o.place, 0.6), ("Etiqueta de inventario · marca · serie", o.equipment, 0.4))
        if o.equipment_condition:
            self.row(("Estado del equipo (según la solicitud)", o.equipment_condition, 1.0))
        self.row(("Categoría", o.category, 0.34), ("Prioridad", o.priority, 0.22), ("Estado", o.status, 0.22),
                 ("Asignado a", o.assignee, 0.22))
        self.section("Problema reportado")
        self.pdf.set_font(self.family, "", 10)
        text = o.description if len(o.description) <= DESCRIPTION_MAX else (
            o.description[:DESCRIPTION_MAX].rstrip() + "… (texto completo en el ticket)")
        self.pdf.multi_cell(self.w, 5, self.s(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def work_and_signatures(self, o: OrderData) -> None:
        pdf, s, w = self.pdf, self.s, self.w
        self.lines("Trabajo realizado", WORK_LINES)
        self.lines("Materiales o refacciones", MATERIAL_LINES)
        pdf.ln(4)
        pdf.set_font(self.family, "", 10)
        half = w / 2
        pdf.cell(half, 7, s("Fecha y hora de inicio: ____/____/______  ____:____"))
        pdf.cell(half, 7, s("Fecha y hora de término: ____/____/______  ____:____"), new_x="LMARGIN", new_y="NEXT")
        pdf.cell(w, 7, s("¿Quedó resuelto?   □ Sí    □ No    □ Requiere otra visita"), new_x="LMARGIN", new_y="NEXT")
        y = max(pdf.get_y() + 10, pdf.h - 23)
        pdf.set_draw_color(0, 0, 0)
        for n, (who, name) in enumerate((("Técnico(a) que atendió", o.assignee),
                                         ("Persona solicitante: recibí de conformidad", o.requester))):
            x = pdf.l_margin + n * (half + 5)
            pdf.line(x, y, x + half - 10, y)
            pdf.set_xy(x, y + 1)
            pdf.set_font(self.family, "", 9)
            pdf.cell(half - 10, 4.5, s(f"Nombre y firma · {who}"), new_x="LEFT", new_y="NEXT")
            pdf.set_font(self.family, "B", 10)
            pdf.cell(half - 10, 5, s(name or ""), new_x="LMARGIN", new_y="NEXT")
        pdf.set_xy(pdf.l_margin, pdf.h - 8)
        pdf.set_font(self.family, "", 7.5)
        pdf.set_text_color(110, 110, 110)
        pdf.cell(w, 4, s(f"{TITLE} · {o.folio} · Centro de Cómputo ITL"), align="C")
        pdf.set_text_color(0, 0, 0)


def _page(pdf: Any, family: str, o: OrderData, url: str, printed: str) -> None:
    pdf.add_page()
    sheet = _Sheet(pdf, family)
    sheet.header(o, url, printed)
    sheet.facts(o)
    sheet.work_and_signatures(o)


def output_folder() -> Path:
    """Where the sheets are saved: the same folder as the other exports of the app."""
    return Path.home() / "ITL-exportaciones" / "ordenes-de-servicio"


def save_pdf(orders: list[OrderData], base_url: str, folder: Path | None = None) -> Path:
    """Write the PDF and return its path (OSError is the caller's to report)."""
    folder = folder or output_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(LOCAL).strftime("%Y%m%d-%H%M%S")
    name = f"orden_{orders[0].folio}.pdf" if len(orders) == 1 else f"ordenes_{len(orders)}_{stamp}.pdf"
    path = folder / name
    path.write_bytes(build_pdf(orders, base_url))
    return path
