"""Printable sheet of QR labels, one per active machine of the equipment catalog.

Each QR opens the web form with campus, location and equipment already filled in:
    <base>/?campus=<id>&ubicacion=<id>&equipo=<inventory tag>

    python -m tools.qr_labels --base-url https://soporte.leon.tecnm.mx            # PDF, carta
    python -m tools.qr_labels --base-url http://127.0.0.1:8080 --formato svg      # one SVG per page
    python -m tools.qr_labels --db-url postgresql://itl_web:...@host/itl --campus C1

Reads the catalogs through the gateway with the web login (webform.list_catalog_items
and webform.list_equipment), so it works on either backend. The PDF is written by hand
(vector QR modules, Helvetica): no extra package needed.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

import segno

import gateway

ROOT = Path(__file__).resolve().parent.parent

# Letter page in points; 3 x 5 labels of 180 x 144 pt.
PAGE_W, PAGE_H = 612.0, 792.0
COLS, ROWS = 3, 5
LABEL_W, LABEL_H = 180.0, 144.0
MARGIN_X = (PAGE_W - COLS * LABEL_W) / 2
MARGIN_Y = (PAGE_H - ROWS * LABEL_H) / 2
QR_SIZE = 100.0


@dataclass
class Label:
    tag: str
    title: str  # kind, brand, model
    place: str  # campus - location
    url: str


def labels_from_catalog(gw: gateway.Gateway, base_url: str, campus_code: str | None = None) -> list[Label]:
    """One label per active machine, in catalog order (campus, location, tag)."""
    items = gw.call("webform.list_catalog_items")
    campuses = {r["item_id"]: r for r in items if r["catalog"] == "campus"}
    base = base_url.rstrip("/")
    out: list[Label] = []
    for loc in (r for r in items if r["catalog"] == "location"):
        campus = campuses.get(loc["parent_id"])
        if campus is None or (campus_code and campus["code"] != campus_code):
            continue
        rows = gw.call("webform.list_equipment", location_id=loc["item_id"])
        for eq in sorted(rows, key=lambda r: r["inventory_tag"]):
            title = " ".join(str(p) for p in (eq.get("kind"), eq.get("brand"), eq.get("model")) if p)
            url = (f"{base}/?campus={campus['item_id']}&ubicacion={loc['item_id']}"
                   f"&equipo={quote(eq['inventory_tag'], safe='')}")
            out.append(Label(eq["inventory_tag"], title, f"{campus['name']} · {loc['name']}", url))
    return out


# ---- layout: a page is a list of rectangles and text lines (points, origin top-left) ------------

@dataclass
class Page:
    rects: list[tuple[float, float, float, float]]  # x, y, w, h (filled black)
    boxes: list[tuple[float, float, float, float]]  # cut lines (thin gray outline)
    texts: list[tuple[float, float, float, bool, str]]  # x (center), y (baseline), size, bold, text


def _fit(text: str, size: float, width: float) -> str:
    limit = max(4, int(width / (size * 0.52)))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def layout(labels: list[Label]) -> list[Page]:
    pages: list[Page] = []
    per_page = COLS * ROWS
    for start in range(0, len(labels), per_page):
        page = Page([], [], [])
        for i, label in enumerate(labels[start:start + per_page]):
            col, row = i % COLS, i // COLS
            x0, y0 = MARGIN_X + col * LABEL_W, MARGIN_Y + row * LABEL_H
            page.boxes.append((x0, y0, LABEL_W, LABEL_H))
            qr = segno.make(label.url, error="m")
            # the quiet zone (3 modules) is drawn inside the square
            matrix = [list(r) for r in qr.matrix_iter(scale=1, border=3)]
            module = QR_SIZE / len(matrix)
            qx, qy = x0 + (LABEL_W - QR_SIZE) / 2, y0 + 4
            for r, bits in enumerate(matrix):
                c = 0
                while c < len(bits):
                    if bits[c]:
                        run = c
                        while run < len(bits) and bits[run]:
                            run += 1
                        page.rects.append((qx + c * module, qy + r * module, (run - c) * module, module))
                        c = run
                    else:
                        c += 1
            cx = x0 + LABEL_W / 2
            page.texts.append((cx, y0 + QR_SIZE + 14, 10.5, True, _fit(label.tag, 10.5, LABEL_W - 12)))
            page.texts.append((cx, y0 + QR_SIZE + 24, 7, False, _fit(label.title, 7, LABEL_W - 12)))
            page.texts.append((cx, y0 + QR_SIZE + 32, 7, False, _fit(label.place, 7, LABEL_W - 12)))
            page.texts.append((cx, y0 + QR_SIZE + 40, 6.5, False, "¿Falla? Escanee y reporte al Centro de Cómputo"))
        pages.append(page)
    return pages


# ---- PDF writer (PDF 1.4, Helvetica with WinAnsiEncoding for Spanish text) -----------------------

def _pdf_text(text: str) -> bytes:
    raw = text.replace("…", "...").encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _text_width(text: str, size: float) -> float:
    return len(text) * size * 0.5  # Helvetica average; good enough to center short lines


def to_pdf(pages: list[Page]) -> bytes:
    objects: list[bytes] = []

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids: list[int] = []
    contents: list[int] = []
    for page in pages:
        ops: list[str] = ["0.75 G 0.4 w"]
        for x, y, w, h in page.boxes:
            ops.append(f"{x:.2f} {PAGE_H - y - h:.2f} {w:.2f} {h:.2f} re S")
        ops.append("0 g")
        for x, y, w, h in page.rects:
            ops.append(f"{x:.3f} {PAGE_H - y - h:.3f} {w:.3f} {h:.3f} re")
        ops.append("f")
        stream = "\n".join(ops).encode("ascii")
        for cx, y, size, is_bold, text in page.texts:
            x = cx - _text_width(text, size) / 2
            stream += (f"\nBT /{'F2' if is_bold else 'F1'} {size} Tf {x:.2f} {PAGE_H - y:.2f} Td (".encode("ascii")
                       + _pdf_text(text) + b") Tj ET")
        contents.append(add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"))
        kids.append(add(b""))  # written below, once the Pages object has its number
    pages_id = add(b"")
    for content, kid in zip(contents, kids, strict=True):
        objects[kid - 1] = (
            f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {PAGE_W:.0f} {PAGE_H:.0f}] "
            f"/Resources << /Font << /F1 {font} 0 R /F2 {bold} 0 R >> >> /Contents {content} 0 R >>"
        ).encode("ascii")
    objects[pages_id - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode("ascii")
    )
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode("ascii"))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += b"".join(f"{o:010d} 00000 n \n".encode("ascii") for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    return bytes(out)


def to_svg(page: Page) -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="8.5in" height="11in" viewBox="0 0 {PAGE_W:.0f} {PAGE_H:.0f}">',
        '<rect width="100%" height="100%" fill="#fff"/>',
    ]
    parts += [f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="none" stroke="#bbb" '
              'stroke-width="0.4"/>' for x, y, w, h in page.boxes]
    path = "".join(f"M{x:.3f} {y:.3f}h{w:.3f}v{h:.3f}h{-w:.3f}z" for x, y, w, h in page.rects)
    parts.append(f'<path d="{path}" fill="#000"/>')
    for cx, y, size, is_bold, text in page.texts:
        weight = ' font-weight="bold"' if is_bold else ""
        parts.append(f'<text x="{cx:.2f}" y="{y:.2f}" font-family="Helvetica, Arial, sans-serif" '
                     f'font-size="{size}"{weight} text-anchor="middle">{escape(text)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def write(labels: list[Label], output: Path, fmt: str) -> list[Path]:
    pages = layout(labels)
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":
        output.write_bytes(to_pdf(pages))
        return [output]
    written = []
    for number, page in enumerate(pages, start=1):
        path = output.with_name(f"{output.stem}_{number:03d}.svg")
        path.write_text(to_svg(page), encoding="utf-8")
        written.append(path)
    return written


def default_db_url() -> str:
    from tools.embedded_db import EmbeddedDb

    return EmbeddedDb().url("itl_web")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Hoja imprimible de etiquetas QR para cada equipo del catálogo")
    parser.add_argument("--base-url", default="http://127.0.0.1:8080",
                        help="dirección pública del formulario web (la que abrirá el QR)")
    parser.add_argument("--db-url", default="", help="URL de la base de datos (predeterminada: la embebida)")
    parser.add_argument("--campus", default=None, help="solo un campus, por su código (C1, C2)")
    parser.add_argument("--formato", choices=["pdf", "svg"], default="pdf")
    parser.add_argument("--salida", type=Path, default=ROOT / "var" / "etiquetas_qr.pdf",
                        help="archivo de salida (con svg se escribe uno por página: _001.svg, ...)")
    args = parser.parse_args(argv)
    output = args.salida if args.formato == "pdf" else args.salida.with_suffix(".svg")
    gw = gateway.connect(args.db_url or default_db_url(), max_size=1)  # pg and mssql both accept max_size
    try:
        labels = labels_from_catalog(gw, args.base_url, args.campus)
    except gateway.AppError as exc:
        print(f"ERROR: {exc.message}", file=sys.stderr)
        return 1
    finally:
        gw.close()
    if not labels:
        print("No hay equipos activos en el catálogo: no se generó ninguna etiqueta.")
        return 0
    files = write(labels, output, args.formato)
    pages = -(-len(labels) // (COLS * ROWS))
    print(f"{len(labels)} etiquetas en {pages} página(s):")
    for path in files:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
