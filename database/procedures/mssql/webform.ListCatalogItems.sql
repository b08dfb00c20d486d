-- webform.ListCatalogItems: every active catalog item the web form offers, in one call.
-- catalog: campus | location (parent_id = campus_id) | department | requester_type | problem_category.
-- code/detail carry what the form needs: campus (code, address); location (kind, building);
-- department (NULL, 'academico' when academic); requester_type (code, 'control_number' when it needs one);
-- problem_category (kind, 'needs_equipment' when the equipment must be named).
IF OBJECT_ID(N'webform.ListCatalogItems', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.ListCatalogItems AS RETURN 0;');
GO

ALTER PROCEDURE webform.ListCatalogItems
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    SELECT
        i.Catalog AS catalog,
        i.ItemId AS item_id,
        i.ParentId AS parent_id,
        i.Code AS code,
        i.Name AS name,
        i.Detail AS detail,
        i.SortOrder AS sort_order
    FROM (
        SELECT
            1 AS CatalogRank,
            CAST(N'campus' AS NVARCHAR(20)) AS Catalog,
            CAST(c.CampusId AS INT) AS ItemId,
            CAST(NULL AS INT) AS ParentId,
            CAST(c.Code AS NVARCHAR(60)) AS Code,
            CAST(c.Name AS NVARCHAR(120)) AS Name,
            CAST(c.Address AS NVARCHAR(300)) AS Detail,
            CAST(c.SortOrder AS INT) AS SortOrder
        FROM app.Campus AS c
        WHERE c.IsActive = 1
        UNION ALL
        SELECT
            2,
            N'location',
            l.LocationId,
            CAST(l.CampusId AS INT),
            l.Kind,
            l.Name,
            l.Building,
            CAST(l.SortOrder AS INT)
        FROM app.Location AS l
        INNER JOIN app.Campus AS c ON l.CampusId = c.CampusId
        WHERE l.IsActive = 1 AND c.IsActive = 1
        UNION ALL
        SELECT
            3,
            N'department',
            CAST(d.DepartmentId AS INT),
            NULL,
            NULL,
            d.Name,
            CASE WHEN d.IsAcademic = 1 THEN N'academico' END,
            CAST(d.SortOrder AS INT)
        FROM app.Department AS d
        WHERE d.IsActive = 1
        UNION ALL
        SELECT
            4,
            N'requester_type',
            CAST(rt.RequesterTypeId AS INT),
            NULL,
            rt.Code,
            rt.Name,
            CASE WHEN rt.NeedsControlNumber = 1 THEN N'control_number' END,
            CAST(rt.SortOrder AS INT)
        FROM app.RequesterType AS rt
        WHERE rt.IsActive = 1
        UNION ALL
        SELECT
            5,
            N'problem_category',
            CAST(pc.CategoryId AS INT),
            NULL,
            pc.Kind,
            pc.Name,
            CASE WHEN pc.NeedsEquipment = 1 THEN N'needs_equipment' END,
            CAST(pc.SortOrder AS INT)
        FROM app.ProblemCategory AS pc
        WHERE pc.IsActive = 1
    ) AS i
    ORDER BY i.CatalogRank, CASE WHEN i.ParentId IS NULL THEN 0 ELSE 1 END, i.ParentId, i.SortOrder, i.Name;
END;
GO
