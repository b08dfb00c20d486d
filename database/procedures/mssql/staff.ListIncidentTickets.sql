-- staff.ListIncidentTickets: the tickets linked to an incident (3200 unknown), oldest
-- report first; linked_by_name NULL = the requester joined from the web form.
IF OBJECT_ID(N'staff.ListIncidentTickets', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListIncidentTickets AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListIncidentTickets
    @Token VARBINARY(64),
    @IncidentId INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF NOT EXISTS (SELECT 1 FROM app.Incident AS i WHERE i.IncidentId = @IncidentId)
        EXEC app.RaiseError @ErrorId = 3200;

    SELECT
        t.TicketId AS ticket_id,
        t.Folio AS folio,
        s.Code AS status_code,
        s.Name AS status_name,
        t.CreatedAt AS created_at,
        COALESCE(l.Name, t.LocationDetail) AS location_name,
        t.RequesterName AS requester_name,
        it.LinkedAt AS linked_at,
        su.FullName AS linked_by_name,
        t.RowVersion AS row_version
    FROM app.IncidentTicket AS it
    INNER JOIN app.Ticket AS t ON it.TicketId = t.TicketId
    INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
    LEFT JOIN app.Location AS l ON t.LocationId = l.LocationId
    LEFT JOIN app.StaffUser AS su ON it.LinkedBy = su.StaffId
    WHERE it.IncidentId = @IncidentId
    ORDER BY t.CreatedAt, t.TicketId;
END;
GO
