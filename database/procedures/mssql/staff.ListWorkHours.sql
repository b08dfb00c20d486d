-- staff.ListWorkHours: every weekly schedule version of one campus (NULL: all), newest first:
-- each weekday as 'HH:MM-HH:MM' or '' (closed), and in_force = the version that rules today
-- (a later one is scheduled; earlier ones are history).
IF OBJECT_ID(N'staff.ListWorkHours', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListWorkHours AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListWorkHours
    @Token VARBINARY(64),
    @CampusId INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Today DATE = CAST(DATEADD(HOUR, -6, SYSUTCDATETIME()) AS DATE);
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @StaffId OUTPUT;
        SELECT
            CAST(c.CampusId AS INT) AS campus_id,
            c.Name AS campus_name,
            v.ValidFrom AS valid_from,
            MAX(CASE WHEN v.Weekday = 1 THEN v.Hours END) AS monday,
            MAX(CASE WHEN v.Weekday = 2 THEN v.Hours END) AS tuesday,
            MAX(CASE WHEN v.Weekday = 3 THEN v.Hours END) AS wednesday,
            MAX(CASE WHEN v.Weekday = 4 THEN v.Hours END) AS thursday,
            MAX(CASE WHEN v.Weekday = 5 THEN v.Hours END) AS friday,
            MAX(CASE WHEN v.Weekday = 6 THEN v.Hours END) AS saturday,
            MAX(CASE WHEN v.Weekday = 7 THEN v.Hours END) AS sunday,
            CAST(CASE WHEN v.ValidFrom = (
                SELECT MAX(f.ValidFrom) FROM app.WorkHours AS f
                WHERE f.CampusId = c.CampusId AND f.ValidFrom <= @Today
            ) THEN 1 ELSE 0 END AS BIT) AS in_force
        FROM (
            SELECT
                wh.CampusId,
                wh.ValidFrom,
                wh.Weekday,
                CASE WHEN wh.OpensMinute < wh.ClosesMinute THEN
                    RIGHT(N'0' + CAST(wh.OpensMinute / 60 AS NVARCHAR(2)), 2) + N':'
                    + RIGHT(N'0' + CAST(wh.OpensMinute % 60 AS NVARCHAR(2)), 2) + N'-'
                    + RIGHT(N'0' + CAST(wh.ClosesMinute / 60 AS NVARCHAR(2)), 2) + N':'
                    + RIGHT(N'0' + CAST(wh.ClosesMinute % 60 AS NVARCHAR(2)), 2)
                ELSE N'' END AS Hours
            FROM app.WorkHours AS wh
            WHERE @CampusId IS NULL OR wh.CampusId = @CampusId
        ) AS v
        INNER JOIN app.Campus AS c ON v.CampusId = c.CampusId
        GROUP BY c.CampusId, c.Name, c.SortOrder, v.ValidFrom
        ORDER BY c.SortOrder ASC, v.ValidFrom DESC;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
