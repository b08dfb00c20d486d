"""Fixtures for the web form tests: the real app on a fresh PostgreSQL database."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import pytest

import gateway
from tests.webform.client import Client, Response
from webform import Settings, create_app
from webform.app import TICKET_FIELDS

__all__ = ["TICKET_FIELDS", "Web", "make_web", "random_address"]

SECRET = b"test-secret-key-for-web-form-tests-0123"


def _letters(n: int = 6) -> str:
    return "".join(secrets.choice("abcdefghijklmnopqrstuvwxyzáéíóúñ") for _ in range(n)).capitalize()


@dataclass
class Web:
    """The app under test plus one browser-like client with its own address (own rate-limit bucket).

    Tests share a database per module, so each one names its requester uniquely and counts
    only its own tickets.
    """

    db: Any
    app: Any
    gw: gateway.Gateway
    client: Client
    settings: Settings
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.name or f"María José López {_letters()}"

    def catalog(self, catalog: str) -> list[dict[str, Any]]:
        return [r for r in self.db.web.call("webform.list_catalog_items") if r["catalog"] == catalog]

    def item(self, catalog: str, **match: Any) -> dict[str, Any]:
        return next(r for r in self.catalog(catalog) if all(r[k] == v for k, v in match.items()))

    def valid_fields(self) -> dict[str, str]:
        """A complete, valid submission (docente, service problem, no equipment)."""
        campus = self.item("campus", code="C1")
        location = next(r for r in self.catalog("location") if r["parent_id"] == campus["item_id"])
        return {
            "requester_name": self.name,
            "requester_type_id": str(self.item("requester_type", code="docente")["item_id"]),
            "department_id": str(self.catalog("department")[0]["item_id"]),
            "contact_email": "maria.lopez@leon.tecnm.mx",
            "contact_phone": "",
            "control_number": "",
            "campus_id": str(campus["item_id"]),
            "location_id": str(location["item_id"]),
            "location_detail": "Aula 5, planta alta",
            "equipment_id": "",
            "equipment_tag": "",
            "equipment_brand": "",
            "equipment_serial": "",
            "equipment_condition": "",
            "category_id": str(self.item("problem_category", name="Internet")["item_id"]),
            "description": "No hay conexión a Internet en el aula desde esta mañana.",
        }

    def form(self, url: str = "/") -> tuple[Response, dict[str, str]]:
        """GET the form; returns it and the hidden fields to send back."""
        page = self.client.get(url)
        assert page.status == 200
        if url.startswith("/consulta"):
            return page, {"csrf_token": page.hidden("csrf_token")}
        return page, {"csrf_token": page.hidden("csrf_token"), "idempotency_key": page.hidden("idempotency_key"),
                      "sitio_web": ""}

    def submit(self, changes: dict[str, str] | None = None, files: list | None = None) -> Response:
        _, hidden = self.form()
        data = {**self.valid_fields(), **hidden, **(changes or {})}
        return self.client.post("/solicitudes", data, files)

    def ticket_count(self) -> int:
        return self.db.sql("SELECT count(*) FROM app.ticket WHERE requester_name = %s", params=(self.name,))[0][0]

    def add_equipment(self, location_id: int, tag: str | None = None) -> str:
        tag = tag or f"ITL-T-{secrets.token_hex(3).upper()}"
        self.db.sql(
            "INSERT INTO app.equipment (inventory_tag, serial_number, brand, model, kind, location_id) "
            "VALUES (%s, 'SN-778', 'HP', 'ProDesk 400', 'computadora', %s)", params=(tag, location_id))
        return tag


def random_address() -> str:
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


def make_web(db: Any, **settings: Any) -> Web:
    # The app's own pool (short timeout: an outage answers 503 quickly).
    gw = gateway.connect(db.login_urls["itl_web"], min_size=1, max_size=4, timeout=2.0)
    conf = Settings(secret_key=SECRET, **settings)
    app = create_app(gw, conf)
    return Web(db, app, gw, Client(app, remote_addr=random_address()), conf)


@pytest.fixture(scope="module")
def shared_web(pg_cluster):
    """One database and one app per module (fresh databases cost ~1.5 s each on a busy machine);
    pg only, so a private copy even in shared mode."""
    db = pg_cluster.fresh(private=True)
    w = make_web(db)
    yield w
    w.gw.close()
    pg_cluster.drop(db)


@pytest.fixture
def web(shared_web):
    """A new client (cookies, address) and requester name on the module's app."""
    return Web(shared_web.db, shared_web.app, shared_web.gw,
               Client(shared_web.app, remote_addr=random_address()), shared_web.settings)


@pytest.fixture
def own_web(pg_db):
    """An app on its own fresh database, for tests that break the database on purpose."""
    w = make_web(pg_db)
    yield w
    w.gw.close()
