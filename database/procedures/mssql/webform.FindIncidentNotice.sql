-- webform.FindIncidentNotice: the known-outage notice that applies to what the requester
-- picked (campus, location, category), 0 or 1 row: which one is app.MatchIncidentNotice
-- (open incident, valid, not withdrawn, the most specific place, then the latest published).
-- report_count («N personas reportaron esta falla») only when the setting
-- incident_public_count is 1, else NULL.
-- requires: app.SettingValue
-- requires: app.MatchIncidentNotice
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
    DECLARE @IncidentId INT;
    DECLARE @Public INT;
    EXEC app.MatchIncidentNotice
        @CampusId = @CampusId,
        @LocationId = @LocationId,
        @CategoryId = @CategoryId,
        @IncidentId = @IncidentId OUTPUT;
    IF @IncidentId IS NOT NULL
        EXEC app.SettingValue @SettingKey = N'incident_public_count', @SettingValue = @Public OUTPUT;

    SELECT
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
    WHERE n.IncidentId = @IncidentId;
END;
GO
