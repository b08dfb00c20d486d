-- staff.GetTicketIncident: the side information of one ticket (3001 unknown): the incident
-- it belongs to (incident_id NULL if none) and its equipment's «falla repetida» flag: with
-- repeat_failure_count or more tickets of the same inventory tag received in the last
-- repeat_failure_days, failure_count and window_days are set (else failure_count 0).
-- The tickets of that equipment: staff.ListRepeatFailureTickets.
-- requires: app.SettingValue
IF OBJECT_ID(N'staff.GetTicketIncident', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.GetTicketIncident AS RETURN 0;');
GO

ALTER PROCEDURE staff.GetTicketIncident
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
    DECLARE @Count INT = 0;
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF NOT EXISTS (SELECT 1 FROM app.Ticket AS t WHERE t.TicketId = @TicketId)
        EXEC app.RaiseError @ErrorId = 3001;
    SELECT @Tag = t.EquipmentTag FROM app.Ticket AS t WHERE t.TicketId = @TicketId;
    EXEC app.SettingValue @SettingKey = N'repeat_failure_days', @SettingValue = @Days OUTPUT;
    EXEC app.SettingValue @SettingKey = N'repeat_failure_count', @SettingValue = @Min OUTPUT;
    IF @Tag IS NOT NULL
        BEGIN
            SET @Count = (
                SELECT COUNT(*) FROM app.Ticket AS t
                WHERE t.EquipmentTag = @Tag AND t.CreatedAt >= DATEADD(DAY, -@Days, SYSUTCDATETIME())
            );
            IF @Count < @Min
                SET @Count = 0;
        END;

    SELECT
        i.IncidentId AS incident_id,
        i.Title AS incident_title,
        i.Status AS incident_status,
        (SELECT COUNT(*) FROM app.IncidentTicket AS x WHERE x.IncidentId = i.IncidentId) AS incident_ticket_count,
        @Tag AS equipment_tag,
        @Count AS failure_count,
        CASE WHEN @Count > 0 THEN @Days END AS window_days
    FROM app.Ticket AS tk
    LEFT JOIN app.IncidentTicket AS it ON tk.TicketId = it.TicketId
    LEFT JOIN app.Incident AS i ON it.IncidentId = i.IncidentId
    WHERE tk.TicketId = @TicketId;
END;
GO
