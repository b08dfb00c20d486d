-- staff.GetStatsBacklog: the open tickets right now (any day received), by campus
-- and status, optionally for one campus.
IF OBJECT_ID(N'staff.GetStatsBacklog', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.GetStatsBacklog AS RETURN 0;');
GO

ALTER PROCEDURE staff.GetStatsBacklog
    @Token VARBINARY(64),
    @CampusId INT = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        SELECT
            CAST(c.CampusId AS INT) AS campus_id,
            c.Name AS campus_name,
            CAST(s.StatusId AS INT) AS status_id,
            s.Name AS status_name,
            SUM(sd.TicketCount) AS ticket_count
        FROM app.StatsDaily AS sd
        INNER JOIN app.Status AS s ON sd.ItemId = s.StatusId
        INNER JOIN app.Campus AS c ON sd.CampusId = c.CampusId
        WHERE sd.Dimension = N'status' AND s.IsOpen = 1 AND (@CampusId IS NULL OR sd.CampusId = @CampusId)
        GROUP BY c.CampusId, c.Name, c.SortOrder, s.StatusId, s.Name, s.SortOrder
        HAVING SUM(sd.TicketCount) <> 0
        ORDER BY c.SortOrder, s.SortOrder;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
