-- staff.list_equipment_history: other tickets about the same equipment (same catalog
-- equipment_id, or the same inventory tag typed by hand), newest first.
CREATE OR REPLACE FUNCTION staff.list_equipment_history(p_token BYTEA, p_ticket_id BIGINT, p_max_rows INT)
RETURNS TABLE (
    ticket_id BIGINT,
    folio VARCHAR,
    created_at TIMESTAMPTZ,
    status_name VARCHAR,
    category_name VARCHAR,
    description VARCHAR,
    resolved_at TIMESTAMPTZ
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_equipment_id INT;
    v_tag VARCHAR(40);
    v_max INT := least(greatest(coalesce(p_max_rows, 20), 1), 200);
BEGIN
    PERFORM app.require_session(p_token, 'operador');
    SELECT t.equipment_id, upper(nullif(btrim(coalesce(e.inventory_tag, t.equipment_tag)), ''))
    INTO v_equipment_id, v_tag
    FROM app.ticket AS t
    LEFT JOIN app.equipment AS e ON t.equipment_id = e.equipment_id
    WHERE t.ticket_id = p_ticket_id;
    IF NOT FOUND THEN
        PERFORM app.raise_error(3001);
    END IF;
    IF v_equipment_id IS NULL AND v_tag IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT h.ticket_id, h.folio::VARCHAR, h.created_at, s.name::VARCHAR, pc.name::VARCHAR,
        left(h.description, 300)::VARCHAR, h.resolved_at
    FROM (
        SELECT t.ticket_id FROM app.ticket AS t WHERE t.equipment_id = v_equipment_id
        UNION
        SELECT t.ticket_id FROM app.ticket AS t WHERE upper(t.equipment_tag) = v_tag
    ) AS m
    INNER JOIN app.ticket AS h ON m.ticket_id = h.ticket_id
    INNER JOIN app.status AS s ON h.status_id = s.status_id
    INNER JOIN app.problem_category AS pc ON h.category_id = pc.category_id
    WHERE h.ticket_id <> p_ticket_id
    ORDER BY h.ticket_id DESC
    LIMIT v_max;
END;
$$;
