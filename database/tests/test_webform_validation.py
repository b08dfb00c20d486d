"""webform.check_ticket / webform.submit_ticket validation: every field, valid and invalid (every backend).

check_ticket must return exactly the expected (field, error id) problems; submit_ticket must
raise the first one and insert nothing. The rules live once per dialect (app.validate_ticket).
"""

from __future__ import annotations

import uuid

import pytest

import gateway
from tests.support.webform_data import JPEG, PNG, attachments, backend_params, ids, open_db, valid_ticket

E = gateway.error_id


@pytest.fixture(scope="module", params=backend_params())
def form(request):
    """One database per backend for the whole module: these tests only read (check_ticket)
    or fail before inserting (submit_ticket with an invalid field)."""
    cluster = request.getfixturevalue("pg_cluster") if request.param == "pg" else None
    db = open_db(request, cluster, request.param)
    yield db, ids(db)
    if cluster is not None:
        cluster.drop(db)
    else:
        db.close()



def resolve(c: dict, overrides: dict) -> dict:
    return {k: (c[v[1:]] if isinstance(v, str) and v.startswith("@") else v) for k, v in overrides.items()}


VALID = [
    {},
    {"requester_name": "O'Connor-Pérez Ñúñez"},
    {"requester_name": "  Ma. Luisa Gómez  "},
    {"requester_name": "Abc"},
    {"requester_name": "A" * 120},
    {"contact_email": "ANA.Lopez@Leon.TecNM.mx"},
    {"contact_email": "ana+soporte@alumnos.leon.tecnm.mx"},
    {"contact_email": None},
    {"contact_email": "   ", "contact_phone": "4777105200"},
    {"contact_phone": None},
    {"contact_phone": "(477) 710-5200"},
    {"contact_phone": "+52 477 710 5200"},
    {"contact_phone": "ext 1802"},
    {"contact_phone": "1" * 40},
    {"control_number": "c19240123"},
    {"control_number": " D19240123 "},
    {"requester_type_id": "@docente", "control_number": None},
    {"requester_type_id": "@docente", "control_number": "   "},
    {"campus_id": "@c2", "location_id": "@loc2"},
    {"location_id": None, "location_detail": "Edificio nuevo, planta alta"},
    {"location_detail": "x" * 200},
    {"equipment_id": "@equipment"},
    {"category_id": "@hardware", "equipment_id": "@equipment"},
    {"category_id": "@hardware", "equipment_tag": "ITL-CC-0001"},
    {"equipment_tag": "T" * 40, "equipment_brand": "B" * 60, "equipment_serial": "S" * 60},
    {"equipment_condition": "Pantalla rota.\nNo enciende.\tSe calienta.\r\n"},
    {"equipment_condition": "c" * 300},
    {"description": "0123456789"},
    {"description": "Línea 1\nLínea 2\r\n\tSangría"},
    {"description": "d" * 4000},
]

