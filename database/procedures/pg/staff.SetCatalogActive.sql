-- staff.set_catalog_active: deactivate or reactivate a catalog item. Catalog items
-- are never deleted (tickets keep referring to them); inactive ones disappear from
-- the web form. p_catalog: location, department, equipment, problem_category, priority.
-- An item already in that state is left alone: nothing written, no line in the Bitácora.
CREATE OR REPLACE FUNCTION staff.set_catalog_active(
    p_token BYTEA, p_catalog VARCHAR, p_item_id INT, p_is_active BOOLEAN
)
RETURNS VOID
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_admin_id INT;
    v_found BOOLEAN;
    v_current BOOLEAN;
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    IF p_is_active IS NULL THEN
        PERFORM app.raise_error(1001);
    END IF;
    v_current := CASE p_catalog
        WHEN 'location' THEN (SELECT x.is_active FROM app.location AS x WHERE x.location_id = p_item_id)
        WHEN 'department' THEN (SELECT x.is_active FROM app.department AS x WHERE x.department_id = p_item_id)
        WHEN 'equipment' THEN (SELECT x.is_active FROM app.equipment AS x WHERE x.equipment_id = p_item_id)
        WHEN 'problem_category' THEN (
            SELECT x.is_active FROM app.problem_category AS x WHERE x.category_id = p_item_id
        )
        WHEN 'priority' THEN (SELECT x.is_active FROM app.priority AS x WHERE x.priority_id = p_item_id)
    END;
    IF v_current = p_is_active THEN
        RETURN;  -- already so
    END IF;
    IF p_catalog = 'location' THEN
        UPDATE app.location AS x SET is_active = p_is_active WHERE x.location_id = p_item_id;
    ELSIF p_catalog = 'department' THEN
        UPDATE app.department AS x SET is_active = p_is_active WHERE x.department_id = p_item_id;
    ELSIF p_catalog = 'equipment' THEN
        UPDATE app.equipment AS x SET is_active = p_is_active WHERE x.equipment_id = p_item_id;
    ELSIF p_catalog = 'problem_category' THEN
        UPDATE app.problem_category AS x SET is_active = p_is_active WHERE x.category_id = p_item_id;
    ELSIF p_catalog = 'priority' THEN
        IF NOT p_is_active AND EXISTS (
            SELECT 1 FROM app.priority AS p WHERE p.priority_id = p_item_id AND p.is_default
        ) THEN
            PERFORM app.raise_error(4014);
        END IF;
        UPDATE app.priority AS x SET is_active = p_is_active WHERE x.priority_id = p_item_id;
    ELSE
        PERFORM app.raise_error(4010);
    END IF;
    v_found := FOUND;
    IF NOT v_found THEN
        PERFORM app.raise_error(4011);
    END IF;
    PERFORM app.write_admin_audit(
        v_admin_id, CASE WHEN p_is_active THEN 'activar_' ELSE 'desactivar_' END || p_catalog,
        p_catalog || ' ' || p_item_id, NULL
    );
END;
$$;
