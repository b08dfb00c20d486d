"""Field rules have one source (webform.list_field_rules): the form renders them, check_ticket
enforces them, and every length limit is probed at N and N+1 (N-1 and N for minimums)."""

from __future__ import annotations

import re
from typing import Any

from tests.webform.conftest import make_web

TICKET_FIELDS = ("requester_name", "contact_email", "contact_phone", "location_detail", "equipment_tag",
                 "equipment_brand", "equipment_serial", "equipment_condition", "description")


def text_of(field: str, n: int) -> str:
    """A value of exactly n characters that breaks no other rule of the field."""
    if field == "contact_email":
        domain = "@leon.tecnm.mx"
        local = n - len(domain)
        # dot-separated 60-character labels keep every part of the address within the usual limits
        parts, left = [], local
        while left > 0:
            take = min(60, left)
            if left - take == 1:  # never leave a 1-character tail after a dot
                take -= 2
            parts.append("a" * take)
            left -= take + 1
        value = ".".join(parts)[:local]
        return value + domain
    if field == "contact_phone":
        return ("4" * n)
    if field == "requester_name":
        return ("Ana " * n)[:n].rstrip().ljust(n, "a")
    return "x" * n


def limits(web) -> list[tuple[str, str, int, int]]:
    """(field, rule, N, error_id) for every length rule of the ticket form."""
    out = []
    for row in web.db.web.call("webform.list_field_rules"):
        if row["field_name"] in TICKET_FIELDS and row["rule_name"] in ("min_length", "max_length"):
            out.append((row["field_name"], row["rule_name"], int(row["rule_value"]), row["error_id"]))
    return out


def params_of(web, **changes: Any) -> dict[str, Any]:
    values = {**web.valid_fields(), **changes}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key.endswith("_id"):
            out[key] = int(value) if value else None
        else:
            out[key] = value or None
    return out


def problems(web, **changes: Any) -> dict[str, int]:
    return {r["field_name"]: r["error_id"] for r in web.gw.call("webform.check_ticket", **params_of(web, **changes))}


def test_every_length_limit_at_n_and_n_plus_1_through_check_ticket(web):
    found = limits(web)
    assert {f for f, *_ in found} == set(TICKET_FIELDS)
    for field, rule, n, err in found:
        inside, outside = (n, n + 1) if rule == "max_length" else (n, n - 1)
        extra = {"contact_phone": ""} if field == "contact_email" else {}
        ok = text_of(field, inside)
        assert len(ok) == inside
        assert field not in problems(web, **extra, **{field: ok}), (field, rule, inside)
        bad = text_of(field, outside)
        assert len(bad) == outside
        assert problems(web, **extra, **{field: bad}).get(field) == err, (field, rule, outside)


def test_the_form_renders_the_published_rules(web):
    page = web.client.get("/").text
    for field, rule, n, _ in limits(web):
        tag = re.search(rf'<(?:input|textarea)\b[^>]*\bname="{field}"[^>]*>', page).group(0)
        attr = "maxlength" if rule == "max_length" else "minlength"
        assert f'data-rule-{attr}="{n}"' in tag, (field, rule)
        if rule == "max_length" and tag.startswith("<textarea"):  # a live counter instead: no cut paste
            assert " maxlength=" not in tag and 'data-counter=""' in tag
            assert f'data-max="{n}"' in page.split(f'id="cuenta-f-{field}"', 1)[1][:40]
        elif rule == "max_length":
            assert f' maxlength="{n}"' in tag
    alumno = web.item("requester_type", code="alumno")["item_id"]
    control = re.search(r'<input\b[^>]*\bname="control_number"[^>]*>', page).group(0)
    assert f'data-rule-required-when="{alumno}"' in control and f'data-rule-allowed-when="{alumno}"' in control
    assert 'data-rule-pattern="^[A-Za-z]?[0-9]{8}$"' in control
    for row in web.db.web.call("webform.list_field_rules"):  # every rule of a form field shows up on it
        if row["field_name"] in TICKET_FIELDS and row["rule_name"] in ("required", "pattern"):
            tag = re.search(rf'<(?:input|textarea)\b[^>]*\bname="{row["field_name"]}"[^>]*>', page).group(0)
            assert f'data-rule-{row["rule_name"]}=' in tag, row
    form = re.search(r'<form id="solicitud"[^>]*>', page).group(0)
    assert 'data-max-images="3"' in form and 'data-image-types="image/png,image/jpeg,image/webp"' in form


def test_a_changed_rule_reaches_the_form_and_the_check_without_a_code_change(web):
    web.db.sql("UPDATE app.field_rule SET rule_value = '90' WHERE field_name = 'requester_name' "
               "AND rule_name = 'max_length'")
    try:
        fresh = make_web(web.db)
        try:
            page = fresh.client.get("/").text
            tag = re.search(r'<input\b[^>]*\bname="requester_name"[^>]*>', page).group(0)
            assert 'data-rule-maxlength="90"' in tag and ' maxlength="90"' in tag
            assert "requester_name" not in problems(web, requester_name=text_of("requester_name", 90))
            assert problems(web, requester_name=text_of("requester_name", 91))["requester_name"] == 1102
        finally:
            fresh.gw.close()
    finally:
        web.db.sql("UPDATE app.field_rule SET rule_value = '120' WHERE field_name = 'requester_name' "
                   "AND rule_name = 'max_length'")
