-- staff.ListRepeatFailureTickets: the tickets received in the last repeat_failure_days for
-- the inventory tag of ticket @TicketId (3001 unknown), newest first, only when they are
-- repeat_failure_count or more («este equipo tuvo 4 fallas en 90 días», with links);
-- otherwise no rows.
-- requires: app.SettingValue
IF OBJECT_ID(N'staff.ListRepeatFailureTickets', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListRepeatFailureTickets AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListRepeatFailureTickets
    @Token VARBINARY(64),
    @TicketId BIGINT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Tag NVARCHAR(40);
    DECLARE @Days INT;
    DECLARE @Min INT;
    DECLARE @Since DATETIME2(3);
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF NOT EXISTS (SELECT 1 FROM app.Ticket AS t WHERE t.TicketId = @TicketId)
        EXEC app.RaiseError @ErrorId = 3001;
    SELECT @Tag = t.EquipmentTag FROM app.Ticket AS t WHERE t.TicketId = @TicketId;
    EXEC app.SettingValue @SettingKey = N'repeat_failure_days', @SettingValue = @Days OUTPUT;
    EXEC app.SettingValue @SettingKey = N'repeat_failure_count', @SettingValue = @Min OUTPUT;
    SET @Since = DATEADD(DAY, -@Days, SYSUTCDATETIME());
    IF
        @Tag IS NOT NULL
        AND (SELECT COUNT(*) FROM app.Ticket AS t WHERE t.EquipmentTag = @Tag AND t.CreatedAt >= @Since) < @Min
        SET @Tag = NULL;

    SELECT
        t.TicketId AS ticket_id,
        t.Folio AS folio,
        t.CreatedAt AS created_at,
        s.Name AS status_name,
        pc.Name AS category_name
    FROM app.Ticket AS t
    INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
    INNER JOIN app.ProblemCategory AS pc ON t.CategoryId = pc.CategoryId
    WHERE @Tag IS NOT NULL AND t.EquipmentTag = @Tag AND t.CreatedAt >= @Since
    ORDER BY t.CreatedAt DESC, t.TicketId DESC;
END;
GO
