-- staff.ListIncidentSuggestions: proposed incidents. Open tickets not in any incident,
-- reported in the last incident_window_minutes, grouped by campus, building (a location
-- without building is its own, by name) and category; groups of at least
-- incident_min_tickets. One row per ticket: group_no (1 = largest group, then the most
-- recent), the group's size and span in minutes, and incident_id of an open incident of the
-- same campus, place and category, if any (to add to it instead of opening another).
-- requires: app.SettingValue
IF OBJECT_ID(N'staff.ListIncidentSuggestions', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListIncidentSuggestions AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListIncidentSuggestions
    @Token VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Minutes INT;
    DECLARE @Min INT;
    DECLARE @Since DATETIME2(3);

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    EXEC app.SettingValue @SettingKey = N'incident_window_minutes', @SettingValue = @Minutes OUTPUT;
    EXEC app.SettingValue @SettingKey = N'incident_min_tickets', @SettingValue = @Min OUTPUT;
    SET @Since = DATEADD(MINUTE, -@Minutes, SYSUTCDATETIME());

    WITH recent AS (
        SELECT
            t.TicketId, t.Folio, t.CreatedAt, t.CampusId, t.CategoryId, t.LocationId, t.Description,
            l.Name AS LocationName, COALESCE(l.Building, l.Name) AS Building
        FROM app.Ticket AS t
        INNER JOIN app.Location AS l ON t.LocationId = l.LocationId
        INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
        WHERE
            t.CreatedAt >= @Since
            AND s.IsOpen = 1
            AND NOT EXISTS (SELECT 1 FROM app.IncidentTicket AS it WHERE it.TicketId = t.TicketId)
    ),

    grouped AS (
        SELECT
            r.CampusId, r.Building, r.CategoryId, COUNT(*) AS GroupSize,
            (DATEDIFF(SECOND, MIN(r.CreatedAt), MAX(r.CreatedAt)) + 59) / 60 AS SpanMinutes,
            MAX(r.CreatedAt) AS LastAt
        FROM recent AS r
        GROUP BY r.CampusId, r.Building, r.CategoryId
        HAVING COUNT(*) >= @Min
    ),

    ranked AS (
        SELECT
            g.CampusId, g.Building, g.CategoryId, g.GroupSize, g.SpanMinutes,
            DENSE_RANK() OVER (
                ORDER BY g.GroupSize DESC, g.LastAt DESC, g.CampusId ASC, g.Building ASC, g.CategoryId ASC
            ) AS GroupNo
        FROM grouped AS g
    )

    SELECT
        CAST(k.GroupNo AS INT) AS group_no,
        CAST(k.CampusId AS INT) AS campus_id,
        c.Name AS campus_name,
        k.Building AS building,
        CAST(k.CategoryId AS INT) AS category_id,
        pc.Name AS category_name,
        k.GroupSize AS group_size,
        k.SpanMinutes AS span_minutes,
        (
            SELECT MAX(i.IncidentId) FROM app.Incident AS i
            LEFT JOIN app.Location AS il ON i.LocationId = il.LocationId
            WHERE
                i.Status = N'abierto' AND i.CampusId = k.CampusId AND i.CategoryId = k.CategoryId
                AND COALESCE(i.Building, il.Building, il.Name) = k.Building
        ) AS incident_id,
        r.TicketId AS ticket_id,
        r.Folio AS folio,
        r.CreatedAt AS created_at,
        r.LocationId AS location_id,
        r.LocationName AS location_name,
        LEFT(r.Description, 200) AS description
    FROM ranked AS k
    INNER JOIN recent AS r
        ON k.CampusId = r.CampusId AND k.Building = r.Building AND k.CategoryId = r.CategoryId
    INNER JOIN app.Campus AS c ON k.CampusId = c.CampusId
    INNER JOIN app.ProblemCategory AS pc ON k.CategoryId = pc.CategoryId
    ORDER BY k.GroupNo ASC, r.CreatedAt DESC, r.TicketId DESC;
END;
GO
