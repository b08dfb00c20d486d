-- staff.GetStatsSummary: the headline figures for tickets received between two
-- local days (inclusive), optionally for one campus (see the pg twin): received,
-- still open, current backlog, resolved in the range, first-response and
-- resolution median and 90th percentile in minutes (exact, PERCENTILE_CONT),
-- tickets over their priority's resolution target.
-- requires: app.CheckStatsRange
IF OBJECT_ID(N'staff.GetStatsSummary', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.GetStatsSummary AS RETURN 0;');
GO

ALTER PROCEDURE staff.GetStatsSummary
    @Token VARBINARY(64),
    @DateFrom DATE,
    @DateTo DATE,
    @CampusId INT = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Received INT;
    DECLARE @OpenInRange INT;
    DECLARE @Backlog INT;
    DECLARE @Resolved INT;
    DECLARE @Late INT;
    DECLARE @Overdue INT;
    DECLARE @Frm FLOAT;
    DECLARE @Frp FLOAT;
    DECLARE @Rm FLOAT;
    DECLARE @Rp FLOAT;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        EXEC app.CheckStatsRange @DateFrom = @DateFrom, @DateTo = @DateTo;

        SELECT
            @Received = COALESCE(SUM(CASE WHEN sd.Dimension = N'total' THEN sd.TicketCount END), 0),
            @OpenInRange
            = COALESCE(SUM(CASE WHEN sd.Dimension = N'status' AND s.IsOpen = 1 THEN sd.TicketCount END), 0),
            @Resolved = COALESCE(SUM(CASE WHEN sd.Dimension = N'resolved' THEN sd.TicketCount END), 0)
        FROM app.StatsDaily AS sd
        LEFT JOIN app.Status AS s ON sd.Dimension = N'status' AND sd.ItemId = s.StatusId
        WHERE
            sd.Dimension IN (N'total', N'status', N'resolved')
            AND sd.StatDay BETWEEN @DateFrom AND @DateTo
            AND (@CampusId IS NULL OR sd.CampusId = @CampusId);

        SELECT @Backlog = COALESCE(SUM(sd.TicketCount), 0)
        FROM app.StatsDaily AS sd
        INNER JOIN app.Status AS s ON sd.ItemId = s.StatusId
        WHERE sd.Dimension = N'status' AND s.IsOpen = 1 AND (@CampusId IS NULL OR sd.CampusId = @CampusId);

        SELECT TOP (1)
            @Frm = PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY st.ResponseMinutes) OVER (),
            @Frp = PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY st.ResponseMinutes) OVER (),
            @Rm = PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY st.ResolutionMinutes) OVER (),
            @Rp = PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY st.ResolutionMinutes) OVER ()
        FROM app.StatsTicketTime AS st
        WHERE st.CreatedDay BETWEEN @DateFrom AND @DateTo AND (@CampusId IS NULL OR st.CampusId = @CampusId);

        SELECT @Late = COUNT(*)
        FROM app.StatsTicketTime AS st
        WHERE
            st.CreatedDay BETWEEN @DateFrom AND @DateTo AND (@CampusId IS NULL OR st.CampusId = @CampusId)
            AND st.IsOverTarget = 1;

        SELECT @Overdue = COUNT(*)
        FROM app.StatsTicketTime AS st
        WHERE
            st.IsOpen = 1
            AND st.CreatedDay BETWEEN @DateFrom AND @DateTo
            AND (@CampusId IS NULL OR st.CampusId = @CampusId)
            AND st.DueAt < SYSUTCDATETIME();

        SELECT
            @Received AS received,
            @OpenInRange AS open_in_range,
            @Backlog AS open_backlog,
            @Resolved AS resolved,
            @Frm AS first_response_median,
            @Frp AS first_response_p90,
            @Rm AS resolution_median,
            @Rp AS resolution_p90,
            @Late AS resolved_late,
            @Overdue AS open_overdue,
            @Late + @Overdue AS over_target;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
