"""staff.list_queue: filters, search, sort keys, keyset paging. One database for the module;
every test makes its own tickets with a unique requester-name prefix and narrows the queue to
them with that prefix (the search), so the tests also hold on a shared SQL Server database."""

from __future__ import annotations

import secrets

import pytest

import gateway
from tests.support.database import insert_staff_session
from tests.support.tickets import (
    catalogs,
    insert_ticket,
    list_queue,
    shared_db,  # noqa: F401 (fixture)
)

SORT_KEYS = ("folio", "campus", "location", "category", "requester_type", "priority", "status", "assignee")


@pytest.fixture(scope="module")
def world(shared_db):  # noqa: F811
    """Nine tickets of varied campus/category/priority/status/assignee under one name prefix."""
    db = shared_db
    cats = catalogs(db)
    me, token = insert_staff_session(db, "operador")
    other, _ = insert_staff_session(db, "operador")
    prefix = f"Qz{secrets.token_hex(3)}"
    specs = [
        ("C1", "Impresoras", "media", "nuevo", None, "Centro de Cómputo"),
        ("C2", "Internet", "alta", "asignado", me, "Laboratorio de Cómputo"),
        ("C1", "Internet", "urgente", "en_proceso", other, "Auditorio"),
        ("C2", "Impresoras", "baja", "resuelto", me, "Edificio de aulas"),
        ("C1", "Correo institucional", "media", "cerrado", None, "Centro de Cómputo"),
        ("C1", "Hardware general", "alta", "en_espera", me, "Auditorio"),
        ("C2", "Internet", "media", "nuevo", None, "Centro de Información"),
        ("C1", "Impresoras", "urgente", "cancelado", other, "Servicios Escolares"),
        ("C2", "Correo institucional", "baja", "asignado", other, "Laboratorio de Cómputo"),
    ]
    tickets = []
    for n, (campus, category, priority, status, assignee, location) in enumerate(specs):
        tickets.append(insert_ticket(
            db, cats, requester_name=f"{prefix} Solicitante {n}", campus_id=cats.campus[campus],
            category_id=cats.category[category], priority_id=cats.priority[priority],
            status_id=cats.status[status], assigned_to=assignee, location_id=cats.location[location],
            equipment_tag=f"{prefix.upper()}-{n}",
        ))
    return {"db": db, "cats": cats, "me": me, "other": other, "token": token, "prefix": prefix,
            "tickets": tickets}


def q(world, **params):
    return list_queue(world["db"].desk, world["token"], **{"search": world["prefix"], **params})


def ids(rows) -> list[int]:
    return [r["ticket_id"] for r in rows]


def all_pages(world, page_size: int, **params) -> tuple[list[dict], list[bool]]:
    rows, flags, after = [], [], {}
    for _ in range(50):
        page = q(world, page_size=page_size, **params, **after)
        rows += page
        flags.append(bool(page[0]["has_more"]) if page else False)
        if not page or not page[0]["has_more"]:
            break
        after = {"after_value": page[-1]["sort_value"], "after_ticket_id": page[-1]["ticket_id"]}
    return rows, flags


def test_first_page_newest_first_with_display_names(world) -> None:
    rows = q(world)
    assert ids(rows) == sorted(ids(world["tickets"]), reverse=True)
    first = next(r for r in rows if r["ticket_id"] == world["tickets"][1]["ticket_id"])
    assert first["campus_name"] == "Campus II" and first["category_name"] == "Internet"
    assert first["priority_name"] == "Alta" and first["status_name"] == "Asignado"
    assert first["assignee_name"] and first["location_name"] == "Laboratorio de Cómputo"
    assert first["requester_type_name"] == "Alumno(a)" and first["row_version"] == 1
    assert not any(r["has_more"] for r in rows)


def test_keyset_pages_cover_everything_once(world) -> None:
    rows, flags = all_pages(world, 4)
    assert flags == [True, True, False]
    assert ids(rows) == sorted(ids(world["tickets"]), reverse=True)


