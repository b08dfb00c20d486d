-- staff.list_ticket_events: the ticket's full history (public and internal), oldest first.
CREATE OR REPLACE FUNCTION staff.list_ticket_events(p_token BYTEA, p_ticket_id BIGINT)
RETURNS TABLE (
    event_id BIGINT,
    occurred_at TIMESTAMPTZ,
    event_type VARCHAR,
    is_public BOOLEAN,
    actor_name VARCHAR,
    old_status_name VARCHAR,
    new_status_name VARCHAR,
    old_priority_name VARCHAR,
    new_priority_name VARCHAR,
    assigned_to_name VARCHAR,
    body VARCHAR
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM app.require_session(p_token, 'operador');
    IF NOT EXISTS (SELECT 1 FROM app.ticket AS t WHERE t.ticket_id = p_ticket_id) THEN
        PERFORM app.raise_error(3001);
    END IF;
    RETURN QUERY
    SELECT
        e.event_id, e.occurred_at, e.event_type::VARCHAR, e.is_public,
        actor.full_name::VARCHAR, os.name::VARCHAR, ns.name::VARCHAR, op.name::VARCHAR, np.name::VARCHAR,
        assignee.full_name::VARCHAR, e.body::VARCHAR
    FROM app.ticket_event AS e
    LEFT JOIN app.staff_user AS actor ON e.actor_staff_id = actor.staff_id
    LEFT JOIN app.status AS os ON e.old_status_id = os.status_id
    LEFT JOIN app.status AS ns ON e.new_status_id = ns.status_id
    LEFT JOIN app.priority AS op ON e.old_priority_id = op.priority_id
    LEFT JOIN app.priority AS np ON e.new_priority_id = np.priority_id
    LEFT JOIN app.staff_user AS assignee ON e.assigned_to = assignee.staff_id
    WHERE e.ticket_id = p_ticket_id
    ORDER BY e.event_id;
END;
$$;
