-- staff.ListIncidents: incidents, newest first (open ones only when @OnlyOpen), with their
-- place, how many tickets are linked («N personas reportaron esta falla», for staff always)
-- and whether a public notice is showing now. @IncidentId: just that one (0 or 1 row).
IF OBJECT_ID(N'staff.ListIncidents', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListIncidents AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListIncidents
    @Token VARBINARY(64),
    @OnlyOpen BIT,
    @IncidentId INT = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;

    SELECT TOP (200)
        i.IncidentId AS incident_id,
        i.Title AS title,
        CAST(i.CampusId AS INT) AS campus_id,
        c.Name AS campus_name,
        i.LocationId AS location_id,
        i.Building AS building,
        COALESCE(l.Name, i.Building, c.Name) AS place_name,
        CAST(i.CategoryId AS INT) AS category_id,
        pc.Name AS category_name,
        i.Status AS status,
        i.StartedAt AS started_at,
        i.ResolvedAt AS resolved_at,
        su.FullName AS opened_by_name,
        i.Resolution AS resolution,
        (SELECT COUNT(*) FROM app.IncidentTicket AS it WHERE it.IncidentId = i.IncidentId) AS ticket_count,
        n.Body AS notice_body,
        n.LocationId AS notice_location_id,
        n.Building AS notice_building,
        CAST(n.CategoryId AS INT) AS notice_category_id,
        n.ValidUntil AS notice_valid_until,
        n.WithdrawnAt AS notice_withdrawn_at,
        CAST(
            CASE
                WHEN i.Status = N'abierto' AND n.WithdrawnAt IS NULL AND n.ValidUntil > @Now THEN 1 ELSE 0
            END AS BIT
        ) AS notice_showing
    FROM app.Incident AS i
    INNER JOIN app.Campus AS c ON i.CampusId = c.CampusId
    LEFT JOIN app.Location AS l ON i.LocationId = l.LocationId
    INNER JOIN app.ProblemCategory AS pc ON i.CategoryId = pc.CategoryId
    INNER JOIN app.StaffUser AS su ON i.OpenedBy = su.StaffId
    LEFT JOIN app.IncidentNotice AS n ON i.IncidentId = n.IncidentId
    WHERE
        (COALESCE(@OnlyOpen, 0) = 0 OR i.Status = N'abierto')
        AND (@IncidentId IS NULL OR i.IncidentId = @IncidentId)
    ORDER BY i.IncidentId DESC;
END;
GO
