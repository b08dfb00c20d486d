-- staff.GetTicket: everything the requester sent plus the ticket's current state, with due_at
-- (open tickets: the due instant in working hours, app.TicketClock, stored on the ticket),
-- due_kind (which target that instant is: 'primera_respuesta' while nobody has answered and the
-- response target comes first, else 'resolucion'; NULL with due_at) and is_open (its status is
-- open: assign and priority changes are refused otherwise, 3008), so the app says what is due and
-- disables what the database would refuse without repeating those rules.
IF OBJECT_ID(N'staff.GetTicket', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.GetTicket AS RETURN 0;');
GO

ALTER PROCEDURE staff.GetTicket
    @Token VARBINARY(64),
    @TicketId BIGINT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;

    IF NOT EXISTS (SELECT 1 FROM app.Ticket AS t WHERE t.TicketId = @TicketId)
        EXEC app.RaiseError @ErrorId = 3001;

    SELECT
        t.TicketId AS ticket_id,
        t.Folio AS folio,
        t.CreatedAt AS created_at,
        t.UpdatedAt AS updated_at,
        t.RequesterName AS requester_name,
        CAST(t.RequesterTypeId AS INT) AS requester_type_id,
        rt.Name AS requester_type_name,
        CAST(t.DepartmentId AS INT) AS department_id,
        d.Name AS department_name,
        t.ContactEmail AS contact_email,
        t.ContactPhone AS contact_phone,
        t.ControlNumber AS control_number,
        CAST(t.CampusId AS INT) AS campus_id,
        c.Name AS campus_name,
        t.LocationId AS location_id,
        l.Name AS location_name,
        t.LocationDetail AS location_detail,
        t.EquipmentId AS equipment_id,
        t.EquipmentTag AS equipment_tag,
        t.EquipmentBrand AS equipment_brand,
        t.EquipmentSerial AS equipment_serial,
        t.EquipmentCondition AS equipment_condition,
        CAST(t.CategoryId AS INT) AS category_id,
        pc.Name AS category_name,
        t.Description AS description,
        CAST(t.StatusId AS INT) AS status_id,
        s.Code AS status_code,
        s.Name AS status_name,
        CAST(t.PriorityId AS INT) AS priority_id,
        p.Name AS priority_name,
        t.AssignedTo AS assigned_to,
        su.FullName AS assignee_name,
        t.FirstResponseAt AS first_response_at,
        t.ResolvedAt AS resolved_at,
        t.ClosedAt AS closed_at,
        t.RowVersion AS row_version,
        (SELECT COUNT(*) FROM app.Attachment AS a WHERE a.TicketId = t.TicketId) AS attachment_count,
        CAST(CASE
            WHEN s.Code = N'nuevo' AND NOT EXISTS (
                SELECT 1 FROM app.TicketEvent AS e
                WHERE e.TicketId = t.TicketId AND e.ActorStaffId IS NOT NULL
            ) THEN 1
            ELSE 0
        END AS BIT) AS is_new,
        t.DueAt AS due_at,
        CAST(CASE
            WHEN t.DueAt IS NULL THEN NULL
            WHEN t.FirstResponseAt IS NULL AND p.ResponseTargetHours <= p.ResolutionTargetHours
                THEN N'primera_respuesta'
            ELSE N'resolucion'
        END AS NVARCHAR(20)) AS due_kind,
        s.IsOpen AS is_open
    FROM app.Ticket AS t
    INNER JOIN app.RequesterType AS rt ON t.RequesterTypeId = rt.RequesterTypeId
    INNER JOIN app.Department AS d ON t.DepartmentId = d.DepartmentId
    INNER JOIN app.Campus AS c ON t.CampusId = c.CampusId
    LEFT JOIN app.Location AS l ON t.LocationId = l.LocationId
    INNER JOIN app.ProblemCategory AS pc ON t.CategoryId = pc.CategoryId
    INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
    INNER JOIN app.Priority AS p ON t.PriorityId = p.PriorityId
    LEFT JOIN app.StaffUser AS su ON t.AssignedTo = su.StaffId
    WHERE t.TicketId = @TicketId;
END;
GO
