-- app.parse_work_hours: one weekday of a schedule as typed by an administrator:
-- 'HH:MM-HH:MM' (24-hour clock, closing up to 24:00 and after opening) or empty (closed).
-- is_valid = FALSE for anything else; the caller raises 4350. A one-row table so the T-SQL
-- twin is an inline function.
CREATE OR REPLACE FUNCTION app.parse_work_hours(p_text VARCHAR)
RETURNS TABLE (opens_minute INT, closes_minute INT, is_valid BOOLEAN)
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT
        CASE WHEN x.ok THEN x.o ELSE 0 END,
        CASE WHEN x.ok THEN x.c ELSE 0 END,
        x.t = '' OR x.ok
    FROM (
        SELECT
            y.t,
            y.o,
            y.c,
            y.shaped AND y.o < 1440 AND y.c <= 1440 AND y.o < y.c AS ok
        FROM (
            SELECT
                z.t,
                z.t ~ '^[0-9]{2}:[0-5][0-9]-[0-9]{2}:[0-5][0-9]$' AS shaped,
                CASE WHEN z.t ~ '^[0-9]{2}:[0-5][0-9]-[0-9]{2}:[0-5][0-9]$'
                    THEN substr(z.t, 1, 2)::INT * 60 + substr(z.t, 4, 2)::INT END AS o,
                CASE WHEN z.t ~ '^[0-9]{2}:[0-5][0-9]-[0-9]{2}:[0-5][0-9]$'
                    THEN substr(z.t, 7, 2)::INT * 60 + substr(z.t, 10, 2)::INT END AS c
            FROM (SELECT replace(btrim(coalesce(p_text, '')), ' ', '') AS t) AS z
        ) AS y
    ) AS x;
$$;
