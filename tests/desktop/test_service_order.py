"""«Orden de servicio» PDF (desktop/services/service_order.py) from real tickets: the text a
technician reads (pypdf), one page per ticket, and the QR code decoded from the rendered page
(pdftoppm + zxing-cpp) is the ticket's status-page address."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from desktop.services import service_order
from tests.support.database import insert_staff_session
from tests.support.tickets import catalogs, insert_ticket, pg_module_db, staff_call  # noqa: F401

BASE = "https://soporte.leon.tecnm.mx"


def render_page(pdf: Path, page: int, out: Path) -> Image.Image:
    """Page `page` (1-based) as a 150 dpi PNG, the way a printer driver would rasterize it."""
    prefix = out / f"pagina{page}"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(prefix)], check=True, timeout=120)
    return Image.open(f"{prefix}.png")


def test_orders_for_two_tickets_one_page_each_with_their_qr(pg_module_db, tmp_path) -> None:  # noqa: F811
    import zxingcpp

    db = pg_module_db
    cats = catalogs(db)
    _, token = insert_staff_session(db, "operador")
    first = insert_ticket(db, cats, requester_name="Beatriz Ramírez Núñez", equipment_tag="ITL-C1-L4-CO07",
                          description="La computadora del laboratorio 4 no enciende; pita tres veces.")
    second = insert_ticket(db, cats, requester_name="Óscar Peña", description="El proyector del aula 12 parpadea.")
    orders = service_order.load_orders(staff_call(db, token), [first["ticket_id"], second["ticket_id"]])
    path = service_order.save_pdf(orders, BASE, folder=tmp_path)
    assert path.exists() and path.read_bytes().startswith(b"%PDF")
    reader = PdfReader(str(path))
    assert len(reader.pages) == 2
    text = reader.pages[0].extract_text()
    for expected in ("Orden de servicio", f"Folio {first['folio']}", "Beatriz Ramírez Núñez", "ITL-C1-L4-CO07",
                     "Campus I · Centro de Cómputo", "La computadora del laboratorio 4 no enciende",
                     "Trabajo realizado", "Materiales o refacciones", "Fecha y hora de inicio",
                     "Técnico(a) que atendió", "recibí de conformidad",
                     f"{BASE}/consulta?folio={first['folio']}"):
        assert expected in text, expected
    second_text = reader.pages[1].extract_text()
    assert f"Folio {second['folio']}" in second_text and "Óscar Peña" in second_text
    for number, ticket in ((1, first), (2, second)):
        page = render_page(path, number, tmp_path)
        found = [r.text for r in zxingcpp.read_barcodes(page) if r.format == zxingcpp.BarcodeFormat.QRCode]
        assert found == [f"{BASE}/consulta?folio={ticket['folio']}"]
    artifacts = Path("artifacts")
    artifacts.mkdir(exist_ok=True)
    page.save(artifacts / "orden_servicio_pagina2.png")  # to look at


@pytest.mark.parametrize(("typed", "expected"), [
    ("soporte.leon.tecnm.mx/", "https://soporte.leon.tecnm.mx"),
    ("http://192.168.10.5:8080", "http://192.168.10.5:8080"),
])
def test_web_address_is_cleaned(typed: str, expected: str) -> None:
    assert service_order.clean_web_url(typed) == expected


@pytest.mark.parametrize("typed", ["", "ftp://x", "no es una dirección"])
def test_bad_web_address_is_refused_in_spanish(typed: str) -> None:
    with pytest.raises(ValueError, match="dirección de la página de consulta"):
        service_order.clean_web_url(typed)


def test_text_outside_latin1_survives(tmp_path) -> None:
    order = service_order.OrderData("CC-2026-000001", "Zoë 🙂 Ñandú", "", "", "", "", "", "", "", "", "", "", "",
                                    "Descripción con “comillas” y — raya.")
    data = service_order.build_pdf([order], BASE)
    assert "Zoë" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_qr_address_is_the_running_systems_not_a_stale_remembered_one(tmp_path, monkeypatch) -> None:
    """The running system's lock file wins over the address remembered from an earlier order; a
    remembered address alone (or a local one) is not trusted: the dialog asks the operator to confirm it."""
    import json
    import os

    for env in (service_order.WEB_URL_ENV, service_order.PUBLIC_URL_ENV):
        monkeypatch.delenv(env, raising=False)
    monkeypatch.setenv("ITL_DESK_CONFIG_DIR", str(tmp_path / "config"))
    state = tmp_path / "db"
    state.mkdir()
    assert service_order.known_web_url(state) == service_order.WebAddress("", "", False)
    service_order.remember_web_url("https://viejo.ejemplo.mx")
    stale = service_order.known_web_url(state)
    assert stale.url == "https://viejo.ejemplo.mx" and stale.verified is False and "última vez" in stale.source
    lock = state / "sistema.lock"
    lock.write_text(json.dumps({"pid": os.getpid(), "web": "http://192.168.10.5:8080/"}), encoding="utf-8")
    running = service_order.known_web_url(state)
    assert running == service_order.WebAddress("http://192.168.10.5:8080", "del sistema en marcha en este equipo", True)
    lock.write_text(json.dumps({"pid": os.getpid(), "web": "http://127.0.0.1:8080/"}), encoding="utf-8")
    local = service_order.known_web_url(state)
    assert local.url == "http://127.0.0.1:8080" and local.verified is False and "local" in local.source
    lock.write_text(json.dumps({"pid": 2**22 + 12345, "web": "http://192.168.10.5:8080/"}), encoding="utf-8")
    assert service_order.known_web_url(state).url == "https://viejo.ejemplo.mx"  # a dead system's file: ignored
    monkeypatch.setenv(service_order.PUBLIC_URL_ENV, "https://soporte.leon.tecnm.mx/")
    assert service_order.known_web_url(state) == service_order.WebAddress(
        "https://soporte.leon.tecnm.mx", "de la variable ITL_PUBLIC_URL", True)
