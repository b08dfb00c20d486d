-- V021: the "vencidas" page sorted or filtered by any queue column reads only the filtered
-- index (see the pg twin). IX_App_Ticket_Due (V016) held only DueAt; it holds the open tickets
-- only, so carrying the queue's sort and filter columns is cheap.
CREATE INDEX IX_App_Ticket_Due ON app.Ticket (TicketId)
INCLUDE (DueAt, PriorityId, StatusId, CampusId, CategoryId, AssignedTo, LocationId, RequesterTypeId)
WHERE DueAt IS NOT NULL
WITH (DROP_EXISTING = ON);
GO