INVALID = [
    # requester_name
    ({"requester_name": None}, [("requester_name", "form_name_required")]),
    ({"requester_name": "   "}, [("requester_name", "form_name_required")]),
    ({"requester_name": "Al"}, [("requester_name", "form_name_length")]),
    ({"requester_name": "A" * 121}, [("requester_name", "form_name_length")]),
    ({"requester_name": "Ana 123"}, [("requester_name", "form_name_characters")]),
    ({"requester_name": "Ana<script>"}, [("requester_name", "form_name_characters")]),
    ({"requester_name": "Ana\tLópez"}, [("requester_name", "form_name_characters")]),
    ({"requester_name": "-Ana"}, [("requester_name", "form_name_characters")]),
    # requester_type_id, department_id
    ({"requester_type_id": None}, [("requester_type_id", "form_requester_type_invalid")]),
    ({"requester_type_id": 999}, [("requester_type_id", "form_requester_type_invalid")]),
    ({"department_id": None}, [("department_id", "form_department_invalid")]),
    ({"department_id": 30000}, [("department_id", "form_department_invalid")]),
    # contact
    ({"contact_email": None, "contact_phone": None}, [("contact_email", "form_contact_required")]),
    ({"contact_email": " ", "contact_phone": ""}, [("contact_email", "form_contact_required")]),
    ({"contact_email": "ana"}, [("contact_email", "form_email_invalid")]),
    ({"contact_email": "ana@@leon.tecnm.mx"}, [("contact_email", "form_email_invalid")]),
    ({"contact_email": "ana..b@leon.tecnm.mx"}, [("contact_email", "form_email_invalid")]),
    ({"contact_email": ".ana@leon.tecnm.mx"}, [("contact_email", "form_email_invalid")]),
    ({"contact_email": "ana@leon"}, [("contact_email", "form_email_invalid")]),
    ({"contact_email": "ana lópez@leon.tecnm.mx"}, [("contact_email", "form_email_invalid")]),
    ({"contact_email": "ana@gmail.com"}, [("contact_email", "form_email_not_institutional")]),
    ({"contact_email": "ana@leon.tecnm.mx.evil.com"}, [("contact_email", "form_email_not_institutional")]),
    ({"contact_email": "ana@xleon.tecnm.mx"}, [("contact_email", "form_email_not_institutional")]),
    ({"contact_email": "a" * 250 + "@leon.tecnm.mx"}, [("contact_email", "form_field_too_long")]),
    ({"contact_phone": "123456"}, [("contact_phone", "form_phone_invalid")]),
    ({"contact_phone": "1" * 41}, [("contact_phone", "form_phone_invalid")]),
    ({"contact_phone": "llámame al rato"}, [("contact_phone", "form_phone_invalid")]),
    ({"contact_phone": "(12) 3 -- ."}, [("contact_phone", "form_phone_invalid")]),
    ({"contact_phone": "477\n7105200"}, [("contact_phone", "form_phone_invalid")]),
    # control_number
    ({"control_number": None}, [("control_number", "form_control_number_required")]),
    ({"control_number": "1924012"}, [("control_number", "form_control_number_invalid")]),
    ({"control_number": "AB19240123"}, [("control_number", "form_control_number_invalid")]),
    ({"control_number": "1924012X"}, [("control_number", "form_control_number_invalid")]),
    ({"requester_type_id": "@docente", "control_number": "abc"},
     [("control_number", "form_control_number_not_applicable")]),
    ({"requester_type_id": "@docente", "control_number": "19240123"},
     [("control_number", "form_control_number_not_applicable")]),
    # campus and location
    ({"campus_id": None}, [("campus_id", "form_campus_invalid")]),
    ({"campus_id": 99}, [("campus_id", "form_campus_invalid")]),
    ({"location_id": "@loc2"}, [("location_id", "form_location_invalid")]),
    ({"location_id": 999999}, [("location_id", "form_location_invalid")]),
    ({"location_id": None}, [("location_id", "form_location_required")]),
    ({"location_detail": "Aula\x01 3"}, [("location_detail", "form_control_characters")]),
    ({"location_detail": "x" * 201}, [("location_detail", "form_field_too_long")]),
    # equipment
    ({"location_id": "@loc1b", "equipment_id": "@equipment"}, [("equipment_id", "form_equipment_invalid")]),
    ({"equipment_id": 99999999}, [("equipment_id", "form_equipment_invalid")]),
    ({"category_id": "@hardware"}, [("equipment_tag", "form_equipment_required")]),
    ({"equipment_tag": "T" * 41}, [("equipment_tag", "form_field_too_long")]),
    ({"equipment_tag": "ITL\n01"}, [("equipment_tag", "form_control_characters")]),
    ({"equipment_brand": "B" * 61}, [("equipment_brand", "form_field_too_long")]),
    ({"equipment_serial": "S\x1b[0m"}, [("equipment_serial", "form_control_characters")]),
    ({"equipment_condition": "c" * 301}, [("equipment_condition", "form_field_too_long")]),
    ({"equipment_condition": "mal\x07"}, [("equipment_condition", "form_control_characters")]),
    # category, description
    ({"category_id": None}, [("category_id", "form_category_invalid")]),
    ({"category_id": 999}, [("category_id", "form_category_invalid")]),
    ({"description": None}, [("description", "form_description_length")]),
    ({"description": "  corto   "}, [("description", "form_description_length")]),
    ({"description": "d" * 4001}, [("description", "form_description_length")]),
    ({"description": "Suena un \x07 pitido en el equipo"}, [("description", "form_control_characters")]),
    # several at once, in form order
    ({"requester_name": "Al", "contact_email": "x@gmail.com", "campus_id": 99, "description": "x"},
     [("requester_name", "form_name_length"), ("contact_email", "form_email_not_institutional"),
      ("campus_id", "form_campus_invalid"), ("description", "form_description_length")]),
]


@pytest.mark.parametrize("overrides", VALID, ids=[str(i) for i in range(len(VALID))])
def test_valid_ticket_has_no_problems(form, overrides):
    db, c = form
    assert db.web.call("webform.check_ticket", **valid_ticket(c, **resolve(c, overrides))) == []


@pytest.mark.parametrize(("overrides", "expected"), INVALID, ids=[str(i) for i in range(len(INVALID))])
def test_invalid_field_is_reported_and_refused(form, overrides, expected):
    db, c = form
    ticket = valid_ticket(c, **resolve(c, overrides))
    problems = db.web.call("webform.check_ticket", **ticket)
    assert [(p["field_name"], p["error_id"]) for p in problems] == [(f, E(k)) for f, k in expected]
    assert all(p["message"] == gateway.message(p["error_id"]) for p in problems)

    key = uuid.uuid4()
    with pytest.raises(gateway.AppError) as exc:
        db.web.call("webform.submit_ticket", idempotency_key=key, client_key=f"validacion-{uuid.uuid4()}", **ticket)
    assert exc.value.error_id == E(expected[0][1])
    assert exc.value.message == gateway.message(E(expected[0][1]))
    assert db.sql("SELECT count(*) FROM app.ticket WHERE idempotency_key = %s",
                  "SELECT COUNT(*) FROM app.Ticket WHERE IdempotencyKey = ?", (str(key),))[0][0] == 0


