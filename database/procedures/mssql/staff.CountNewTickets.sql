-- staff.CountNewTickets: how many open tickets arrived after the newest one the app has
-- already announced (@AfterTicketId; NULL: none counted, only the watermark returned) and
-- that this operator has not opened yet. The app polls it to announce arrivals without
-- reloading the queue; a range of the primary key, so it stays cheap on any table size.
IF OBJECT_ID(N'staff.CountNewTickets', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.CountNewTickets AS RETURN 0;');
GO

ALTER PROCEDURE staff.CountNewTickets
    @Token VARBINARY(64),
    @AfterTicketId BIGINT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;

    SELECT
        (
            SELECT COUNT(*)
            FROM app.Ticket AS t
            INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
            WHERE
                @AfterTicketId IS NOT NULL
                AND t.TicketId > @AfterTicketId
                AND s.IsOpen = 1
                AND NOT EXISTS (
                    SELECT 1 FROM app.TicketSeen AS ts
                    WHERE ts.StaffId = @StaffId AND ts.TicketId = t.TicketId
                )
        ) AS new_count,
        COALESCE((SELECT MAX(t.TicketId) FROM app.Ticket AS t), 0) AS last_ticket_id;
END;
GO
