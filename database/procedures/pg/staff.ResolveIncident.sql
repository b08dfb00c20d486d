-- staff.resolve_incident: resolve an open incident (3200, 3207) with its public message
-- (3006) and move every linked ticket to 'resuelto' through the state machine
-- (app.status_transition, never an admin_only one): directly when allowed, else through one allowed intermediate
-- status (preferably en_proceso: nuevo -> en_proceso -> resuelto), each move one public 'estado' event, the
-- last one holding the message. One row per linked ticket: outcome 'resuelto', 'ya_resuelto'
-- or 'no_movido' (no allowed path, e.g. cancelado: reported with error_id 3003 and its
-- message, never skipped silently). The incident is resolved even when some could not move.
-- requires: app.LockOpenIncident
CREATE OR REPLACE FUNCTION staff.resolve_incident(p_token BYTEA, p_incident_id INT, p_body VARCHAR)
RETURNS TABLE (
    ticket_id BIGINT, folio VARCHAR, outcome VARCHAR, status_name VARCHAR, error_id INT, message VARCHAR
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_staff_id INT;
    v_body VARCHAR(4000);
    v_now TIMESTAMPTZ := now();
    v_resolved SMALLINT;
    v_via SMALLINT;
    v_outcome VARCHAR(20);
    v_ticket RECORD;
    v_ids BIGINT[] := '{}';
    v_outcomes VARCHAR[] := '{}';
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF p_incident_id IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    IF nullif(btrim(coalesce(p_body, '')), '') IS NULL OR length(p_body) > 4000 THEN
        PERFORM app.raise_error(3006);
    END IF;
    v_body := btrim(p_body);
    PERFORM app.lock_open_incident(p_incident_id);  -- the incident lock; 3200, 3207
    SELECT s.status_id INTO v_resolved FROM app.status AS s WHERE s.code = 'resuelto';

    FOR v_ticket IN
        SELECT t.ticket_id, t.status_id
        FROM app.incident_ticket AS it
        INNER JOIN app.ticket AS t ON it.ticket_id = t.ticket_id
        WHERE it.incident_id = p_incident_id
        ORDER BY t.ticket_id
        FOR UPDATE OF t
    LOOP
        v_via := NULL;
        IF v_ticket.status_id = v_resolved THEN
            v_outcome := 'ya_resuelto';
        ELSIF EXISTS (
            SELECT 1 FROM app.status_transition AS st
            WHERE st.from_status_id = v_ticket.status_id AND st.to_status_id = v_resolved AND NOT st.admin_only
                AND st.actor = 'personal'
        ) THEN
            v_outcome := 'resuelto';
        ELSE
            SELECT a.to_status_id INTO v_via
            FROM app.status_transition AS a
            INNER JOIN app.status_transition AS b
                ON a.to_status_id = b.from_status_id AND b.to_status_id = v_resolved AND NOT b.admin_only
                AND b.actor = 'personal'
            INNER JOIN app.status AS via ON a.to_status_id = via.status_id
            WHERE a.from_status_id = v_ticket.status_id AND NOT a.admin_only AND a.actor = 'personal'
            ORDER BY CASE WHEN via.code = 'en_proceso' THEN 0 ELSE 1 END, via.sort_order
            LIMIT 1;
            v_outcome := CASE WHEN v_via IS NULL THEN 'no_movido' ELSE 'resuelto' END;
        END IF;

        IF v_outcome = 'resuelto' THEN
            IF v_via IS NOT NULL THEN
                INSERT INTO app.ticket_event (
                    ticket_id, occurred_at, event_type, is_public, actor_staff_id, old_status_id, new_status_id
                )
                VALUES (v_ticket.ticket_id, v_now, 'estado', TRUE, v_staff_id, v_ticket.status_id, v_via);
            END IF;
            UPDATE app.ticket AS t
            SET status_id = v_resolved,
                first_response_at = coalesce(t.first_response_at, v_now),
                resolved_at = v_now,
                row_version = t.row_version + 1,
                updated_at = v_now
            WHERE t.ticket_id = v_ticket.ticket_id;
            INSERT INTO app.ticket_event (
                ticket_id, occurred_at, event_type, is_public, actor_staff_id, old_status_id, new_status_id, body
            )
            VALUES (
                v_ticket.ticket_id, v_now, 'estado', TRUE, v_staff_id,
                coalesce(v_via, v_ticket.status_id), v_resolved, v_body
            );
        END IF;
        v_ids := v_ids || v_ticket.ticket_id;
        v_outcomes := v_outcomes || v_outcome;
    END LOOP;

    UPDATE app.incident AS i
    SET status = 'resuelto', resolved_at = v_now, resolved_by = v_staff_id, resolution = v_body
    WHERE i.incident_id = p_incident_id;

    RETURN QUERY
    SELECT
        o.ticket_id, t.folio, o.outcome::VARCHAR, s.name,
        CASE WHEN o.outcome = 'no_movido' THEN 3003 END,
        CASE WHEN o.outcome = 'no_movido' THEN em.message END
    FROM unnest(v_ids, v_outcomes) AS o (ticket_id, outcome)
    INNER JOIN app.ticket AS t ON o.ticket_id = t.ticket_id
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    LEFT JOIN app.error_message AS em ON em.error_id = 3003
    ORDER BY o.ticket_id;
END;
$$;
