-- webform.GetTicketStatus: the public view of one ticket by folio + access code, 0 or 1 row.
-- A wrong folio or code gives 0 rows by the same path (app.FindTicketByCode), and
-- misses are limited per folio (1162) and per client (1170; see app.find_ticket_by_code).
-- No staff personal data: assigned_area is
-- 'Centro de Cómputo' once someone is assigned, NULL before.
-- requires: app.FindTicketByCode
IF OBJECT_ID(N'webform.GetTicketStatus', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.GetTicketStatus AS RETURN 0;');
GO

ALTER PROCEDURE webform.GetTicketStatus
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
        t.Folio AS folio,
        s.Code AS status_code,
        s.Name AS status_name,
        t.CreatedAt AS created_at,
        t.UpdatedAt AS updated_at,
        c.Name AS campus_name,
        COALESCE(l.Name, t.LocationDetail) AS location_name,
        pc.Name AS category_name,
        p.Name AS priority_name,
        CAST(CASE WHEN t.AssignedTo IS NOT NULL THEN N'Centro de C' + NCHAR(243) + N'mputo' END AS NVARCHAR(60))
            AS assigned_area
    FROM app.Ticket AS t
    INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
    INNER JOIN app.Campus AS c ON t.CampusId = c.CampusId
    LEFT JOIN app.Location AS l ON t.LocationId = l.LocationId
    INNER JOIN app.ProblemCategory AS pc ON t.CategoryId = pc.CategoryId
    INNER JOIN app.Priority AS p ON t.PriorityId = p.PriorityId
    WHERE t.TicketId = @TicketId;
END;
GO
