-- app.reopen_until: until when the requester may reopen ticket p_ticket_id once resolved: its
-- resolved_at (updated_at for tickets resolved before that column) plus reopen_window_days.
-- The one place of the reopen window: webform.reopen_ticket refuses after it (1208) and
-- webform.get_ticket_detail shows it (can_reopen, reopen_until). NULL for an unknown ticket.
-- Internal: called by the webform.* functions (SECURITY DEFINER), never granted.
CREATE OR REPLACE FUNCTION app.reopen_until(p_ticket_id BIGINT)
RETURNS TIMESTAMPTZ
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_window INT := app.setting_value('reopen_window_days');
BEGIN
    RETURN (
        SELECT coalesce(t.resolved_at, t.updated_at) + make_interval(days => v_window)
        FROM app.ticket AS t
        WHERE t.ticket_id = p_ticket_id
    );
END;
$$;
