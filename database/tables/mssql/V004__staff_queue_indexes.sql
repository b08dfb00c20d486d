-- V004: indexes for the operators' queue (staff.ListQueue) on a million tickets.
-- V001 already has (StatusId | AssignedTo | CampusId | CategoryId | PriorityId |
-- EquipmentId | EquipmentTag, TicketId). Each sort key pages on (sort value, TicketId).

CREATE INDEX IX_App_Ticket_Location ON app.Ticket (LocationId, TicketId);
CREATE INDEX IX_App_Ticket_RequesterType ON app.Ticket (RequesterTypeId, TicketId);

-- Search: requester name by prefix (LIKE N'ana%'); the database's default collation
-- is case-insensitive at ITL, so no lower() is needed.
CREATE INDEX IX_App_Ticket_RequesterName ON app.Ticket (RequesterName);

-- Words of the description: SQL Server full-text search is an optional feature.
-- When it is installed the DBA runs (once; see docs/readme/desktop.md):
--   CREATE FULLTEXT CATALOG ItlCatalog;
--   CREATE FULLTEXT INDEX ON app.Ticket (Description LANGUAGE 3082)
--       KEY INDEX PK_App_Ticket ON ItlCatalog WITH CHANGE_TRACKING AUTO;
-- staff.ListQueue uses CONTAINS when that index exists, otherwise a LIKE scan.
