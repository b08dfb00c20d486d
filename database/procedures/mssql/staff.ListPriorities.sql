-- staff.ListPriorities: priorities with their response and resolution targets.
IF OBJECT_ID(N'staff.ListPriorities', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListPriorities AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListPriorities
    @Token VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        SELECT
            CAST(p.PriorityId AS INT) AS priority_id,
            p.Code AS code,
            p.Name AS name,
            CAST(p.Rank AS INT) AS rank,
            p.ResponseTargetHours AS response_target_hours,
            p.ResolutionTargetHours AS resolution_target_hours,
            p.IsDefault AS is_default,
            p.IsActive AS is_active
        FROM app.Priority AS p
        ORDER BY p.Rank;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
