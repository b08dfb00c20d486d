-- V021: the "vencidas" page sorted or filtered by any queue column reads only the partial index.
-- ix_app_ticket_due (V016) held only due_at, so sorting the overdue tickets by priority fetched
-- every open ticket's row (4,085 heap rows, 35 ms at 1M tickets). The index holds the open
-- tickets only (a few thousand rows), so carrying the queue's sort and filter columns is cheap.
DROP INDEX app.ix_app_ticket_due;
CREATE INDEX ix_app_ticket_due ON app.ticket (ticket_id)
INCLUDE (
    due_at, priority_id, status_id, campus_id, category_id, assigned_to, location_id, requester_type_id
)
WHERE due_at IS NOT NULL;
