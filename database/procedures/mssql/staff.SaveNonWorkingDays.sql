-- staff.SaveNonWorkingDays: an administrator marks every local day from @DateFrom to @DateTo
-- (at most 366 days, all after today) as non-working for one campus (NULL: both), with a
-- reason (a holiday, a vacation period); a day already listed takes the new reason and is
-- active again. Audited; the calendar and open tickets' due instants are recomputed. When
-- every day is already listed with that reason and active, nothing is written, audited or
-- recomputed: changed is 0. day_count: the days of the range (per campus).
-- requires: app.RebuildWorkCalendar
IF OBJECT_ID(N'staff.SaveNonWorkingDays', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.SaveNonWorkingDays AS RETURN 0;');
GO

ALTER PROCEDURE staff.SaveNonWorkingDays
    @Token VARBINARY(64),
    @CampusId INT,
    @DateFrom DATE,
    @DateTo DATE,
    @Name NVARCHAR(200)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Clean NVARCHAR(200) = LTRIM(RTRIM(@Name));
    DECLARE @Count INT;
    DECLARE @Written INT;
    DECLARE @Target NVARCHAR(200);
    DECLARE @Days TABLE (CampusId SMALLINT NOT NULL, OffDay DATE NOT NULL, PRIMARY KEY (CampusId, OffDay));
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF @CampusId IS NOT NULL AND NOT EXISTS (SELECT 1 FROM app.Campus WHERE CampusId = @CampusId)
            EXEC app.RaiseError @ErrorId = 4355;
        IF @Clean IS NULL OR @Clean = N'' OR LEN(@Clean) > 120
            EXEC app.RaiseError @ErrorId = 4353;
        IF @DateFrom IS NULL OR @DateTo IS NULL OR @DateTo < @DateFrom OR DATEDIFF(DAY, @DateFrom, @DateTo) > 365
            EXEC app.RaiseError @ErrorId = 4356;
        IF @DateFrom <= CAST(DATEADD(HOUR, -6, SYSUTCDATETIME()) AS DATE) OR @DateTo > '20601231'
            EXEC app.RaiseError @ErrorId = 4351;

        WITH Digit AS (
            SELECT v.N FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS v (N)
        )

        INSERT INTO @Days (CampusId, OffDay)
        SELECT c.CampusId, DATEADD(DAY, a.N + 10 * b.N + 100 * d.N, @DateFrom)
        FROM app.Campus AS c
        CROSS JOIN Digit AS a
        CROSS JOIN Digit AS b
        CROSS JOIN Digit AS d
        WHERE
            (@CampusId IS NULL OR c.CampusId = @CampusId)
            AND a.N + 10 * b.N + 100 * d.N <= DATEDIFF(DAY, @DateFrom, @DateTo);
        SET @Count = @@ROWCOUNT;
        SET @Target = COALESCE((SELECT Code FROM app.Campus WHERE CampusId = @CampusId), N'todos') + N' '
            + CONVERT(NVARCHAR(10), @DateFrom, 23) + N' a ' + CONVERT(NVARCHAR(10), @DateTo, 23);

        BEGIN TRANSACTION;
        UPDATE n
        SET n.Name = @Clean, n.IsActive = 1
        FROM app.NonWorkingDay AS n WITH (UPDLOCK, HOLDLOCK)
        INNER JOIN @Days AS d ON n.CampusId = d.CampusId AND n.OffDay = d.OffDay
        WHERE n.Name COLLATE Latin1_General_100_BIN2 <> @Clean OR n.IsActive = 0;
        SET @Written = @@ROWCOUNT;
        INSERT INTO app.NonWorkingDay (CampusId, OffDay, Name, IsActive)
        SELECT d.CampusId, d.OffDay, @Clean, 1
        FROM @Days AS d
        WHERE NOT EXISTS (
            SELECT 1 FROM app.NonWorkingDay AS n WITH (UPDLOCK, HOLDLOCK)
            WHERE n.CampusId = d.CampusId AND n.OffDay = d.OffDay
        );
        SET @Written = @Written + @@ROWCOUNT;
        IF @Written > 0
            BEGIN
                EXEC app.WriteAdminAudit
                    @StaffId = @AdminId, @Action = N'guardar_dias_inhabiles', @Target = @Target, @Details = @Clean;
                EXEC app.RebuildWorkCalendar @CampusId = @CampusId, @AllTickets = 0;
            END;
        COMMIT;
        SELECT
            @Count AS day_count,
            CAST(CASE WHEN @Written > 0 THEN 1 ELSE 0 END AS BIT) AS changed;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
