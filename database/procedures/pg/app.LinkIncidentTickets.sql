-- app.link_incident_tickets: link the tickets of p_ticket_ids (a JSON array of ids) to an open
-- incident, all or none: 3203 (not a non-empty array of at most 500 ids), 3212 (an id that is
-- not a ticket), 3202 (a ticket no longer open), 3201 (a ticket already in an incident). Each
-- linked ticket gets an internal note on its timeline. Returns how many were linked.
-- Concurrency: the caller holds app.lock_incidents (one grouping at a time), so two operators
-- grouping overlapping tickets at once are serialized and the second one gets 3201; the
-- primary key of app.incident_ticket (the ticket) is the last line of defence.
-- Internal: called inside staff.create_incident / staff.add_incident_tickets.
CREATE OR REPLACE FUNCTION app.link_incident_tickets(
    p_incident_id INT, p_ticket_ids VARCHAR, p_staff_id INT, p_now TIMESTAMPTZ
)
RETURNS INT
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_ids BIGINT[];
    v_title VARCHAR(200);
BEGIN
    BEGIN
        SELECT array_agg(DISTINCT x.value::BIGINT) INTO v_ids
        FROM json_array_elements_text(p_ticket_ids::JSON) AS x (value);
    EXCEPTION WHEN others THEN
        v_ids := NULL;
    END;
    IF v_ids IS NULL OR array_position(v_ids, NULL) IS NOT NULL OR cardinality(v_ids) > 500 THEN
        PERFORM app.raise_error(3203);
    END IF;
    IF (SELECT count(*) FROM app.ticket AS t WHERE t.ticket_id = ANY(v_ids)) <> cardinality(v_ids) THEN
        PERFORM app.raise_error(3212);
    END IF;
    IF EXISTS (
        SELECT 1 FROM app.ticket AS t
        INNER JOIN app.status AS s ON t.status_id = s.status_id
        WHERE t.ticket_id = ANY(v_ids) AND NOT s.is_open
    ) THEN
        PERFORM app.raise_error(3202);
    END IF;
    IF EXISTS (SELECT 1 FROM app.incident_ticket AS it WHERE it.ticket_id = ANY(v_ids)) THEN
        PERFORM app.raise_error(3201);
    END IF;
    SELECT i.title INTO v_title FROM app.incident AS i WHERE i.incident_id = p_incident_id;

    INSERT INTO app.incident_ticket (ticket_id, incident_id, linked_at, linked_by)
    SELECT x.id, p_incident_id, p_now, p_staff_id FROM unnest(v_ids) AS x (id);

    UPDATE app.ticket AS t
    SET row_version = t.row_version + 1, updated_at = p_now
    WHERE t.ticket_id = ANY(v_ids);

    INSERT INTO app.ticket_event (ticket_id, occurred_at, event_type, is_public, actor_staff_id, body)
    SELECT x.id, p_now, 'nota', FALSE, p_staff_id,
        'Agrupada en el incidente #' || p_incident_id::TEXT || ': ' || v_title
    FROM unnest(v_ids) AS x (id);
    RETURN cardinality(v_ids);
END;
$$;
