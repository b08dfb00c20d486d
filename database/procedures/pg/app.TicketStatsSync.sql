-- app.ticket_stats_sync: keeps app.stats_daily and app.stats_ticket_time in step
-- with app.ticket, set-based, in the same transaction as the ticket change.
-- Statement-level triggers (one per event: transition tables allow one event
-- each) hand the changed rows over as new_rows / old_rows; each changed ticket
-- adds +1 to the summary rows of its new values and -1 to those of its old
-- values, so inserts, status changes, reassignments and deletes all net out.
-- Rows are upserted in key order so concurrent writers cannot deadlock here.
-- app.stats_minute_month (V022): tickets per working minute, bucket and month received, for
-- the percentiles of long ranges.
-- Response and resolution minutes, lateness and the due instant are working time:
-- app.ticket_clock, the one rule.
-- requires: app.TicketClock
CREATE OR REPLACE FUNCTION app.ticket_stats_sync()
RETURNS TRIGGER
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    v_new app.ticket[];
    v_old app.ticket[];
BEGIN
    -- The changed rows as arrays, so that the statement below is static: PL/pgSQL plans it once
    -- per connection (force_generic_plan) instead of planning a dynamic statement on every
    -- ticket written (the summary upsert was half of a web submission's database CPU,
    -- tools/dev/web_profile.py).
    IF TG_OP <> 'DELETE' THEN
        SELECT array_agg(n) INTO v_new FROM new_rows AS n;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT array_agg(o) INTO v_old FROM old_rows AS o;
    END IF;

    -- One statement, so the working-hours clock and the buckets are computed once per changed
    -- row: the daily/monthly counts (app.stats_daily) and the tickets per working minute and
    -- month (app.stats_minute_month, V022) both come from x.
    WITH x AS MATERIALIZED (
        SELECT
            u.campus_id,
            u.status_id,
            u.category_id,
            u.requester_type_id,
            u.department_id,
            u.priority_id,
            u.assigned_to,
            u.equipment_id,
            u.sign,
            (u.created_at AT TIME ZONE 'America/Mexico_City')::DATE AS created_day,
            (u.resolved_at AT TIME ZONE 'America/Mexico_City')::DATE AS resolved_day,
            k.response_minutes,
            k.resolution_minutes,
            (
                SELECT b.bucket_id::INT FROM app.stats_minute_bucket AS b
                WHERE b.lo_minutes <= k.response_minutes
                ORDER BY b.lo_minutes DESC LIMIT 1
            ) AS response_bucket,
            (
                SELECT b.bucket_id::INT FROM app.stats_minute_bucket AS b
                WHERE b.lo_minutes <= k.resolution_minutes
                ORDER BY b.lo_minutes DESC LIMIT 1
            ) AS resolution_bucket
        FROM (
            SELECT n.*, 1 AS sign FROM unnest(v_new) AS n
            UNION ALL
            SELECT o.*, -1 AS sign FROM unnest(v_old) AS o
        ) AS u
        CROSS JOIN LATERAL app.ticket_clock(
            u.campus_id, u.created_at, u.priority_id, u.status_id, u.first_response_at, u.resolved_at
        ) AS k
    ),

    daily AS (
        INSERT INTO app.stats_daily AS s (dimension, stat_day, campus_id, item_id, ticket_count)
        SELECT d.dimension, d.stat_day, x.campus_id, d.item_id, sum(x.sign)::INT
        FROM x
        CROSS JOIN LATERAL (
            VALUES
            ('total', x.created_day, 0),
            ('status', x.created_day, x.status_id::INT),
            ('category', x.created_day, x.category_id::INT),
            ('requester_type', x.created_day, x.requester_type_id::INT),
            ('department', x.created_day, x.department_id::INT),
            ('priority', x.created_day, x.priority_id::INT),
            ('operator', x.created_day, coalesce(x.assigned_to, 0)),
            ('equipment', x.created_day, x.equipment_id),
            ('equipment_month', date_trunc('month', x.created_day)::DATE, x.equipment_id),
            ('resolved', x.resolved_day, 0),
            ('response_hist', x.created_day, x.response_bucket),
            ('resolution_hist', x.created_day, x.resolution_bucket),
            ('response_month', date_trunc('month', x.created_day)::DATE, x.response_bucket),
            ('resolution_month', date_trunc('month', x.created_day)::DATE, x.resolution_bucket)
        ) AS d (dimension, stat_day, item_id)
        WHERE d.stat_day IS NOT NULL AND d.item_id IS NOT NULL
        GROUP BY d.dimension, d.stat_day, x.campus_id, d.item_id
        HAVING sum(x.sign) <> 0
        ORDER BY d.dimension, d.stat_day, x.campus_id, d.item_id
        ON CONFLICT (dimension, stat_day, campus_id, item_id)
        DO UPDATE SET ticket_count = s.ticket_count + excluded.ticket_count
        RETURNING 1
    )

    INSERT INTO app.stats_minute_month AS s (metric, bucket_id, stat_month, campus_id, minutes, ticket_count)
    SELECT m.metric, m.bucket_id, date_trunc('month', x.created_day)::DATE, x.campus_id, m.minutes, sum(x.sign)::INT
    FROM x
    CROSS JOIN LATERAL (
        VALUES
        ('response', x.response_bucket, x.response_minutes),
        ('resolution', x.resolution_bucket, x.resolution_minutes)
    ) AS m (metric, bucket_id, minutes)
    WHERE m.bucket_id IS NOT NULL
    GROUP BY m.metric, m.bucket_id, date_trunc('month', x.created_day)::DATE, x.campus_id, m.minutes
    HAVING sum(x.sign) <> 0
    ORDER BY m.metric, m.bucket_id, date_trunc('month', x.created_day)::DATE, x.campus_id, m.minutes
    ON CONFLICT (metric, bucket_id, stat_month, campus_id, minutes)
    DO UPDATE SET ticket_count = s.ticket_count + excluded.ticket_count;

    IF TG_OP = 'INSERT' THEN
        INSERT INTO app.stats_ticket_time (
            ticket_id, campus_id, created_day, response_minutes, resolution_minutes, is_over_target, is_open,
            due_at, response_bucket, resolution_bucket
        )
        SELECT
            n.ticket_id,
            n.campus_id,
            (n.created_at AT TIME ZONE 'America/Mexico_City')::DATE,
            k.response_minutes,
            k.resolution_minutes,
            k.is_over_target,
            s.is_open,
            coalesce(k.resolution_due_at, TIMESTAMPTZ '9999-12-31 00:00+00'),
            (
                SELECT b.bucket_id::INT FROM app.stats_minute_bucket AS b
                WHERE b.lo_minutes <= k.response_minutes
                ORDER BY b.lo_minutes DESC LIMIT 1
            ),
            (
                SELECT b.bucket_id::INT FROM app.stats_minute_bucket AS b
                WHERE b.lo_minutes <= k.resolution_minutes
                ORDER BY b.lo_minutes DESC LIMIT 1
            )
        FROM new_rows AS n
        INNER JOIN app.status AS s ON n.status_id = s.status_id
        CROSS JOIN LATERAL app.ticket_clock(
            n.campus_id, n.created_at, n.priority_id, n.status_id, n.first_response_at, n.resolved_at
        ) AS k;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM app.stats_ticket_time AS st
        USING old_rows AS o
        WHERE st.ticket_id = o.ticket_id;
    ELSE
        UPDATE app.stats_ticket_time AS st
        SET
            campus_id = n.campus_id,
            created_day = (n.created_at AT TIME ZONE 'America/Mexico_City')::DATE,
            response_minutes = k.response_minutes,
            resolution_minutes = k.resolution_minutes,
            is_over_target = k.is_over_target,
            is_open = s.is_open,
            due_at = coalesce(k.resolution_due_at, TIMESTAMPTZ '9999-12-31 00:00+00'),
            response_bucket = (
                SELECT b.bucket_id::INT FROM app.stats_minute_bucket AS b
                WHERE b.lo_minutes <= k.response_minutes
                ORDER BY b.lo_minutes DESC LIMIT 1
            ),
            resolution_bucket = (
                SELECT b.bucket_id::INT FROM app.stats_minute_bucket AS b
                WHERE b.lo_minutes <= k.resolution_minutes
                ORDER BY b.lo_minutes DESC LIMIT 1
            )
        FROM new_rows AS n
        INNER JOIN old_rows AS o ON n.ticket_id = o.ticket_id
        INNER JOIN app.status AS s ON n.status_id = s.status_id
        CROSS JOIN LATERAL app.ticket_clock(
            n.campus_id, n.created_at, n.priority_id, n.status_id, n.first_response_at, n.resolved_at
        ) AS k
        WHERE
            st.ticket_id = n.ticket_id
            AND (
                n.campus_id IS DISTINCT FROM o.campus_id
                OR n.created_at IS DISTINCT FROM o.created_at
                OR n.first_response_at IS DISTINCT FROM o.first_response_at
                OR n.resolved_at IS DISTINCT FROM o.resolved_at
                OR n.priority_id IS DISTINCT FROM o.priority_id
                OR n.status_id IS DISTINCT FROM o.status_id
            );
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER tr_app_ticket_stats_insert
AFTER INSERT ON app.ticket
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION app.ticket_stats_sync();

CREATE OR REPLACE TRIGGER tr_app_ticket_stats_update
AFTER UPDATE ON app.ticket
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION app.ticket_stats_sync();

CREATE OR REPLACE TRIGGER tr_app_ticket_stats_delete
AFTER DELETE ON app.ticket
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION app.ticket_stats_sync();
