-- staff.save_incident_notice: publish (or edit) the public known-outage notice of an open
-- incident (3200, 3207): text 10-500 characters (3209), where it applies (campus, a location
-- or a building of it, a category or NULL = any; 3205/3206) and until when (future, at most
-- 30 days ahead: 3210). Saving a withdrawn notice publishes it again. Audited
-- ('aviso_publicado' / 'aviso_editado').
-- requires: app.CheckIncidentPlace
-- requires: app.LockOpenIncident
-- requires: app.WriteAdminAudit
CREATE OR REPLACE FUNCTION staff.save_incident_notice(
    p_token BYTEA,
    p_incident_id INT,
    p_body VARCHAR,
    p_campus_id INT,
    p_location_id INT,
    p_building VARCHAR,
    p_category_id INT,
    p_valid_until TIMESTAMPTZ
)
RETURNS TABLE (incident_id INT, published_at TIMESTAMPTZ, valid_until TIMESTAMPTZ)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_staff_id INT;
    v_body VARCHAR(500);
    v_building VARCHAR(60) := nullif(btrim(coalesce(p_building, '')), '');
    v_now TIMESTAMPTZ := now();
    v_existed BOOLEAN;
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');
    IF p_incident_id IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    IF length(btrim(coalesce(p_body, ''))) < 10 OR length(btrim(p_body)) > 500 THEN
        PERFORM app.raise_error(3209);
    END IF;
    v_body := btrim(p_body);
    IF length(btrim(p_building)) > 60 THEN
        PERFORM app.raise_error(3205);
    END IF;
    IF p_valid_until IS NULL OR p_valid_until <= v_now OR p_valid_until > v_now + INTERVAL '30 days' THEN
        PERFORM app.raise_error(3210);
    END IF;
    PERFORM app.check_incident_place(p_campus_id, p_location_id, v_building, p_category_id, FALSE);
    PERFORM app.lock_open_incident(p_incident_id);  -- the incident lock; 3200, 3207

    v_existed := EXISTS (SELECT 1 FROM app.incident_notice AS n WHERE n.incident_id = p_incident_id);
    IF v_existed THEN
        UPDATE app.incident_notice AS n
        SET body = v_body, campus_id = p_campus_id, location_id = p_location_id,
            building = CASE WHEN p_location_id IS NULL THEN v_building END, category_id = p_category_id,
            valid_until = p_valid_until, published_by = v_staff_id, published_at = v_now, withdrawn_at = NULL
        WHERE n.incident_id = p_incident_id;
    ELSE
        INSERT INTO app.incident_notice (
            incident_id, body, campus_id, location_id, building, category_id, valid_until, published_by, published_at
        )
        VALUES (
            p_incident_id, v_body, p_campus_id, p_location_id, CASE WHEN p_location_id IS NULL THEN v_building END,
            p_category_id, p_valid_until, v_staff_id, v_now
        );
    END IF;
    PERFORM app.write_admin_audit(
        v_staff_id, CASE WHEN v_existed THEN 'aviso_editado' ELSE 'aviso_publicado' END,
        'incidente #' || p_incident_id::TEXT,
        'hasta ' || to_char(p_valid_until AT TIME ZONE 'America/Mexico_City', 'YYYY-MM-DD HH24:MI') || ': ' || v_body
    );
    RETURN QUERY SELECT p_incident_id, v_now, p_valid_until;
END;
$$;
