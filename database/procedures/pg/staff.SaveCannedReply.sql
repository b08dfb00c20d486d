-- staff.save_canned_reply: create (p_canned_reply_id NULL) or edit a canned reply
-- (administrators). Title 3-120 characters (4200), unique (4203); text 2-4000 (4201) with
-- only the placeholders of app.fill_canned_reply (4202); 4204 for an id that does not exist.
-- Audited (guardar_respuesta). Returns the reply's id and whether anything changed: saving an
-- existing reply unchanged writes nothing (no Bitácora line, updated_at kept), changed FALSE.
-- requires: app.FillCannedReply
CREATE OR REPLACE FUNCTION staff.save_canned_reply(
    p_token BYTEA,
    p_canned_reply_id INT,
    p_title VARCHAR,
    p_body VARCHAR,
    p_is_public BOOLEAN,
    p_is_active BOOLEAN
)
RETURNS TABLE (canned_reply_id INT, changed BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_admin_id INT;
    v_changed BOOLEAN := TRUE;
    v_id INT := p_canned_reply_id;
    v_title VARCHAR := btrim(coalesce(p_title, ''));
    v_body VARCHAR := btrim(coalesce(p_body, ''));
BEGIN
    v_admin_id := app.require_session(p_token, 'administrador');
    IF length(v_title) NOT BETWEEN 3 AND 120 THEN
        PERFORM app.raise_error(4200);
    END IF;
    IF length(v_body) NOT BETWEEN 2 AND 4000 THEN
        PERFORM app.raise_error(4201);
    END IF;
    IF (SELECT f.body FROM app.fill_canned_reply(v_body, '', '', '', '') AS f) LIKE '%{%}%' THEN
        PERFORM app.raise_error(4202);
    END IF;
    PERFORM 1 FROM app.canned_reply AS c WHERE c.title = v_title FOR UPDATE;
    IF EXISTS (
        SELECT 1 FROM app.canned_reply AS c
        WHERE c.title = v_title AND (v_id IS NULL OR c.canned_reply_id <> v_id)
    ) THEN
        PERFORM app.raise_error(4203);
    END IF;
    IF v_id IS NULL THEN
        INSERT INTO app.canned_reply (title, body, is_public, is_active, updated_by)
        VALUES (v_title, v_body, coalesce(p_is_public, FALSE), coalesce(p_is_active, TRUE), v_admin_id)
        RETURNING app.canned_reply.canned_reply_id INTO v_id;
    ELSE
        UPDATE app.canned_reply AS c
        SET title = v_title, body = v_body, is_public = coalesce(p_is_public, FALSE),
            is_active = coalesce(p_is_active, TRUE), updated_at = now(), updated_by = v_admin_id
        WHERE
            c.canned_reply_id = v_id
            AND (c.title, c.body, c.is_public, c.is_active)
            IS DISTINCT FROM (v_title, v_body, coalesce(p_is_public, FALSE), coalesce(p_is_active, TRUE));
        v_changed := FOUND;
        IF NOT v_changed AND NOT EXISTS (SELECT 1 FROM app.canned_reply AS c WHERE c.canned_reply_id = v_id) THEN
            PERFORM app.raise_error(4204);
        END IF;
    END IF;
    IF v_changed THEN
        PERFORM app.write_admin_audit(
            v_admin_id, 'guardar_respuesta', v_title,
            CASE WHEN coalesce(p_is_public, FALSE) THEN 'pública' ELSE 'interna' END
            || CASE WHEN coalesce(p_is_active, TRUE) THEN '' ELSE ', inactiva' END
        );
    END IF;
    RETURN QUERY SELECT v_id, v_changed;
END;
$$;
