-- webform.GetTicketDetail: what the requester reported and what they may do now, by
-- folio + access code; 0 or 1 row. Same lookup path and miss limit as GetTicketStatus
-- (app.FindTicketByCode). No requester name, contact data or staff names.
-- Flags: can_reply (open status), can_confirm / can_reopen (a 'solicitante_confirma' /
-- 'solicitante_reabre' row of app.StatusTransition from its status: resuelto; reopening within
-- reopen_window_days of ResolvedAt: app.ReopenUntil; reopen_until = that limit), can_rate (resuelto or
-- cerrado, not rated yet). photo_slots: photos a reply may still add.
-- requires: app.FindTicketByCode
-- requires: app.ReopenUntil
IF OBJECT_ID(N'webform.GetTicketDetail', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.GetTicketDetail AS RETURN 0;');
GO

ALTER PROCEDURE webform.GetTicketDetail
    @Folio NVARCHAR(100),
    @AccessCode NVARCHAR(100),
    @ClientKey NVARCHAR(200)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @TicketId BIGINT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @ReopenUntil DATETIME2(3);
    DECLARE @MaxCount INT;
    DECLARE @MaxTotal INT;
    EXEC app.SettingValue @SettingKey = N'attachment_max_count', @SettingValue = @MaxCount OUTPUT;
    EXEC app.SettingValue @SettingKey = N'attachment_max_per_ticket', @SettingValue = @MaxTotal OUTPUT;
    EXEC app.FindTicketByCode
        @Folio = @Folio, @AccessCode = @AccessCode, @ClientKey = @ClientKey, @TicketId = @TicketId OUTPUT;
    EXEC app.ReopenUntil @TicketId = @TicketId, @Until = @ReopenUntil OUTPUT;

    SELECT
        x.Folio AS folio,
        x.StatusCode AS status_code,
        x.StatusName AS status_name,
        x.CreatedAt AS created_at,
        x.UpdatedAt AS updated_at,
        x.RequesterTypeName AS requester_type_name,
        x.CategoryName AS category_name,
        x.CampusName AS campus_name,
        x.LocationName AS location_name,
        x.LocationDetail AS location_detail,
        x.EquipmentTag AS equipment_tag,
        NULLIF(x.EquipmentDescription, N'') AS equipment_description,
        x.EquipmentCondition AS equipment_condition,
        x.Description AS description,
        x.Photos AS photo_count,
        CASE
            WHEN x.IsOpen = 0 THEN 0
            WHEN @MaxTotal - x.Photos < 0 THEN 0
            WHEN @MaxTotal - x.Photos < @MaxCount THEN @MaxTotal - x.Photos
            ELSE @MaxCount
        END AS photo_slots,
        x.IsOpen AS can_reply,
        CAST(x.CanConfirm AS BIT) AS can_confirm,
        CAST(CASE WHEN x.CanReopen = 1 AND @Now <= @ReopenUntil THEN 1 ELSE 0 END AS BIT) AS can_reopen,
        CASE WHEN x.CanReopen = 1 AND @Now <= @ReopenUntil THEN @ReopenUntil END AS reopen_until,
        CAST(CASE WHEN x.StatusCode IN (N'resuelto', N'cerrado') AND x.Rating IS NULL THEN 1 ELSE 0 END AS BIT)
            AS can_rate,
        x.Rating AS rating,
        x.RatedAt AS rated_at
    FROM (
        SELECT
            t.Folio,
            s.Code AS StatusCode,
            s.Name AS StatusName,
            s.IsOpen,
            t.CreatedAt,
            t.UpdatedAt,
            rt.Name AS RequesterTypeName,
            pc.Name AS CategoryName,
            c.Name AS CampusName,
            l.Name AS LocationName,
            t.LocationDetail,
            t.EquipmentTag,
            CASE
                WHEN e.EquipmentId IS NOT NULL
                    THEN LTRIM(e.Kind + COALESCE(N' ' + e.Brand, N'') + COALESCE(N' ' + e.Model, N''))
                ELSE STUFF(
                    COALESCE(N', marca ' + t.EquipmentBrand, N'') + COALESCE(N', serie ' + t.EquipmentSerial, N''),
                    1, 2, N''
                )
            END AS EquipmentDescription,
            t.EquipmentCondition,
            t.Description,
            (SELECT COUNT(*) FROM app.Attachment AS a WHERE a.TicketId = t.TicketId) AS Photos,
            CASE WHEN EXISTS (
                SELECT 1 FROM app.StatusTransition AS st
                WHERE st.FromStatusId = t.StatusId AND st.Actor = N'solicitante_confirma'
            ) THEN 1 ELSE 0 END AS CanConfirm,
            CASE WHEN EXISTS (
                SELECT 1 FROM app.StatusTransition AS st
                WHERE st.FromStatusId = t.StatusId AND st.Actor = N'solicitante_reabre'
            ) THEN 1 ELSE 0 END AS CanReopen,
            CAST(r.Rating AS INT) AS Rating,
            r.RatedAt
        FROM app.Ticket AS t
        INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
        INNER JOIN app.RequesterType AS rt ON t.RequesterTypeId = rt.RequesterTypeId
        INNER JOIN app.ProblemCategory AS pc ON t.CategoryId = pc.CategoryId
        INNER JOIN app.Campus AS c ON t.CampusId = c.CampusId
        LEFT JOIN app.Location AS l ON t.LocationId = l.LocationId
        LEFT JOIN app.Equipment AS e ON t.EquipmentId = e.EquipmentId
        LEFT JOIN app.TicketRating AS r ON t.TicketId = r.TicketId
        WHERE t.TicketId = @TicketId
    ) AS x;
END;
GO
