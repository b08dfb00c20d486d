-- webform.check_ticket: every problem of a ticket at once (field_name, error_id, message),
-- without inserting anything; the web form shows them next to their fields.
-- Same rules as webform.submit_ticket (both use app.validate_ticket). Attachments optional.
-- requires: app.ValidateTicket
CREATE OR REPLACE FUNCTION webform.check_ticket(
    p_requester_name VARCHAR,
    p_requester_type_id INT,
    p_department_id INT,
    p_contact_email VARCHAR,
    p_contact_phone VARCHAR,
    p_control_number VARCHAR,
    p_campus_id INT,
    p_location_id INT,
    p_location_detail VARCHAR,
    p_equipment_id INT,
    p_equipment_tag VARCHAR,
    p_equipment_brand VARCHAR,
    p_equipment_serial VARCHAR,
    p_equipment_condition VARCHAR,
    p_category_id INT,
    p_description VARCHAR,
    p_attachment1_name VARCHAR DEFAULT NULL,
    p_attachment1_type VARCHAR DEFAULT NULL,
    p_attachment1_content BYTEA DEFAULT NULL,
    p_attachment2_name VARCHAR DEFAULT NULL,
    p_attachment2_type VARCHAR DEFAULT NULL,
    p_attachment2_content BYTEA DEFAULT NULL,
    p_attachment3_name VARCHAR DEFAULT NULL,
    p_attachment3_type VARCHAR DEFAULT NULL,
    p_attachment3_content BYTEA DEFAULT NULL
)
RETURNS TABLE (field_name VARCHAR, error_id INT, message VARCHAR)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT v.field_name, v.error_id, em.message
    FROM app.validate_ticket(
        p_requester_name, p_requester_type_id, p_department_id, p_contact_email,
        p_contact_phone, p_control_number, p_campus_id, p_location_id, p_location_detail,
        p_equipment_id, p_equipment_tag, p_equipment_brand, p_equipment_serial,
        p_equipment_condition, p_category_id, p_description,
        p_attachment1_name, p_attachment1_type, p_attachment1_content,
        p_attachment2_name, p_attachment2_type, p_attachment2_content,
        p_attachment3_name, p_attachment3_type, p_attachment3_content
    ) AS v
    LEFT JOIN app.error_message AS em ON v.error_id = em.error_id
    ORDER BY v.ordinal;
END;
$$;
