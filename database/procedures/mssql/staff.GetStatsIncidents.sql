-- staff.GetStatsIncidents: incidents by local month of their start (Central Standard Time
-- (Mexico)) between two local days (inclusive; 1001/4030): how many, how many resolved,
-- tickets linked, tickets per incident and time to resolve in minutes (average and maximum,
-- resolved ones).
-- requires: app.CheckStatsRange
IF OBJECT_ID(N'staff.GetStatsIncidents', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.GetStatsIncidents AS RETURN 0;');
GO

ALTER PROCEDURE staff.GetStatsIncidents
    @Token VARBINARY(64),
    @DateFrom DATE,
    @DateTo DATE
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @From DATETIME2(3);
    DECLARE @To DATETIME2(3);
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
    EXEC app.CheckStatsRange @DateFrom = @DateFrom, @DateTo = @DateTo;
    SET @From = CAST(
        CAST(@DateFrom AS DATETIME2(3)) AT TIME ZONE 'Central Standard Time (Mexico)' AT TIME ZONE 'UTC'
        AS DATETIME2(3)
    );
    SET @To = CAST(
        CAST(DATEADD(DAY, 1, @DateTo) AS DATETIME2(3)) AT TIME ZONE 'Central Standard Time (Mexico)'
        AT TIME ZONE 'UTC' AS DATETIME2(3)
    );

    SELECT
        m.MonthStart AS month_start,
        COUNT(*) AS incident_count,
        COUNT(m.ResolvedAt) AS resolved_count,
        SUM(m.Tickets) AS ticket_count,
        CAST(AVG(CAST(m.Tickets AS DECIMAL(10, 1))) AS DECIMAL(10, 1)) AS tickets_per_incident,
        CAST(ROUND(AVG(CAST(DATEDIFF(SECOND, m.StartedAt, m.ResolvedAt) AS FLOAT)) / 60.0, 0) AS INT)
        AS resolve_minutes_avg,
        CAST(ROUND(MAX(CAST(DATEDIFF(SECOND, m.StartedAt, m.ResolvedAt) AS FLOAT)) / 60.0, 0) AS INT)
        AS resolve_minutes_max
    FROM (
        SELECT
            DATEFROMPARTS(YEAR(lt.LocalStart), MONTH(lt.LocalStart), 1) AS MonthStart,
            i.StartedAt,
            i.ResolvedAt,
            (SELECT COUNT(*) FROM app.IncidentTicket AS it WHERE it.IncidentId = i.IncidentId) AS Tickets
        FROM app.Incident AS i
        CROSS APPLY (
            SELECT
                CAST(
                    i.StartedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATETIME2(3)
                ) AS LocalStart
        ) AS lt
        WHERE i.StartedAt >= @From AND i.StartedAt < @To
    ) AS m
    GROUP BY m.MonthStart
    ORDER BY m.MonthStart;
END;
GO
