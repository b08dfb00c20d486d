-- staff.ListFilterCatalogs: every catalog the queue filters and the ticket actions need,
-- in one call: status, campus, location (parent = campus), category, priority,
-- requester_type, and the allowed status transitions (parent = from, item = to).
IF OBJECT_ID(N'staff.ListFilterCatalogs', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListFilterCatalogs AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListFilterCatalogs
    @Token VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;

    SELECT
        c.catalog,
        c.item_id,
        c.parent_id,
        c.code,
        c.name,
        c.sort_order,
        c.is_active
    FROM (
        SELECT
            N'status' AS catalog,
            CAST(s.StatusId AS INT) AS item_id,
            CAST(NULL AS INT) AS parent_id,
            s.Code AS code,
            s.Name AS name,
            CAST(s.SortOrder AS INT) AS sort_order,
            CAST(1 AS BIT) AS is_active
        FROM app.Status AS s
        UNION ALL
        SELECT
            N'campus',
            CAST(c.CampusId AS INT),
            NULL,
            c.Code,
            c.Name,
            CAST(c.SortOrder AS INT),
            c.IsActive
        FROM app.Campus AS c
        UNION ALL
        SELECT
            N'location',
            l.LocationId,
            CAST(l.CampusId AS INT),
            l.Kind,
            l.Name,
            CAST(l.SortOrder AS INT),
            l.IsActive
        FROM app.Location AS l
        UNION ALL
        SELECT
            N'category',
            CAST(pc.CategoryId AS INT),
            NULL,
            pc.Kind,
            pc.Name,
            CAST(pc.SortOrder AS INT),
            pc.IsActive
        FROM app.ProblemCategory AS pc
        UNION ALL
        SELECT
            N'priority',
            CAST(p.PriorityId AS INT),
            NULL,
            p.Code,
            p.Name,
            CAST(p.Rank AS INT),
            p.IsActive
        FROM app.Priority AS p
        UNION ALL
        SELECT
            N'requester_type',
            CAST(rt.RequesterTypeId AS INT),
            NULL,
            rt.Code,
            rt.Name,
            CAST(rt.SortOrder AS INT),
            rt.IsActive
        FROM app.RequesterType AS rt
        UNION ALL
        SELECT
            N'transition',
            CAST(st.ToStatusId AS INT),
            CAST(st.FromStatusId AS INT),
            s2.Code,
            s2.Name,
            CAST(s2.SortOrder AS INT),
            CAST(1 AS BIT)
        FROM app.StatusTransition AS st
        INNER JOIN app.Status AS s2 ON st.ToStatusId = s2.StatusId
        WHERE st.AdminOnly = 0 AND st.Actor = N'personal'
    ) AS c
    ORDER BY c.catalog, c.sort_order, c.item_id;
END;
GO
