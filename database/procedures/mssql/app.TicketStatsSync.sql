-- app.TicketStatsSync: keeps app.StatsDaily and app.StatsTicketTime in step
-- with app.Ticket, set-based, in the same transaction as the ticket change.
-- Each changed ticket adds +1 to the summary rows of its new values (inserted)
-- and -1 to those of its old values (deleted), so inserts, status changes,
-- reassignments and deletes all net out. Missing summary rows are created
-- under UPDLOCK, HOLDLOCK (no MERGE) before the counts are added.
-- Response and resolution minutes, lateness and the due instant are working time:
-- app.TicketClock, the one rule.
-- A trigger holds no grants: like views, it is dropped and created.
-- #Delta.Dimension and #MinuteDelta.Metric are COLLATE DATABASE_DEFAULT: they are joined to
-- app.StatsDaily / app.StatsMinuteMonth and tempdb has the server's collation (error 468 when it
-- differs from the database's). app.StatsMinuteMonth (V022): tickets per working minute, bucket
-- and month received, for the percentiles of long ranges.
-- requires: app.TicketClock
IF OBJECT_ID(N'app.TicketStatsSync', N'TR') IS NOT NULL
    DROP TRIGGER app.TicketStatsSync;
GO

CREATE TRIGGER app.TicketStatsSync ON app.Ticket
AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND NOT EXISTS (SELECT 1 FROM deleted)
        RETURN;
    -- An update that writes none of the summarized columns (app.TicketDueSync's DueAt) changes nothing here.
    IF
        EXISTS (SELECT 1 FROM inserted) AND EXISTS (SELECT 1 FROM deleted)
        AND NOT (
            UPDATE(CampusId) OR UPDATE(StatusId) OR UPDATE(CategoryId) OR UPDATE(RequesterTypeId)
            OR UPDATE(DepartmentId) OR UPDATE(PriorityId) OR UPDATE(AssignedTo) OR UPDATE(EquipmentId)
            OR UPDATE(CreatedAt) OR UPDATE(FirstResponseAt) OR UPDATE(ResolvedAt)
        )
        RETURN;

    -- The changed rows (+1 new values, -1 old values) with their working minutes and buckets,
    -- computed once: the daily/monthly counts (app.StatsDaily) and the tickets per working
    -- minute and month (app.StatsMinuteMonth, V022) both come from here.
    CREATE TABLE #Changed (
        CampusId SMALLINT NOT NULL,
        StatusId SMALLINT NOT NULL,
        CategoryId INT NOT NULL,
        RequesterTypeId INT NOT NULL,
        DepartmentId INT NOT NULL,
        PriorityId SMALLINT NOT NULL,
        AssignedTo INT NULL,
        EquipmentId INT NULL,
        Sign INT NOT NULL,
        CreatedDay DATE NOT NULL,
        ResolvedDay DATE NULL,
        ResponseMinutes INT NULL,
        ResolutionMinutes INT NULL,
        ResponseBucket INT NULL,
        ResolutionBucket INT NULL
    );

    INSERT INTO #Changed (
        CampusId, StatusId, CategoryId, RequesterTypeId, DepartmentId, PriorityId, AssignedTo, EquipmentId, Sign,
        CreatedDay, ResolvedDay, ResponseMinutes, ResolutionMinutes, ResponseBucket, ResolutionBucket
    )
    SELECT
        x.CampusId,
        x.StatusId,
        x.CategoryId,
        x.RequesterTypeId,
        x.DepartmentId,
        x.PriorityId,
        x.AssignedTo,
        x.EquipmentId,
        x.Sign,
        x.CreatedDay,
        x.ResolvedDay,
        x.ResponseMinutes,
        x.ResolutionMinutes,
        rb.BucketId AS ResponseBucket,
        sb.BucketId AS ResolutionBucket
    FROM (
        SELECT
            i.CampusId,
            i.StatusId,
            i.CategoryId,
            i.RequesterTypeId,
            i.DepartmentId,
            i.PriorityId,
            i.AssignedTo,
            i.EquipmentId,
            1 AS Sign,
            CAST(i.CreatedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE) AS CreatedDay,
            CAST(i.ResolvedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE) AS ResolvedDay,
            k.response_minutes AS ResponseMinutes,
            k.resolution_minutes AS ResolutionMinutes
        FROM inserted AS i
        CROSS APPLY app.TicketClock(
            i.CampusId, i.CreatedAt, i.PriorityId, i.StatusId, i.FirstResponseAt, i.ResolvedAt
        ) AS k
        UNION ALL
        SELECT
            o.CampusId,
            o.StatusId,
            o.CategoryId,
            o.RequesterTypeId,
            o.DepartmentId,
            o.PriorityId,
            o.AssignedTo,
            o.EquipmentId,
            -1 AS Sign,
            CAST(o.CreatedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE) AS CreatedDay,
            CAST(o.ResolvedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE) AS ResolvedDay,
            k.response_minutes AS ResponseMinutes,
            k.resolution_minutes AS ResolutionMinutes
        FROM deleted AS o
        CROSS APPLY app.TicketClock(
            o.CampusId, o.CreatedAt, o.PriorityId, o.StatusId, o.FirstResponseAt, o.ResolvedAt
        ) AS k
    ) AS x
    OUTER APPLY (
        SELECT TOP (1) b.BucketId
        FROM app.StatsMinuteBucket AS b
        WHERE b.LoMinutes <= x.ResponseMinutes
        ORDER BY b.LoMinutes DESC
    ) AS rb
    OUTER APPLY (
        SELECT TOP (1) b.BucketId
        FROM app.StatsMinuteBucket AS b
        WHERE b.LoMinutes <= x.ResolutionMinutes
        ORDER BY b.LoMinutes DESC
    ) AS sb;

    CREATE TABLE #Delta (
        Dimension NVARCHAR(16) COLLATE DATABASE_DEFAULT NOT NULL,
        StatDay DATE NOT NULL,
        CampusId SMALLINT NOT NULL,
        ItemId INT NOT NULL,
        Delta INT NOT NULL,
        PRIMARY KEY (Dimension, StatDay, CampusId, ItemId)
    );

    INSERT INTO #Delta (Dimension, StatDay, CampusId, ItemId, Delta)
    SELECT
        d.Dimension,
        d.StatDay,
        x.CampusId,
        d.ItemId,
        SUM(x.Sign)
    FROM #Changed AS x
    CROSS APPLY (
        VALUES
        (N'total', x.CreatedDay, 0),
        (N'status', x.CreatedDay, CAST(x.StatusId AS INT)),
        (N'category', x.CreatedDay, CAST(x.CategoryId AS INT)),
        (N'requester_type', x.CreatedDay, CAST(x.RequesterTypeId AS INT)),
        (N'department', x.CreatedDay, CAST(x.DepartmentId AS INT)),
        (N'priority', x.CreatedDay, CAST(x.PriorityId AS INT)),
        (N'operator', x.CreatedDay, COALESCE(x.AssignedTo, 0)),
        (N'equipment', x.CreatedDay, x.EquipmentId),
        (N'equipment_month', DATEFROMPARTS(YEAR(x.CreatedDay), MONTH(x.CreatedDay), 1), x.EquipmentId),
        (N'resolved', x.ResolvedDay, 0),
        (N'response_hist', x.CreatedDay, x.ResponseBucket),
        (N'resolution_hist', x.CreatedDay, x.ResolutionBucket),
        (N'response_month', DATEFROMPARTS(YEAR(x.CreatedDay), MONTH(x.CreatedDay), 1), x.ResponseBucket),
        (N'resolution_month', DATEFROMPARTS(YEAR(x.CreatedDay), MONTH(x.CreatedDay), 1), x.ResolutionBucket)
    ) AS d(Dimension, StatDay, ItemId)
    WHERE d.StatDay IS NOT NULL AND d.ItemId IS NOT NULL
    GROUP BY d.Dimension, d.StatDay, x.CampusId, d.ItemId
    HAVING SUM(x.Sign) <> 0;

    IF EXISTS (SELECT 1 FROM #Delta)
        BEGIN
            INSERT INTO app.StatsDaily (Dimension, StatDay, CampusId, ItemId, TicketCount)
            SELECT
                d.Dimension,
                d.StatDay,
                d.CampusId,
                d.ItemId,
                0
            FROM #Delta AS d
            WHERE NOT EXISTS (
                SELECT 1
                FROM app.StatsDaily AS s WITH (UPDLOCK, HOLDLOCK)
                WHERE
                    s.Dimension = d.Dimension AND s.StatDay = d.StatDay
                    AND s.CampusId = d.CampusId AND s.ItemId = d.ItemId
            );

            UPDATE s
            SET s.TicketCount = s.TicketCount + d.Delta
            FROM app.StatsDaily AS s
            INNER JOIN #Delta AS d
                ON
                    s.Dimension = d.Dimension AND s.StatDay = d.StatDay
                    AND s.CampusId = d.CampusId AND s.ItemId = d.ItemId;
        END;

    -- Tickets per working minute, bucket and month received (only answered or resolved tickets).
    CREATE TABLE #MinuteDelta (
        Metric NVARCHAR(10) COLLATE DATABASE_DEFAULT NOT NULL,
        BucketId INT NOT NULL,
        StatMonth DATE NOT NULL,
        CampusId SMALLINT NOT NULL,
        Minutes INT NOT NULL,
        Delta INT NOT NULL,
        PRIMARY KEY (Metric, BucketId, StatMonth, CampusId, Minutes)
    );

    INSERT INTO #MinuteDelta (Metric, BucketId, StatMonth, CampusId, Minutes, Delta)
    SELECT
        m.Metric,
        m.BucketId,
        DATEFROMPARTS(YEAR(x.CreatedDay), MONTH(x.CreatedDay), 1),
        x.CampusId,
        m.Minutes,
        SUM(x.Sign)
    FROM #Changed AS x
    CROSS APPLY (
        VALUES
        (N'response', x.ResponseBucket, x.ResponseMinutes),
        (N'resolution', x.ResolutionBucket, x.ResolutionMinutes)
    ) AS m(Metric, BucketId, Minutes)
    WHERE m.BucketId IS NOT NULL
    GROUP BY m.Metric, m.BucketId, DATEFROMPARTS(YEAR(x.CreatedDay), MONTH(x.CreatedDay), 1), x.CampusId, m.Minutes
    HAVING SUM(x.Sign) <> 0;

    IF EXISTS (SELECT 1 FROM #MinuteDelta)
        BEGIN
            INSERT INTO app.StatsMinuteMonth (Metric, BucketId, StatMonth, CampusId, Minutes, TicketCount)
            SELECT
                d.Metric,
                d.BucketId,
                d.StatMonth,
                d.CampusId,
                d.Minutes,
                0
            FROM #MinuteDelta AS d
            WHERE NOT EXISTS (
                SELECT 1
                FROM app.StatsMinuteMonth AS s WITH (UPDLOCK, HOLDLOCK)
                WHERE
                    s.Metric = d.Metric AND s.BucketId = d.BucketId AND s.StatMonth = d.StatMonth
                    AND s.CampusId = d.CampusId AND s.Minutes = d.Minutes
            );

            UPDATE s
            SET s.TicketCount = s.TicketCount + d.Delta
            FROM app.StatsMinuteMonth AS s
            INNER JOIN #MinuteDelta AS d
                ON
                    s.Metric = d.Metric AND s.BucketId = d.BucketId AND s.StatMonth = d.StatMonth
                    AND s.CampusId = d.CampusId AND s.Minutes = d.Minutes;
        END;

    -- Per-ticket times: new tickets, changed tickets, deleted tickets.
    DELETE st
    FROM app.StatsTicketTime AS st
    INNER JOIN deleted AS o ON st.TicketId = o.TicketId
    WHERE NOT EXISTS (SELECT 1 FROM inserted AS i WHERE i.TicketId = o.TicketId);

    UPDATE st
    SET
        st.CampusId = i.CampusId,
        st.CreatedDay = CAST(i.CreatedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE),
        st.ResponseMinutes = k.response_minutes,
        st.ResolutionMinutes = k.resolution_minutes,
        st.IsOverTarget = k.is_over_target,
        st.IsOpen = s.IsOpen,
        st.DueAt = COALESCE(k.resolution_due_at, CAST('99991231' AS DATETIME2(3))),
        st.ResponseBucket = rb.BucketId,
        st.ResolutionBucket = sb.BucketId
    FROM app.StatsTicketTime AS st
    INNER JOIN inserted AS i ON st.TicketId = i.TicketId
    INNER JOIN deleted AS o ON i.TicketId = o.TicketId
    INNER JOIN app.Status AS s ON i.StatusId = s.StatusId
    CROSS APPLY app.TicketClock(
        i.CampusId, i.CreatedAt, i.PriorityId, i.StatusId, i.FirstResponseAt, i.ResolvedAt
    ) AS k
    OUTER APPLY (
        SELECT TOP (1) b.BucketId
        FROM app.StatsMinuteBucket AS b
        WHERE b.LoMinutes <= k.response_minutes
        ORDER BY b.LoMinutes DESC
    ) AS rb
    OUTER APPLY (
        SELECT TOP (1) b.BucketId
        FROM app.StatsMinuteBucket AS b
        WHERE b.LoMinutes <= k.resolution_minutes
        ORDER BY b.LoMinutes DESC
    ) AS sb
    WHERE
        i.CampusId <> o.CampusId
        OR i.CreatedAt <> o.CreatedAt
        OR i.PriorityId <> o.PriorityId
        OR i.StatusId <> o.StatusId
        OR COALESCE(i.FirstResponseAt, '19000101') <> COALESCE(o.FirstResponseAt, '19000101')
        OR COALESCE(i.ResolvedAt, '19000101') <> COALESCE(o.ResolvedAt, '19000101');

    INSERT INTO app.StatsTicketTime (
        TicketId, CampusId, CreatedDay, ResponseMinutes, ResolutionMinutes, IsOverTarget, IsOpen, DueAt,
        ResponseBucket, ResolutionBucket
    )
    SELECT
        i.TicketId,
        i.CampusId,
        CAST(i.CreatedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE),
        k.response_minutes,
        k.resolution_minutes,
        k.is_over_target,
        s.IsOpen,
        COALESCE(k.resolution_due_at, CAST('99991231' AS DATETIME2(3))),
        rb.BucketId AS ResponseBucket,
        sb.BucketId AS ResolutionBucket
    FROM inserted AS i
    INNER JOIN app.Status AS s ON i.StatusId = s.StatusId
    CROSS APPLY app.TicketClock(
        i.CampusId, i.CreatedAt, i.PriorityId, i.StatusId, i.FirstResponseAt, i.ResolvedAt
    ) AS k
    OUTER APPLY (
        SELECT TOP (1) b.BucketId
        FROM app.StatsMinuteBucket AS b
        WHERE b.LoMinutes <= k.response_minutes
        ORDER BY b.LoMinutes DESC
    ) AS rb
    OUTER APPLY (
        SELECT TOP (1) b.BucketId
        FROM app.StatsMinuteBucket AS b
        WHERE b.LoMinutes <= k.resolution_minutes
        ORDER BY b.LoMinutes DESC
    ) AS sb
    WHERE NOT EXISTS (SELECT 1 FROM deleted AS o WHERE o.TicketId = i.TicketId);
END;
GO
