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
