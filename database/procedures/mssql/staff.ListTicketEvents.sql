-- staff.ListTicketEvents: the ticket's full history (public and internal), oldest first.
IF OBJECT_ID(N'staff.ListTicketEvents', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListTicketEvents AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListTicketEvents
    @Token VARBINARY(64),
    @TicketId BIGINT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;

    IF NOT EXISTS (SELECT 1 FROM app.Ticket AS t WHERE t.TicketId = @TicketId)
        EXEC app.RaiseError @ErrorId = 3001;

    SELECT
        e.EventId AS event_id,
        e.OccurredAt AS occurred_at,
        e.EventType AS event_type,
        e.IsPublic AS is_public,
        actor.FullName AS actor_name,
        os.Name AS old_status_name,
        ns.Name AS new_status_name,
        op.Name AS old_priority_name,
        np.Name AS new_priority_name,
        assignee.FullName AS assigned_to_name,
        e.Body AS body
    FROM app.TicketEvent AS e
    LEFT JOIN app.StaffUser AS actor ON e.ActorStaffId = actor.StaffId
    LEFT JOIN app.Status AS os ON e.OldStatusId = os.StatusId
    LEFT JOIN app.Status AS ns ON e.NewStatusId = ns.StatusId
    LEFT JOIN app.Priority AS op ON e.OldPriorityId = op.PriorityId
    LEFT JOIN app.Priority AS np ON e.NewPriorityId = np.PriorityId
    LEFT JOIN app.StaffUser AS assignee ON e.AssignedTo = assignee.StaffId
    WHERE e.TicketId = @TicketId
    ORDER BY e.EventId;
END;
GO
