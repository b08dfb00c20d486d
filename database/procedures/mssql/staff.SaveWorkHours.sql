-- staff.SaveWorkHours: an administrator sets a campus's weekly schedule from a local day on
-- (after today: what was measured does not change): one 'HH:MM-HH:MM' or empty (closed) per
-- weekday, Monday first. The same @ValidFrom again replaces that version. Audited; the
-- calendar and the due instants of open tickets are recomputed in the same transaction.
-- The same schedule again writes nothing (no Bitácora line, no recompute): changed is 0.
-- requires: app.ParseWorkHours
-- requires: app.RebuildWorkCalendar
IF OBJECT_ID(N'staff.SaveWorkHours', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.SaveWorkHours AS RETURN 0;');
GO

ALTER PROCEDURE staff.SaveWorkHours
    @Token VARBINARY(64),
    @CampusId INT,
    @ValidFrom DATE,
    @Monday NVARCHAR(40),
    @Tuesday NVARCHAR(40),
    @Wednesday NVARCHAR(40),
    @Thursday NVARCHAR(40),
    @Friday NVARCHAR(40),
    @Saturday NVARCHAR(40),
    @Sunday NVARCHAR(40)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Changed BIT = 0;
    DECLARE @Code NVARCHAR(20);
    DECLARE @Target NVARCHAR(200);
    DECLARE @Details NVARCHAR(2000);
    DECLARE @Days TABLE (Weekday SMALLINT NOT NULL PRIMARY KEY, Typed NVARCHAR(40) NULL);
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        SELECT @Code = Code FROM app.Campus WHERE CampusId = @CampusId;
        IF @Code IS NULL
            EXEC app.RaiseError @ErrorId = 4355;
        IF
            @ValidFrom IS NULL OR @ValidFrom <= CAST(DATEADD(HOUR, -6, SYSUTCDATETIME()) AS DATE)
            OR @ValidFrom > '20601231'
            EXEC app.RaiseError @ErrorId = 4351;
        INSERT INTO @Days (Weekday, Typed) VALUES
        (1, @Monday), (2, @Tuesday), (3, @Wednesday), (4, @Thursday), (5, @Friday), (6, @Saturday), (7, @Sunday);
        IF EXISTS (SELECT 1 FROM @Days AS d CROSS APPLY app.ParseWorkHours(d.Typed) AS h WHERE h.is_valid = 0)
            EXEC app.RaiseError @ErrorId = 4350;
        IF NOT EXISTS (
            SELECT 1 FROM @Days AS d CROSS APPLY app.ParseWorkHours(d.Typed) AS h
            WHERE h.opens_minute < h.closes_minute
        )
            EXEC app.RaiseError @ErrorId = 4352;

        SET @Target = @Code + N' desde ' + CONVERT(NVARCHAR(10), @ValidFrom, 23);
        SELECT @Details = STUFF((
            SELECT N', ' + COALESCE(NULLIF(REPLACE(LTRIM(RTRIM(COALESCE(d.Typed, N''))), N' ', N''), N''), N'cerrado')
            FROM @Days AS d
            ORDER BY d.Weekday
            FOR XML PATH (''), TYPE
        ).value('.', 'NVARCHAR(2000)'), 1, 2, N'');

        BEGIN TRANSACTION;
        -- the same seven days as the stored version: nothing to write, audit or recompute
        IF
            EXISTS (
                SELECT
                    d.Weekday,
                    h.opens_minute,
                    h.closes_minute
                FROM @Days AS d
                CROSS APPLY app.ParseWorkHours(d.Typed) AS h
                EXCEPT
                SELECT
                    wh.Weekday,
                    wh.OpensMinute,
                    wh.ClosesMinute
                FROM app.WorkHours AS wh WITH (UPDLOCK, HOLDLOCK)
                WHERE wh.CampusId = @CampusId AND wh.ValidFrom = @ValidFrom
            )
            BEGIN
                SET @Changed = 1;
                DELETE FROM app.WorkHours WHERE CampusId = @CampusId AND ValidFrom = @ValidFrom;
                INSERT INTO app.WorkHours (CampusId, ValidFrom, Weekday, OpensMinute, ClosesMinute)
                SELECT @CampusId, @ValidFrom, d.Weekday, h.opens_minute, h.closes_minute
                FROM @Days AS d
                CROSS APPLY app.ParseWorkHours(d.Typed) AS h;
                EXEC app.WriteAdminAudit
                    @StaffId = @AdminId, @Action = N'guardar_horario', @Target = @Target, @Details = @Details;
                EXEC app.RebuildWorkCalendar @CampusId = @CampusId, @AllTickets = 0;
            END;
        COMMIT;
        SELECT
            @CampusId AS campus_id,
            @ValidFrom AS valid_from,
            @Changed AS changed;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
