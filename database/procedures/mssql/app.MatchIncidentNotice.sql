-- app.MatchIncidentNotice: the one rule for which known-outage notice applies to what a
-- requester picked (campus, location, category): the incident id of a notice of an open
-- incident, not withdrawn, still valid, for that campus and either every place, that location,
-- or the building of that location; either every category or that one. The most specific wins
-- (location, then building, then campus), then the latest published. NULL when none applies.
-- Internal: called by webform.FindIncidentNotice (the notice shown) and webform.SubmitTicket
-- (a submission that stops at the notice, without a second call).
-- Call: EXEC app.MatchIncidentNotice @CampusId = @C, @LocationId = @L, @CategoryId = @K, @IncidentId = @Id OUTPUT;
IF OBJECT_ID(N'app.MatchIncidentNotice', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.MatchIncidentNotice AS RETURN 0;');
GO

ALTER PROCEDURE app.MatchIncidentNotice
    @CampusId INT,
    @LocationId INT,
    @CategoryId INT,
    @IncidentId INT OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Building NVARCHAR(120);
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    SET @IncidentId = NULL;
    IF @CampusId IS NULL
        RETURN;
    SELECT @Building = COALESCE(l.Building, l.Name)
    FROM app.Location AS l
    WHERE l.LocationId = @LocationId AND l.CampusId = @CampusId;

    SELECT TOP (1) @IncidentId = n.IncidentId
    FROM app.IncidentNotice AS n
    INNER JOIN app.Incident AS i ON n.IncidentId = i.IncidentId
    WHERE
        n.CampusId = @CampusId
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
