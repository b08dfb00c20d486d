-- demo.seed_catalog: demo equipment for every location and demo operators,
-- so that generated tickets have machines and staff to point at. Owner only
-- (never granted); idempotent: rows are added only when missing.
-- Equipment tags look like ITL-C1-L4-CO07 (campus, location, kind, number); demo
-- operators are named demo.<name>, with a random verifier (they cannot log in).
CREATE OR REPLACE FUNCTION demo.seed_catalog()
RETURNS TABLE (equipment_added INT, staff_added INT)
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_equipment INT;
    v_staff INT;
BEGIN
    -- How many items of each kind a location of each kind holds.
    WITH plan (location_kind, equipment_kind, per_location) AS (
        VALUES
        ('laboratorio', 'computadora', 30), ('laboratorio', 'impresora', 2),
        ('laboratorio', 'proyector', 2), ('laboratorio', 'red', 2), ('laboratorio', 'servidor', 1),
        ('aula', 'computadora', 10), ('aula', 'proyector', 10), ('aula', 'red', 2),
        ('oficina', 'computadora', 12), ('oficina', 'laptop', 4), ('oficina', 'impresora', 3),
        ('oficina', 'telefono', 6), ('oficina', 'red', 1),
        ('biblioteca', 'computadora', 20), ('biblioteca', 'impresora', 2), ('biblioteca', 'red', 2),
        ('auditorio', 'computadora', 2), ('auditorio', 'proyector', 2), ('auditorio', 'red', 1),
        ('edificio', 'computadora', 4), ('edificio', 'red', 1),
        ('otro', 'computadora', 4), ('otro', 'red', 1)
    ),

    models (equipment_kind, variant, brand, model) AS (
        VALUES
        ('computadora', 0, 'Dell', 'OptiPlex 7090'), ('computadora', 1, 'HP', 'ProDesk 400 G7'),
        ('computadora', 2, 'Lenovo', 'ThinkCentre M70q'),
        ('laptop', 0, 'Dell', 'Latitude 5420'), ('laptop', 1, 'HP', 'ProBook 440 G8'),
        ('laptop', 2, 'Lenovo', 'ThinkPad E14'),
        ('impresora', 0, 'HP', 'LaserJet Pro M404dn'), ('impresora', 1, 'Epson', 'EcoTank L3250'),
        ('impresora', 2, 'Brother', 'HL-L5100DN'),
        ('proyector', 0, 'Epson', 'PowerLite X49'), ('proyector', 1, 'BenQ', 'MS560'),
        ('proyector', 2, 'Epson', 'PowerLite W52+'),
        ('telefono', 0, 'Grandstream', 'GXP1625'), ('telefono', 1, 'Cisco', 'IP Phone 7821'),
        ('telefono', 2, 'Yealink', 'SIP-T31P'),
        ('red', 0, 'Cisco', 'Catalyst 2960-X'), ('red', 1, 'Ubiquiti', 'UniFi AP AC Pro'),
        ('red', 2, 'TP-Link', 'Omada EAP245'),
        ('servidor', 0, 'Dell', 'PowerEdge R740'), ('servidor', 1, 'HP', 'ProLiant DL380 Gen10'),
        ('servidor', 2, 'Lenovo', 'ThinkSystem SR650')
    ),

    wanted AS (
        SELECT
            l.location_id,
            p.equipment_kind,
            c.code
            || '-L' || l.location_id::TEXT
            || '-' || upper(left(p.equipment_kind, 2))
            || lpad(g.n::TEXT, 2, '0') AS tag_tail,
            (l.location_id + g.n) % 3 AS variant
        FROM app.location AS l
        INNER JOIN app.campus AS c ON l.campus_id = c.campus_id
        INNER JOIN plan AS p ON l.kind = p.location_kind
        CROSS JOIN LATERAL generate_series(1, p.per_location) AS g (n)
        WHERE l.is_active
    )

    INSERT INTO app.equipment (inventory_tag, serial_number, brand, model, kind, location_id)
    SELECT
        'ITL-' || w.tag_tail,
        upper(left(md5('serie ' || w.tag_tail), 12)),
        m.brand,
        m.model,
        w.equipment_kind,
        w.location_id
    FROM wanted AS w
    INNER JOIN models AS m ON w.equipment_kind = m.equipment_kind AND w.variant = m.variant
    WHERE NOT EXISTS (
        SELECT 1 FROM app.equipment AS e
        WHERE e.inventory_tag = 'ITL-' || w.tag_tail
    );
    GET DIAGNOSTICS v_equipment = ROW_COUNT;

    INSERT INTO app.staff_user (
        username, full_name, role, salt, iterations, verifier, must_change_password
    )
    SELECT
        d.username,
        d.full_name,
        'operador',
        uuid_send(gen_random_uuid()),
        600000,
        sha256(uuid_send(gen_random_uuid())),
        TRUE
    FROM (
        VALUES
        ('demo.mlopez', 'María Guadalupe López Ramírez'),
        ('demo.jhernandez', 'José Luis Hernández Torres'),
        ('demo.agarcia', 'Ana Karen García Muñoz'),
        ('demo.rmartinez', 'Roberto Martínez Aguilar'),
        ('demo.lsanchez', 'Laura Patricia Sánchez Ortiz'),
        ('demo.fgomez', 'Francisco Javier Gómez Rocha'),
        ('demo.cruiz', 'Claudia Ruiz Mendoza'),
        ('demo.ediaz', 'Eduardo Díaz Castillo'),
        ('demo.pvargas', 'Paola Vargas Navarro'),
        ('demo.areyes', 'Alejandro Reyes Medina'),
        ('demo.sflores', 'Sofía Flores Guerrero'),
        ('demo.mcastro', 'Miguel Ángel Castro Silva')
    ) AS d (username, full_name)
    WHERE NOT EXISTS (
        SELECT 1 FROM app.staff_user AS su
        WHERE su.username = d.username
    );
    GET DIAGNOSTICS v_staff = ROW_COUNT;

    RETURN QUERY SELECT v_equipment, v_staff;
END;
$$;
