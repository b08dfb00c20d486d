-- stats.DimensionItem: display name of every item a statistics dimension can hold,
-- so breakdowns name their rows the same way in every procedure.
IF OBJECT_ID(N'stats.DimensionItem', N'V') IS NOT NULL
    DROP VIEW stats.DimensionItem;
GO

CREATE VIEW stats.DimensionItem AS
SELECT
    CAST(N'status' AS NVARCHAR(16)) AS Dimension,
    CAST(s.StatusId AS INT) AS ItemId,
    CAST(s.Name AS NVARCHAR(120)) AS ItemName,
    CAST(s.SortOrder AS INT) AS SortOrder
FROM app.Status AS s
UNION ALL
SELECT
    N'campus',
    CAST(c.CampusId AS INT),
    c.Name,
    CAST(c.SortOrder AS INT)
FROM app.Campus AS c
UNION ALL
SELECT
    N'category',
    CAST(pc.CategoryId AS INT),
    pc.Name,
    CAST(pc.SortOrder AS INT)
FROM app.ProblemCategory AS pc
UNION ALL
SELECT
    N'requester_type',
    CAST(rt.RequesterTypeId AS INT),
    rt.Name,
    CAST(rt.SortOrder AS INT)
FROM app.RequesterType AS rt
UNION ALL
SELECT
    N'department',
    CAST(d.DepartmentId AS INT),
    d.Name,
    CAST(d.SortOrder AS INT)
FROM app.Department AS d
UNION ALL
SELECT
    N'priority',
    CAST(p.PriorityId AS INT),
    p.Name,
    CAST(p.Rank AS INT)
FROM app.Priority AS p
UNION ALL
SELECT
    N'operator',
    su.StaffId,
    su.FullName,
    0
FROM app.StaffUser AS su
UNION ALL
SELECT
    N'operator',
    0,
    N'Sin asignar',
    0;
GO
