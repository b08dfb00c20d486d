-- staff.GetStatsSummary: the headline figures for tickets received between two
-- local days (inclusive), optionally for one campus (see the pg twin): received,
-- still open, current backlog, resolved in the range, first-response and
-- resolution median and 90th percentile in minutes (exact PERCENTILE_CONT,
-- read through the histograms and their month grain),
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
    DECLARE @Hist TABLE (Bucket INT PRIMARY KEY, Cnt BIGINT NOT NULL, CountBefore BIGINT NULL);
    DECLARE @Metric INT;
    DECLARE @FractionIndex INT;
    DECLARE @Fraction FLOAT;
    DECLARE @Position FLOAT;
    DECLARE @Total BIGINT;
    DECLARE @Rank BIGINT;
    DECLARE @Bucket INT;
    DECLARE @CountBefore BIGINT;
    DECLARE @Next INT;
    DECLARE @InBucket BIGINT;
    DECLARE @FullFrom DATE;
    DECLARE @FullTo DATE;
    DECLARE @Value INT;
    DECLARE @Low FLOAT;
    DECLARE @High FLOAT;
    DECLARE @Result FLOAT;
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

        -- Exact PERCENTILE_CONT from the histograms: the rank is located in one bucket, then
        -- inside it by adding up tickets per working minute. Whole months inside the range come
        -- from the month grain ('<metric>_month' rows, app.StatsMinuteMonth), the days around
        -- them from the daily rows and the per-ticket rows (V022; see the pg twin).
        SET @FullFrom = CASE
            WHEN DAY(@DateFrom) = 1 THEN @DateFrom
            ELSE DATEADD(MONTH, 1, DATEFROMPARTS(YEAR(@DateFrom), MONTH(@DateFrom), 1))
        END;
        SET @FullTo = CASE
            WHEN DAY(DATEADD(DAY, 1, @DateTo)) = 1 THEN DATEADD(DAY, 1, @DateTo)
            ELSE DATEFROMPARTS(YEAR(@DateTo), MONTH(@DateTo), 1)
        END;
        IF @FullFrom >= @FullTo
            BEGIN
                SET @FullFrom = DATEADD(DAY, 1, @DateTo);
                SET @FullTo = DATEADD(DAY, 1, @DateTo);
            END;
        SET @Metric = 1;
        WHILE @Metric <= 2
            BEGIN
                DELETE FROM @Hist;
                INSERT INTO @Hist (Bucket, Cnt)
                SELECT
                    u.ItemId,
                    SUM(CAST(u.TicketCount AS BIGINT))
                FROM (
                    SELECT sd.ItemId, sd.TicketCount
                    FROM app.StatsDaily AS sd
                    WHERE
                        sd.Dimension = CASE WHEN @Metric = 1 THEN N'response_month' ELSE N'resolution_month' END
                        AND sd.StatDay >= @FullFrom AND sd.StatDay < @FullTo
                        AND (@CampusId IS NULL OR sd.CampusId = @CampusId)
                    UNION ALL
                    SELECT sd.ItemId, sd.TicketCount
                    FROM app.StatsDaily AS sd
                    WHERE
                        sd.Dimension = CASE WHEN @Metric = 1 THEN N'response_hist' ELSE N'resolution_hist' END
                        AND sd.StatDay >= @DateFrom AND sd.StatDay < @FullFrom
                        AND (@CampusId IS NULL OR sd.CampusId = @CampusId)
                    UNION ALL
                    SELECT sd.ItemId, sd.TicketCount
                    FROM app.StatsDaily AS sd
                    WHERE
                        sd.Dimension = CASE WHEN @Metric = 1 THEN N'response_hist' ELSE N'resolution_hist' END
                        AND sd.StatDay >= @FullTo AND sd.StatDay <= @DateTo
                        AND (@CampusId IS NULL OR sd.CampusId = @CampusId)
                ) AS u
                GROUP BY u.ItemId
                HAVING SUM(u.TicketCount) > 0;
                UPDATE h
                SET h.CountBefore = COALESCE((SELECT SUM(h2.Cnt) FROM @Hist AS h2 WHERE h2.Bucket < h.Bucket), 0)
                FROM @Hist AS h;
                SET @Total = COALESCE((SELECT SUM(Cnt) FROM @Hist), 0);

                SET @FractionIndex = 1;
                WHILE @FractionIndex <= 2
                    BEGIN
                        SET @Fraction = CASE WHEN @FractionIndex = 1 THEN 0.5 ELSE 0.9 END;
                        SET @Result = NULL;
                        IF @Total > 0
                            BEGIN
                                SET @Position = @Fraction * (@Total - 1);
                                -- Rank FLOOR(position) and, when the fraction falls between two ranks,
                                -- the next one. They nearly always share a bucket: one read returns both.
                                SET @Rank = FLOOR(@Position);
                                SET @Low = NULL;
                                SET @High = NULL;
                                WHILE @Rank <= CEILING(@Position)
                                    BEGIN
                                        SELECT
                                            @Bucket = h.Bucket,
                                            @CountBefore = h.CountBefore
                                        FROM @Hist AS h
                                        WHERE h.CountBefore <= @Rank AND @Rank < h.CountBefore + h.Cnt;
                                        SET @InBucket = @Rank - @CountBefore;
                                        -- Tickets per minute value of the bucket, in order, with the running
                                        -- count: the value at rank r inside the bucket is the first whose
                                        -- count passes r.
                                        SELECT
                                            @Value = MIN(CASE WHEN g.UpTo > @InBucket THEN g.Minutes END),
                                            @Next = MIN(CASE WHEN g.UpTo > @InBucket + 1 THEN g.Minutes END)
                                        FROM (
                                            SELECT
                                                w.Minutes,
                                                SUM(SUM(w.N)) OVER (
                                                    ORDER BY w.Minutes ROWS UNBOUNDED PRECEDING
                                                ) AS UpTo
                                            FROM (
                                                SELECT mm.Minutes, CAST(mm.TicketCount AS BIGINT) AS N
                                                FROM app.StatsMinuteMonth AS mm
                                                WHERE
                                                    mm.Metric
                                                    = CASE WHEN @Metric = 1 THEN N'response' ELSE N'resolution' END
                                                    AND mm.BucketId = @Bucket
                                                    AND mm.StatMonth >= @FullFrom AND mm.StatMonth < @FullTo
                                                    AND (@CampusId IS NULL OR mm.CampusId = @CampusId)
                                                UNION ALL
                                                SELECT st.ResponseMinutes, CAST(1 AS BIGINT)
                                                FROM app.StatsTicketTime AS st
                                                WHERE
                                                    @Metric = 1
                                                    AND st.ResponseBucket = @Bucket
                                                    AND st.CreatedDay >= @DateFrom AND st.CreatedDay < @FullFrom
                                                    AND (@CampusId IS NULL OR st.CampusId = @CampusId)
                                                UNION ALL
                                                SELECT st.ResponseMinutes, CAST(1 AS BIGINT)
                                                FROM app.StatsTicketTime AS st
                                                WHERE
                                                    @Metric = 1
                                                    AND st.ResponseBucket = @Bucket
                                                    AND st.CreatedDay >= @FullTo AND st.CreatedDay <= @DateTo
                                                    AND (@CampusId IS NULL OR st.CampusId = @CampusId)
                                                UNION ALL
                                                SELECT st.ResolutionMinutes, CAST(1 AS BIGINT)
                                                FROM app.StatsTicketTime AS st
                                                WHERE
                                                    @Metric = 2
                                                    AND st.ResolutionBucket = @Bucket
                                                    AND st.CreatedDay >= @DateFrom AND st.CreatedDay < @FullFrom
                                                    AND (@CampusId IS NULL OR st.CampusId = @CampusId)
                                                UNION ALL
                                                SELECT st.ResolutionMinutes, CAST(1 AS BIGINT)
                                                FROM app.StatsTicketTime AS st
                                                WHERE
                                                    @Metric = 2
                                                    AND st.ResolutionBucket = @Bucket
                                                    AND st.CreatedDay >= @FullTo AND st.CreatedDay <= @DateTo
                                                    AND (@CampusId IS NULL OR st.CampusId = @CampusId)
                                            ) AS w
                                            GROUP BY w.Minutes
                                        ) AS g;
                                        IF @Low IS NULL
                                            SET @Low = @Value;
                                        ELSE
                                            SET @High = @Value;
                                        IF @Next IS NOT NULL AND @Rank < CEILING(@Position) AND @High IS NULL
                                            BEGIN
                                                SET @High = @Next; -- the next rank, same bucket
                                                SET @Rank = @Rank + 1;
                                            END;
                                        SET @Rank = @Rank + 1;
                                    END;
                                -- a whole-number position has one rank: it is both ends
                                SET @High = COALESCE(@High, @Low);
                                SET @Result = @Low + (@Position - FLOOR(@Position)) * (@High - @Low);
                            END;
                        IF @Metric = 1 AND @FractionIndex = 1 SET @Frm = @Result;
                        IF @Metric = 1 AND @FractionIndex = 2 SET @Frp = @Result;
                        IF @Metric = 2 AND @FractionIndex = 1 SET @Rm = @Result;
                        IF @Metric = 2 AND @FractionIndex = 2 SET @Rp = @Result;
                        SET @FractionIndex = @FractionIndex + 1;
                    END;
                SET @Metric = @Metric + 1;
            END;

        SELECT @Late = COUNT(*)
        FROM app.StatsTicketTime AS st
        WHERE
            st.IsOverTarget = 1
            AND st.CreatedDay BETWEEN @DateFrom AND @DateTo
            AND (@CampusId IS NULL OR st.CampusId = @CampusId);

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
