-- webform.confirm_resolution: the requester confirms the solution, by folio + access code,
-- along the app.status_transition row of actor 'solicitante_confirma' from the ticket's status
-- ('resuelto' -> 'cerrado', closed_at = now) with a public 'confirmado' event. Already where
-- such a move ends ('cerrado'): nothing changes, is_replay TRUE (a double click). Else 1206.
-- A miss gives 0 rows (counted by app.find_ticket_by_code).
-- requires: app.FindTicketByCode
-- requires: app.LockRequesterTicket
-- requires: app.MoveTicketStatus
CREATE OR REPLACE FUNCTION webform.confirm_resolution(
    p_folio VARCHAR,
    p_access_code VARCHAR,
    p_client_key VARCHAR
)
RETURNS TABLE (folio VARCHAR, status_code VARCHAR, status_name VARCHAR, occurred_at TIMESTAMPTZ, is_replay BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_ticket_id BIGINT;
    v_status_id SMALLINT;
    v_closed SMALLINT;
    v_occurred TIMESTAMPTZ;
BEGIN
    v_ticket_id := app.find_ticket_by_code(p_folio, p_access_code, p_client_key);
    IF v_ticket_id IS NULL THEN
        RETURN;  -- a miss: 0 rows, and the miss stays recorded (an error would roll it back)
    END IF;
    PERFORM app.lock_requester_ticket(v_ticket_id, NULL);
    SELECT t.status_id INTO v_status_id FROM app.ticket AS t WHERE t.ticket_id = v_ticket_id;
    SELECT st.to_status_id INTO v_closed
    FROM app.status_transition AS st
    WHERE st.from_status_id = v_status_id AND st.actor = 'solicitante_confirma';

    IF v_closed IS NULL THEN
        IF EXISTS (
            SELECT 1 FROM app.status_transition AS st
            WHERE st.to_status_id = v_status_id AND st.actor = 'solicitante_confirma'
        ) THEN
            RETURN QUERY
            SELECT t.folio, s.code, s.name, t.updated_at, TRUE
            FROM app.ticket AS t
            INNER JOIN app.status AS s ON t.status_id = s.status_id
            WHERE t.ticket_id = v_ticket_id;
            RETURN;
        END IF;
        PERFORM app.raise_error(1206);
    END IF;

    v_occurred := now();
    PERFORM app.move_ticket_status(
        v_ticket_id, v_status_id, v_closed, 'confirmado', NULL, NULL, v_occurred
    );

    RETURN QUERY
    SELECT t.folio, s.code, s.name, v_occurred, FALSE
    FROM app.ticket AS t
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    WHERE t.ticket_id = v_ticket_id;
END;
$$;
