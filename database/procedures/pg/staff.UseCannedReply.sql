-- staff.use_canned_reply: a canned reply ready to insert in ticket p_ticket_id's composer:
-- its text filled from the ticket (app.fill_canned_reply), its title and whether it is meant
-- as a public reply. Counts the use (use_count, last_used_at). 3100 when the reply does not
-- exist or is inactive, 3001 when the ticket does not exist.
-- requires: app.FillCannedReply
CREATE OR REPLACE FUNCTION staff.use_canned_reply(p_token BYTEA, p_canned_reply_id INT, p_ticket_id BIGINT)
RETURNS TABLE (title VARCHAR, body VARCHAR, is_public BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_reply app.canned_reply%ROWTYPE;
BEGIN
    PERFORM app.require_session(p_token, 'operador');
    IF p_canned_reply_id IS NULL OR p_ticket_id IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM app.ticket AS t WHERE t.ticket_id = p_ticket_id) THEN
        PERFORM app.raise_error(3001);
    END IF;
    UPDATE app.canned_reply AS c
    SET use_count = c.use_count + 1, last_used_at = now()
    WHERE c.canned_reply_id = p_canned_reply_id AND c.is_active
    RETURNING c.* INTO v_reply;
    IF NOT FOUND THEN
        PERFORM app.raise_error(3100);
    END IF;
    RETURN QUERY
    SELECT v_reply.title::VARCHAR, f.body, v_reply.is_public
    FROM app.ticket AS t
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    INNER JOIN app.campus AS ca ON t.campus_id = ca.campus_id
    LEFT JOIN app.location AS l ON t.location_id = l.location_id
    CROSS JOIN LATERAL app.fill_canned_reply(
        v_reply.body, t.folio, t.requester_name,
        ca.name || coalesce(' · ' || l.name, '') || coalesce(' · ' || nullif(t.location_detail, ''), ''),
        s.name
    ) AS f
    WHERE t.ticket_id = p_ticket_id;
END;
$$;
