-- staff.RemoveIncidentTicket: unlink one ticket from an open incident (3200, 3207, 3208);
-- the ticket keeps its timeline and gets an internal note saying so.
-- requires: app.LockOpenIncident
IF OBJECT_ID(N'staff.RemoveIncidentTicket', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.RemoveIncidentTicket AS RETURN 0;');
GO

ALTER PROCEDURE staff.RemoveIncidentTicket
    @Token VARBINARY(64),
    @IncidentId INT,
    @TicketId BIGINT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Total INT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF @IncidentId IS NULL OR @TicketId IS NULL
        EXEC app.RaiseError @ErrorId = 1001;

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockOpenIncident @IncidentId = @IncidentId;  -- the incident lock; 3200, 3207
        IF
            NOT EXISTS (
                SELECT 1 FROM app.IncidentTicket AS it
                WHERE it.IncidentId = @IncidentId AND it.TicketId = @TicketId
            )
            EXEC app.RaiseError @ErrorId = 3208;
        DELETE FROM app.IncidentTicket WHERE IncidentId = @IncidentId AND TicketId = @TicketId;
        UPDATE app.Ticket
        SET
            RowVersion = RowVersion + 1,
            UpdatedAt = @Now
        WHERE TicketId = @TicketId;
        INSERT INTO app.TicketEvent (TicketId, OccurredAt, EventType, IsPublic, ActorStaffId, Body)
        VALUES (
            @TicketId, @Now, N'nota', 0, @StaffId, N'Quitada del incidente #' + CAST(@IncidentId AS NVARCHAR(12))
        );
        SET @Total = (SELECT COUNT(*) FROM app.IncidentTicket AS it WHERE it.IncidentId = @IncidentId);
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        @IncidentId AS incident_id,
        @Total AS ticket_count;
END;
GO
