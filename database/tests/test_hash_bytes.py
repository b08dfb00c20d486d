"""Hashed text is UTF-8 bytes in both dialects (issue 19/20): app.utf8_bytes / app.Utf8Bytes,
and the hashes the procedures store for client keys and access codes, compared with Python's
hashlib over str.encode('utf-8'). On SQL Server a VARCHAR cast used to hash the code page's
bytes ('?' for what it lacks), so a non-ASCII key hashed differently from PostgreSQL."""

from __future__ import annotations

import hashlib
import uuid

from tests.support.webform_data import ids, one, submit

SAMPLES = ["", "abc", "Ñandú café", "€ 100", "ü\u0301", "日本語", "😀 x 𝄞", "'\"; --", " espacios "]


def utf8_bytes(db, text: str) -> bytes:
    rows = db.sql("SELECT app.utf8_bytes(%s)",
                  "DECLARE @b VARBINARY(MAX); EXEC app.Utf8Bytes @Text = ?, @Bytes = @b OUTPUT; SELECT @b;",
                  (text,))
    return bytes(rows[0][0])


def test_utf8_bytes_equal_python_and_null_stays_null(db):
    for text in SAMPLES:
        assert utf8_bytes(db, text) == text.encode("utf-8"), text
    assert db.sql("SELECT app.utf8_bytes(NULL)",
                  "DECLARE @b VARBINARY(MAX); EXEC app.Utf8Bytes @Text = NULL, @Bytes = @b OUTPUT; SELECT @b;",
                  ())[0][0] is None


def test_a_non_ascii_client_key_is_stored_as_the_sha256_of_its_utf8_bytes(db):
    c = ids(db)
    key = f"clïente-ñ-€-😀-{uuid.uuid4()}"
    submit(db, c, client=key)
    expected = hashlib.sha256(key.strip().encode("utf-8")).digest()
    assert one(db, "SELECT count(*) FROM app.submission_log WHERE client_key = %s",
               "SELECT COUNT(*) FROM app.SubmissionLog WHERE ClientKey = ?", (expected,)) == 1
    # the status lookup hashes the same bytes (its miss is logged with the client)
    assert db.web.call("webform.get_ticket_status", folio="CC-1999-000001", access_code="ÑÑÑ",
                       client_key=f"  {key}  ") == []
    assert one(db, "SELECT count(*) FROM app.status_lookup_log WHERE client_key = %s",
               "SELECT COUNT(*) FROM app.StatusLookupLog WHERE ClientKey = ?", (expected,)) == 1


    # and the access code is hashed as its UTF-8 bytes too
    row = submit(db, c, client=f"h-{uuid.uuid4()}")
    stored = one(db, "SELECT access_code_hash FROM app.ticket WHERE folio = %s",
                 "SELECT AccessCodeHash FROM app.Ticket WHERE Folio = ?", (row["folio"],))
    assert bytes(stored) == hashlib.sha256(row["access_code"].encode("utf-8")).digest()
