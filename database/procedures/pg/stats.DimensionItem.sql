-- stats.dimension_item: display name of every item a statistics dimension can hold,
-- so breakdowns name their rows the same way in every procedure.
CREATE OR REPLACE VIEW stats.dimension_item AS
SELECT
    'status'::VARCHAR(16) AS dimension,
    s.status_id::INT AS item_id,
    s.name::VARCHAR(120) AS item_name,
    s.sort_order::INT AS sort_order
FROM app.status AS s
UNION ALL
SELECT
    'campus',
    c.campus_id::INT,
    c.name,
    c.sort_order::INT
FROM app.campus AS c
UNION ALL
SELECT
    'category',
    pc.category_id::INT,
    pc.name,
    pc.sort_order::INT
FROM app.problem_category AS pc
UNION ALL
SELECT
    'requester_type',
    rt.requester_type_id::INT,
    rt.name,
    rt.sort_order::INT
FROM app.requester_type AS rt
UNION ALL
SELECT
    'department',
    d.department_id::INT,
    d.name,
    d.sort_order::INT
FROM app.department AS d
UNION ALL
SELECT
    'priority',
    p.priority_id::INT,
    p.name,
    p.rank::INT
FROM app.priority AS p
UNION ALL
SELECT
    'operator',
    su.staff_id,
    su.full_name,
    0
FROM app.staff_user AS su
UNION ALL
SELECT
    'operator',
    0,
    'Sin asignar',
    0;
