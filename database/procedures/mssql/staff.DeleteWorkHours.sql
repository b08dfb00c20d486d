-- staff.DeleteWorkHours: an administrator withdraws a schedule version that has not started
-- yet (ValidFrom after today); the one before it goes on ruling. Audited; the calendar and
-- the due instants of open tickets are recomputed.
-- requires: app.RebuildWorkCalendar
IF OBJECT_ID(N'staff.DeleteWorkHours', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.DeleteWorkHours AS RETURN 0;');
GO

ALTER PROCEDURE staff.DeleteWorkHours
    @Token VARBINARY(64),
    @CampusId INT,
    @ValidFrom DATE
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Code NVARCHAR(20);
    DECLARE @Target NVARCHAR(200);
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        SELECT @Code = Code FROM app.Campus WHERE CampusId = @CampusId;
        IF @Code IS NULL
            EXEC app.RaiseError @ErrorId = 4355;
        IF @ValidFrom IS NULL OR @ValidFrom <= CAST(DATEADD(HOUR, -6, SYSUTCDATETIME()) AS DATE)
            EXEC app.RaiseError @ErrorId = 4354;
        SET @Target = @Code + N' desde ' + CONVERT(NVARCHAR(10), @ValidFrom, 23);
        BEGIN TRANSACTION;
        DELETE FROM app.WorkHours WHERE CampusId = @CampusId AND ValidFrom = @ValidFrom;
        IF @@ROWCOUNT = 0
            EXEC app.RaiseError @ErrorId = 4354;
        EXEC app.WriteAdminAudit @StaffId = @AdminId, @Action = N'quitar_horario', @Target = @Target, @Details = NULL;
        EXEC app.RebuildWorkCalendar @CampusId = @CampusId, @AllTickets = 0;
        COMMIT;
        SELECT @CampusId AS campus_id, @ValidFrom AS valid_from;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
