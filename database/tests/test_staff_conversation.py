"""staff.reissue_access_code and staff.get_stats_satisfaction (issue 13), through the desktop login."""

from __future__ import annotations

from datetime import date

import pytest

import gateway
from tests.support.conversation_data import events, move, new_ticket, proof
from tests.support.database import insert_staff_session
from tests.support.webform_data import ALPHABET, one, raises_id

YEAR = 2013  # ratings are moved into this past year: no other test rates tickets then


def row_version(db, t) -> int:
    return one(db, "SELECT row_version FROM app.ticket WHERE ticket_id = %s",
               "SELECT RowVersion FROM app.Ticket WHERE TicketId = ?", (t["ticket_id"],))


@pytest.mark.parametrize("role", ["operador", "administrador"])
def test_reissued_code_replaces_the_old_one(db, role):
    staff_id, token = insert_staff_session(db, role)
    t = new_ticket(db)
    version = row_version(db, t)
    row = db.desk.call("staff.reissue_access_code", token=token, ticket_id=t["ticket_id"], row_version=version)
    assert len(row) == 1
    new = row[0]
    assert set(new) == {"ticket_id", "folio", "access_code", "row_version", "event_id"}
    assert (new["ticket_id"], new["folio"], new["row_version"]) == (t["ticket_id"], t["folio"], version + 1)
    assert len(new["access_code"]) == 10 and set(new["access_code"]) <= set(ALPHABET)
    assert new["access_code"] != t["access_code"]
    assert db.web.call("webform.get_ticket_status", **proof(t)) == []  # the old code is refused
    assert db.web.call("webform.confirm_resolution", **proof(t)) == []
    fresh = {**proof(t), "access_code": new["access_code"]}
    assert len(db.web.call("webform.get_ticket_status", **fresh)) == 1
    assert events(db, t)[-1] == ("codigo", False, staff_id, None, None, None)
    public = db.web.call("webform.list_public_events", **fresh)
    assert "codigo" not in [e["event_type"] for e in public]
    audit = db.sql("SELECT action, target, details FROM app.admin_audit WHERE staff_id = %s",
                   "SELECT Action, Target, Details FROM app.AdminAudit WHERE StaffId = ?", (staff_id,))
    assert audit == [("reemitir_codigo", t["folio"], None)]  # the Bitácora names who gave a new code


def test_reissue_checks_session_and_row_version(db):
    _, token = insert_staff_session(db, "operador")
    t = new_ticket(db)
    version = row_version(db, t)
    with pytest.raises(gateway.AppError) as exc:
        db.desk.call("staff.reissue_access_code", token=token, ticket_id=t["ticket_id"], row_version=version - 1)
    raises_id(exc, "ticket_conflict")
    with pytest.raises(gateway.AppError) as exc:
        db.desk.call("staff.reissue_access_code", token=b"x" * 32, ticket_id=t["ticket_id"], row_version=version)
    raises_id(exc, "session_invalid")
    with pytest.raises(gateway.AppError) as exc:
        db.desk.call("staff.reissue_access_code", token=token, ticket_id=None, row_version=version)
    raises_id(exc, "required_parameter")
    with pytest.raises(gateway.AppError) as exc:
        db.desk.call("staff.reissue_access_code", token=token, ticket_id=-5, row_version=1)
    raises_id(exc, "ticket_not_found")
    assert len(db.web.call("webform.get_ticket_status", **proof(t))) == 1  # nothing changed
    assert one(db, "SELECT count(*) FROM app.admin_audit WHERE target = %s",
               "SELECT COUNT(*) FROM app.AdminAudit WHERE Target = ?", (t["folio"],)) == 0  # nor audited


def rated(db, staff_id: int | None, category: str, rating: int, when: str) -> dict:
    t = new_ticket(db)
    cat = t["ids"][category]
    if category == "hardware":
        db.sql("UPDATE app.ticket SET category_id = %s WHERE ticket_id = %s",
               "UPDATE app.Ticket SET CategoryId = ? WHERE TicketId = ?", (cat, t["ticket_id"]))
    move(db, t, "cerrado", assigned_to=staff_id)
    db.web.call("webform.rate_ticket", **proof(t), rating=rating, comment=None)
    db.sql("UPDATE app.ticket_rating SET rated_at = %s::timestamptz WHERE ticket_id = %s",
           "UPDATE app.TicketRating SET RatedAt = CAST(CAST(? AS DATETIMEOFFSET) AS DATETIME2(3)) "
           "WHERE TicketId = ?", (when, t["ticket_id"]))
    return t


