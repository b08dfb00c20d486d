"""tools/qr_labels.py: one QR label per active machine, each link opening the prefilled form."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import zxingcpp
from PIL import Image, ImageDraw

from tools import qr_labels

SCALE = 4  # pixels per PDF point when the page is drawn back for the decoder


def decode_pdf_page(data: bytes, page: int) -> list[str]:
    """Draw the filled rectangles of one page of the PDF we wrote, as a printer would, and read every
    QR code of each label cell with zxing-cpp (the labels' order: left to right, top to bottom)."""
    stream = re.findall(rb"stream\n(.*?)\nendstream", data, re.S)[page].decode("latin-1")
    image = Image.new("L", (int(qr_labels.PAGE_W * SCALE), int(qr_labels.PAGE_H * SCALE)), 255)
    draw = ImageDraw.Draw(image)
    for x, y, w, h in re.findall(r"^([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re$", stream, re.M):  # filled, not "re S"
        left, top = float(x) * SCALE, (qr_labels.PAGE_H - float(y) - float(h)) * SCALE
        draw.rectangle((left, top, left + float(w) * SCALE - 1, top + float(h) * SCALE - 1), fill=0)
    texts = []
    for row in range(qr_labels.ROWS):
        for col in range(qr_labels.COLS):
            x0 = (qr_labels.MARGIN_X + col * qr_labels.LABEL_W) * SCALE
            y0 = (qr_labels.MARGIN_Y + row * qr_labels.LABEL_H) * SCALE
            cell = image.crop((int(x0), int(y0), int(x0 + qr_labels.LABEL_W * SCALE),
                               int(y0 + qr_labels.LABEL_H * SCALE)))
            found = zxingcpp.read_barcodes(cell, formats=zxingcpp.BarcodeFormat.QRCode)
            texts.extend(code.text for code in found)
    return texts


def test_labels_link_every_active_machine_to_its_prefilled_form(web, tmp_path):
    campus = web.item("campus", code="C2")
    location = next(r for r in web.catalog("location") if r["parent_id"] == campus["item_id"])
    tags = [web.add_equipment(location["item_id"], f"ITL-ETQ-{n:03d}") for n in range(17)]
    web.add_equipment(location["item_id"], "ITL-ETQ-BAJA")
    web.db.sql("UPDATE app.equipment SET is_active = FALSE WHERE inventory_tag = 'ITL-ETQ-BAJA'")

    labels = qr_labels.labels_from_catalog(web.gw, "https://soporte.example.mx/", "C2")
    by_tag = {label.tag: label for label in labels}
    assert set(tags) <= set(by_tag) and "ITL-ETQ-BAJA" not in by_tag
    label = by_tag["ITL-ETQ-007"]
    assert label.url == (f"https://soporte.example.mx/?campus={campus['item_id']}"
                         f"&ubicacion={location['item_id']}&equipo=ITL-ETQ-007")
    # the link opens the form with campus, location and machine chosen
    parts = urlsplit(label.url)
    page = web.client.get(f"{parts.path}?{parts.query}")
    assert re.search(rf'<option value="{location["item_id"]}" data-campus="\d+" selected>', page.text)
    assert 'name="equipment_tag" value="ITL-ETQ-007"' in page.text

    pdf = tmp_path / "etiquetas.pdf"
    assert qr_labels.write(labels, pdf, "pdf") == [pdf]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    pages = -(-len(labels) // (qr_labels.COLS * qr_labels.ROWS))
    assert data.count(b"/Type /Page ") == pages >= 2
    assert b"(ITL-ETQ-007) Tj" in data
    # what a phone reads from each printed code is that machine's link, in sheet order
    per_page = qr_labels.COLS * qr_labels.ROWS
    assert decode_pdf_page(data, 0) == [label.url for label in labels[:per_page]]
    assert decode_pdf_page(data, pages - 1) == [label.url for label in labels[(pages - 1) * per_page:]]
    # the cross-reference table points at every object (what PDF readers rely on)
    xref_at = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    entries = data[xref_at:].split(b"\n")[3:]
    offsets = [int(e[:10]) for e in entries if e.endswith(b" n ")]
    assert offsets and all(data[o:].startswith(b"%d 0 obj" % (i + 1)) for i, o in enumerate(offsets))

    svgs = qr_labels.write(labels, tmp_path / "etiquetas.svg", "svg")
    assert len(svgs) == pages
    text = svgs[0].read_text(encoding="utf-8")
    assert text.startswith("<svg") and ">ITL-ETQ-000</text>" in text


def test_command_line_writes_the_sheet(web, tmp_path, capsys):
    campus = web.item("campus", code="C1")
    location = next(r for r in web.catalog("location") if r["parent_id"] == campus["item_id"])
    web.add_equipment(location["item_id"], "ITL-CLI-001")
    out = tmp_path / "hoja.pdf"
    code = qr_labels.main(["--db-url", web.db.login_urls["itl_web"], "--base-url", "http://soporte.example",
                           "--campus", "C1", "--salida", str(out)])
    assert code == 0 and out.read_bytes().startswith(b"%PDF")
    assert "etiquetas en" in capsys.readouterr().out
