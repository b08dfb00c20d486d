"""app.purge_old_logs: retention of the traffic logs, dead staff sessions, old login counters and
expired photo links (every backend)."""

from __future__ import annotations

import secrets

import pytest

from gateway import AppError, error_id
from tests.support.conversation_data import new_ticket
from tests.support.database import SHARED_MODE, insert_staff_session
from tests.support.webform_data import PNG, attachments


def _age_rows(db, days: int) -> dict[str, bytes | str]:
    """One row per log table, `days` old, keyed by fresh random values (SQL Server's test database is shared)."""
    submission, lookup, username = secrets.token_bytes(32), secrets.token_bytes(32), f"ret{secrets.token_hex(6)}"
    db.sql("INSERT INTO app.submission_log (client_key, submitted_at) VALUES (%s, now() - make_interval(days => %s))",
           "INSERT INTO app.SubmissionLog (ClientKey, SubmittedAt) VALUES (?, DATEADD(DAY, -?, SYSUTCDATETIME()))",
           (submission, days))
    db.sql("INSERT INTO app.status_lookup_log (client_key, attempted_at) "
           "VALUES (%s, now() - make_interval(days => %s))",
           "INSERT INTO app.StatusLookupLog (ClientKey, AttemptedAt) VALUES (?, DATEADD(DAY, -?, SYSUTCDATETIME()))",
           (lookup, days))
    db.sql("INSERT INTO app.login_attempt (username, attempted_at, succeeded, outcome) "
           "VALUES (%s, now() - make_interval(days => %s), FALSE, 'prueba')",
           "INSERT INTO app.LoginAttempt (Username, AttemptedAt, Succeeded, Outcome) "
           "VALUES (?, DATEADD(DAY, -?, SYSUTCDATETIME()), 0, N'prueba')",
           (username, days))
    return {"submission": submission, "lookup": lookup, "username": username}


def _present(db, keys: dict[str, bytes | str]) -> tuple[bool, bool, bool]:
    sub = db.sql("SELECT count(*) FROM app.submission_log WHERE client_key = %s",
                 "SELECT COUNT(*) FROM app.SubmissionLog WHERE ClientKey = ?", (keys["submission"],))[0][0]
    look = db.sql("SELECT count(*) FROM app.status_lookup_log WHERE client_key = %s",
                  "SELECT COUNT(*) FROM app.StatusLookupLog WHERE ClientKey = ?", (keys["lookup"],))[0][0]
    att = db.sql("SELECT count(*) FROM app.login_attempt WHERE username = %s",
                 "SELECT COUNT(*) FROM app.LoginAttempt WHERE Username = ?", (keys["username"],))[0][0]
    return sub == 1, look == 1, att == 1


def _session_exists(db, token: bytes) -> bool:
    return db.sql("SELECT count(*) FROM app.staff_session WHERE token_hash = sha256(%s)",
                  "SELECT COUNT(*) FROM app.StaffSession WHERE TokenHash = HASHBYTES('SHA2_256', ?)",
                  (token,))[0][0] == 1


def test_purge_deletes_only_rows_older_than_the_setting_and_dead_sessions(db):
    old, recent = _age_rows(db, 91), _age_rows(db, 89)
    _, live = insert_staff_session(db)
    _, revoked = insert_staff_session(db)
    _, expired = insert_staff_session(db)
    _, idle = insert_staff_session(db)
    db.sql("UPDATE app.staff_session SET revoked_at = now() WHERE token_hash = sha256(%s)",
           "UPDATE app.StaffSession SET RevokedAt = SYSUTCDATETIME() WHERE TokenHash = HASHBYTES('SHA2_256', ?)",
           (revoked,))
    db.sql("UPDATE app.staff_session SET expires_at = now() - interval '1 minute' WHERE token_hash = sha256(%s)",
           "UPDATE app.StaffSession SET ExpiresAt = DATEADD(MINUTE, -1, SYSUTCDATETIME()) "
           "WHERE TokenHash = HASHBYTES('SHA2_256', ?)", (expired,))
    db.sql("UPDATE app.staff_session SET last_seen_at = now() - interval '2 hours' WHERE token_hash = sha256(%s)",
           "UPDATE app.StaffSession SET LastSeenAt = DATEADD(HOUR, -2, SYSUTCDATETIME()) "
           "WHERE TokenHash = HASHBYTES('SHA2_256', ?)", (idle,))

    row = db.owner_gw.call("app.purge_old_logs")[0]

    assert row["retention_days"] == 90  # the seeded log_retention_days
    counts = (row["submission_log"], row["status_lookup_log"], row["login_attempt"], row["staff_session"])
    if db.dialect == "pg" and not SHARED_MODE:  # a fresh database: exactly the rows arranged here
        assert counts == (1, 1, 1, 3)
    else:  # a shared database (SQL Server, or pg in shared mode) may hold older rows of other tests
        assert min(counts[:3]) >= 1 and counts[3] >= 3
    assert _present(db, old) == (False, False, False)
    assert _present(db, recent) == (True, True, True)
    assert [_session_exists(db, t) for t in (live, revoked, expired, idle)] == [True, False, False, False]
    assert db.desk.call("staff.validate_session", token=live)[0]["username"]  # the live session still works

    again = db.owner_gw.call("app.purge_old_logs")[0]
    if db.dialect == "pg" and not SHARED_MODE:
        assert (again["submission_log"], again["status_lookup_log"], again["login_attempt"],
                again["staff_session"]) == (0, 0, 0, 0)


