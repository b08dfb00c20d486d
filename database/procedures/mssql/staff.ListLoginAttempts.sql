-- staff.ListLoginAttempts: the latest login attempts of one account (newest first).
IF OBJECT_ID(N'staff.ListLoginAttempts', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListLoginAttempts AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListLoginAttempts
    @Token VARBINARY(64),
    @StaffId INT,
    @MaxRows INT = 100
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Rows INT = COALESCE(@MaxRows, 100);
    IF @Rows < 1 SET @Rows = 1;
    IF @Rows > 1000 SET @Rows = 1000;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF NOT EXISTS (SELECT 1 FROM app.StaffUser WHERE StaffId = @StaffId)
            EXEC app.RaiseError @ErrorId = 4002;
        SELECT TOP (@Rows)
            la.AttemptId AS attempt_id,
            la.AttemptedAt AS attempted_at,
            la.Succeeded AS succeeded,
            la.Outcome AS outcome,
            la.ClientInfo AS client_info
        FROM app.LoginAttempt AS la
        WHERE la.StaffId = @StaffId
        ORDER BY la.AttemptedAt DESC, la.AttemptId DESC;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
