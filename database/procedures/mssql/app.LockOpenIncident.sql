-- app.LockOpenIncident: the shared start of every staff change to an open incident (a reply,
-- the resolution, adding or removing tickets, its public notice): the incident lock
-- (app.LockIncidents), then the incident must exist (3200) and be 'abierto' (3207).
-- Internal: called inside the caller's transaction (an error here goes to the caller's CATCH,
-- which rolls back).
-- requires: app.LockIncidents
IF OBJECT_ID(N'app.LockOpenIncident', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.LockOpenIncident AS RETURN 0;');
GO

ALTER PROCEDURE app.LockOpenIncident
    @IncidentId INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Status NVARCHAR(20);
    EXEC app.LockIncidents;
    SELECT @Status = i.Status FROM app.Incident AS i WHERE i.IncidentId = @IncidentId;
    IF @Status IS NULL
        EXEC app.RaiseError @ErrorId = 3200;
    IF @Status <> N'abierto'
        EXEC app.RaiseError @ErrorId = 3207;
END;
GO
