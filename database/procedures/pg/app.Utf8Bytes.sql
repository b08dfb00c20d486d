-- app.utf8_bytes: the UTF-8 bytes of a text, the one encoding every hashed text uses (client
-- keys, access codes, the idempotency key of an access code). Its T-SQL twin builds the same
-- bytes by hand (SQL Server 2016 has no UTF-8 collation), so both dialects store equal hashes.
CREATE OR REPLACE FUNCTION app.utf8_bytes(p_text VARCHAR)
RETURNS BYTEA
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT convert_to(p_text, 'UTF8');
$$;
