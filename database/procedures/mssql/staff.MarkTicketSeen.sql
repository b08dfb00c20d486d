-- staff.MarkTicketSeen: the operator opened this ticket, so it is no longer "new" for them
-- (staff.ListQueue's is_new). Called by the desktop app when a ticket is shown.
IF OBJECT_ID(N'staff.MarkTicketSeen', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.MarkTicketSeen AS RETURN 0;');
GO

ALTER PROCEDURE staff.MarkTicketSeen
    @Token VARBINARY(64),
    @TicketId BIGINT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
        IF NOT EXISTS (SELECT 1 FROM app.Ticket AS t WHERE t.TicketId = @TicketId)
            EXEC app.RaiseError @ErrorId = 3001;
        BEGIN TRANSACTION;
        -- No MERGE: update, then insert when there was no row (the key lock is held until COMMIT).
        UPDATE app.TicketSeen WITH (UPDLOCK, SERIALIZABLE)
        SET SeenAt = SYSUTCDATETIME()
        WHERE StaffId = @StaffId AND TicketId = @TicketId;
        IF @@ROWCOUNT = 0
            INSERT INTO app.TicketSeen (StaffId, TicketId, SeenAt)
            VALUES (@StaffId, @TicketId, SYSUTCDATETIME());
        COMMIT;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
