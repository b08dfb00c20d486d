-- demo.SeedTickets: generate one batch of realistic demo tickets with their
-- history, set-based, inside the database. Owner only (never granted).
--
-- The batch is slice [@Position, @Position + @Count) of a run of @Total tickets
-- spread over working days (Monday to Friday, 08:00-20:00 Mexico City time, AT TIME ZONE)
-- between @PeriodStart and @PeriodEnd, so that calling it for consecutive slices
-- gives tickets whose ids grow with their creation time, as real ones do.
-- Each ticket gets its events as of now: creado, asignado, prioridad (from the
-- default to the drawn one), estado (en proceso, en espera and back, resuelto,
-- cerrado or cancelado), notas and respuestas.
-- Resolution times are lognormal with a median by priority; most tickets are
-- closed, recent ones are still open, and a few old ones stay stuck (backlog).
-- Refuses (9101) when the database holds real tickets, unless @Force.
-- Machines and staff come from demo.SeedCatalog (call it first).
-- Every batch is recorded in demo.Batch (real = all tickets - demo tickets).
-- Ticket ids come from one contiguous block of app.TicketSeq (sp_sequence_get_range).
-- requires: app.FormatFolio
IF OBJECT_ID(N'demo.SeedTickets', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE demo.SeedTickets AS RETURN 0;');
GO

ALTER PROCEDURE demo.SeedTickets
    @Count INT,
    @Position BIGINT,
    @Total BIGINT,
    @PeriodStart DATETIME2(3),
    @PeriodEnd DATETIME2(3),
    @Force BIT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Real BIGINT;
    DECLARE @Monday DATE;
    DECLARE @EndLocal DATE;
    DECLARE @Workdays INT;
    DECLARE @Events INT;
    DECLARE @BatchId INT;
    DECLARE @First BIGINT;
    DECLARE @FirstValue SQL_VARIANT;
    DECLARE @SNuevo SMALLINT = (SELECT s.StatusId FROM app.Status AS s WHERE s.Code = N'nuevo');
    DECLARE @SAsignado SMALLINT = (SELECT s.StatusId FROM app.Status AS s WHERE s.Code = N'asignado');
    DECLARE @SProceso SMALLINT = (SELECT s.StatusId FROM app.Status AS s WHERE s.Code = N'en_proceso');
    DECLARE @SEspera SMALLINT = (SELECT s.StatusId FROM app.Status AS s WHERE s.Code = N'en_espera');
    DECLARE @SResuelto SMALLINT = (SELECT s.StatusId FROM app.Status AS s WHERE s.Code = N'resuelto');
    DECLARE @SCerrado SMALLINT = (SELECT s.StatusId FROM app.Status AS s WHERE s.Code = N'cerrado');
    DECLARE @SCancelado SMALLINT = (SELECT s.StatusId FROM app.Status AS s WHERE s.Code = N'cancelado');
    -- New tickets get the default priority; staff change it when they assign (a 'prioridad' event).
    DECLARE @PDefault SMALLINT = (
        SELECT TOP (1) p.PriorityId FROM app.Priority AS p ORDER BY p.IsDefault DESC, p.IsActive DESC, p.Rank ASC
    );

    IF
        @Count IS NULL OR @Count < 1 OR @Count > 100000
        OR @Position IS NULL OR @Position < 0
        OR @Total IS NULL OR @Total < @Position + @Count
        EXEC app.RaiseError @ErrorId = 9102;
    IF
        @PeriodStart IS NULL OR @PeriodEnd IS NULL OR @PeriodStart >= @PeriodEnd
        OR @PeriodEnd > DATEADD(MINUTE, 1, @Now)
        EXEC app.RaiseError @ErrorId = 9103;

    IF COALESCE(@Force, 0) = 0
        BEGIN
            SET
                @Real = (SELECT COUNT_BIG(*) FROM app.Ticket)
                - COALESCE((SELECT SUM(CAST(b.TicketCount AS BIGINT)) FROM demo.Batch AS b), 0);
            IF @Real > 0
                EXEC app.RaiseError @ErrorId = 9101;
        END;

    -- Working days (Mon-Fri) from the Monday on or before the start to the end
    -- (dates in Mexico City time: AT TIME ZONE follows the server's time zone rules).
    SET @Monday = CAST((@PeriodStart AT TIME ZONE 'UTC') AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE);
    SET @Monday = DATEADD(DAY, -((DATEPART(WEEKDAY, @Monday) + @@DATEFIRST - 2) % 7), @Monday);
    SET @EndLocal = CAST((@PeriodEnd AT TIME ZONE 'UTC') AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE);
    SET
        @Workdays = DATEDIFF(DAY, @Monday, @EndLocal) / 7 * 5
        + CASE WHEN DATEDIFF(DAY, @Monday, @EndLocal) % 7 < 5 THEN DATEDIFF(DAY, @Monday, @EndLocal) % 7 ELSE 5 END;
    IF @Workdays < 1 SET @Workdays = 1;

    BEGIN TRY
        -- ---- weighted catalogs: [Lo, Hi) slices of [0, 1) -----------------------
        CREATE TABLE #SeedPick (
            Catalog VARCHAR(20) COLLATE DATABASE_DEFAULT NOT NULL,
            Grp INT NOT NULL,
            ItemId INT NOT NULL,
            Lo FLOAT NOT NULL
        );

        -- One weight per item and group (uniform items weigh 1); every slice starts
        -- at its running share of the group's total weight, computed once for all.
        INSERT INTO #SeedPick (Catalog, Grp, ItemId, Lo)
        SELECT
            w.Catalog,
            w.Grp,
            w.ItemId,
            (
                SUM(w.Weight) OVER (PARTITION BY w.Catalog, w.Grp ORDER BY w.ItemId ROWS UNBOUNDED PRECEDING)
                - w.Weight
            )
            / SUM(w.Weight) OVER (PARTITION BY w.Catalog, w.Grp)
        FROM (
            SELECT
                'category' AS Catalog,
                0 AS Grp,
                CAST(pc.CategoryId AS INT) AS ItemId,
                CAST(CASE pc.Name
                    WHEN N'Internet' THEN 14 WHEN N'Red inalámbrica' THEN 14
                    WHEN N'Correo institucional' THEN 12 WHEN N'Software general' THEN 12
                    WHEN N'Impresoras' THEN 10 WHEN N'Cuenta Office (Microsoft 365)' THEN 8
                    WHEN N'Hardware general' THEN 8 WHEN N'Cuenta Aula Virtual' THEN 7
                    WHEN N'Cuenta Cetech' THEN 6 WHEN N'Red cableada' THEN 5 WHEN N'Telefonía' THEN 4
                    ELSE 3
                END AS FLOAT) AS Weight
            FROM app.ProblemCategory AS pc
            WHERE pc.IsActive = 1
            UNION ALL
            SELECT
                'priority',
                0,
                CAST(p.PriorityId AS INT),
                CAST(CASE p.Code
                    WHEN N'baja' THEN 20 WHEN N'media' THEN 50 WHEN N'alta' THEN 22 WHEN N'urgente' THEN 8
                    ELSE 4
                END AS FLOAT)
            FROM app.Priority AS p
            WHERE p.IsActive = 1
            UNION ALL
            SELECT
                'requester_type',
                0,
                CAST(rt.RequesterTypeId AS INT),
                CAST(CASE rt.Code
                    WHEN N'alumno' THEN 55 WHEN N'docente' THEN 22 WHEN N'administrativo' THEN 15
                    WHEN N'jefe_departamento' THEN 5 WHEN N'subdireccion' THEN 2 WHEN N'direccion' THEN 1
                    ELSE 2
                END AS FLOAT)
            FROM app.RequesterType AS rt
            WHERE rt.IsActive = 1
            UNION ALL
            SELECT
                'campus',
                0,
                CAST(c.CampusId AS INT),
                CAST(CASE c.Code WHEN N'C1' THEN 78 WHEN N'C2' THEN 22 ELSE 5 END AS FLOAT)
            FROM app.Campus AS c
            WHERE c.IsActive = 1
            UNION ALL
            -- Departments: academic ones for students and teachers (group 1), the rest
            -- for staff (group 0); every department when a group would be empty.
            SELECT
                'department',
                g.Grp,
                CAST(d.DepartmentId AS INT),
                CAST(1 AS FLOAT)
            FROM app.Department AS d
            CROSS JOIN (VALUES (0), (1)) AS g(Grp)
            WHERE
                d.IsActive = 1
                AND (
                    d.IsAcademic = g.Grp
                    OR NOT EXISTS (
                        SELECT 1 FROM app.Department AS d2
                        WHERE d2.IsActive = 1 AND d2.IsAcademic = g.Grp
                    )
                )
            UNION ALL
            -- Locations by campus, equipment by location, demo operators: uniform.
            SELECT
                'location',
                CAST(l.CampusId AS INT),
                l.LocationId,
                CAST(1 AS FLOAT)
            FROM app.Location AS l
            WHERE l.IsActive = 1
            UNION ALL
            SELECT
                'equipment',
                e.LocationId,
                e.EquipmentId,
                CAST(1 AS FLOAT)
            FROM app.Equipment AS e
            WHERE e.IsActive = 1 AND e.LocationId IS NOT NULL
            UNION ALL
            SELECT
                'operator',
                0,
                su.StaffId,
                CAST(1 AS FLOAT)
            FROM app.StaffUser AS su
            WHERE su.IsActive = 1 AND su.Username LIKE N'demo.%'
        ) AS w;

        CREATE CLUSTERED INDEX IX_SeedPick ON #SeedPick (Catalog, Grp, Lo);

        -- ---- one row per ticket: random draws, then picks, then its timeline ----
        CREATE TABLE #SeedTicket (
            N INT NOT NULL PRIMARY KEY,
            TicketId BIGINT NOT NULL,
            T FLOAT NOT NULL,
            Workday INT NULL,
            DayFraction FLOAT NULL,
            RCategory FLOAT NOT NULL,
            RPriority FLOAT NOT NULL,
            RType FLOAT NOT NULL,
            RDepartment FLOAT NOT NULL,
            RCampus FLOAT NOT NULL,
            RLocation FLOAT NOT NULL,
            REquipment FLOAT NOT NULL,
            ROperator FLOAT NOT NULL,
            U1 FLOAT NOT NULL,
            U2 FLOAT NOT NULL,
            RFirst FLOAT NOT NULL,
            RClose FLOAT NOT NULL,
            RPath FLOAT NOT NULL,
            RWait FLOAT NOT NULL,
            RNote FLOAT NOT NULL,
            RReply FLOAT NOT NULL,
            RText FLOAT NOT NULL,
            RContact FLOAT NOT NULL,
            IFirst INT NOT NULL,
            ILast1 INT NOT NULL,
            ILast2 INT NOT NULL,
            CreatedAt DATETIME2(3) NULL,
            CategoryId SMALLINT NULL,
            PriorityId SMALLINT NULL,
            RequesterTypeId SMALLINT NULL,
            DepartmentId SMALLINT NULL,
            CampusId SMALLINT NULL,
            LocationId INT NULL,
            EquipmentId INT NULL,
            OperatorId INT NULL,
            ResolveHours FLOAT NULL,
            Cancelled BIT NULL,
            Stuck BIT NULL,
            TAssign DATETIME2(3) NULL,
            TProgress DATETIME2(3) NULL,
            TWait DATETIME2(3) NULL,
            TResume DATETIME2(3) NULL,
            TNote DATETIME2(3) NULL,
            TReply DATETIME2(3) NULL,
            TResolved DATETIME2(3) NULL,
            TClosed DATETIME2(3) NULL,
            TCancel DATETIME2(3) NULL,
            TPrio DATETIME2(3) NULL
        );

        BEGIN TRANSACTION;

        -- One contiguous block of ticket ids for this batch.
        EXEC sys.sp_sequence_get_range
            @sequence_name = N'app.TicketSeq',
            @range_size = @Count,
            @range_first_value = @FirstValue OUTPUT;
        SET @First = CAST(@FirstValue AS BIGINT);

        WITH E1 (X) AS (
            SELECT v.X FROM (VALUES (1), (1), (1), (1), (1), (1), (1), (1), (1), (1)) AS v(X)
        ),

        E3 (X) AS (SELECT 1 FROM E1 AS a CROSS JOIN E1 AS b CROSS JOIN E1 AS c),

        Numbers (N) AS (
            SELECT TOP (@Count) ROW_NUMBER() OVER (ORDER BY (SELECT NULL))
            FROM E3 AS a CROSS JOIN E3 AS b
        )

        INSERT INTO #SeedTicket (
            N, TicketId, T, RCategory, RPriority, RType, RDepartment, RCampus, RLocation, REquipment,
            ROperator, U1, U2, RFirst, RClose, RPath, RWait, RNote, RReply, RText, RContact,
            IFirst, ILast1, ILast2
        )
        SELECT
            n.N,
            @First + n.N - 1,
            (@Position + n.N - 1 + RAND(CHECKSUM(NEWID()))) / @Total,
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())) * 0.999999999 + 0.000000001,
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            RAND(CHECKSUM(NEWID())),
            1 + ABS(CHECKSUM(NEWID())) % 40,
            1 + ABS(CHECKSUM(NEWID())) % 40,
            1 + ABS(CHECKSUM(NEWID())) % 40
        FROM Numbers AS n;

        UPDATE #SeedTicket SET
            Workday = FLOOR(T * @Workdays),
            DayFraction = T * @Workdays - FLOOR(T * @Workdays);

        UPDATE st SET
            CreatedAt = CASE
                WHEN x.Created > DATEADD(MILLISECOND, -CAST(@Total - @Position - st.N + 1 AS INT), @PeriodEnd)
                    THEN DATEADD(MILLISECOND, -CAST(@Total - @Position - st.N + 1 AS INT), @PeriodEnd)
                ELSE x.Created
            END,
            CategoryId = (
                SELECT TOP (1) sp.ItemId FROM #SeedPick AS sp
                WHERE sp.Catalog = 'category' AND sp.Grp = 0 AND sp.Lo <= st.RCategory
                ORDER BY sp.Lo DESC
            ),
            PriorityId = (
                SELECT TOP (1) sp.ItemId FROM #SeedPick AS sp
                WHERE sp.Catalog = 'priority' AND sp.Grp = 0 AND sp.Lo <= st.RPriority
                ORDER BY sp.Lo DESC
            ),
            RequesterTypeId = (
                SELECT TOP (1) sp.ItemId FROM #SeedPick AS sp
                WHERE sp.Catalog = 'requester_type' AND sp.Grp = 0 AND sp.Lo <= st.RType
                ORDER BY sp.Lo DESC
            ),
            CampusId = (
                SELECT TOP (1) sp.ItemId FROM #SeedPick AS sp
                WHERE sp.Catalog = 'campus' AND sp.Grp = 0 AND sp.Lo <= st.RCampus
                ORDER BY sp.Lo DESC
            ),
            OperatorId = (
                SELECT TOP (1) sp.ItemId FROM #SeedPick AS sp
                WHERE sp.Catalog = 'operator' AND sp.Grp = 0 AND sp.Lo <= st.ROperator
                ORDER BY sp.Lo DESC
            )
        FROM #SeedTicket AS st
        CROSS APPLY (
            -- local time: the workday's date at 08:00 plus its fraction of 12 hours; then UTC
            SELECT CAST(
                DATEADD(
                    MILLISECOND,
                    CAST(st.DayFraction * 43200000 AS INT),
                    DATEADD(HOUR, 8, CAST(DATEADD(DAY, st.Workday / 5 * 7 + st.Workday % 5, @Monday) AS DATETIME2(3)))
                ) AT TIME ZONE 'Central Standard Time (Mexico)' AT TIME ZONE 'UTC' AS DATETIME2(3)
            ) AS Created
        ) AS x;

        UPDATE st SET
            DepartmentId = (
                SELECT TOP (1) sp.ItemId FROM #SeedPick AS sp
                WHERE
                    sp.Catalog = 'department'
                    AND sp.Grp = CASE WHEN rt.Code IN (N'alumno', N'docente') THEN 1 ELSE 0 END
                    AND sp.Lo <= st.RDepartment
                ORDER BY sp.Lo DESC
            ),
            LocationId = (
                SELECT TOP (1) sp.ItemId FROM #SeedPick AS sp
                WHERE sp.Catalog = 'location' AND sp.Grp = st.CampusId AND sp.Lo <= st.RLocation
                ORDER BY sp.Lo DESC
            )
        FROM #SeedTicket AS st
        INNER JOIN app.RequesterType AS rt ON st.RequesterTypeId = rt.RequesterTypeId;

        -- Equipment for hardware-like categories (70% of them name a machine).
        UPDATE st SET
            EquipmentId = (
                SELECT TOP (1) sp.ItemId FROM #SeedPick AS sp
                WHERE sp.Catalog = 'equipment' AND sp.Grp = st.LocationId AND sp.Lo <= st.REquipment
                ORDER BY sp.Lo DESC
            )
        FROM #SeedTicket AS st
        INNER JOIN app.ProblemCategory AS pc ON st.CategoryId = pc.CategoryId
        WHERE pc.NeedsEquipment = 1 OR (pc.Kind = N'equipo' AND st.RContact < 0.7);

        -- Timeline: lognormal resolution time (Box-Muller) with a median by priority.
        UPDATE st SET
            ResolveHours = x.Hours,
            Cancelled = CASE WHEN st.RPath < 0.03 THEN 1 ELSE 0 END,
            Stuck = CASE WHEN st.RPath >= 0.03 AND st.RPath < 0.034 THEN 1 ELSE 0 END
        FROM #SeedTicket AS st
        INNER JOIN app.Priority AS p ON st.PriorityId = p.PriorityId
        CROSS APPLY (
            SELECT EXP(
                LOG(CASE p.Code
                    WHEN N'urgente' THEN 3.0 WHEN N'alta' THEN 10.0 WHEN N'media' THEN 30.0
                    WHEN N'baja' THEN 80.0 ELSE 40.0
                END)
                + 0.85 * SQRT(-2 * LOG(st.U1)) * COS(2 * PI() * st.U2)
            ) AS Raw
        ) AS r
        CROSS APPLY (
            SELECT CASE WHEN r.Raw > 2160 THEN 2160.0 WHEN r.Raw < 0.1 THEN 0.1 ELSE r.Raw END AS Hours
        ) AS x;

        UPDATE #SeedTicket SET
            TCancel = CASE
                WHEN Cancelled = 1
                    THEN DATEADD(SECOND, CAST((0.1 + 6 * RFirst) * 3600 AS INT), CreatedAt)
            END,
            TAssign = CASE
                WHEN Cancelled = 0
                    THEN DATEADD(SECOND, CAST(ResolveHours * (0.04 + 0.2 * RFirst) * 3600 AS INT), CreatedAt)
            END;

        UPDATE #SeedTicket SET
            TProgress = DATEADD(SECOND, CAST(ResolveHours * 0.1 * 3600 AS INT), TAssign),
            TPrio = CASE WHEN PriorityId <> @PDefault
                THEN DATEADD(SECOND, CAST(ResolveHours * 0.05 * 3600 AS INT), TAssign) END,
            TWait = CASE
                WHEN RWait < 0.18 OR Stuck = 1
                    THEN DATEADD(SECOND, CAST(ResolveHours * 0.3 * 3600 AS INT), TAssign)
            END,
            TResume = CASE
                WHEN RWait < 0.18 AND Stuck = 0
                    THEN DATEADD(SECOND, CAST(ResolveHours * 0.5 * 3600 AS INT), TAssign)
            END,
            TNote = CASE
                WHEN RNote < 0.45
                    THEN DATEADD(SECOND, CAST(ResolveHours * 0.6 * 3600 AS INT), TAssign)
            END,
            TReply = CASE
                WHEN RReply < 0.65
                    THEN DATEADD(SECOND, CAST(ResolveHours * 0.75 * 3600 AS INT), TAssign)
            END,
            TResolved = CASE
                WHEN Stuck = 0
                    THEN DATEADD(SECOND, CAST(ResolveHours * 3600 AS INT), CreatedAt)
            END,
            TClosed = CASE
                WHEN Stuck = 0
                    THEN DATEADD(SECOND, CAST((ResolveHours + 24 + 96 * RClose) * 3600 AS INT), CreatedAt)
            END
        WHERE Cancelled = 0;

        -- ---- the tickets, as they stand now ------------------------------------
        INSERT INTO app.Ticket (
            TicketId, Folio, AccessCodeHash, IdempotencyKey, CreatedAt, UpdatedAt,
            RequesterName, RequesterTypeId, DepartmentId, ContactEmail, ContactPhone, ControlNumber,
            CampusId, LocationId, LocationDetail, EquipmentId, EquipmentTag, EquipmentBrand,
            EquipmentSerial, EquipmentCondition, CategoryId, Description, StatusId, PriorityId,
            AssignedTo, FirstResponseAt, ResolvedAt, ClosedAt, RowVersion
        )
        SELECT
            st.TicketId,
            ff.folio,
            CRYPT_GEN_RANDOM(32),
            NEWID(),
            st.CreatedAt,
            (
                SELECT MAX(v.At) FROM (
                    VALUES (st.CreatedAt), (st.TCancel), (st.TAssign), (st.TProgress), (st.TWait),
                    (st.TResume), (st.TNote), (st.TReply), (st.TResolved), (st.TClosed), (st.TPrio)
                ) AS v(At)
                WHERE v.At <= @Now
            ),
            CHOOSE(
                st.IFirst,
                N'María', N'José', N'Juan', N'Guadalupe', N'Luis', N'Ana', N'Carlos', N'Fernanda', N'Jorge',
                N'Daniela', N'Miguel', N'Andrea', N'Alejandro', N'Sofía', N'Ricardo', N'Valeria', N'Fernando',
                N'Mariana', N'Diego', N'Gabriela', N'Eduardo', N'Paola', N'Javier', N'Alejandra', N'Arturo',
                N'Karla', N'Roberto', N'Ximena', N'Óscar', N'Verónica', N'Sergio', N'Lucía', N'Raúl', N'Brenda',
                N'Emilio', N'Diana', N'Héctor', N'Claudia', N'Iván', N'Mónica'
            )
            + N' ' + nm.Last1 + N' ' + nm.Last2,
            st.RequesterTypeId,
            st.DepartmentId,
            CASE
                WHEN rt.NeedsControlNumber = 1 THEN N'l' + cn.ControlNumber + N'@leon.tecnm.mx'
                WHEN st.RContact < 0.85 THEN
                    REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(
                        LOWER(LEFT(CHOOSE(
                            st.IFirst,
                            N'María', N'José', N'Juan', N'Guadalupe', N'Luis', N'Ana', N'Carlos', N'Fernanda',
                            N'Jorge', N'Daniela', N'Miguel', N'Andrea', N'Alejandro', N'Sofía', N'Ricardo',
                            N'Valeria', N'Fernando', N'Mariana', N'Diego', N'Gabriela', N'Eduardo', N'Paola',
                            N'Javier', N'Alejandra', N'Arturo', N'Karla', N'Roberto', N'Ximena', N'Óscar',
                            N'Verónica', N'Sergio', N'Lucía', N'Raúl', N'Brenda', N'Emilio', N'Diana', N'Héctor',
                            N'Claudia', N'Iván', N'Mónica'
                        ), 1) + nm.Last1),
                        N'á', N'a'
                    ), N'é', N'e'), N'í', N'i'), N'ó', N'o'), N'ú', N'u'), N'ñ', N'n'), N'ü', N'u')
                    + N'@leon.tecnm.mx'
            END,
            CASE
                WHEN rt.NeedsControlNumber = 0 AND st.RContact >= 0.5
                    THEN N'Ext. ' + CAST(1000 + CAST(FLOOR(st.RText * 899) AS INT) AS NVARCHAR(10))
            END,
            CASE WHEN rt.NeedsControlNumber = 1 THEN cn.ControlNumber END,
            st.CampusId,
            st.LocationId,
            CASE
                WHEN l.Kind = N'aula' THEN N'Salón ' + CAST(1 + CAST(FLOOR(st.RText * 24) AS INT) AS NVARCHAR(10))
                WHEN l.Kind = N'laboratorio' THEN N'Mesa ' + CAST(1 + CAST(FLOOR(st.RText * 10) AS INT) AS NVARCHAR(10))
                WHEN l.Kind = N'oficina' AND st.RText < 0.5
                    THEN N'Cubículo ' + CAST(1 + CAST(FLOOR(st.RText * 30) AS INT) AS NVARCHAR(10))
            END,
            st.EquipmentId,
            e.InventoryTag,
            e.Brand,
            e.SerialNumber,
            CASE
                WHEN e.EquipmentId IS NOT NULL
                    THEN
                        CHOOSE(
                            1 + CAST(FLOOR(st.RText * 6) AS INT),
                            N'No enciende', N'Enciende pero no da imagen', N'Hace ruido y se apaga sola',
                            N'Atasco de papel frecuente', N'Sin conexión a la red', N'Pantalla con líneas'
                        )
            END,
            st.CategoryId,
            COALESCE(tx.Body, N'Solicito apoyo del Centro de Cómputo con ' + LOWER(pc.Name) + N'.')
            + CASE WHEN st.RText < 0.3 THEN N' Es urgente porque tengo clase en la siguiente hora.' ELSE N'' END,
            CASE
                WHEN st.TCancel <= @Now THEN @SCancelado
                WHEN st.TClosed <= @Now THEN @SCerrado
                WHEN st.TResolved <= @Now THEN @SResuelto
                WHEN st.TWait <= @Now AND (st.TResume IS NULL OR st.TResume > @Now) THEN @SEspera
                WHEN st.TProgress <= @Now THEN @SProceso
                WHEN st.TAssign <= @Now THEN @SAsignado
                ELSE @SNuevo
            END,
            -- the drawn priority once staff set it; until then (and if cancelled) the default
            CASE WHEN st.TPrio <= @Now THEN st.PriorityId ELSE @PDefault END,
            CASE WHEN st.TAssign <= @Now THEN st.OperatorId END,
            CASE WHEN st.TAssign <= @Now THEN st.TAssign WHEN st.TCancel <= @Now THEN st.TCancel END,
            CASE WHEN st.TResolved <= @Now THEN st.TResolved END,
            CASE WHEN st.TClosed <= @Now THEN st.TClosed WHEN st.TCancel <= @Now THEN st.TCancel END,
            (
                SELECT COUNT(*) FROM (
                    VALUES (st.CreatedAt), (st.TCancel), (st.TAssign), (st.TProgress), (st.TWait),
                    (st.TResume), (st.TNote), (st.TReply), (st.TResolved), (st.TClosed), (st.TPrio)
                ) AS v(At)
                WHERE v.At <= @Now
            )
        FROM #SeedTicket AS st
        INNER JOIN app.RequesterType AS rt ON st.RequesterTypeId = rt.RequesterTypeId
        INNER JOIN app.ProblemCategory AS pc ON st.CategoryId = pc.CategoryId
        LEFT JOIN app.Location AS l ON st.LocationId = l.LocationId
        LEFT JOIN app.Equipment AS e ON st.EquipmentId = e.EquipmentId
        CROSS APPLY app.FormatFolio(st.TicketId, st.CreatedAt) AS ff
        CROSS APPLY (
            SELECT
                CHOOSE(
                    st.ILast1,
                    N'Hernández', N'García', N'Martínez', N'López', N'González', N'Rodríguez', N'Pérez',
                    N'Sánchez', N'Ramírez', N'Cruz', N'Flores', N'Gómez', N'Morales', N'Vázquez', N'Reyes',
                    N'Jiménez', N'Torres', N'Díaz', N'Gutiérrez', N'Ruiz', N'Mendoza', N'Aguilar', N'Ortiz',
                    N'Moreno', N'Castillo', N'Romero', N'Álvarez', N'Méndez', N'Chávez', N'Rivera', N'Juárez',
                    N'Ramos', N'Domínguez', N'Herrera', N'Medina', N'Castro', N'Vargas', N'Guzmán', N'Velázquez',
                    N'Muñoz'
                ) AS Last1,
                CHOOSE(
                    st.ILast2,
                    N'Hernández', N'García', N'Martínez', N'López', N'González', N'Rodríguez', N'Pérez',
                    N'Sánchez', N'Ramírez', N'Cruz', N'Flores', N'Gómez', N'Morales', N'Vázquez', N'Reyes',
                    N'Jiménez', N'Torres', N'Díaz', N'Gutiérrez', N'Ruiz', N'Mendoza', N'Aguilar', N'Ortiz',
                    N'Moreno', N'Castillo', N'Romero', N'Álvarez', N'Méndez', N'Chávez', N'Rivera', N'Juárez',
                    N'Ramos', N'Domínguez', N'Herrera', N'Medina', N'Castro', N'Vargas', N'Guzmán', N'Velázquez',
                    N'Muñoz'
                ) AS Last2
        ) AS nm
        CROSS APPLY (
            SELECT
                RIGHT(N'0' + CAST(18 + CAST(FLOOR(st.RContact * 8) AS INT) AS NVARCHAR(10)), 2) + N'24'
                + RIGHT(N'000' + CAST(st.TicketId % 10000 AS NVARCHAR(10)), 4) AS ControlNumber
        ) AS cn
        LEFT JOIN (
            VALUES
            (
                N'Correo institucional',
                0,
                N'No puedo entrar a mi correo institucional; dice que la contraseña es incorrecta.'
            ),
            (N'Correo institucional', 1, N'Mi correo no recibe mensajes desde ayer y el buzón aparece lleno.'),
            (N'Cuenta Cetech', 0, N'No puedo iniciar sesión en el Cetech para consultar mis calificaciones.'),
            (N'Cuenta Cetech', 1, N'El Cetech me muestra un error al cargar la reinscripción.'),
            (
                N'Cuenta Office (Microsoft 365)',
                0,
                N'Necesito activar Office con mi cuenta institucional y me marca licencia no válida.'
            ),
            (N'Cuenta Office (Microsoft 365)', 1, N'Teams no me deja entrar a la reunión de academia.'),
            (N'Cuenta Aula Virtual', 0, N'No aparezco inscrito en mi grupo del Aula Virtual.'),
            (N'Cuenta Aula Virtual', 1, N'No puedo subir la tarea al Aula Virtual; se queda cargando.'),
            (N'Internet', 0, N'No hay Internet en el edificio desde la mañana.'),
            (N'Internet', 1, N'El Internet está muy lento y las páginas no cargan.'),
            (N'Software general', 0, N'Necesito que instalen MATLAB en las computadoras del laboratorio.'),
            (N'Software general', 1, N'El antivirus marca una amenaza y no deja abrir los archivos.'),
            (N'Impresoras', 0, N'La impresora no imprime y muestra error de papel atascado.'),
            (N'Impresoras', 1, N'La impresora de la oficina imprime las hojas en blanco.'),
            (N'Telefonía', 0, N'La extensión no tiene tono.'),
            (N'Telefonía', 1, N'No se pueden hacer llamadas externas desde el teléfono de la oficina.'),
            (N'Red inalámbrica', 0, N'No me puedo conectar a la red inalámbrica del Tec con mi laptop.'),
            (N'Red inalámbrica', 1, N'La señal de la red inalámbrica se cae a cada rato en el salón.'),
            (N'Red cableada', 0, N'El nodo de red de mi escritorio no da conexión.'),
            (N'Red cableada', 1, N'El cable de red del laboratorio está dañado.'),
            (N'Hardware general', 0, N'La computadora no enciende.'),
            (N'Hardware general', 1, N'El proyector del aula no da imagen con la computadora.')
        ) AS tx(CategoryName, Variant, Body)
            ON pc.Name = tx.CategoryName AND tx.Variant = CAST(FLOOR(st.RText * 2) AS INT)
        ORDER BY st.TicketId;

        -- ---- their history: one event per change, in time order ----------------
        INSERT INTO app.TicketEvent (
            TicketId, OccurredAt, EventType, IsPublic, ActorStaffId, OldStatusId, NewStatusId, AssignedTo, Body,
            OldPriorityId, NewPriorityId
        )
        SELECT
            ev.TicketId,
            ev.OccurredAt,
            ev.EventType,
            ev.IsPublic,
            ev.ActorStaffId,
            ev.OldStatusId,
            ev.NewStatusId,
            ev.AssignedTo,
            ev.Body,
            ev.OldPriorityId,
            ev.NewPriorityId
        FROM (
            SELECT
                st.TicketId,
                st.CreatedAt AS OccurredAt,
                1 AS Step,
                N'creado' AS EventType,
                CAST(1 AS BIT) AS IsPublic,
                CAST(NULL AS INT) AS ActorStaffId,
                CAST(NULL AS SMALLINT) AS OldStatusId,
                @SNuevo AS NewStatusId,
                CAST(NULL AS INT) AS AssignedTo,
                CAST(NULL AS NVARCHAR(4000)) AS Body,
                CAST(NULL AS SMALLINT) AS OldPriorityId,
                @PDefault AS NewPriorityId
            FROM #SeedTicket AS st
            UNION ALL
            SELECT
                st.TicketId,
                st.TPrio,
                11,
                N'prioridad',
                0,
                st.OperatorId,
                NULL,
                NULL,
                NULL,
                NULL,
                @PDefault,
                st.PriorityId
            FROM #SeedTicket AS st WHERE st.TPrio <= @Now
            UNION ALL
            SELECT
                st.TicketId,
                st.TCancel,
                2,
                N'estado',
                1,
                st.OperatorId,
                @SNuevo,
                @SCancelado,
                NULL,
                CHOOSE(
                    1 + CAST(FLOOR(st.RText * 3) AS INT),
                    N'Solicitud duplicada.', N'El usuario reporta que ya quedó resuelto.',
                    N'No corresponde al Centro de Cómputo; se canalizó a Mantenimiento.'
                ),
                NULL,
                NULL
            FROM #SeedTicket AS st WHERE st.TCancel <= @Now
            UNION ALL
            SELECT
                st.TicketId,
                st.TAssign,
                3,
                N'asignado',
                1,
                st.OperatorId AS ActorStaffId,
                @SNuevo,
                @SAsignado,
                st.OperatorId AS AssignedTo,
                NULL,
                NULL,
                NULL
            FROM #SeedTicket AS st WHERE st.TAssign <= @Now
            UNION ALL
            SELECT
                st.TicketId,
                st.TProgress,
                4,
                N'estado',
                1,
                st.OperatorId,
                @SAsignado,
                @SProceso,
                NULL,
                NULL,
                NULL,
                NULL
            FROM #SeedTicket AS st WHERE st.TProgress <= @Now
            UNION ALL
            SELECT
                st.TicketId,
                st.TWait,
                5,
                N'estado',
                1,
                st.OperatorId,
                @SProceso,
                @SEspera,
                NULL,
                N'Esperamos su confirmación o información adicional.',
                NULL,
                NULL
            FROM #SeedTicket AS st WHERE st.TWait <= @Now
            UNION ALL
            SELECT
                st.TicketId,
                st.TResume,
                6,
                N'estado',
                1,
                st.OperatorId,
                @SEspera,
                @SProceso,
                NULL,
                NULL,
                NULL,
                NULL
            FROM #SeedTicket AS st WHERE st.TResume <= @Now
            UNION ALL
            SELECT
                st.TicketId,
                st.TNote,
                7,
                N'nota',
                0,
                st.OperatorId,
                NULL,
                NULL,
                NULL,
                CHOOSE(
                    1 + CAST(FLOOR(st.RNote / 0.45 * 8) AS INT),
                    N'Se revisó el equipo en sitio; se reemplazó el cable de red.',
                    N'Se restableció la contraseña desde la consola de administración.',
                    N'Pendiente de refacción; se solicitó a Recursos Materiales.',
                    N'Se reinstaló el controlador y se reinició el servicio de impresión.',
                    N'Se escaló con el proveedor de Internet; reporte abierto.',
                    N'Se verificó con el usuario por teléfono; el problema persiste solo en el laboratorio.',
                    N'Se aplicaron actualizaciones pendientes del sistema operativo.',
                    N'Se reasignó el punto de acceso al canal 11 por interferencia.'
                ),
                NULL,
                NULL
            FROM #SeedTicket AS st WHERE st.TNote <= @Now
            UNION ALL
            SELECT
                st.TicketId,
                st.TReply,
                8,
                N'respuesta',
                1,
                st.OperatorId,
                NULL,
                NULL,
                NULL,
                CHOOSE(
                    1 + CAST(FLOOR(st.RReply / 0.65 * 6) AS INT),
                    N'Hola, ya revisamos su solicitud. Por favor intente de nuevo y nos confirma.',
                    N'Su cuenta fue restablecida. Use la contraseña temporal que se le entregó en ventanilla.',
                    N'Un técnico pasará hoy por la tarde a revisar el equipo.',
                    N'Necesitamos el número de inventario del equipo para continuar; está en la etiqueta plateada.',
                    N'El servicio ya fue restablecido. Gracias por su paciencia.',
                    N'El equipo se llevará al Centro de Cómputo para diagnóstico; le avisaremos al terminar.'
                ),
                NULL,
                NULL
            FROM #SeedTicket AS st WHERE st.TReply <= @Now
            UNION ALL
            SELECT
                st.TicketId,
                st.TResolved,
                9,
                N'estado',
                1,
                st.OperatorId,
                @SProceso,
                @SResuelto,
                NULL,
                N'Se resolvió la solicitud.',
                NULL,
                NULL
            FROM #SeedTicket AS st WHERE st.TResolved <= @Now
            UNION ALL
            SELECT
                st.TicketId,
                st.TClosed,
                10,
                N'estado',
                1,
                NULL,
                @SResuelto,
                @SCerrado,
                NULL,
                N'Cerrada automáticamente tras la confirmación.',
                NULL,
                NULL
            FROM #SeedTicket AS st WHERE st.TClosed <= @Now
        ) AS ev
        ORDER BY ev.TicketId, ev.OccurredAt, ev.Step;
        SET @Events = @@ROWCOUNT;

        INSERT INTO demo.Batch (FirstTicketId, LastTicketId, TicketCount, EventCount, PeriodStart, PeriodEnd)
        VALUES (@First, @First + @Count - 1, @Count, @Events, @PeriodStart, @PeriodEnd);
        SET @BatchId = SCOPE_IDENTITY();

        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        @BatchId AS batch_id,
        @First AS first_ticket_id,
        @First + @Count - 1 AS last_ticket_id,
        @Count AS ticket_count,
        @Events AS event_count;
END;
GO
