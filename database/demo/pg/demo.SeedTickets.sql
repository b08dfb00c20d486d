-- demo.seed_tickets: generate one batch of realistic demo tickets with their
-- history, set-based, inside the database. Owner only (never granted).
--
-- The batch is slice [p_position, p_position + p_count) of a run of p_total tickets
-- spread over working days (Monday to Friday, 08:00-20:00 Mexico City) between
-- p_period_start and p_period_end, so that calling it for consecutive slices gives
-- tickets whose ids grow with their creation time, as real ones do.
-- Each ticket gets its events as of now(): creado, asignado, prioridad (from the
-- default to the drawn one), estado (en proceso, en espera and back, resuelto,
-- cerrado or cancelado), notas and respuestas.
-- Resolution times are lognormal with a median by priority; most tickets are
-- closed, recent ones are still open, and a few old ones stay stuck (backlog).
-- Refuses (9101) when the database holds real tickets, unless p_force.
-- Machines and staff come from demo.seed_catalog (call it first).
-- Every batch is recorded in demo.batch (real = all tickets - demo tickets).
-- requires: app.FormatFolio
CREATE OR REPLACE FUNCTION demo.seed_tickets(
    p_count INT,
    p_position BIGINT,
    p_total BIGINT,
    p_period_start TIMESTAMPTZ,
    p_period_end TIMESTAMPTZ,
    p_force BOOLEAN
)
RETURNS TABLE (
    batch_id INT, first_ticket_id BIGINT, last_ticket_id BIGINT, ticket_count INT, event_count INT
)
LANGUAGE plpgsql
SET search_path = pg_catalog, app, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_now TIMESTAMPTZ := now();
    v_real BIGINT;
    v_monday DATE;
    v_workdays INT;
    v_events INT;
    v_batch_id INT;
    v_first BIGINT;
    v_last BIGINT;
    v_s_nuevo SMALLINT;
    v_s_asignado SMALLINT;
    v_s_proceso SMALLINT;
    v_s_espera SMALLINT;
    v_s_resuelto SMALLINT;
    v_s_cerrado SMALLINT;
    v_s_cancelado SMALLINT;
    v_p_default SMALLINT;
    v_first_names TEXT[] := ARRAY[
        'María', 'José', 'Juan', 'Guadalupe', 'Luis', 'Ana', 'Carlos', 'Fernanda', 'Jorge', 'Daniela',
        'Miguel', 'Andrea', 'Alejandro', 'Sofía', 'Ricardo', 'Valeria', 'Fernando', 'Mariana', 'Diego', 'Gabriela',
        'Eduardo', 'Paola', 'Javier', 'Alejandra', 'Arturo', 'Karla', 'Roberto', 'Ximena', 'Óscar', 'Verónica',
        'Sergio', 'Lucía', 'Raúl', 'Brenda', 'Emilio', 'Diana', 'Héctor', 'Claudia', 'Iván', 'Mónica'
    ];
    v_last_names TEXT[] := ARRAY[
        'Hernández', 'García', 'Martínez', 'López', 'González', 'Rodríguez', 'Pérez', 'Sánchez', 'Ramírez', 'Cruz',
        'Flores', 'Gómez', 'Morales', 'Vázquez', 'Reyes', 'Jiménez', 'Torres', 'Díaz', 'Gutiérrez', 'Ruiz',
        'Mendoza', 'Aguilar', 'Ortiz', 'Moreno', 'Castillo', 'Romero', 'Álvarez', 'Méndez', 'Chávez', 'Rivera',
        'Juárez', 'Ramos', 'Domínguez', 'Herrera', 'Medina', 'Castro', 'Vargas', 'Guzmán', 'Velázquez', 'Muñoz'
    ];
    v_notes TEXT[] := ARRAY[
        'Se revisó el equipo en sitio; se reemplazó el cable de red.',
        'Se restableció la contraseña desde la consola de administración.',
        'Pendiente de refacción; se solicitó a Recursos Materiales.',
        'Se reinstaló el controlador y se reinició el servicio de impresión.',
        'Se escaló con el proveedor de Internet; reporte abierto.',
        'Se verificó con el usuario por teléfono; el problema persiste solo en el laboratorio.',
        'Se aplicaron actualizaciones pendientes del sistema operativo.',
        'Se reasignó el punto de acceso al canal 11 por interferencia.'
    ];
    v_replies TEXT[] := ARRAY[
        'Hola, ya revisamos su solicitud. Por favor intente de nuevo y nos confirma.',
        'Su cuenta fue restablecida. Use la contraseña temporal que se le entregó en ventanilla.',
        'Un técnico pasará hoy por la tarde a revisar el equipo.',
        'Necesitamos el número de inventario del equipo para continuar; está en la etiqueta plateada.',
        'El servicio ya fue restablecido. Gracias por su paciencia.',
        'El equipo se llevará al Centro de Cómputo para diagnóstico; le avisaremos al terminar.'
    ];
