-- app.sanitize_file_name: the name stored for an attachment. Keeps the last path
-- component, at most 100 characters, every character outside [A-Za-z0-9._-] becomes '_';
-- an empty result becomes 'imagen-<slot>.<ext>' from the content type.
CREATE OR REPLACE FUNCTION app.sanitize_file_name(p_file_name VARCHAR, p_slot INT, p_content_type VARCHAR)
RETURNS VARCHAR
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_name VARCHAR := btrim(coalesce(p_file_name, ''));
BEGIN
    v_name := btrim(regexp_replace(v_name, '^.*[/\\]', ''));
    v_name := regexp_replace(left(v_name, 100), '[^A-Za-z0-9._-]', '_', 'g');
    IF v_name = '' THEN
        v_name := 'imagen-' || p_slot::TEXT || CASE lower(btrim(p_content_type))
            WHEN 'image/png' THEN '.png'
            WHEN 'image/jpeg' THEN '.jpg'
            ELSE '.webp'
        END;
    END IF;
    RETURN v_name;
END;
$$;