def test_purge_days_parameter_overrides_the_setting(db):
    ten_days = _age_rows(db, 10)
    row = db.owner_gw.call("app.purge_old_logs", days=30)[0]
    assert row["retention_days"] == 30
    assert _present(db, ten_days) == (True, True, True)
    row = db.owner_gw.call("app.purge_old_logs", days=5)[0]
    assert row["retention_days"] == 5 and row["submission_log"] >= 1
    assert _present(db, ten_days) == (False, False, False)


@pytest.mark.parametrize("days", [0, -3])
def test_purge_refuses_days_below_one(db, days):
    keep = _age_rows(db, 2)
    with pytest.raises(AppError) as info:
        db.owner_gw.call("app.purge_old_logs", days=days)
    assert info.value.error_id == error_id("retention_days_invalid")
    assert "días" in info.value.message
    assert _present(db, keep) == (True, True, True)


def test_purge_refuses_a_setting_below_one(db):
    db.sql("UPDATE app.setting SET setting_value = 0 WHERE setting_key = 'log_retention_days'",
           "UPDATE app.Setting SET SettingValue = 0 WHERE SettingKey = N'log_retention_days'")
    try:
        with pytest.raises(AppError) as info:
            db.owner_gw.call("app.purge_old_logs")
        assert info.value.error_id == error_id("retention_days_invalid")
    finally:
        db.sql("UPDATE app.setting SET setting_value = 90 WHERE setting_key = 'log_retention_days'",
               "UPDATE app.Setting SET SettingValue = 90 WHERE SettingKey = N'log_retention_days'")


def _count(db, pg: str, mssql: str, key) -> int:
    return db.sql(pg, mssql, (key,))[0][0]


def test_purge_clears_old_login_counters_and_sources_and_expired_photo_links(db):
    """The tables added after ops12: app.login_name_failure and app.login_source (sec12: old rows
    by their timestamp; a name still locked stays) and app.photo_link (req13db: expired links)."""
    names = {k: f"ret{secrets.token_hex(6)}" for k in ("old", "old_locked", "recent")}
    for key, days, locked_minutes in (("old", 91, None), ("old_locked", 91, 30), ("recent", 89, None)):
        db.sql("INSERT INTO app.login_name_failure (username, failed_logins, locked_until, updated_at) "
               "VALUES (%s, 3, now() + make_interval(mins => %s), now() - make_interval(days => %s))",
               "INSERT INTO app.LoginNameFailure (Username, FailedLogins, LockedUntil, UpdatedAt) "
               "VALUES (?, 3, DATEADD(MINUTE, ?, SYSUTCDATETIME()), DATEADD(DAY, -?, SYSUTCDATETIME()))",
               (names[key], locked_minutes, days))
    sources = {k: f"192.0.2.{secrets.randbelow(250)}-{secrets.token_hex(4)}" for k in ("old", "recent")}
    for key, days in (("old", 91), ("recent", 89)):
        db.sql("INSERT INTO app.login_source (source_address, window_start, failures) "
               "VALUES (%s, now() - make_interval(days => %s), 4)",
               "INSERT INTO app.LoginSource (SourceAddress, WindowStart, Failures) "
               "VALUES (?, DATEADD(DAY, -?, SYSUTCDATETIME()), 4)", (sources[key], days))
    ticket = new_ticket(db, **attachments(("a.png", "image/png", PNG)))
    attachment = db.sql("SELECT max(attachment_id) FROM app.attachment WHERE ticket_id = %s",
                        "SELECT MAX(AttachmentId) FROM app.Attachment WHERE TicketId = ?", (ticket["ticket_id"],))[0][0]
    links = {k: secrets.token_bytes(32) for k in ("expired", "live")}
    for key, minutes in (("expired", -1), ("live", 10)):
        db.sql("INSERT INTO app.photo_link (token_hash, attachment_id, expires_at) "
               "VALUES (%s, %s, now() + make_interval(mins => %s))",
               "INSERT INTO app.PhotoLink (TokenHash, AttachmentId, ExpiresAt) "
               "VALUES (?, ?, DATEADD(MINUTE, ?, SYSUTCDATETIME()))", (links[key], attachment, minutes))

    row = db.owner_gw.call("app.purge_old_logs")[0]

    counts = (row["login_name_failure"], row["login_source"], row["photo_link"])
    if db.dialect == "pg":  # a fresh database: exactly the rows arranged here
        assert counts == (1, 1, 1)
    else:  # the shared SQL Server database may hold older rows of other tests
        assert min(counts) >= 1
    name_left = {k: _count(db, "SELECT count(*) FROM app.login_name_failure WHERE username = %s",
                           "SELECT COUNT(*) FROM app.LoginNameFailure WHERE Username = ?", v)
                 for k, v in names.items()}
    assert name_left == {"old": 0, "old_locked": 1, "recent": 1}
    source_left = {k: _count(db, "SELECT count(*) FROM app.login_source WHERE source_address = %s",
                             "SELECT COUNT(*) FROM app.LoginSource WHERE SourceAddress = ?", v)
                   for k, v in sources.items()}
    assert source_left == {"old": 0, "recent": 1}
    link_left = {k: _count(db, "SELECT count(*) FROM app.photo_link WHERE token_hash = %s",
                           "SELECT COUNT(*) FROM app.PhotoLink WHERE TokenHash = ?", v)
                 for k, v in links.items()}
    assert link_left == {"expired": 0, "live": 1}

    again = db.owner_gw.call("app.purge_old_logs")[0]
    if db.dialect == "pg" and not SHARED_MODE:
        assert (again["login_name_failure"], again["login_source"], again["photo_link"]) == (0, 0, 0)
