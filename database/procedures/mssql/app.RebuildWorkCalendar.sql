-- app.RebuildWorkCalendar: lays the weekly schedule (app.WorkHours) minus the non-working
-- days (app.NonWorkingDay) out as app.WorkPeriod for one campus (NULL: all), local days
-- 2000-01-01 to 2060-12-31, then recomputes what depends on the future: the due instant of
-- every open ticket (app.Ticket.DueAt, through the trigger app.TicketDueSync) and of its
-- statistics row. @AllTickets (first install, upgrade): every ticket's working minutes, the
-- response/resolution histograms (daily and monthly) and app.StatsMinuteMonth too. Edits
-- only take effect from tomorrow, so the periods before today are unchanged and what was
-- measured stays as it was.
-- Local time to UTC, the one rule of both dialects: UTC-6 from 2022-10-30 02:00 local (Mexico abolished
-- daylight saving time; León observes none) whatever the server's time zone data says; before
-- that, AT TIME ZONE 'Central Standard Time (Mexico)' (summer time as it was).
-- requires: app.TicketClock
-- requires: app.TicketDueSync
IF OBJECT_ID(N'app.RebuildWorkCalendar', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.RebuildWorkCalendar AS RETURN 0;');
GO

ALTER PROCEDURE app.RebuildWorkCalendar
    @CampusId INT,
    @AllTickets BIT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @LastDay INT = DATEDIFF(DAY, '20000101', '20601231');
    BEGIN TRY
        BEGIN TRANSACTION;
        -- One rebuild at a time: the periods are replaced as a whole.
        EXEC sp_getapplock
            @Resource = N'app.RebuildWorkCalendar', @LockMode = N'Exclusive', @LockOwner = N'Transaction';

        DELETE FROM app.WorkPeriod WHERE @CampusId IS NULL OR CampusId = @CampusId;

        WITH Digit AS (
            SELECT v.N FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS v (N)
        ),

        LocalDay AS (
            SELECT DATEADD(DAY, a.N + 10 * b.N + 100 * c.N + 1000 * d.N + 10000 * e.N, CAST('20000101' AS DATE)) AS D
            FROM Digit AS a
            CROSS JOIN Digit AS b
            CROSS JOIN Digit AS c
            CROSS JOIN Digit AS d
            CROSS JOIN Digit AS e
            WHERE a.N + 10 * b.N + 100 * c.N + 1000 * d.N + 10000 * e.N <= @LastDay
        ),

        Stretch AS (
            SELECT
                cp.CampusId,
                DATEADD(MINUTE, h.OpensMinute, CAST(ld.D AS DATETIME2(3))) AS LocalStart,
                DATEADD(MINUTE, h.ClosesMinute, CAST(ld.D AS DATETIME2(3))) AS LocalEnd
            FROM app.Campus AS cp
            CROSS JOIN LocalDay AS ld
            CROSS APPLY (
                SELECT TOP (1) wh.ValidFrom
                FROM app.WorkHours AS wh
                WHERE wh.CampusId = cp.CampusId AND wh.ValidFrom <= ld.D
                ORDER BY wh.ValidFrom DESC
            ) AS v
            INNER JOIN app.WorkHours AS h
                ON
                    cp.CampusId = h.CampusId AND v.ValidFrom = h.ValidFrom
                    AND h.Weekday = DATEDIFF(DAY, '19000101', ld.D) % 7 + 1
            WHERE
                (@CampusId IS NULL OR cp.CampusId = @CampusId)
                AND h.OpensMinute < h.ClosesMinute
                AND NOT EXISTS (
                    SELECT 1 FROM app.NonWorkingDay AS n
                    WHERE n.CampusId = cp.CampusId AND n.OffDay = ld.D AND n.IsActive = 1
                )
        ),

        Utc AS (
            SELECT
                s.CampusId,
                CASE
                    WHEN s.LocalStart >= '2022-10-30T02:00:00' THEN DATEADD(HOUR, 6, s.LocalStart)
                    ELSE CAST(
                        s.LocalStart AT TIME ZONE 'Central Standard Time (Mexico)' AT TIME ZONE 'UTC' AS DATETIME2(3)
                    )
                END AS StartsAt,
                CASE
                    WHEN s.LocalEnd >= '2022-10-30T02:00:00' THEN DATEADD(HOUR, 6, s.LocalEnd)
                    ELSE CAST(
                        s.LocalEnd AT TIME ZONE 'Central Standard Time (Mexico)' AT TIME ZONE 'UTC' AS DATETIME2(3)
                    )
                END AS EndsAt
            FROM Stretch AS s
        )

        INSERT INTO app.WorkPeriod (CampusId, StartsAt, EndsAt, CumStartMs, CumEndMs)
        SELECT
            u.CampusId,
            u.StartsAt,
            u.EndsAt,
            SUM(DATEDIFF_BIG(MILLISECOND, u.StartsAt, u.EndsAt)) OVER (
                PARTITION BY u.CampusId ORDER BY u.StartsAt ROWS UNBOUNDED PRECEDING
            ) - DATEDIFF_BIG(MILLISECOND, u.StartsAt, u.EndsAt),
            SUM(DATEDIFF_BIG(MILLISECOND, u.StartsAt, u.EndsAt)) OVER (
                PARTITION BY u.CampusId ORDER BY u.StartsAt ROWS UNBOUNDED PRECEDING
            )
        FROM Utc AS u;

        -- Open tickets whose due instant moves: the trigger recomputes DueAt whenever the column
        -- is written. Only those rows (see the pg twin: rewriting every open ticket for a change
        -- that moves no due instant cost seconds at 1M tickets and bloated the open-ticket index).
        UPDATE t
        SET t.DueAt = NULL
        FROM app.Ticket AS t
        CROSS APPLY app.TicketClock(
            t.CampusId, t.CreatedAt, t.PriorityId, t.StatusId, t.FirstResponseAt, t.ResolvedAt
        ) AS k
        WHERE
            t.StatusId IN (SELECT s.StatusId FROM app.Status AS s WHERE s.IsOpen = 1)
            AND (@CampusId IS NULL OR t.CampusId = @CampusId)
            AND (
                t.DueAt <> k.due_at
                OR (t.DueAt IS NULL AND k.due_at IS NOT NULL)
                OR (t.DueAt IS NOT NULL AND k.due_at IS NULL)
            );

        IF COALESCE(@AllTickets, 0) = 0
            BEGIN
                UPDATE st
                SET st.DueAt = COALESCE(k.resolution_due_at, CAST('99991231' AS DATETIME2(3)))
                FROM app.StatsTicketTime AS st
                INNER JOIN app.Ticket AS t ON st.TicketId = t.TicketId
                CROSS APPLY app.TicketClock(
                    t.CampusId, t.CreatedAt, t.PriorityId, t.StatusId, t.FirstResponseAt, t.ResolvedAt
                ) AS k
                WHERE
                    st.IsOpen = 1
                    AND (@CampusId IS NULL OR st.CampusId = @CampusId)
                    AND st.DueAt <> COALESCE(k.resolution_due_at, CAST('99991231' AS DATETIME2(3)));
            END
        ELSE
            BEGIN
                -- Every ticket: working minutes, buckets, lateness, due; then the histograms the
                -- percentiles read are counted again from those rows.
                UPDATE st
                SET
                    st.ResponseMinutes = k.response_minutes,
                    st.ResolutionMinutes = k.resolution_minutes,
                    st.IsOverTarget = k.is_over_target,
                    st.DueAt = COALESCE(k.resolution_due_at, CAST('99991231' AS DATETIME2(3))),
                    st.ResponseBucket = rb.BucketId,
                    st.ResolutionBucket = sb.BucketId
                FROM app.StatsTicketTime AS st
                INNER JOIN app.Ticket AS t ON st.TicketId = t.TicketId
                CROSS APPLY app.TicketClock(
                    t.CampusId, t.CreatedAt, t.PriorityId, t.StatusId, t.FirstResponseAt, t.ResolvedAt
                ) AS k
                OUTER APPLY (
                    SELECT TOP (1) b.BucketId FROM app.StatsMinuteBucket AS b
                    WHERE b.LoMinutes <= k.response_minutes ORDER BY b.LoMinutes DESC
                ) AS rb
                OUTER APPLY (
                    SELECT TOP (1) b.BucketId FROM app.StatsMinuteBucket AS b
                    WHERE b.LoMinutes <= k.resolution_minutes ORDER BY b.LoMinutes DESC
                ) AS sb
                WHERE @CampusId IS NULL OR st.CampusId = @CampusId;

                DELETE FROM app.StatsDaily
                WHERE
                    Dimension IN (N'response_hist', N'resolution_hist', N'response_month', N'resolution_month')
                    AND (@CampusId IS NULL OR CampusId = @CampusId);
                INSERT INTO app.StatsDaily (Dimension, StatDay, CampusId, ItemId, TicketCount)
                SELECT N'response_hist', st.CreatedDay, st.CampusId, st.ResponseBucket, COUNT(*)
                FROM app.StatsTicketTime AS st
                WHERE st.ResponseBucket IS NOT NULL AND (@CampusId IS NULL OR st.CampusId = @CampusId)
                GROUP BY st.CreatedDay, st.CampusId, st.ResponseBucket
                UNION ALL
                SELECT N'resolution_hist', st.CreatedDay, st.CampusId, st.ResolutionBucket, COUNT(*)
                FROM app.StatsTicketTime AS st
                WHERE st.ResolutionBucket IS NOT NULL AND (@CampusId IS NULL OR st.CampusId = @CampusId)
                GROUP BY st.CreatedDay, st.CampusId, st.ResolutionBucket;
                -- The month grain of the same histograms, and tickets per working minute and month (V022).
                INSERT INTO app.StatsDaily (Dimension, StatDay, CampusId, ItemId, TicketCount)
                SELECT
                    CASE sd.Dimension WHEN N'response_hist' THEN N'response_month' ELSE N'resolution_month' END,
                    DATEFROMPARTS(YEAR(sd.StatDay), MONTH(sd.StatDay), 1),
                    sd.CampusId,
                    sd.ItemId,
                    SUM(sd.TicketCount)
                FROM app.StatsDaily AS sd
                WHERE
                    sd.Dimension IN (N'response_hist', N'resolution_hist')
                    AND (@CampusId IS NULL OR sd.CampusId = @CampusId)
                GROUP BY sd.Dimension, DATEFROMPARTS(YEAR(sd.StatDay), MONTH(sd.StatDay), 1), sd.CampusId, sd.ItemId;

                DELETE FROM app.StatsMinuteMonth WHERE @CampusId IS NULL OR CampusId = @CampusId;
                INSERT INTO app.StatsMinuteMonth (Metric, BucketId, StatMonth, CampusId, Minutes, TicketCount)
                SELECT
                    N'response',
                    st.ResponseBucket,
                    DATEFROMPARTS(YEAR(st.CreatedDay), MONTH(st.CreatedDay), 1),
                    st.CampusId,
                    st.ResponseMinutes,
                    COUNT(*)
                FROM app.StatsTicketTime AS st
                WHERE st.ResponseBucket IS NOT NULL AND (@CampusId IS NULL OR st.CampusId = @CampusId)
                GROUP BY
                    st.ResponseBucket, DATEFROMPARTS(YEAR(st.CreatedDay), MONTH(st.CreatedDay), 1), st.CampusId,
                    st.ResponseMinutes
                UNION ALL
                SELECT
                    N'resolution',
                    st.ResolutionBucket,
                    DATEFROMPARTS(YEAR(st.CreatedDay), MONTH(st.CreatedDay), 1),
                    st.CampusId,
                    st.ResolutionMinutes,
                    COUNT(*)
                FROM app.StatsTicketTime AS st
                WHERE st.ResolutionBucket IS NOT NULL AND (@CampusId IS NULL OR st.CampusId = @CampusId)
                GROUP BY
                    st.ResolutionBucket, DATEFROMPARTS(YEAR(st.CreatedDay), MONTH(st.CreatedDay), 1), st.CampusId,
                    st.ResolutionMinutes;
            END;
        COMMIT;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
