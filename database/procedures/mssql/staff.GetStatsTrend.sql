-- staff.GetStatsTrend: tickets received (by day received) and resolved (by day
-- resolved) per day, week (starting Monday) or month, between two local days
-- (inclusive), optionally for one campus. Periods without tickets are omitted.
-- requires: app.CheckStatsRange
IF OBJECT_ID(N'staff.GetStatsTrend', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.GetStatsTrend AS RETURN 0;');
GO

ALTER PROCEDURE staff.GetStatsTrend
    @Token VARBINARY(64),
    @DateFrom DATE,
    @DateTo DATE,
    @CampusId INT,
    @Grain NVARCHAR(10)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        EXEC app.CheckStatsRange @DateFrom = @DateFrom, @DateTo = @DateTo;
        IF @Grain IS NULL OR @Grain NOT IN (N'day', N'week', N'month')
            EXEC app.RaiseError @ErrorId = 4032;

        SELECT
            p.PeriodStart AS period_start,
            SUM(CASE WHEN p.Dimension = N'total' THEN p.TicketCount ELSE 0 END) AS received,
            SUM(CASE WHEN p.Dimension = N'resolved' THEN p.TicketCount ELSE 0 END) AS resolved
        FROM (
            SELECT
                sd.Dimension,
                sd.TicketCount,
                CASE @Grain
                    WHEN N'day' THEN sd.StatDay
                    -- Monday of the week, whatever SET DATEFIRST says: 1900-01-01 was a Monday.
                    WHEN N'week' THEN DATEADD(DAY, -(DATEDIFF(DAY, '19000101', sd.StatDay) % 7), sd.StatDay)
                    ELSE DATEFROMPARTS(YEAR(sd.StatDay), MONTH(sd.StatDay), 1)
                END AS PeriodStart
            FROM app.StatsDaily AS sd
            WHERE
                sd.Dimension IN (N'total', N'resolved')
                AND sd.StatDay BETWEEN @DateFrom AND @DateTo
                AND (@CampusId IS NULL OR sd.CampusId = @CampusId)
        ) AS p
        GROUP BY p.PeriodStart
        HAVING SUM(p.TicketCount) <> 0
        ORDER BY p.PeriodStart;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