@pytest.mark.parametrize("desc", [True, False], ids=["desc", "asc"])
@pytest.mark.parametrize("sort_key", SORT_KEYS)
def test_every_sort_key_pages_in_order(world, sort_key: str, desc: bool) -> None:
    rows, _ = all_pages(world, 2, sort_key=sort_key, sort_desc=desc)
    assert sorted(ids(rows)) == sorted(ids(world["tickets"]))
    keys = [(r["sort_value"], r["ticket_id"]) for r in rows]
    assert keys == sorted(keys, reverse=desc)
    by_id = {t["ticket_id"]: t for t in world["tickets"]}
    column = {"folio": "ticket_id", "campus": "campus_id", "location": "location_id", "category": "category_id",
              "requester_type": "requester_type_id", "priority": "priority_id", "status": "status_id",
              "assignee": "assigned_to"}[sort_key]
    for r in rows:
        assert r["sort_value"] == (by_id[r["ticket_id"]][column] or 0)


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("status", lambda w: {"status_id": w["cats"].status["nuevo"]}, lambda t, w: t["status_id"] == 1),
        ("campus", lambda w: {"campus_id": w["cats"].campus["C2"]},
         lambda t, w: t["campus_id"] == w["cats"].campus["C2"]),
        ("category", lambda w: {"category_id": w["cats"].category["Internet"]},
         lambda t, w: t["category_id"] == w["cats"].category["Internet"]),
        ("priority", lambda w: {"priority_id": w["cats"].priority["urgente"]},
         lambda t, w: t["priority_id"] == w["cats"].priority["urgente"]),
        ("assigned_to", lambda w: {"assigned_to": w["other"]}, lambda t, w: t["assigned_to"] == w["other"]),
        ("only_mine", lambda w: {"only_mine": True}, lambda t, w: t["assigned_to"] == w["me"]),
        ("only_unassigned", lambda w: {"only_unassigned": True}, lambda t, w: t["assigned_to"] is None),
        ("only_open", lambda w: {"only_open": True}, lambda t, w: t["status_id"] in (1, 2, 3, 4)),
        ("open_and_c1_and_mine", lambda w: {"only_open": True, "campus_id": w["cats"].campus["C1"],
                                            "only_mine": True},
         lambda t, w: t["status_id"] in (1, 2, 3, 4) and t["campus_id"] == w["cats"].campus["C1"]
         and t["assigned_to"] == w["me"]),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_filters(world, name, params, expected) -> None:
    want = sorted((t["ticket_id"] for t in world["tickets"] if expected(t, world)), reverse=True)
    assert want, name
    assert ids(q(world, **params(world))) == want


def test_search_by_folio_is_exact_and_case_insensitive(world) -> None:
    target = world["tickets"][4]
    rows = list_queue(world["db"].desk, world["token"], search=f"  {target['folio'].lower()} ")
    assert ids(rows) == [target["ticket_id"]]
    assert list_queue(world["db"].desk, world["token"], search=target["folio"][:-1] + "X") == []


def test_search_by_inventory_tag(world) -> None:
    target = world["tickets"][6]
    rows = list_queue(world["db"].desk, world["token"], search=target["equipment_tag"])
    assert ids(rows) == [target["ticket_id"]]


def test_tag_looking_search_matches_only_the_equipment_tag(shared_db) -> None:  # noqa: F811
    """Text shaped like an inventory tag (dash-joined letters/digits with a digit) searches the
    tag only, in any case: a name or description that contains it is not a hit."""
    db = shared_db
    _, token = insert_staff_session(db, "operador")
    tag = f"ITL-T{secrets.token_hex(3).upper()}-07"
    hit = insert_ticket(db, equipment_tag=tag)
    insert_ticket(db, requester_name=f"{tag} Pérez", description=f"El equipo {tag} no enciende")
    assert ids(list_queue(db.desk, token, search=tag)) == [hit["ticket_id"]]
    assert ids(list_queue(db.desk, token, search=f" {tag.lower()} ")) == [hit["ticket_id"]]
    assert list_queue(db.desk, token, search=tag[:-1] + "8") == []


def test_search_by_requester_name_prefix_ignores_case(world) -> None:
    rows = list_queue(world["db"].desk, world["token"], search=f"{world['prefix'].lower()} solicitante 3")
    assert ids(rows) == [world["tickets"][3]["ticket_id"]]


def test_search_like_wildcards_are_literal(world) -> None:
    assert list_queue(world["db"].desk, world["token"], search=f"{world['prefix']}%") == []
    assert list_queue(world["db"].desk, world["token"], search=f"{world['prefix'][:-1]}_") == []


