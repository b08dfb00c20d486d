-- webform.ListPublicEvents: the public history of a ticket (IsPublic events only, oldest
-- first) by folio + access code; 0 rows for a wrong folio or code (app.FindTicketByCode,
-- which also counts the miss). status_name is the status the event moved the ticket to;
-- event_number (1, 2, ... in this order) is how webform.ListTicketPhotos says which message a
-- photo came with.
-- requires: app.FindTicketByCode
IF OBJECT_ID(N'webform.ListPublicEvents', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.ListPublicEvents AS RETURN 0;');
GO

ALTER PROCEDURE webform.ListPublicEvents
    @Folio NVARCHAR(100),
    @AccessCode NVARCHAR(100),
    @ClientKey NVARCHAR(200)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @TicketId BIGINT;
    EXEC app.FindTicketByCode
        @Folio = @Folio, @AccessCode = @AccessCode, @ClientKey = @ClientKey, @TicketId = @TicketId OUTPUT;

    SELECT
        e.OccurredAt AS occurred_at,
        e.EventType AS event_type,
        s.Name AS status_name,
        e.Body AS body,
        CAST(ROW_NUMBER() OVER (ORDER BY e.OccurredAt, e.EventId) AS INT) AS event_number
    FROM app.TicketEvent AS e
    LEFT JOIN app.Status AS s ON e.NewStatusId = s.StatusId
    WHERE e.TicketId = @TicketId AND e.IsPublic = 1
    ORDER BY e.OccurredAt, e.EventId;
END;
GO
