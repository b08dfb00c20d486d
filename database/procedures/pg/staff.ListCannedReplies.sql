-- staff.list_canned_replies: the canned replies by title, with how often each was inserted.
-- Operators get the active ones (to insert them); p_include_inactive (administrators only,
-- 2002 otherwise) adds the inactive ones for the administration screen.
CREATE OR REPLACE FUNCTION staff.list_canned_replies(p_token BYTEA, p_include_inactive BOOLEAN)
RETURNS TABLE (
    canned_reply_id INT,
    title VARCHAR,
    body VARCHAR,
    is_public BOOLEAN,
    is_active BOOLEAN,
    use_count INT,
    last_used_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF coalesce(p_include_inactive, FALSE) THEN
        PERFORM app.require_session(p_token, 'administrador');
    ELSE
        PERFORM app.require_session(p_token, 'operador');
    END IF;
    RETURN QUERY
    SELECT
        c.canned_reply_id, c.title::VARCHAR, c.body::VARCHAR, c.is_public, c.is_active, c.use_count,
        c.last_used_at, c.updated_at
    FROM app.canned_reply AS c
    WHERE c.is_active OR coalesce(p_include_inactive, FALSE)
    ORDER BY c.title, c.canned_reply_id;
END;
$$;
