-- staff.ListRepeatFailures: «Equipos con fallas repetidas» (administrators): equipment
-- (by inventory tag on the ticket) with repeat_failure_count or more tickets received in the
-- last repeat_failure_days, optionally in one campus; campus and place of its latest ticket.
-- requires: app.SettingValue
IF OBJECT_ID(N'staff.ListRepeatFailures', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListRepeatFailures AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListRepeatFailures
    @Token VARBINARY(64),
    @CampusId INT = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Days INT;
    DECLARE @Min INT;
    DECLARE @Since DATETIME2(3);
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
    EXEC app.SettingValue @SettingKey = N'repeat_failure_days', @SettingValue = @Days OUTPUT;
    EXEC app.SettingValue @SettingKey = N'repeat_failure_count', @SettingValue = @Min OUTPUT;
    SET @Since = DATEADD(DAY, -@Days, SYSUTCDATETIME());

    SELECT TOP (500)
        g.EquipmentTag AS inventory_tag,
        c.Name AS campus_name,
        COALESCE(l.Name, t.LocationDetail) AS location_name,
        g.Failures AS failure_count,
        t.CreatedAt AS last_failure_at,
        t.Folio AS last_folio,
        t.TicketId AS last_ticket_id
    FROM (
        SELECT
            rt.EquipmentTag,
            COUNT(*) AS Failures,
            MAX(rt.TicketId) AS LastId
        FROM app.Ticket AS rt
        WHERE
            rt.CreatedAt >= @Since AND rt.EquipmentTag IS NOT NULL
            AND (@CampusId IS NULL OR rt.CampusId = @CampusId)
        GROUP BY rt.EquipmentTag
        HAVING COUNT(*) >= @Min
    ) AS g
    INNER JOIN app.Ticket AS t ON g.LastId = t.TicketId
    INNER JOIN app.Campus AS c ON t.CampusId = c.CampusId
    LEFT JOIN app.Location AS l ON t.LocationId = l.LocationId
    ORDER BY g.Failures DESC, t.CreatedAt DESC, g.EquipmentTag ASC;
END;
GO
