-- app.ticket_due_sync: writes app.ticket.due_at (the current due instant of an open ticket,
-- NULL once closed) from app.ticket_clock whenever a column it depends on is written, so the
-- queue's "vencidas" filter and its "Vence" column read a stored, indexed value. Writing
-- due_at itself (any value) recomputes it: app.rebuild_work_calendar does so after the
-- schedule, the calendar or a priority's targets change.
-- requires: app.TicketClock
CREATE OR REPLACE FUNCTION app.ticket_due_sync()
RETURNS TRIGGER
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    SELECT k.due_at INTO NEW.due_at
    FROM app.ticket_clock(
        NEW.campus_id, NEW.created_at, NEW.priority_id, NEW.status_id, NEW.first_response_at, NEW.resolved_at
    ) AS k;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE TRIGGER tr_app_ticket_due
BEFORE INSERT OR UPDATE OF campus_id, created_at, priority_id, status_id, first_response_at, due_at
ON app.ticket
FOR EACH ROW EXECUTE FUNCTION app.ticket_due_sync();
