-- staff.ListEquipmentHistory: other tickets about the same equipment (same catalog
-- EquipmentId, or the same inventory tag typed by hand), newest first.
IF OBJECT_ID(N'staff.ListEquipmentHistory', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListEquipmentHistory AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListEquipmentHistory
    @Token VARBINARY(64),
    @TicketId BIGINT,
    @MaxRows INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @EquipmentId INT;
    DECLARE @Tag NVARCHAR(40);
    DECLARE @Max INT = COALESCE(@MaxRows, 20);
    IF @Max < 1 SET @Max = 1;
    IF @Max > 200 SET @Max = 200;
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;

    IF NOT EXISTS (SELECT 1 FROM app.Ticket AS t WHERE t.TicketId = @TicketId)
        EXEC app.RaiseError @ErrorId = 3001;

    SELECT
        @EquipmentId = t.EquipmentId,
        @Tag = UPPER(NULLIF(LTRIM(RTRIM(COALESCE(e.InventoryTag, t.EquipmentTag))), N''))
    FROM app.Ticket AS t
    LEFT JOIN app.Equipment AS e ON t.EquipmentId = e.EquipmentId
    WHERE t.TicketId = @TicketId;

    SELECT TOP (@Max)
        h.TicketId AS ticket_id,
        h.Folio AS folio,
        h.CreatedAt AS created_at,
        s.Name AS status_name,
        pc.Name AS category_name,
        LEFT(h.Description, 300) AS description,
        h.ResolvedAt AS resolved_at
    FROM (
        SELECT t.TicketId FROM app.Ticket AS t WHERE t.EquipmentId = @EquipmentId
        UNION
        SELECT t.TicketId FROM app.Ticket AS t WHERE t.EquipmentTag = @Tag
    ) AS m
    INNER JOIN app.Ticket AS h ON m.TicketId = h.TicketId
    INNER JOIN app.Status AS s ON h.StatusId = s.StatusId
    INNER JOIN app.ProblemCategory AS pc ON h.CategoryId = pc.CategoryId
    WHERE h.TicketId <> @TicketId
    ORDER BY h.TicketId DESC;
END;
GO
