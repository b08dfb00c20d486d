"""app.format_folio / app.FormatFolio: the one folio rule, equal on both backends and to Python."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from gateway.folio import FOLIO_RE

LOCAL = ZoneInfo("America/Mexico_City")

CASES = [
    (5, datetime(2026, 1, 1, 5, 59, tzinfo=UTC)),        # still 2025 in Mexico City
    (6, datetime(2026, 1, 1, 6, 0, tzinfo=UTC)),         # 2026 there too
    (99_999, datetime(2024, 7, 1, 12, tzinfo=UTC)),
    (100_000, datetime(2024, 7, 1, 12, tzinfo=UTC)),
    (1_234_567, datetime(2022, 4, 3, 7, 30, tzinfo=UTC)),  # before Mexico dropped daylight time
    (98_765_432_101, datetime(2030, 12, 31, 23, tzinfo=UTC)),
]


def expected(ticket_id: int, created_at: datetime) -> str:
    return f"CC-{created_at.astimezone(LOCAL).year}-{ticket_id:06d}"


@pytest.mark.parametrize(("ticket_id", "created_at"), CASES)
def test_folio_matches_python_and_the_published_shape(db, ticket_id, created_at):
    naive = created_at.astimezone(UTC).replace(tzinfo=None)
    got = db.sql("SELECT folio FROM app.format_folio(%s, %s)", "SELECT folio FROM app.FormatFolio(?, ?)",
                 (ticket_id, created_at if db.dialect == "pg" else naive))[0][0]
    assert got == expected(ticket_id, created_at)
    assert FOLIO_RE.match(got)


def test_submitted_and_seeded_folios_use_the_rule(db):
    """The two writers of folios give what app.format_folio gives for their ticket."""
    from tests.support.webform_data import ids, submit

    row = submit(db, ids(db))
    ticket_id, created_at = db.sql("SELECT ticket_id, created_at FROM app.ticket WHERE folio = %s",
                                   "SELECT TicketId, CreatedAt FROM app.Ticket WHERE Folio = ?", (row["folio"],))[0]
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    assert row["folio"] == expected(ticket_id, created_at)


def test_refused_and_repeated_submissions_take_no_folio_number(db):
    """The folio number is taken after every check: a request that fails validation, one over the
    client's hourly limit and a replay of the same key consume none, so the next ticket's folio
    follows the last one (a crash may still skip numbers: docs/readme/admin.md)."""
    import uuid

    import gateway
    from tests.support.database import set_setting
    from tests.support.webform_data import ids, submit

    def number(row: dict) -> int:
        return int(row["folio"].rsplit("-", 1)[1])

    c = ids(db)
    client, key = f"cliente-{uuid.uuid4().hex[:12]}", uuid.uuid4()
    set_setting(db, "submit_client_per_hour", 1)
    first = submit(db, c, key=key, client=client)
    assert submit(db, c, key=key, client=client)["is_replay"]  # the same request again
    for overrides, error in (({"description": ""}, "form_description_length"),  # fails validation
                             ({}, "form_submit_rate_client")):  # this client's second ticket in the hour
        with pytest.raises(gateway.AppError) as err:
            submit(db, c, client=client, **overrides)
        assert err.value.error_id == gateway.error_id(error)
    assert number(submit(db, c)) == number(first) + 1