def test_everything_missing_lists_every_required_field(form):
    db, _ = form
    problems = db.web.call("webform.check_ticket", **{f: None for f in (
        "requester_name", "requester_type_id", "department_id", "contact_email", "contact_phone",
        "control_number", "campus_id", "location_id", "location_detail", "equipment_id", "equipment_tag",
        "equipment_brand", "equipment_serial", "equipment_condition", "category_id", "description")})
    assert [(p["field_name"], p["error_id"]) for p in problems] == [
        ("requester_name", E("form_name_required")),
        ("requester_type_id", E("form_requester_type_invalid")),
        ("department_id", E("form_department_invalid")),
        ("contact_email", E("form_contact_required")),
        ("campus_id", E("form_campus_invalid")),
        ("location_id", E("form_location_required")),
        ("category_id", E("form_category_invalid")),
        ("description", E("form_description_length")),
    ]


def test_inactive_catalog_items_are_refused(form):
    db, c = form
    db.sql("UPDATE app.requester_type SET is_active = FALSE WHERE requester_type_id = %s",
           "UPDATE app.RequesterType SET IsActive = 0 WHERE RequesterTypeId = ?", (c["docente"],))
    db.sql("UPDATE app.location SET is_active = FALSE WHERE location_id = %s",
           "UPDATE app.Location SET IsActive = 0 WHERE LocationId = ?", (c["loc2"],))
    try:
        problems = db.web.call("webform.check_ticket", **valid_ticket(
            c, requester_type_id=c["docente"], campus_id=c["c2"], location_id=c["loc2"]))
        assert [(p["field_name"], p["error_id"]) for p in problems] == [
            ("requester_type_id", E("form_requester_type_invalid")),
            ("location_id", E("form_location_invalid")),
        ]
    finally:
        db.sql("UPDATE app.requester_type SET is_active = TRUE WHERE requester_type_id = %s",
               "UPDATE app.RequesterType SET IsActive = 1 WHERE RequesterTypeId = ?", (c["docente"],))
        db.sql("UPDATE app.location SET is_active = TRUE WHERE location_id = %s",
               "UPDATE app.Location SET IsActive = 1 WHERE LocationId = ?", (c["loc2"],))


BAD_ATTACHMENTS = [
    ([("x.png", "image/png", JPEG)], "attachment1", "form_attachment_content"),
    ([("x.jpg", "image/jpeg", PNG)], "attachment1", "form_attachment_content"),
    ([("x.webp", "image/webp", b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(10))], "attachment1",
     "form_attachment_content"),
    ([("x.png", "image/png", b"<?php echo 1; ?>")], "attachment1", "form_attachment_content"),
    ([("x.gif", "image/gif", b"GIF89a" + bytes(10))], "attachment1", "form_attachment_type"),
    ([("x.png", None, PNG)], "attachment1", "form_attachment_type"),
    ([("x.png", "image/png", b"")], "attachment1", "form_attachment_incomplete"),
    ([("x.png", "image/png", None)], "attachment1", "form_attachment_incomplete"),
    ([("a.png", "image/png", PNG), ("b.svg", "image/svg+xml", b"<svg/>")], "attachment2", "form_attachment_type"),
]


@pytest.mark.parametrize(("files", "field", "error"), BAD_ATTACHMENTS,
                         ids=[str(i) for i in range(len(BAD_ATTACHMENTS))])
def test_bad_attachment_is_refused(form, files, field, error):
    db, c = form
    ticket = valid_ticket(c, **attachments(*files))
    problems = db.web.call("webform.check_ticket", **ticket)
    assert [(p["field_name"], p["error_id"]) for p in problems] == [(field, E(error))]
    key = uuid.uuid4()
    with pytest.raises(gateway.AppError) as exc:
        db.web.call("webform.submit_ticket", idempotency_key=key, client_key=f"adjuntos-{uuid.uuid4()}", **ticket)
    assert exc.value.error_id == E(error)
    assert db.sql("SELECT count(*) FROM app.ticket WHERE idempotency_key = %s",
                  "SELECT COUNT(*) FROM app.Ticket WHERE IdempotencyKey = ?", (str(key),))[0][0] == 0


def test_request_keys_are_required(form):
    db, c = form
    for key, client in ((None, "x"), (uuid.uuid4(), None), (uuid.uuid4(), "   ")):
        with pytest.raises(gateway.AppError) as exc:
            db.web.call("webform.submit_ticket", idempotency_key=key, client_key=client, **valid_ticket(c))
        assert exc.value.error_id == E("form_request_key_missing")
