"""webform.list_field_rules: the limits the web form renders come from the table the database
enforces (app.field_rule); every published length is probed at N and N+1 through check_ticket."""

from __future__ import annotations

import re
import uuid

import pytest

import gateway
from tests.support.webform_data import ids, valid_ticket

E = gateway.error_id
TEXT_FIELDS = ("requester_name", "contact_email", "contact_phone", "location_detail", "equipment_tag",
               "equipment_brand", "equipment_serial", "equipment_condition", "description")


def rules(db) -> dict[tuple[str, str], dict]:
    rows = db.web.call("webform.list_field_rules")
    assert rows and set(rows[0]) == {"field_name", "rule_name", "rule_value", "error_id", "message"}
    return {(r["field_name"], r["rule_name"]): r for r in rows}


def text_of(field: str, length: int) -> str:
    if field == "contact_email":
        return "a" * (length - len("@leon.tecnm.mx")) + "@leon.tecnm.mx"
    if field == "contact_phone":
        return "4" * length
    if field == "requester_name":
        return "A" * length
    return "x" * length


def problem(db, c, field: str, value: str) -> int | None:
    found = db.web.call("webform.check_ticket", **valid_ticket(c, **{field: value}))
    return next((p["error_id"] for p in found if p["field_name"] == field), None)


def test_published_rules_cover_the_form_and_carry_messages(db):
    r = rules(db)
    assert r[("requester_name", "max_length")]["rule_value"] == "120"
    assert r[("description", "min_length")]["rule_value"] == "10"
    assert r[("attachments", "max_count")]["rule_value"] == "3"
    assert r[("attachments", "max_bytes")]["rule_value"] == "3145728"
    assert r[("attachments", "content_types")]["rule_value"] == "image/png,image/jpeg,image/webp"
    alumno = ids(db)["alumno"]
    assert r[("control_number", "required_when")]["rule_value"] == str(alumno)
    assert r[("control_number", "allowed_when")]["error_id"] == E("form_control_number_not_applicable")
    assert r[("reply_body", "max_length")]["error_id"] == E("reply_body_length")
    assert r[("rating", "max_value")]["rule_value"] == "5"
    assert all(row["message"] for row in r.values())


def test_every_published_length_is_enforced_at_n_and_n_plus_one(db):
    c = ids(db)
    r = rules(db)
    probed = 0
    for field in TEXT_FIELDS:
        if (field, "max_length") in r:
            n = int(r[(field, "max_length")]["rule_value"])
            assert problem(db, c, field, text_of(field, n)) is None, (field, n)
            assert problem(db, c, field, text_of(field, n + 1)) == r[(field, "max_length")]["error_id"], field
            probed += 1
        if (field, "min_length") in r:
            n = int(r[(field, "min_length")]["rule_value"])
            assert problem(db, c, field, text_of(field, n)) is None, (field, n)
            assert problem(db, c, field, text_of(field, n - 1)) == r[(field, "min_length")]["error_id"], field
            probed += 1
    assert probed == 12


def test_changing_the_table_changes_what_is_enforced(db, request):
    c = ids(db)

    def restore() -> None:
        db.sql("UPDATE app.field_rule SET rule_value = '120' WHERE field_name = 'requester_name' "
               "AND rule_name = 'max_length'",
               "UPDATE app.FieldRule SET RuleValue = N'120' WHERE FieldName = N'requester_name' "
               "AND RuleName = N'max_length'")

    request.addfinalizer(restore)
    db.sql("UPDATE app.field_rule SET rule_value = '50' WHERE field_name = 'requester_name' "
           "AND rule_name = 'max_length'",
           "UPDATE app.FieldRule SET RuleValue = N'50' WHERE FieldName = N'requester_name' "
           "AND RuleName = N'max_length'")
    assert rules(db)[("requester_name", "max_length")]["rule_value"] == "50"
    assert problem(db, c, "requester_name", "A" * 50) is None
    assert problem(db, c, "requester_name", "A" * 51) == E("form_name_length")


@pytest.mark.parametrize(("field", "samples"), [
    ("requester_name", ["Ana", "O'Connor-Pérez", "Ma. Luisa", "Ñúñez", "1Ana", "Ana_2", "Ana!", "-Ana"]),
    ("control_number", ["19240123", "c19240123", "D19240123", "1924012", "AB19240123", "1924012X", "19240123 4"]),
])
def test_published_patterns_agree_with_the_database(db, field, samples):
    c = ids(db)
    pattern = rules(db)[(field, "pattern")]
    for sample in samples:
        refused = problem(db, c, field, sample) == pattern["error_id"]
        assert refused == (re.fullmatch(pattern["rule_value"], sample) is None), sample


def test_control_number_applies_to_alumnos_only(db):
    c = ids(db)
    for type_key, number, expected in (
        ("alumno", None, "form_control_number_required"),
        ("alumno", "19240123", None),
        ("docente", "19240123", "form_control_number_not_applicable"),
        ("docente", None, None),
    ):
        found = db.web.call("webform.check_ticket",
                            **valid_ticket(c, requester_type_id=c[type_key], control_number=number))
        got = next((p["error_id"] for p in found if p["field_name"] == "control_number"), None)
        assert got == (E(expected) if expected else None), (type_key, number)
    with pytest.raises(gateway.AppError) as exc:
        db.web.call("webform.submit_ticket", idempotency_key="6f1c1d1e-0000-4000-8000-000000000001",
                    client_key=f"cn-test-{uuid.uuid4()}", **valid_ticket(c, requester_type_id=c["docente"],
                                                         control_number="19240123"))
    assert exc.value.error_id == E("form_control_number_not_applicable")
