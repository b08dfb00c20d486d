-- V022: the statistics' percentiles read a month grain (see the pg twin): app.StatsDaily gains
-- 'response_month' / 'resolution_month' (the daily histograms' bucket counts keyed by the first
-- local day of the month received) and app.StatsMinuteMonth holds tickets per (metric, bucket,
-- month received, campus, whole working minutes). Both are kept by the trigger
-- app.TicketStatsSync and recounted by app.RebuildWorkCalendar (all tickets).
-- The pg twin also tunes app.ticket's autovacuum; SQL Server has no visibility map to keep
-- (index-only reads never visit the table), so nothing here.
-- IX_App_Ticket_DuePriority: the "vencidas" page sorted by priority is a top-N read of the
-- filtered index instead of a sort of every open ticket (see the pg twin).
CREATE TABLE app.StatsMinuteMonth (
    Metric NVARCHAR(10) NOT NULL,
    BucketId SMALLINT NOT NULL,
    StatMonth DATE NOT NULL,
    CampusId SMALLINT NOT NULL,
    Minutes INT NOT NULL,
    TicketCount INT NOT NULL,
    CONSTRAINT PK_App_StatsMinuteMonth PRIMARY KEY CLUSTERED (Metric, BucketId, StatMonth, CampusId, Minutes),
    CONSTRAINT CK_App_StatsMinuteMonth_Metric CHECK (Metric IN (N'response', N'resolution'))
);
GO

-- Backfill (upgrades of a live database) from the per-ticket rows the daily histograms count.
INSERT INTO app.StatsMinuteMonth (Metric, BucketId, StatMonth, CampusId, Minutes, TicketCount)
SELECT
    N'response',
    st.ResponseBucket,
    DATEFROMPARTS(YEAR(st.CreatedDay), MONTH(st.CreatedDay), 1),
    st.CampusId,
    st.ResponseMinutes,
    COUNT(*)
FROM app.StatsTicketTime AS st
WHERE st.ResponseBucket IS NOT NULL
GROUP BY st.ResponseBucket, DATEFROMPARTS(YEAR(st.CreatedDay), MONTH(st.CreatedDay), 1), st.CampusId, st.ResponseMinutes
UNION ALL
SELECT
    N'resolution',
    st.ResolutionBucket,
    DATEFROMPARTS(YEAR(st.CreatedDay), MONTH(st.CreatedDay), 1),
    st.CampusId,
    st.ResolutionMinutes,
    COUNT(*)
FROM app.StatsTicketTime AS st
WHERE st.ResolutionBucket IS NOT NULL
GROUP BY
    st.ResolutionBucket, DATEFROMPARTS(YEAR(st.CreatedDay), MONTH(st.CreatedDay), 1), st.CampusId, st.ResolutionMinutes;

INSERT INTO app.StatsDaily (Dimension, StatDay, CampusId, ItemId, TicketCount)
SELECT
    CASE sd.Dimension WHEN N'response_hist' THEN N'response_month' ELSE N'resolution_month' END,
    DATEFROMPARTS(YEAR(sd.StatDay), MONTH(sd.StatDay), 1),
    sd.CampusId,
    sd.ItemId,
    SUM(sd.TicketCount)
FROM app.StatsDaily AS sd
WHERE sd.Dimension IN (N'response_hist', N'resolution_hist')
GROUP BY sd.Dimension, DATEFROMPARTS(YEAR(sd.StatDay), MONTH(sd.StatDay), 1), sd.CampusId, sd.ItemId;
GO

CREATE INDEX IX_App_Ticket_DuePriority ON app.Ticket (PriorityId, TicketId) INCLUDE (DueAt)
WHERE DueAt IS NOT NULL;
GO
