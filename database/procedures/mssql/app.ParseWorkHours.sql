-- app.ParseWorkHours: one weekday of a schedule as typed by an administrator:
-- 'HH:MM-HH:MM' (24-hour clock, closing up to 24:00 and after opening) or empty (closed).
-- is_valid = 0 for anything else; the caller raises 4350. Spaces are ignored.
IF OBJECT_ID(N'app.ParseWorkHours', N'IF') IS NULL
    EXEC (N'CREATE FUNCTION app.ParseWorkHours() RETURNS TABLE AS RETURN SELECT 1 AS opens_minute;');
GO

ALTER FUNCTION app.ParseWorkHours(
    @Text NVARCHAR(40)
)
RETURNS TABLE
AS
RETURN
SELECT
    CASE WHEN y.Ok = 1 THEN y.O ELSE 0 END AS opens_minute,
    CASE WHEN y.Ok = 1 THEN y.C ELSE 0 END AS closes_minute,
    CAST(CASE WHEN y.T = N'' OR y.Ok = 1 THEN 1 ELSE 0 END AS BIT) AS is_valid
FROM (
    SELECT
        z.T,
        z.O,
        z.C,
        CASE WHEN z.Shaped = 1 AND z.O < 1440 AND z.C <= 1440 AND z.O < z.C THEN 1 ELSE 0 END AS Ok
    FROM (
        SELECT
            w.T,
            w.Shaped,
            CASE WHEN w.Shaped = 1
                    THEN CAST(SUBSTRING(w.T, 1, 2) AS INT) * 60 + CAST(SUBSTRING(w.T, 4, 2) AS INT)
            END AS O,
            CASE WHEN w.Shaped = 1
                    THEN CAST(SUBSTRING(w.T, 7, 2) AS INT) * 60 + CAST(SUBSTRING(w.T, 10, 2) AS INT)
            END AS C
        FROM (
            SELECT
                v.T,
                CASE
                    WHEN LEN(v.T) = 11 AND v.T LIKE N'[0-9][0-9]:[0-5][0-9]-[0-9][0-9]:[0-5][0-9]' THEN 1 ELSE 0
                END AS Shaped
            FROM (SELECT REPLACE(LTRIM(RTRIM(COALESCE(@Text, N''))), N' ', N'') AS T) AS v
        ) AS w
    ) AS z
) AS y;
GO
