-- staff.WithdrawIncidentNotice: stop showing an incident's public notice (3200 unknown
-- incident, 3211 no notice or already withdrawn). Audited ('aviso_retirado').
-- requires: app.LockIncidents
-- requires: app.WriteAdminAudit
IF OBJECT_ID(N'staff.WithdrawIncidentNotice', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.WithdrawIncidentNotice AS RETURN 0;');
GO

ALTER PROCEDURE staff.WithdrawIncidentNotice
    @Token VARBINARY(64),
    @IncidentId INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Target NVARCHAR(40);

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF @IncidentId IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    SET @Target = N'incidente #' + CAST(@IncidentId AS NVARCHAR(12));

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockIncidents;
        IF NOT EXISTS (SELECT 1 FROM app.Incident AS i WHERE i.IncidentId = @IncidentId)
            EXEC app.RaiseError @ErrorId = 3200;
        IF
            NOT EXISTS (
                SELECT 1 FROM app.IncidentNotice AS n
                WHERE n.IncidentId = @IncidentId AND n.WithdrawnAt IS NULL
            )
            EXEC app.RaiseError @ErrorId = 3211;
        UPDATE app.IncidentNotice SET WithdrawnAt = @Now WHERE IncidentId = @IncidentId;
        EXEC app.WriteAdminAudit @StaffId = @StaffId, @Action = N'aviso_retirado', @Target = @Target, @Details = NULL;
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        @IncidentId AS incident_id,
        @Now AS withdrawn_at;
END;
GO
