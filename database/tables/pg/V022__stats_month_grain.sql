-- V022: the statistics' percentiles read a month grain (issue 18: a year of statistics under
-- 50 ms at 1M tickets with working-hours times). Working minutes crowd the histogram buckets:
-- a year's median bucket held ~9,000-16,000 ticket rows that were read and sorted for each
-- of the four percentiles, and each histogram summed ~23,000 daily rows.
-- 1. app.stats_daily gains 'response_month' / 'resolution_month': the bucket counts of the
--    daily histograms ('response_hist' / 'resolution_hist') keyed by the first local day of
--    the month received (like 'equipment_month'): whole months add up 12 rows per bucket
--    and campus a year instead of 365.
-- 2. app.stats_minute_month: tickets per (metric, bucket, month received, campus, whole
--    working minutes). The rank inside the bucket that holds a percentile is then found by
--    adding up at most one row per distinct minute value and month (a bucket is 1-15 % of
--    its value wide) for the whole months, and the few ticket rows of the days around them
--    (app.stats_ticket_time), instead of sorting every ticket of the bucket.
-- Both are kept by app.ticket_stats_sync and recounted by app.rebuild_work_calendar (all
-- tickets), from the same working minutes as the daily histograms, so the numbers are those
-- computed from the raw tickets (database/tests/test_stats_grain.py).
-- 3. app.ticket: autovacuum after 1 % of the rows changed (default 20 %, i.e. 200,000 rows
--    at 1M). The queue's open-ticket pages ("vencidas", "abiertas") are index-only scans of
--    the few thousand open tickets, whose rows are the ones being updated; until a vacuum
--    marks their pages all-visible again every index entry also reads its table row
--    (EXPLAIN at 1M after a schedule change: 3,975 heap fetches for 4,135 overdue tickets,
--    31,051 for the 4,832 open ones counted through ix_app_ticket_status).
-- 4. ix_app_ticket_due_priority: the "vencidas" page sorted by priority (the operators' usual
--    order) is an index-only top-N of the open tickets instead of sorting all of them (EXPLAIN
--    at 1M: 4,135 rows read and sorted, 1.8 ms -> 51 rows, 0.05 ms). Other sort keys keep
--    ix_app_ticket_due (V021), a top-N over the few thousand open tickets.

CREATE TABLE app.stats_minute_month (
    metric VARCHAR(10) NOT NULL,
    bucket_id SMALLINT NOT NULL,
    stat_month DATE NOT NULL,
    campus_id SMALLINT NOT NULL,
    minutes INT NOT NULL,
    ticket_count INT NOT NULL,
    CONSTRAINT pk_app_stats_minute_month PRIMARY KEY (
        metric, bucket_id, stat_month, campus_id, minutes
    ) INCLUDE (ticket_count),
    CONSTRAINT ck_app_stats_minute_month_metric CHECK (metric IN ('response', 'resolution'))
);

-- Backfill (upgrades of a live database) from the per-ticket rows the daily histograms count.
INSERT INTO app.stats_minute_month (metric, bucket_id, stat_month, campus_id, minutes, ticket_count)
SELECT
    'response',
    st.response_bucket,
    date_trunc('month', st.created_day)::DATE,
    st.campus_id,
    st.response_minutes,
    count(*)::INT
FROM app.stats_ticket_time AS st
WHERE st.response_bucket IS NOT NULL
GROUP BY st.response_bucket, date_trunc('month', st.created_day)::DATE, st.campus_id, st.response_minutes
UNION ALL
SELECT
    'resolution',
    st.resolution_bucket,
    date_trunc('month', st.created_day)::DATE,
    st.campus_id,
    st.resolution_minutes,
    count(*)::INT
FROM app.stats_ticket_time AS st
WHERE st.resolution_bucket IS NOT NULL
GROUP BY st.resolution_bucket, date_trunc('month', st.created_day)::DATE, st.campus_id, st.resolution_minutes;

INSERT INTO app.stats_daily (dimension, stat_day, campus_id, item_id, ticket_count)
SELECT
    CASE sd.dimension WHEN 'response_hist' THEN 'response_month' ELSE 'resolution_month' END,
    date_trunc('month', sd.stat_day)::DATE,
    sd.campus_id,
    sd.item_id,
    sum(sd.ticket_count)::INT
FROM app.stats_daily AS sd
WHERE sd.dimension IN ('response_hist', 'resolution_hist')
GROUP BY sd.dimension, date_trunc('month', sd.stat_day)::DATE, sd.campus_id, sd.item_id;

ALTER TABLE app.ticket SET (
    autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.05
);

CREATE INDEX ix_app_ticket_due_priority ON app.ticket (priority_id, ticket_id) INCLUDE (due_at)
WHERE due_at IS NOT NULL;
