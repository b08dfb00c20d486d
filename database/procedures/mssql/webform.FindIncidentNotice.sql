-- webform.FindIncidentNotice: the known-outage notice that applies to what the requester
-- picked (campus, location, category), 0 or 1 row: a notice of an open incident, not
-- withdrawn, still valid, for that campus and either every place, that location, or the
-- building of that location; either every category or that one. The most specific wins
-- (location, then building, then campus), then the latest published. report_count («N
-- personas reportaron esta falla») only when the setting incident_public_count is 1, else NULL.
-- requires: app.SettingValue
IF OBJECT_ID(N'webform.FindIncidentNotice', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.FindIncidentNotice AS RETURN 0;');
GO

ALTER PROCEDURE webform.FindIncidentNotice
    @CampusId INT,
    @LocationId INT,
    @CategoryId INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Building NVARCHAR(120);
    DECLARE @Public INT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    EXEC app.SettingValue @SettingKey = N'incident_public_count', @SettingValue = @Public OUTPUT;
    SELECT @Building = COALESCE(l.Building, l.Name)
    FROM app.Location AS l
    WHERE l.LocationId = @LocationId AND l.CampusId = @CampusId;

    SELECT TOP (1)
        n.IncidentId AS incident_id,
        n.Body AS body,
        c.Name AS campus_name,
        COALESCE(nl.Name, n.Building, c.Name) AS place_name,
        i.StartedAt AS started_at,
        n.ValidUntil AS valid_until,
        CASE
            WHEN @Public = 1 THEN (SELECT COUNT(*) FROM app.IncidentTicket AS it WHERE it.IncidentId = n.IncidentId)
        END AS report_count
    FROM app.IncidentNotice AS n
    INNER JOIN app.Incident AS i ON n.IncidentId = i.IncidentId
    INNER JOIN app.Campus AS c ON n.CampusId = c.CampusId
    LEFT JOIN app.Location AS nl ON n.LocationId = nl.LocationId
    WHERE
        @CampusId IS NOT NULL
        AND n.CampusId = @CampusId
        AND i.Status = N'abierto'
        AND n.WithdrawnAt IS NULL
        AND n.ValidUntil > @Now
        AND (n.CategoryId IS NULL OR n.CategoryId = @CategoryId)
        AND (
            (n.LocationId IS NULL AND n.Building IS NULL)
            OR n.LocationId = @LocationId
            OR (n.LocationId IS NULL AND n.Building = @Building)
        )
    ORDER BY
        CASE WHEN n.LocationId IS NOT NULL THEN 0 WHEN n.Building IS NOT NULL THEN 1 ELSE 2 END,
        n.PublishedAt DESC, n.IncidentId DESC;
END;
GO
