-- app.LinkIncidentTickets: link the tickets of @TicketIds (a JSON array of ids) to an open
-- incident, all or none: 3203 (not a non-empty array of at most 500 ids), 3212 (an id that is
-- not a ticket), 3202 (a ticket no longer open), 3201 (a ticket already in an incident). Each
-- linked ticket gets an internal note on its timeline. @LinkedCount: how many were linked.
-- Concurrency: the caller holds app.LockIncidents (one grouping at a time), so two operators
-- grouping overlapping tickets at once are serialized and the second one gets 3201; the
-- primary key of app.IncidentTicket (the ticket) is the last line of defence.
-- OPENJSON: SQL Server 2016+. Internal: called inside the caller's transaction.
IF OBJECT_ID(N'app.LinkIncidentTickets', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.LinkIncidentTickets AS RETURN 0;');
GO

ALTER PROCEDURE app.LinkIncidentTickets
    @IncidentId INT,
    @TicketIds NVARCHAR(MAX),
    @StaffId INT,
    @Now DATETIME2(3),
    @LinkedCount INT OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Ids TABLE (TicketId BIGINT NOT NULL PRIMARY KEY);
    DECLARE @Title NVARCHAR(200);
    SET @LinkedCount = 0;
    IF @TicketIds IS NULL OR ISJSON(@TicketIds) = 0 OR LEFT(LTRIM(@TicketIds), 1) <> N'['
        EXEC app.RaiseError @ErrorId = 3203;
    IF EXISTS (SELECT 1 FROM OPENJSON(@TicketIds) AS j WHERE TRY_CAST(j.[value] AS BIGINT) IS NULL)
        EXEC app.RaiseError @ErrorId = 3203;
    INSERT INTO @Ids (TicketId)
    SELECT DISTINCT CAST(j.[value] AS BIGINT) FROM OPENJSON(@TicketIds) AS j;
    SET @LinkedCount = (SELECT COUNT(*) FROM @Ids);
    IF @LinkedCount = 0 OR @LinkedCount > 500
        EXEC app.RaiseError @ErrorId = 3203;
    IF (SELECT COUNT(*) FROM app.Ticket AS t INNER JOIN @Ids AS i ON t.TicketId = i.TicketId) <> @LinkedCount
        EXEC app.RaiseError @ErrorId = 3212;
    IF
        EXISTS (
            SELECT 1 FROM app.Ticket AS t
            INNER JOIN @Ids AS i ON t.TicketId = i.TicketId
            INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
            WHERE s.IsOpen = 0
        )
        EXEC app.RaiseError @ErrorId = 3202;
    IF EXISTS (SELECT 1 FROM app.IncidentTicket AS it INNER JOIN @Ids AS i ON it.TicketId = i.TicketId)
        EXEC app.RaiseError @ErrorId = 3201;
    SELECT @Title = inc.Title FROM app.Incident AS inc WHERE inc.IncidentId = @IncidentId;

    INSERT INTO app.IncidentTicket (TicketId, IncidentId, LinkedAt, LinkedBy)
    SELECT i.TicketId, @IncidentId, @Now, @StaffId FROM @Ids AS i;

    UPDATE t
    SET
        t.RowVersion = t.RowVersion + 1,
        t.UpdatedAt = @Now
    FROM app.Ticket AS t
    INNER JOIN @Ids AS i ON t.TicketId = i.TicketId;

    INSERT INTO app.TicketEvent (TicketId, OccurredAt, EventType, IsPublic, ActorStaffId, Body)
    SELECT
        i.TicketId, @Now, N'nota', 0, @StaffId,
        N'Agrupada en el incidente #' + CAST(@IncidentId AS NVARCHAR(12)) + N': ' + @Title
    FROM @Ids AS i;
END;
GO
