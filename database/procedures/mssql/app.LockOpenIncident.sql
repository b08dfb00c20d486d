-- app.LockOpenIncident: the shared start of staff.ReplyIncident and staff.ResolveIncident:
-- the incident id given (1001) and a public message of 1-4000 characters (3006), then the
-- incident lock (app.LockIncidents) and the incident still open (3200 missing, 3207 not
-- 'abierto'). @Text: the message trimmed. Internal: called inside the caller's transaction
-- (an error here goes to the caller's CATCH, which rolls back).
-- requires: app.LockIncidents
IF OBJECT_ID(N'app.LockOpenIncident', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.LockOpenIncident AS RETURN 0;');
GO

ALTER PROCEDURE app.LockOpenIncident
    @IncidentId INT,
    @Body NVARCHAR(MAX),
    @Text NVARCHAR(4000) OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Status NVARCHAR(20);
    IF @IncidentId IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    IF NULLIF(LTRIM(RTRIM(COALESCE(@Body, N''))), N'') IS NULL OR LEN(@Body) > 4000
        EXEC app.RaiseError @ErrorId = 3006;
    EXEC app.LockIncidents;
    SELECT @Status = i.Status FROM app.Incident AS i WHERE i.IncidentId = @IncidentId;
    IF @Status IS NULL
        EXEC app.RaiseError @ErrorId = 3200;
    IF @Status <> N'abierto'
        EXEC app.RaiseError @ErrorId = 3207;
    SET @Text = LTRIM(RTRIM(@Body));
END;
GO
