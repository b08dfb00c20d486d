-- webform.ListTicketIncident: for the status page, the incident a ticket belongs to (folio +
-- access code; 0 rows for a wrong pair or a ticket in no incident). First row row_kind
-- 'aviso': the incident's start, status, its notice text (NULL once withdrawn) and
-- report_count (only when incident_public_count is 1); then one 'respuesta' row per public
-- reply written on the incident, oldest first.
-- requires: app.FindTicketByCode
-- requires: app.SettingValue
IF OBJECT_ID(N'webform.ListTicketIncident', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.ListTicketIncident AS RETURN 0;');
GO

ALTER PROCEDURE webform.ListTicketIncident
    @Folio NVARCHAR(100),
    @AccessCode NVARCHAR(100),
    @ClientKey NVARCHAR(200)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @TicketId BIGINT;
    DECLARE @IncidentId INT;
    DECLARE @Public INT;
    EXEC app.FindTicketByCode
        @Folio = @Folio, @AccessCode = @AccessCode, @ClientKey = @ClientKey, @TicketId = @TicketId OUTPUT;
    SELECT @IncidentId = it.IncidentId FROM app.IncidentTicket AS it WHERE it.TicketId = @TicketId;
    EXEC app.SettingValue @SettingKey = N'incident_public_count', @SettingValue = @Public OUTPUT;

    SELECT
        CAST(N'aviso' AS NVARCHAR(20)) AS row_kind,
        i.StartedAt AS occurred_at,
        CASE WHEN n.WithdrawnAt IS NULL THEN n.Body END AS body,
        c.Name AS campus_name,
        COALESCE(nl.Name, n.Building, l.Name, i.Building, c.Name) AS place_name,
        i.Status AS incident_status,
        CASE
            WHEN @Public = 1 THEN (SELECT COUNT(*) FROM app.IncidentTicket AS x WHERE x.IncidentId = i.IncidentId)
        END AS report_count
    FROM app.Incident AS i
    INNER JOIN app.Campus AS c ON i.CampusId = c.CampusId
    LEFT JOIN app.Location AS l ON i.LocationId = l.LocationId
    LEFT JOIN app.IncidentNotice AS n ON i.IncidentId = n.IncidentId
    LEFT JOIN app.Location AS nl ON n.LocationId = nl.LocationId
    WHERE i.IncidentId = @IncidentId
    UNION ALL
    SELECT
        N'respuesta',
        r.CreatedAt,
        r.Body,
        NULL,
        NULL,
        NULL,
        NULL
    FROM app.IncidentReply AS r
    WHERE r.IncidentId = @IncidentId
    ORDER BY row_kind, occurred_at;
END;
GO
