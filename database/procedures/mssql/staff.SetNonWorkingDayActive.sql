-- staff.SetNonWorkingDayActive: an administrator takes a future non-working day back
-- (@IsActive 0: the campus works that day after all) or restores it. Audited; the calendar
-- and open tickets' due instants are recomputed. A day already in that state is left alone
-- (no Bitácora line, no recompute): changed is 0.
-- requires: app.RebuildWorkCalendar
IF OBJECT_ID(N'staff.SetNonWorkingDayActive', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.SetNonWorkingDayActive AS RETURN 0;');
GO

ALTER PROCEDURE staff.SetNonWorkingDayActive
    @Token VARBINARY(64),
    @CampusId INT,
    @OffDay DATE,
    @IsActive BIT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Active BIT = COALESCE(@IsActive, 0);
    DECLARE @Changed BIT = 1;
    DECLARE @Action NVARCHAR(40) = CASE WHEN COALESCE(@IsActive, 0) = 1 THEN N'activar_dia_inhabil'
        ELSE N'quitar_dia_inhabil' END;
    DECLARE @Target NVARCHAR(200);
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF @OffDay IS NULL OR @OffDay <= CAST(DATEADD(HOUR, -6, SYSUTCDATETIME()) AS DATE)
            EXEC app.RaiseError @ErrorId = 4351;
        SET @Target = (SELECT Code FROM app.Campus WHERE CampusId = @CampusId) + N' '
            + CONVERT(NVARCHAR(10), @OffDay, 23);
        BEGIN TRANSACTION;
        UPDATE app.NonWorkingDay SET IsActive = @Active
        WHERE CampusId = @CampusId AND OffDay = @OffDay AND IsActive <> @Active;
        SET @Changed = CASE WHEN @@ROWCOUNT = 0 THEN 0 ELSE 1 END;
        IF
            @Changed = 0
            AND NOT EXISTS (SELECT 1 FROM app.NonWorkingDay WHERE CampusId = @CampusId AND OffDay = @OffDay)
            EXEC app.RaiseError @ErrorId = 4357;
        IF @Changed = 1
            BEGIN
                EXEC app.WriteAdminAudit @StaffId = @AdminId, @Action = @Action, @Target = @Target, @Details = NULL;
                EXEC app.RebuildWorkCalendar @CampusId = @CampusId, @AllTickets = 0;
            END;
        COMMIT;
        SELECT
            @CampusId AS campus_id,
            @OffDay AS off_day,
            @Active AS is_active,
            @Changed AS changed;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
