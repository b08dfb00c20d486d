-- app.ReopenUntil: until when the requester may reopen ticket @TicketId once resolved: its
-- ResolvedAt (UpdatedAt for tickets resolved before that column) plus reopen_window_days.
-- The one place of the reopen window: webform.ReopenTicket refuses after it (1208) and
-- webform.GetTicketDetail shows it (can_reopen, reopen_until). NULL for an unknown ticket.
-- A procedure with an OUTPUT parameter (it reads app.SettingValue, which may THROW).
-- Internal: called by the webform.* procedures (ownership chaining), never granted.
IF OBJECT_ID(N'app.ReopenUntil', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.ReopenUntil AS RETURN 0;');
GO

ALTER PROCEDURE app.ReopenUntil
    @TicketId BIGINT,
    @Until DATETIME2(3) OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Window INT;
    EXEC app.SettingValue @SettingKey = N'reopen_window_days', @SettingValue = @Window OUTPUT;
    SET @Until = (
        SELECT DATEADD(DAY, @Window, COALESCE(t.ResolvedAt, t.UpdatedAt))
        FROM app.Ticket AS t
        WHERE t.TicketId = @TicketId
    );
END;
GO
