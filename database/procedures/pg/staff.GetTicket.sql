-- staff.get_ticket: everything the requester sent plus the ticket's current state, with due_at
-- (open tickets: the due instant in working hours, app.ticket_clock, stored on the ticket),
-- due_kind (which target that instant is: 'primera_respuesta' while nobody has answered and the
-- response target comes first, else 'resolucion'; NULL with due_at) and is_open (its status is
-- open: assign and priority changes are refused otherwise, 3008), so the app says what is due and
-- disables what the database would refuse without repeating those rules.
DROP FUNCTION IF EXISTS staff.get_ticket(BYTEA, BIGINT);

CREATE OR REPLACE FUNCTION staff.get_ticket(p_token BYTEA, p_ticket_id BIGINT)
RETURNS TABLE (
    ticket_id BIGINT,
    folio VARCHAR,
    created_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ,
    requester_name VARCHAR,
    requester_type_id INT,
    requester_type_name VARCHAR,
    department_id INT,
    department_name VARCHAR,
    contact_email VARCHAR,
    contact_phone VARCHAR,
    control_number VARCHAR,
    campus_id INT,
    campus_name VARCHAR,
    location_id INT,
    location_name VARCHAR,
    location_detail VARCHAR,
    equipment_id INT,
    equipment_tag VARCHAR,
    equipment_brand VARCHAR,
    equipment_serial VARCHAR,
    equipment_condition VARCHAR,
    category_id INT,
    category_name VARCHAR,
    description VARCHAR,
    status_id INT,
    status_code VARCHAR,
    status_name VARCHAR,
    priority_id INT,
    priority_name VARCHAR,
    assigned_to INT,
    assignee_name VARCHAR,
    first_response_at TIMESTAMPTZ,
    resolved_at TIMESTAMPTZ,
    closed_at TIMESTAMPTZ,
    row_version INT,
    attachment_count INT,
    is_new BOOLEAN,
    due_at TIMESTAMPTZ,
    due_kind VARCHAR,
    is_open BOOLEAN
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM app.require_session(p_token, 'operador');
    RETURN QUERY
    SELECT
        t.ticket_id, t.folio::VARCHAR, t.created_at, t.updated_at,
        t.requester_name::VARCHAR, t.requester_type_id::INT, rt.name::VARCHAR,
        t.department_id::INT, d.name::VARCHAR,
        t.contact_email::VARCHAR, t.contact_phone::VARCHAR, t.control_number::VARCHAR,
        t.campus_id::INT, c.name::VARCHAR, t.location_id, l.name::VARCHAR, t.location_detail::VARCHAR,
        t.equipment_id, t.equipment_tag::VARCHAR, t.equipment_brand::VARCHAR, t.equipment_serial::VARCHAR,
        t.equipment_condition::VARCHAR,
        t.category_id::INT, pc.name::VARCHAR, t.description::VARCHAR,
        t.status_id::INT, s.code::VARCHAR, s.name::VARCHAR,
        t.priority_id::INT, p.name::VARCHAR,
        t.assigned_to, su.full_name::VARCHAR,
        t.first_response_at, t.resolved_at, t.closed_at, t.row_version,
        (SELECT count(*)::INT FROM app.attachment AS a WHERE a.ticket_id = t.ticket_id),
        (
            s.code = 'nuevo' AND NOT EXISTS (
                SELECT 1 FROM app.ticket_event AS e
                WHERE e.ticket_id = t.ticket_id AND e.actor_staff_id IS NOT NULL
            )
        ),
        t.due_at,
        (CASE
            WHEN t.due_at IS NULL THEN NULL
            WHEN t.first_response_at IS NULL AND p.response_target_hours <= p.resolution_target_hours
                THEN 'primera_respuesta'
            ELSE 'resolucion'
        END)::VARCHAR,
        s.is_open
    FROM app.ticket AS t
    INNER JOIN app.requester_type AS rt ON t.requester_type_id = rt.requester_type_id
    INNER JOIN app.department AS d ON t.department_id = d.department_id
    INNER JOIN app.campus AS c ON t.campus_id = c.campus_id
    LEFT JOIN app.location AS l ON t.location_id = l.location_id
    INNER JOIN app.problem_category AS pc ON t.category_id = pc.category_id
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    INNER JOIN app.priority AS p ON t.priority_id = p.priority_id
    LEFT JOIN app.staff_user AS su ON t.assigned_to = su.staff_id
    WHERE t.ticket_id = p_ticket_id;
    IF NOT FOUND THEN
        PERFORM app.raise_error(3001);
    END IF;
END;
$$;
