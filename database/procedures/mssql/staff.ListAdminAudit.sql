-- staff.ListAdminAudit: the administration audit log, newest first.
IF OBJECT_ID(N'staff.ListAdminAudit', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListAdminAudit AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListAdminAudit
    @Token VARBINARY(64),
    @MaxRows INT = 200
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Rows INT = COALESCE(@MaxRows, 200);
    IF @Rows < 1 SET @Rows = 1;
    IF @Rows > 2000 SET @Rows = 2000;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        SELECT TOP (@Rows)
            aa.AuditId AS audit_id,
            aa.OccurredAt AS occurred_at,
            aa.StaffId AS staff_id,
            su.Username AS username,
            aa.Action AS action,
            aa.Target AS target,
            aa.Details AS details
        FROM app.AdminAudit AS aa
        INNER JOIN app.StaffUser AS su ON aa.StaffId = su.StaffId
        ORDER BY aa.AuditId DESC;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
