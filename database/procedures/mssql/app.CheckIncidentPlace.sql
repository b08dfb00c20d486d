-- app.CheckIncidentPlace: raises 3205 unless @CampusId exists and @LocationId (if given) is a
-- location of it and @Building (if given, without a location) is the building of one of its
-- locations (a location without building counts as its own building, by name); raises 3206
-- for an unknown category, or a missing one when @CategoryRequired.
-- Internal: called by staff.CreateIncident and staff.SaveIncidentNotice.
IF OBJECT_ID(N'app.CheckIncidentPlace', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.CheckIncidentPlace AS RETURN 0;');
GO

ALTER PROCEDURE app.CheckIncidentPlace
    @CampusId INT,
    @LocationId INT,
    @Building NVARCHAR(60),
    @CategoryId INT,
    @CategoryRequired BIT
AS
BEGIN
    SET NOCOUNT ON;
    IF @CampusId IS NULL OR NOT EXISTS (SELECT 1 FROM app.Campus AS c WHERE c.CampusId = @CampusId)
        EXEC app.RaiseError @ErrorId = 3205;
    IF
        @LocationId IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM app.Location AS l WHERE l.LocationId = @LocationId AND l.CampusId = @CampusId
        )
        EXEC app.RaiseError @ErrorId = 3205;
    IF
        @LocationId IS NULL AND @Building IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM app.Location AS l
            WHERE l.CampusId = @CampusId AND COALESCE(l.Building, l.Name) = @Building
        )
        EXEC app.RaiseError @ErrorId = 3205;
    IF
        (@CategoryId IS NULL AND @CategoryRequired = 1)
        OR (
            @CategoryId IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM app.ProblemCategory AS pc WHERE pc.CategoryId = @CategoryId)
        )
        EXEC app.RaiseError @ErrorId = 3206;
END;
GO
