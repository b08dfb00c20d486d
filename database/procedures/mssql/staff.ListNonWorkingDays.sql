-- staff.ListNonWorkingDays: the non-working days of one local year, one campus (NULL: all),
-- by date; is_active = 0: taken back (kept so a redeploy does not bring a seeded day back).
IF OBJECT_ID(N'staff.ListNonWorkingDays', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListNonWorkingDays AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListNonWorkingDays
    @Token VARBINARY(64),
    @CampusId INT,
    @Year INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @First DATE = DATEFROMPARTS(COALESCE(@Year, 2000), 1, 1);
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @StaffId OUTPUT;
        SELECT
            CAST(c.CampusId AS INT) AS campus_id,
            c.Name AS campus_name,
            n.OffDay AS off_day,
            n.Name AS name,
            n.IsActive AS is_active
        FROM app.NonWorkingDay AS n
        INNER JOIN app.Campus AS c ON n.CampusId = c.CampusId
        WHERE
            (@CampusId IS NULL OR n.CampusId = @CampusId)
            AND n.OffDay >= @First
            AND n.OffDay < DATEADD(YEAR, 1, @First)
        ORDER BY n.OffDay, c.SortOrder;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