def test_search_by_a_word_of_the_description(shared_db) -> None:  # noqa: F811
    db = shared_db
    _, token = insert_staff_session(db, "operador")
    word = f"zumbador{secrets.token_hex(3)}"
    hit = insert_ticket(db, description=f"El proyector hace un ruido {word} al encender")
    insert_ticket(db, description="El proyector no enciende")
    assert ids(list_queue(db.desk, token, search=word)) == [hit["ticket_id"]]


def test_a_word_typed_in_part_finds_the_whole_word(shared_db) -> None:  # noqa: F811
    """«antiviru» finds «antivirus»: a word of 3 or more characters may be the start of one (pg: a prefix
    query; SQL Server: the prefix term in CONTAINS, or LIKE on the text without the full-text index)."""
    db = shared_db
    _, token = insert_staff_session(db, "operador")
    word = f"antivirus{secrets.token_hex(3)}"
    hit = insert_ticket(db, description=f"El {word} bloquea la impresora")
    assert ids(list_queue(db.desk, token, search=word[:-2])) == [hit["ticket_id"]]
    assert list_queue(db.desk, token, search=word + "x") == []
    assert list_queue(db.desk, token, search="zq'&|!:* ()") == []  # no word: nothing, and no error
    if db.dialect == "pg":  # every word typed in part, in any order (the full-text index)
        other = insert_ticket(db, description=f"La impresora {word} no enciende")
        assert ids(list_queue(db.desk, token, search=f"bloque {word[:-1]}")) == [hit["ticket_id"]]
        assert sorted(ids(list_queue(db.desk, token, search=f"impreso {word[:-3]}"))) == sorted(
            [hit["ticket_id"], other["ticket_id"]])


def test_search_words_use_spanish_stemming_on_pg(shared_db) -> None:  # noqa: F811
    db = shared_db
    if db.dialect != "pg":
        pytest.skip("la búsqueda por palabras con raíces depende del índice de texto completo")
    _, token = insert_staff_session(db, "operador")
    word = f"zumbador{secrets.token_hex(3)}"
    hit = insert_ticket(db, description=f"Las impresoras del laboratorio {word} están atascadas")
    assert ids(list_queue(db.desk, token, search=f"impresora {word}")) == [hit["ticket_id"]]
    assert ids(list_queue(db.desk, token, search=f"atascada laboratorios {word}")) == [hit["ticket_id"]]
    assert list_queue(db.desk, token, search=f"proyector {word}") == []


def test_is_new_until_this_operator_opens_the_ticket(world) -> None:
    """'New' is per operator (app.ticket_seen): a comment does not clear it, opening it does,
    and only for whoever opened it."""
    db, token = world["db"], world["token"]
    ticket = insert_ticket(db, world["cats"], requester_name=f"{world['prefix']} Nuevo")
    row = next(r for r in q(world) if r["ticket_id"] == ticket["ticket_id"])
    assert row["is_new"]
    db.desk.call("staff.add_comment", token=token, ticket_id=ticket["ticket_id"], row_version=1,
                 body="Visto", is_public=False)
    row = next(r for r in q(world) if r["ticket_id"] == ticket["ticket_id"])
    assert row["is_new"] and row["row_version"] == 2
    db.desk.call("staff.mark_ticket_seen", token=token, ticket_id=ticket["ticket_id"])
    row = next(r for r in q(world) if r["ticket_id"] == ticket["ticket_id"])
    assert not row["is_new"] and row["status_code"] == "nuevo"
    _, other_token = insert_staff_session(db, "operador")
    theirs = list_queue(db.desk, other_token, search=world["prefix"])
    assert next(r for r in theirs if r["ticket_id"] == ticket["ticket_id"])["is_new"]
    db.sql("UPDATE app.ticket SET requester_name = 'Otro' WHERE ticket_id = %s",
           "UPDATE app.Ticket SET RequesterName = N'Otro' WHERE TicketId = %s", (ticket["ticket_id"],))


def test_unknown_sort_key_is_refused(world) -> None:
    with pytest.raises(gateway.AppError) as info:
        q(world, sort_key="description; DROP TABLE app.ticket")
    assert info.value.error_id == gateway.error_id("queue_sort_invalid")


@pytest.mark.parametrize(("asked", "got"), [(0, 1), (-5, 1), (None, 9), (1000, 9)])
def test_page_size_is_clamped(world, asked, got) -> None:
    rows = q(world, page_size=asked)
    assert len(rows) == got
