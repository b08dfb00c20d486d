"""The known-failure review step on submit, without JavaScript (issue 18), now that the notice check
rides on webform.submit_ticket (stop_at_notice) for submissions without photos: the requester sees
the same thing either way. A submission that matches a notice and has not chosen comes back with the
notice and stores nothing, with or without photos; «Yo también» and «Mi problema es otro» store it.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.database import insert_staff_session
from tests.support.tickets import catalogs, insert_ticket
from tests.webform.test_http import png, reg

NOTICE = "Sin Internet en el edificio: se cambia el conmutador."


@pytest.fixture(scope="module")
def notice(shared_web) -> int:
    """An open incident with a public notice for the first location of Campus I, category Internet
    (what Web.valid_fields picks); the module's database is private, so it is left there."""
    db = shared_web.db
    cats = catalogs(db)
    fields = shared_web.valid_fields()
    place = {"campus_id": int(fields["campus_id"]), "location_id": int(fields["location_id"]),
             "category_id": int(fields["category_id"])}
    _, token = insert_staff_session(db, "operador")
    first = insert_ticket(db, cats, **place, description="No hay Internet en el aula.")
    incident_id = db.desk.call("staff.create_incident", token=token, title="Sin Internet", building=None,
                               ticket_ids=json.dumps([first["ticket_id"]]), **place)[0]["incident_id"]
    db.desk.call("staff.save_incident_notice", token=token, incident_id=incident_id, body=NOTICE, building=None,
                 valid_until=datetime.now(UTC) + timedelta(hours=2), **place)
    return incident_id


def linked(web, folio: str) -> int | None:
    return web.db.sql("SELECT it.incident_id FROM app.ticket AS t LEFT JOIN app.incident_ticket AS it "
                      "USING (ticket_id) WHERE t.folio = %s", params=(folio,))[0][0]


@pytest.mark.parametrize("photos", [False, True])
def test_a_matching_submission_shows_the_notice_first_and_stores_nothing(web, notice, photos):
    files = [("imagenes", "foto.png", png())] if photos else None
    page = web.submit(files=files)
    assert page.status_int == 200, page.summary()
    assert NOTICE in html.unescape(page.text)
    assert f'name="eleccion_falla" value="{notice}"' in page.text and 'value="otro"' in page.text
    assert web.ticket_count() == 0
    assert (reg("web_images_reattach") in html.unescape(page.text)) is photos  # photos must be chosen again


@pytest.mark.parametrize("choice", ["yo-tambien", "otro"])
def test_the_requesters_choice_stores_the_ticket(web, notice, choice):
    value = str(notice) if choice == "yo-tambien" else "otro"
    resp = web.submit({"eleccion_falla": value})
    assert resp.status_int == 303, resp.summary()
    folio = re.fullmatch(r"/solicitudes/(CC-\d{4}-\d+)(\?falla=unida)?", resp.headers.get("Location")).group(1)
    assert linked(web, folio) == (notice if choice == "yo-tambien" else None)
    assert web.ticket_count() == 1


def test_another_category_is_stored_at_once(web, notice):
    software = str(web.item("problem_category", name="Software general")["item_id"])
    resp = web.submit({"category_id": software})
    assert resp.status_int == 303, resp.summary()
    assert web.ticket_count() == 1
