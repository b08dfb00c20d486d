-- app.fill_canned_reply: the text of a canned reply with its placeholders replaced: {folio},
-- {nombre} (the requester), {lugar} (campus · location · detail) and {estado} (status name).
-- The one list of placeholders: staff.save_canned_reply fills with empty values and refuses a
-- text that still has {...} (an unknown placeholder), staff.use_canned_reply fills from the
-- ticket. Case-sensitive, like the T-SQL twin's binary collation.
CREATE OR REPLACE FUNCTION app.fill_canned_reply(
    p_body VARCHAR, p_folio VARCHAR, p_name VARCHAR, p_place VARCHAR, p_status VARCHAR
)
RETURNS TABLE (body VARCHAR)
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT replace(replace(replace(replace(p_body,
        '{folio}', coalesce(p_folio, '')),
        '{nombre}', coalesce(p_name, '')),
        '{lugar}', coalesce(p_place, '')),
        '{estado}', coalesce(p_status, ''))::VARCHAR;
$$;