def test_satisfaction_per_operator_category_and_month(db):
    # SQL Server's test database is shared between runs: forget this test's earlier ratings.
    db.sql("DELETE FROM app.ticket_rating WHERE rated_at >= %s AND rated_at < %s",
           "DELETE FROM app.TicketRating WHERE RatedAt >= ? AND RatedAt < ?",
           (date(YEAR - 1, 1, 1), date(YEAR + 2, 1, 1)))
    _, admin = insert_staff_session(db, "administrador")
    ana, _ = insert_staff_session(db, "operador")
    beto, _ = insert_staff_session(db, "operador")
    # Local days (America/Mexico_City, UTC-6): 01:00Z on Mar 1 is still Feb 28 locally.
    rated(db, ana, "software", 5, f"{YEAR}-02-10 18:00:00+00:00")
    rated(db, ana, "hardware", 3, f"{YEAR}-03-01 01:00:00+00:00")
    rated(db, beto, "software", 4, f"{YEAR}-03-15 18:00:00+00:00")
    rated(db, None, "software", 1, f"{YEAR}-03-20 18:00:00+00:00")
    rated(db, beto, "software", 2, f"{YEAR + 1}-01-05 18:00:00+00:00")  # outside the range

    def stats(dimension: str, campus: int | None = None) -> list[tuple]:
        rows = db.desk.call("staff.get_stats_satisfaction", token=admin, date_from=date(YEAR, 1, 1),
                            date_to=date(YEAR, 12, 31), campus_id=campus, dimension=dimension)
        return [(r["item_id"], r["item_name"], r["rating_count"], round(r["rating_average"], 4),
                 tuple(r[f"rating_{i}"] for i in range(1, 6))) for r in rows]

    assert stats("total") == [(0, "Todas", 4, 3.25, (1, 0, 1, 1, 1))]
    by_operator = {row[0]: row for row in stats("operator")}
    assert by_operator[ana][2:4] == (2, 4.0) and by_operator[beto][2:4] == (1, 4.0)
    assert by_operator[0][1:4] == ("Sin asignar", 1, 1.0)
    assert by_operator[ana][1].startswith("Prueba ")
    by_category = {row[1]: row[2:4] for row in stats("category")}
    assert by_category == {"Software general": (3, 3.3333), "Hardware general": (1, 3.0)}
    assert [row[:4] for row in stats("month")] == [
        (YEAR * 100 + 2, f"{YEAR}-02", 2, 4.0), (YEAR * 100 + 3, f"{YEAR}-03", 2, 2.5)]
    c2 = one(db, "SELECT campus_id FROM app.campus WHERE code = 'C2'",
             "SELECT CampusId FROM app.Campus WHERE Code = N'C2'")
    assert stats("total", campus=c2) == []


def test_satisfaction_is_for_administrators_only(db):
    _, operator = insert_staff_session(db, "operador")
    _, admin = insert_staff_session(db, "administrador")
    args = {"date_from": date(YEAR, 1, 1), "date_to": date(YEAR, 12, 31), "campus_id": None}
    with pytest.raises(gateway.AppError) as exc:
        db.desk.call("staff.get_stats_satisfaction", token=operator, dimension="total", **args)
    raises_id(exc, "role_forbidden")
    with pytest.raises(gateway.AppError) as exc:
        db.desk.call("staff.get_stats_satisfaction", token=admin, dimension="persona", **args)
    raises_id(exc, "stats_dimension_invalid")
    with pytest.raises(gateway.AppError) as exc:
        db.desk.call("staff.get_stats_satisfaction", token=admin, dimension="total",
                     **{**args, "date_from": date(YEAR, 12, 31), "date_to": date(YEAR, 1, 1)})
    raises_id(exc, "stats_range_invalid")
