-- staff.SaveIncidentNotice: publish (or edit) the public known-outage notice of an open
-- incident (3200, 3207): text 10-500 characters (3209), where it applies (campus, a location
-- or a building of it, a category or NULL = any; 3205/3206) and until when (future, at most
-- 30 days ahead: 3210). Saving a withdrawn notice publishes it again. Audited
-- ('aviso_publicado' / 'aviso_editado').
-- requires: app.CheckIncidentPlace
-- requires: app.LockOpenIncident
-- requires: app.WriteAdminAudit
IF OBJECT_ID(N'staff.SaveIncidentNotice', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.SaveIncidentNotice AS RETURN 0;');
GO

ALTER PROCEDURE staff.SaveIncidentNotice
    @Token VARBINARY(64),
    @IncidentId INT,
    @Body NVARCHAR(MAX),
    @CampusId INT,
    @LocationId INT,
    @Building NVARCHAR(MAX),
    @CategoryId INT,
    @ValidUntil DATETIME2(3)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Text NVARCHAR(MAX) = LTRIM(RTRIM(COALESCE(@Body, N'')));
    DECLARE @Place NVARCHAR(MAX) = NULLIF(LTRIM(RTRIM(COALESCE(@Building, N''))), N'');
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Existed BIT = 0;
    DECLARE @Target NVARCHAR(40);
    DECLARE @Details NVARCHAR(MAX);

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF @IncidentId IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    IF LEN(@Text) < 10 OR LEN(@Text) > 500
        EXEC app.RaiseError @ErrorId = 3209;
    IF LEN(@Place) > 60
        EXEC app.RaiseError @ErrorId = 3205;
    IF @ValidUntil IS NULL OR @ValidUntil <= @Now OR @ValidUntil > DATEADD(DAY, 30, @Now)
        EXEC app.RaiseError @ErrorId = 3210;
    EXEC app.CheckIncidentPlace
        @CampusId = @CampusId, @LocationId = @LocationId, @Building = @Place, @CategoryId = @CategoryId,
        @CategoryRequired = 0;
    SET @Target = N'incidente #' + CAST(@IncidentId AS NVARCHAR(12));
    SET @Details = N'hasta ' + CONVERT(
        NVARCHAR(16),
        CAST(@ValidUntil AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATETIME2(0)),
        120
    ) + N': ' + @Text;

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockOpenIncident @IncidentId = @IncidentId;  -- the incident lock; 3200, 3207
        IF EXISTS (SELECT 1 FROM app.IncidentNotice AS n WHERE n.IncidentId = @IncidentId)
            SET @Existed = 1;
        IF @Existed = 1
            UPDATE app.IncidentNotice
            SET
                Body = @Text,
                CampusId = @CampusId,
                LocationId = @LocationId,
                Building = CASE WHEN @LocationId IS NULL THEN @Place END,
                CategoryId = @CategoryId,
                ValidUntil = @ValidUntil,
                PublishedBy = @StaffId,
                PublishedAt = @Now,
                WithdrawnAt = NULL
            WHERE IncidentId = @IncidentId;
        ELSE
            INSERT INTO app.IncidentNotice (
                IncidentId, Body, CampusId, LocationId, Building, CategoryId, ValidUntil, PublishedBy, PublishedAt
            )
            VALUES (
                @IncidentId, @Text, @CampusId, @LocationId, CASE WHEN @LocationId IS NULL THEN @Place END,
                @CategoryId, @ValidUntil, @StaffId, @Now
            );
        EXEC app.WriteAdminAudit
            @StaffId = @StaffId,
            @Action = CASE WHEN @Existed = 1 THEN N'aviso_editado' ELSE N'aviso_publicado' END,
            @Target = @Target,
            @Details = @Details;
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        @IncidentId AS incident_id,
        @Now AS published_at,
        @ValidUntil AS valid_until;
END;
GO
