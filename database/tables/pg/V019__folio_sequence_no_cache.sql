-- V019: the folio jump after a crash, written down where a DBA looks (twin of the T-SQL V019,
-- which turns the sequence cache off there). PostgreSQL has no such switch: nextval() writes the
-- sequence to the WAL 32 values ahead (SEQ_LOG_VALS, fixed in the server's source; CACHE is
-- already 1), so after a crash (not a clean stop) recovery resumes after the logged value and
-- up to 32 folio numbers are skipped. A gap-free folio would need a counter row updated inside
-- every submission's transaction, making concurrent submissions wait for each other; a gap
-- never means a lost ticket, so the sequence stays.
COMMENT ON SEQUENCE app.ticket_seq IS
'Folio numbers. After a crash up to 32 can be skipped (sequences are WAL-logged ahead); no ticket is lost.';
