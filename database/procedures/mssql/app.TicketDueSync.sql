-- app.TicketDueSync: writes app.Ticket.DueAt (the current due instant of an open ticket, NULL
-- once closed) from app.TicketClock whenever a column it depends on is written, so the queue's
-- "vencidas" filter and its "Vence" column read a stored, indexed value. Writing DueAt itself
-- (any value) recomputes it: app.RebuildWorkCalendar does so after the schedule, the calendar
-- or a priority's targets change. Its own UPDATE does not fire it again (nest level guard, in
-- case RECURSIVE_TRIGGERS is ON) and app.TicketStatsSync skips it (only DueAt changes).
-- A trigger holds no grants: like views, it is dropped and created.
-- requires: app.TicketClock
IF OBJECT_ID(N'app.TicketDueSync', N'TR') IS NOT NULL
    DROP TRIGGER app.TicketDueSync;
GO

CREATE TRIGGER app.TicketDueSync ON app.Ticket
AFTER INSERT, UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF TRIGGER_NESTLEVEL(@@PROCID) > 1
        RETURN;
    IF NOT EXISTS (SELECT 1 FROM inserted)
        RETURN;
    IF NOT (
        UPDATE(CampusId) OR UPDATE(CreatedAt) OR UPDATE(PriorityId) OR UPDATE(StatusId)
        OR UPDATE(FirstResponseAt) OR UPDATE(DueAt)
    )
        RETURN;

    UPDATE t
    SET t.DueAt = k.due_at
    FROM app.Ticket AS t
    INNER JOIN inserted AS i ON t.TicketId = i.TicketId
    CROSS APPLY app.TicketClock(
        i.CampusId, i.CreatedAt, i.PriorityId, i.StatusId, i.FirstResponseAt, i.ResolvedAt
    ) AS k
    WHERE
        t.DueAt <> k.due_at
        OR (t.DueAt IS NULL AND k.due_at IS NOT NULL)
        OR (t.DueAt IS NOT NULL AND k.due_at IS NULL);
END;
GO