BEGIN
    IF p_count IS NULL OR p_count < 1 OR p_count > 100000
        OR p_position IS NULL OR p_position < 0
        OR p_total IS NULL OR p_total < p_position + p_count THEN
        PERFORM app.raise_error(9102);
    END IF;
    IF p_period_start IS NULL OR p_period_end IS NULL OR p_period_start >= p_period_end
        OR p_period_end > v_now + INTERVAL '1 minute' THEN
        PERFORM app.raise_error(9103);
    END IF;

    IF NOT coalesce(p_force, FALSE) THEN
        SELECT
            (SELECT count(*) FROM app.ticket)
            - coalesce((SELECT sum(db.ticket_count) FROM demo.batch AS db), 0)
        INTO v_real;
        IF v_real > 0 THEN
            PERFORM app.raise_error(9101);
        END IF;
    END IF;

    SELECT s.status_id INTO v_s_nuevo FROM app.status AS s WHERE s.code = 'nuevo';
    SELECT s.status_id INTO v_s_asignado FROM app.status AS s WHERE s.code = 'asignado';
    SELECT s.status_id INTO v_s_proceso FROM app.status AS s WHERE s.code = 'en_proceso';
    SELECT s.status_id INTO v_s_espera FROM app.status AS s WHERE s.code = 'en_espera';
    SELECT s.status_id INTO v_s_resuelto FROM app.status AS s WHERE s.code = 'resuelto';
    SELECT s.status_id INTO v_s_cerrado FROM app.status AS s WHERE s.code = 'cerrado';
    SELECT s.status_id INTO v_s_cancelado FROM app.status AS s WHERE s.code = 'cancelado';
    -- New tickets get the default priority; staff change it when they assign (a 'prioridad' event).
    SELECT p.priority_id INTO v_p_default
    FROM app.priority AS p
    ORDER BY p.is_default DESC, p.is_active DESC, p.rank
    LIMIT 1;

    -- Working days (Mon-Fri) from the Monday on or before the start to the end.
    v_monday := date_trunc('week', p_period_start AT TIME ZONE 'America/Mexico_City')::DATE;
    v_workdays := greatest(1,
        ((p_period_end AT TIME ZONE 'America/Mexico_City')::DATE - v_monday) / 7 * 5
        + least(((p_period_end AT TIME ZONE 'America/Mexico_City')::DATE - v_monday) % 7, 5));

    -- ---- weighted catalogs: [lo, hi) slices of [0, 1) ------------------------
    DROP TABLE IF EXISTS pg_temp.seed_pick;
    CREATE TEMP TABLE seed_pick (
        catalog VARCHAR(20) NOT NULL,
        grp INT NOT NULL,
        item_id INT NOT NULL,
        lo FLOAT8 NOT NULL,
        hi FLOAT8 NOT NULL
    ) ON COMMIT DROP;

    -- One weight per item and group (uniform items weigh 1); every slice is its
    -- running share of the group's total weight, computed once for all catalogs.
    INSERT INTO seed_pick (catalog, grp, item_id, lo, hi)
    SELECT w.catalog, w.grp, w.item_id,
        (sum(w.weight) OVER (PARTITION BY w.catalog, w.grp ORDER BY w.item_id ROWS UNBOUNDED PRECEDING)
            - w.weight)
        / sum(w.weight) OVER (PARTITION BY w.catalog, w.grp),
        sum(w.weight) OVER (PARTITION BY w.catalog, w.grp ORDER BY w.item_id ROWS UNBOUNDED PRECEDING)
        / sum(w.weight) OVER (PARTITION BY w.catalog, w.grp)
    FROM (
        SELECT 'category' AS catalog, 0 AS grp, pc.category_id::INT AS item_id,
            CASE pc.name
                WHEN 'Internet' THEN 14 WHEN 'Red inalámbrica' THEN 14
                WHEN 'Correo institucional' THEN 12 WHEN 'Software general' THEN 12
                WHEN 'Impresoras' THEN 10 WHEN 'Cuenta Office (Microsoft 365)' THEN 8
                WHEN 'Hardware general' THEN 8 WHEN 'Cuenta Aula Virtual' THEN 7
                WHEN 'Cuenta Cetech' THEN 6 WHEN 'Red cableada' THEN 5 WHEN 'Telefonía' THEN 4
                ELSE 3
            END::FLOAT8 AS weight
        FROM app.problem_category AS pc
        WHERE pc.is_active
        UNION ALL
        SELECT 'priority', 0, p.priority_id::INT,
            CASE p.code
                WHEN 'baja' THEN 20 WHEN 'media' THEN 50 WHEN 'alta' THEN 22 WHEN 'urgente' THEN 8
                ELSE 4
            END::FLOAT8
        FROM app.priority AS p
        WHERE p.is_active
        UNION ALL
        SELECT 'requester_type', 0, rt.requester_type_id::INT,
            CASE rt.code
                WHEN 'alumno' THEN 55 WHEN 'docente' THEN 22 WHEN 'administrativo' THEN 15
                WHEN 'jefe_departamento' THEN 5 WHEN 'subdireccion' THEN 2 WHEN 'direccion' THEN 1
                ELSE 2
            END::FLOAT8
        FROM app.requester_type AS rt
        WHERE rt.is_active
        UNION ALL
        SELECT 'campus', 0, c.campus_id::INT,
            CASE c.code WHEN 'C1' THEN 78 WHEN 'C2' THEN 22 ELSE 5 END::FLOAT8
        FROM app.campus AS c
        WHERE c.is_active
        UNION ALL
        -- Departments: academic ones for students and teachers (group 1), the
        -- rest for staff (group 0). Both groups get every department when one
        -- of them would be empty.
        SELECT 'department', g.grp, d.department_id::INT, 1::FLOAT8
        FROM app.department AS d
        CROSS JOIN (VALUES (0), (1)) AS g (grp)
        WHERE d.is_active
            AND (
                d.is_academic = (g.grp = 1)
                OR NOT EXISTS (
                    SELECT 1 FROM app.department AS d2
                    WHERE d2.is_active AND d2.is_academic = (g.grp = 1)
                )
            )
        UNION ALL
        -- Locations by campus, equipment by location, demo operators: uniform.
        SELECT 'location', l.campus_id::INT, l.location_id, 1::FLOAT8
        FROM app.location AS l
        WHERE l.is_active
        UNION ALL
        SELECT 'equipment', e.location_id, e.equipment_id, 1::FLOAT8
        FROM app.equipment AS e
        WHERE e.is_active AND e.location_id IS NOT NULL
        UNION ALL
        SELECT 'operator', 0, su.staff_id, 1::FLOAT8
        FROM app.staff_user AS su
        WHERE su.is_active AND su.username LIKE 'demo.%'
    ) AS w;

    CREATE INDEX ON seed_pick (catalog, grp, lo);
    ANALYZE seed_pick;

    -- ---- one row per ticket: random draws, then picks, then its timeline ------
    DROP TABLE IF EXISTS pg_temp.seed_ticket;
    CREATE TEMP TABLE seed_ticket ON COMMIT DROP AS
    SELECT
        nextval('app.ticket_seq') AS ticket_id,
        d.*,
        -- position on the working-day timeline: day k, fraction f of the 12-hour day
        floor(d.t * v_workdays)::INT AS workday,
        d.t * v_workdays - floor(d.t * v_workdays) AS day_fraction
    FROM (
        SELECT
            g.n,
            (p_position + g.n - 1 + random()) / p_total AS t,
            random() AS r_category, random() AS r_priority, random() AS r_type, random() AS r_department,
            random() AS r_campus, random() AS r_location, random() AS r_equipment, random() AS r_operator,
            greatest(random(), 1e-12) AS u1, random() AS u2, random() AS r_first, random() AS r_close,
            random() AS r_path, random() AS r_wait, random() AS r_note, random() AS r_reply,
            random() AS r_text, random() AS r_contact,
            1 + floor(random() * 40)::INT AS i_first, 1 + floor(random() * 40)::INT AS i_last1,
            1 + floor(random() * 40)::INT AS i_last2
        FROM generate_series(1, p_count) AS g (n)
        ORDER BY g.n
    ) AS d;

    ALTER TABLE seed_ticket
    ADD COLUMN created_at TIMESTAMPTZ,
    ADD COLUMN category_id INT, ADD COLUMN priority_id INT, ADD COLUMN requester_type_id INT,
    ADD COLUMN department_id INT, ADD COLUMN campus_id INT, ADD COLUMN location_id INT,
    ADD COLUMN equipment_id INT, ADD COLUMN operator_id INT,
    ADD COLUMN resolve_hours FLOAT8, ADD COLUMN cancelled BOOLEAN, ADD COLUMN stuck BOOLEAN,
    ADD COLUMN t_assign TIMESTAMPTZ, ADD COLUMN t_progress TIMESTAMPTZ, ADD COLUMN t_wait TIMESTAMPTZ,
    ADD COLUMN t_resume TIMESTAMPTZ, ADD COLUMN t_note TIMESTAMPTZ, ADD COLUMN t_reply TIMESTAMPTZ,
    ADD COLUMN t_resolved TIMESTAMPTZ, ADD COLUMN t_closed TIMESTAMPTZ, ADD COLUMN t_cancel TIMESTAMPTZ,
    ADD COLUMN t_prio TIMESTAMPTZ;

    UPDATE seed_ticket AS st SET
        created_at = least(
            (v_monday + (st.workday / 5 * 7 + st.workday % 5) + TIME '08:00'
                + st.day_fraction * INTERVAL '12 hours') AT TIME ZONE 'America/Mexico_City',
            p_period_end - (p_total - p_position - st.n + 1) * INTERVAL '1 millisecond'),
        category_id = (SELECT sp.item_id FROM seed_pick AS sp
            WHERE sp.catalog = 'category' AND sp.grp = 0 AND sp.lo <= st.r_category
            ORDER BY sp.lo DESC LIMIT 1),
        priority_id = (SELECT sp.item_id FROM seed_pick AS sp
            WHERE sp.catalog = 'priority' AND sp.grp = 0 AND sp.lo <= st.r_priority
            ORDER BY sp.lo DESC LIMIT 1),
        requester_type_id = (SELECT sp.item_id FROM seed_pick AS sp
            WHERE sp.catalog = 'requester_type' AND sp.grp = 0 AND sp.lo <= st.r_type
            ORDER BY sp.lo DESC LIMIT 1),
        campus_id = (SELECT sp.item_id FROM seed_pick AS sp
            WHERE sp.catalog = 'campus' AND sp.grp = 0 AND sp.lo <= st.r_campus
            ORDER BY sp.lo DESC LIMIT 1),
        operator_id = (SELECT sp.item_id FROM seed_pick AS sp
            WHERE sp.catalog = 'operator' AND sp.grp = 0 AND sp.lo <= st.r_operator
            ORDER BY sp.lo DESC LIMIT 1);

    UPDATE seed_ticket AS st SET
        department_id = (SELECT sp.item_id FROM seed_pick AS sp
            WHERE sp.catalog = 'department'
                AND sp.grp = CASE WHEN rt.code IN ('alumno', 'docente') THEN 1 ELSE 0 END
                AND sp.lo <= st.r_department
            ORDER BY sp.lo DESC LIMIT 1),
        location_id = (SELECT sp.item_id FROM seed_pick AS sp
            WHERE sp.catalog = 'location' AND sp.grp = st.campus_id AND sp.lo <= st.r_location
            ORDER BY sp.lo DESC LIMIT 1)
    FROM app.requester_type AS rt
    WHERE rt.requester_type_id = st.requester_type_id;

    -- Equipment for hardware-like categories (70% of them name a machine).
    UPDATE seed_ticket AS st SET
        equipment_id = (SELECT sp.item_id FROM seed_pick AS sp
            WHERE sp.catalog = 'equipment' AND sp.grp = st.location_id AND sp.lo <= st.r_equipment
            ORDER BY sp.lo DESC LIMIT 1)
    FROM app.problem_category AS pc
    WHERE pc.category_id = st.category_id
        AND (pc.needs_equipment OR (pc.kind = 'equipo' AND st.r_contact < 0.7));

    -- Timeline: lognormal resolution time (Box-Muller) with a median by priority.
    UPDATE seed_ticket AS st SET
        resolve_hours = least(24 * 90, greatest(0.1, exp(
            ln(CASE p.code WHEN 'urgente' THEN 3 WHEN 'alta' THEN 10 WHEN 'media' THEN 30
                WHEN 'baja' THEN 80 ELSE 40 END)
            + 0.85 * sqrt(-2 * ln(st.u1)) * cos(2 * pi() * st.u2)))),
        cancelled = st.r_path < 0.03,
        stuck = st.r_path >= 0.03 AND st.r_path < 0.034
    FROM app.priority AS p
    WHERE p.priority_id = st.priority_id;

    UPDATE seed_ticket AS st SET
        t_cancel = CASE WHEN st.cancelled
            THEN st.created_at + (0.1 + 6 * st.r_first) * INTERVAL '1 hour' END,
        t_assign = CASE WHEN NOT st.cancelled
            THEN st.created_at + st.resolve_hours * (0.04 + 0.2 * st.r_first) * INTERVAL '1 hour' END;

    UPDATE seed_ticket AS st SET
        t_progress = st.t_assign + st.resolve_hours * 0.1 * INTERVAL '1 hour',
        t_prio = CASE WHEN st.priority_id <> v_p_default
            THEN st.t_assign + st.resolve_hours * 0.05 * INTERVAL '1 hour' END,
        t_wait = CASE WHEN st.r_wait < 0.18 OR st.stuck
            THEN st.t_assign + st.resolve_hours * 0.3 * INTERVAL '1 hour' END,
        t_resume = CASE WHEN st.r_wait < 0.18 AND NOT st.stuck
            THEN st.t_assign + st.resolve_hours * 0.5 * INTERVAL '1 hour' END,
        t_note = CASE WHEN st.r_note < 0.45
            THEN st.t_assign + st.resolve_hours * 0.6 * INTERVAL '1 hour' END,
        t_reply = CASE WHEN st.r_reply < 0.65
            THEN st.t_assign + st.resolve_hours * 0.75 * INTERVAL '1 hour' END,
        t_resolved = CASE WHEN NOT st.stuck
            THEN st.created_at + st.resolve_hours * INTERVAL '1 hour' END,
        t_closed = CASE WHEN NOT st.stuck
            THEN st.created_at + (st.resolve_hours + 24 + 96 * st.r_close) * INTERVAL '1 hour' END
    WHERE NOT st.cancelled;

    -- ---- the tickets, as they stand now --------------------------------------
    INSERT INTO app.ticket (
        ticket_id, folio, access_code_hash, idempotency_key, created_at, updated_at,
        requester_name, requester_type_id, department_id, contact_email, contact_phone, control_number,
        campus_id, location_id, location_detail, equipment_id, equipment_tag, equipment_brand,
        equipment_serial, equipment_condition, category_id, description, status_id, priority_id,
        assigned_to, first_response_at, resolved_at, closed_at, row_version
    )
    SELECT
        st.ticket_id,
        (SELECT f.folio FROM app.format_folio(st.ticket_id, st.created_at) AS f),
        sha256(uuid_send(gen_random_uuid())),
        gen_random_uuid(),
        st.created_at,
        greatest(
            st.created_at,
            CASE WHEN st.t_cancel <= v_now THEN st.t_cancel END,
            CASE WHEN st.t_assign <= v_now THEN st.t_assign END,
            CASE WHEN st.t_prio <= v_now THEN st.t_prio END,
            CASE WHEN st.t_progress <= v_now THEN st.t_progress END,
            CASE WHEN st.t_wait <= v_now THEN st.t_wait END,
            CASE WHEN st.t_resume <= v_now THEN st.t_resume END,
            CASE WHEN st.t_note <= v_now THEN st.t_note END,
            CASE WHEN st.t_reply <= v_now THEN st.t_reply END,
            CASE WHEN st.t_resolved <= v_now THEN st.t_resolved END,
            CASE WHEN st.t_closed <= v_now THEN st.t_closed END
        ),
        v_first_names[st.i_first] || ' ' || v_last_names[st.i_last1] || ' ' || v_last_names[st.i_last2],
        st.requester_type_id,
        st.department_id,
        CASE
            WHEN rt.needs_control_number THEN 'l' || lpad((18 + floor(st.r_contact * 8))::INT::TEXT, 2, '0')
                || '24' || lpad((st.ticket_id % 10000)::TEXT, 4, '0') || '@leon.tecnm.mx'
            WHEN st.r_contact < 0.85 THEN translate(lower(
                left(v_first_names[st.i_first], 1) || v_last_names[st.i_last1]), 'áéíóúñü', 'aeiounu')
                || '@leon.tecnm.mx'
        END,
        CASE WHEN NOT rt.needs_control_number AND st.r_contact >= 0.5
            THEN 'Ext. ' || (1000 + floor(st.r_text * 899))::INT::TEXT END,
        CASE WHEN rt.needs_control_number
            THEN lpad((18 + floor(st.r_contact * 8))::INT::TEXT, 2, '0') || '24'
            || lpad((st.ticket_id % 10000)::TEXT, 4, '0') END,
        st.campus_id,
        st.location_id,
        CASE
            WHEN l.kind = 'aula' THEN 'Salón ' || (1 + floor(st.r_text * 24))::INT::TEXT
            WHEN l.kind = 'laboratorio' THEN 'Mesa ' || (1 + floor(st.r_text * 10))::INT::TEXT
            WHEN l.kind = 'oficina' AND st.r_text < 0.5 THEN 'Cubículo ' || (1 + floor(st.r_text * 30))::INT::TEXT
        END,
        st.equipment_id,
        e.inventory_tag,
        e.brand,
        e.serial_number,
        CASE WHEN e.equipment_id IS NOT NULL THEN
            (ARRAY[
                'No enciende', 'Enciende pero no da imagen', 'Hace ruido y se apaga sola',
                'Atasco de papel frecuente', 'Sin conexión a la red', 'Pantalla con líneas'
            ])[1 + floor(st.r_text * 6)::INT]
        END,
        st.category_id,
        coalesce(tx.body, 'Solicito apoyo del Centro de Cómputo con ' || lower(pc.name) || '.')
        || CASE WHEN st.r_text < 0.3 THEN ' Es urgente porque tengo clase en la siguiente hora.' ELSE '' END,
        CASE
            WHEN st.t_cancel <= v_now THEN v_s_cancelado
            WHEN st.t_closed <= v_now THEN v_s_cerrado
            WHEN st.t_resolved <= v_now THEN v_s_resuelto
            WHEN st.t_wait <= v_now AND (st.t_resume IS NULL OR st.t_resume > v_now) THEN v_s_espera
            WHEN st.t_progress <= v_now THEN v_s_proceso
            WHEN st.t_assign <= v_now THEN v_s_asignado
            ELSE v_s_nuevo
        END,
        -- the drawn priority once staff set it; until then (and if cancelled) the default
        CASE WHEN st.t_prio <= v_now THEN st.priority_id ELSE v_p_default END,
        CASE WHEN st.t_assign <= v_now THEN st.operator_id END,
        CASE WHEN st.t_assign <= v_now THEN st.t_assign WHEN st.t_cancel <= v_now THEN st.t_cancel END,
        CASE WHEN st.t_resolved <= v_now THEN st.t_resolved END,
        CASE WHEN st.t_closed <= v_now THEN st.t_closed WHEN st.t_cancel <= v_now THEN st.t_cancel END,
        1
        + coalesce((st.t_cancel <= v_now)::INT, 0) + coalesce((st.t_assign <= v_now)::INT, 0)
        + coalesce((st.t_progress <= v_now)::INT, 0) + coalesce((st.t_wait <= v_now)::INT, 0)
        + coalesce((st.t_resume <= v_now)::INT, 0) + coalesce((st.t_note <= v_now)::INT, 0)
        + coalesce((st.t_reply <= v_now)::INT, 0) + coalesce((st.t_resolved <= v_now)::INT, 0)
        + coalesce((st.t_closed <= v_now)::INT, 0) + coalesce((st.t_prio <= v_now)::INT, 0)
    FROM seed_ticket AS st
    INNER JOIN app.requester_type AS rt ON st.requester_type_id = rt.requester_type_id
    INNER JOIN app.problem_category AS pc ON st.category_id = pc.category_id
    LEFT JOIN app.location AS l ON st.location_id = l.location_id
    LEFT JOIN app.equipment AS e ON st.equipment_id = e.equipment_id
    LEFT JOIN (
        VALUES
        ('Correo institucional', 0, 'No puedo entrar a mi correo institucional; dice que la contraseña es incorrecta.'),
        ('Correo institucional', 1, 'Mi correo no recibe mensajes desde ayer y el buzón aparece lleno.'),
        ('Cuenta Cetech', 0, 'No puedo iniciar sesión en el Cetech para consultar mis calificaciones.'),
        ('Cuenta Cetech', 1, 'El Cetech me muestra un error al cargar la reinscripción.'),
        ('Cuenta Office (Microsoft 365)', 0, 'Necesito activar Office con mi cuenta institucional y me marca licencia no válida.'),
        ('Cuenta Office (Microsoft 365)', 1, 'Teams no me deja entrar a la reunión de academia.'),
        ('Cuenta Aula Virtual', 0, 'No aparezco inscrito en mi grupo del Aula Virtual.'),
        ('Cuenta Aula Virtual', 1, 'No puedo subir la tarea al Aula Virtual; se queda cargando.'),
        ('Internet', 0, 'No hay Internet en el edificio desde la mañana.'),
        ('Internet', 1, 'El Internet está muy lento y las páginas no cargan.'),
        ('Software general', 0, 'Necesito que instalen MATLAB en las computadoras del laboratorio.'),
        ('Software general', 1, 'El antivirus marca una amenaza y no deja abrir los archivos.'),
        ('Impresoras', 0, 'La impresora no imprime y muestra error de papel atascado.'),
        ('Impresoras', 1, 'La impresora de la oficina imprime las hojas en blanco.'),
        ('Telefonía', 0, 'La extensión no tiene tono.'),
        ('Telefonía', 1, 'No se pueden hacer llamadas externas desde el teléfono de la oficina.'),
        ('Red inalámbrica', 0, 'No me puedo conectar a la red inalámbrica del Tec con mi laptop.'),
        ('Red inalámbrica', 1, 'La señal de la red inalámbrica se cae a cada rato en el salón.'),
        ('Red cableada', 0, 'El nodo de red de mi escritorio no da conexión.'),
        ('Red cableada', 1, 'El cable de red del laboratorio está dañado.'),
        ('Hardware general', 0, 'La computadora no enciende.'),
        ('Hardware general', 1, 'El proyector del aula no da imagen con la computadora.')
    ) AS tx (category_name, variant, body)
        ON pc.name = tx.category_name AND tx.variant = floor(st.r_text * 2)::INT
    ORDER BY st.ticket_id;

    -- ---- their history: one event per change, in time order ------------------
    INSERT INTO app.ticket_event (
        ticket_id, occurred_at, event_type, is_public, actor_staff_id,
        old_status_id, new_status_id, old_priority_id, new_priority_id, assigned_to, body
    )
    SELECT ev.ticket_id, ev.occurred_at, ev.event_type, ev.is_public, ev.actor_staff_id,
        ev.old_status_id, ev.new_status_id, ev.old_priority_id, ev.new_priority_id, ev.assigned_to, ev.body
    FROM (
        SELECT st.ticket_id, st.created_at AS occurred_at, 1 AS step, 'creado' AS event_type, TRUE AS is_public,
            NULL::INT AS actor_staff_id, NULL::SMALLINT AS old_status_id, v_s_nuevo AS new_status_id,
            NULL::SMALLINT AS old_priority_id, v_p_default AS new_priority_id,
            NULL::INT AS assigned_to, NULL::VARCHAR AS body
        FROM seed_ticket AS st
        UNION ALL
        SELECT st.ticket_id, st.t_prio, 11, 'prioridad', FALSE, st.operator_id, NULL, NULL,
            v_p_default, st.priority_id::SMALLINT, NULL, NULL
        FROM seed_ticket AS st WHERE st.t_prio <= v_now
        UNION ALL
        SELECT st.ticket_id, st.t_cancel, 2, 'estado', TRUE, st.operator_id, v_s_nuevo, v_s_cancelado, NULL, NULL, NULL,
            (ARRAY['Solicitud duplicada.', 'El usuario reporta que ya quedó resuelto.',
                'No corresponde al Centro de Cómputo; se canalizó a Mantenimiento.'])[1 + floor(st.r_text * 3)::INT]
        FROM seed_ticket AS st WHERE st.t_cancel <= v_now
        UNION ALL
        SELECT st.ticket_id, st.t_assign, 3, 'asignado', TRUE, st.operator_id, v_s_nuevo, v_s_asignado, NULL, NULL,
            st.operator_id, NULL
        FROM seed_ticket AS st WHERE st.t_assign <= v_now
        UNION ALL
        SELECT st.ticket_id, st.t_progress, 4, 'estado', TRUE, st.operator_id, v_s_asignado, v_s_proceso, NULL, NULL, NULL, NULL
        FROM seed_ticket AS st WHERE st.t_progress <= v_now
        UNION ALL
        SELECT st.ticket_id, st.t_wait, 5, 'estado', TRUE, st.operator_id, v_s_proceso, v_s_espera, NULL, NULL, NULL,
            'Esperamos su confirmación o información adicional.'
        FROM seed_ticket AS st WHERE st.t_wait <= v_now
        UNION ALL
        SELECT st.ticket_id, st.t_resume, 6, 'estado', TRUE, st.operator_id, v_s_espera, v_s_proceso, NULL, NULL, NULL, NULL
        FROM seed_ticket AS st WHERE st.t_resume <= v_now
        UNION ALL
        SELECT st.ticket_id, st.t_note, 7, 'nota', FALSE, st.operator_id, NULL, NULL, NULL, NULL, NULL,
            v_notes[1 + floor(st.r_note / 0.45 * 8)::INT]
        FROM seed_ticket AS st WHERE st.t_note <= v_now
        UNION ALL
        SELECT st.ticket_id, st.t_reply, 8, 'respuesta', TRUE, st.operator_id, NULL, NULL, NULL, NULL, NULL,
            v_replies[1 + floor(st.r_reply / 0.65 * 6)::INT]
        FROM seed_ticket AS st WHERE st.t_reply <= v_now
        UNION ALL
        SELECT st.ticket_id, st.t_resolved, 9, 'estado', TRUE, st.operator_id, v_s_proceso, v_s_resuelto, NULL, NULL, NULL,
            'Se resolvió la solicitud.'
        FROM seed_ticket AS st WHERE st.t_resolved <= v_now
        UNION ALL
        SELECT st.ticket_id, st.t_closed, 10, 'estado', TRUE, NULL, v_s_resuelto, v_s_cerrado, NULL, NULL, NULL,
            'Cerrada automáticamente tras la confirmación.'
        FROM seed_ticket AS st WHERE st.t_closed <= v_now
    ) AS ev
    ORDER BY ev.ticket_id, ev.occurred_at, ev.step;
    GET DIAGNOSTICS v_events = ROW_COUNT;

    SELECT min(st.ticket_id), max(st.ticket_id) INTO v_first, v_last FROM seed_ticket AS st;

    INSERT INTO demo.batch (
        first_ticket_id, last_ticket_id, ticket_count, event_count, period_start, period_end
    )
    VALUES (v_first, v_last, p_count, v_events, p_period_start, p_period_end)
    RETURNING demo.batch.batch_id INTO v_batch_id;

    DROP TABLE pg_temp.seed_ticket;
    DROP TABLE pg_temp.seed_pick;

    RETURN QUERY SELECT v_batch_id, v_first, v_last, p_count, v_events;
END;
$$;
