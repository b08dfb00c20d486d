-- staff.AddIncidentTickets: link more open tickets (JSON array of ids; all or none, see
-- app.LinkIncidentTickets) to an open incident (3200 unknown, 3207 resolved).
-- requires: app.LockOpenIncident
-- requires: app.LinkIncidentTickets
IF OBJECT_ID(N'staff.AddIncidentTickets', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.AddIncidentTickets AS RETURN 0;');
GO

ALTER PROCEDURE staff.AddIncidentTickets
    @Token VARBINARY(64),
    @IncidentId INT,
    @TicketIds NVARCHAR(MAX)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Linked INT;
    DECLARE @Total INT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF @IncidentId IS NULL
        EXEC app.RaiseError @ErrorId = 1001;

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockOpenIncident @IncidentId = @IncidentId;  -- the incident lock; 3200, 3207
        EXEC app.LinkIncidentTickets
            @IncidentId = @IncidentId, @TicketIds = @TicketIds, @StaffId = @StaffId, @Now = @Now,
            @LinkedCount = @Linked OUTPUT;
        UPDATE i
        SET i.StartedAt = CASE WHEN m.FirstAt < i.StartedAt THEN m.FirstAt ELSE i.StartedAt END
        FROM app.Incident AS i
        CROSS APPLY (
            SELECT MIN(t.CreatedAt) AS FirstAt
            FROM app.IncidentTicket AS it
            INNER JOIN app.Ticket AS t ON it.TicketId = t.TicketId
            WHERE it.IncidentId = @IncidentId
        ) AS m
        WHERE i.IncidentId = @IncidentId;
        SET @Total = (SELECT COUNT(*) FROM app.IncidentTicket AS it WHERE it.IncidentId = @IncidentId);
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        @IncidentId AS incident_id,
        @Linked AS linked_count,
        @Total AS ticket_count;
END;
GO
