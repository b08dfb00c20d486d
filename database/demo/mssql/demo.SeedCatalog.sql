-- demo.SeedCatalog: demo equipment for every location and demo operators,
-- so that generated tickets have machines and staff to point at. Owner only
-- (never granted); idempotent: rows are added only when missing.
-- Equipment tags look like ITL-C1-L4-CO07 (campus, location, kind, number); demo
-- operators are named demo.<name>, with a random verifier (they cannot log in).
IF OBJECT_ID(N'demo.SeedCatalog', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE demo.SeedCatalog AS RETURN 0;');
GO

ALTER PROCEDURE demo.SeedCatalog
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @EquipmentAdded INT = 0;
    DECLARE @StaffAdded INT = 0;

    BEGIN TRY
        BEGIN TRANSACTION;

        WITH Digits (D) AS (
            SELECT v.D FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS v(D)
        ),

        Numbers (N) AS (
            SELECT t.D * 10 + u.D + 1 FROM Digits AS t CROSS JOIN Digits AS u
        ),

        PlanRows (LocationKind, EquipmentKind, PerLocation) AS (
            SELECT
                p.LocationKind,
                p.EquipmentKind,
                p.PerLocation
            FROM (
                VALUES
                (N'laboratorio', N'computadora', 30), (N'laboratorio', N'impresora', 2),
                (N'laboratorio', N'proyector', 2), (N'laboratorio', N'red', 2), (N'laboratorio', N'servidor', 1),
                (N'aula', N'computadora', 10), (N'aula', N'proyector', 10), (N'aula', N'red', 2),
                (N'oficina', N'computadora', 12), (N'oficina', N'laptop', 4), (N'oficina', N'impresora', 3),
                (N'oficina', N'telefono', 6), (N'oficina', N'red', 1),
                (N'biblioteca', N'computadora', 20), (N'biblioteca', N'impresora', 2), (N'biblioteca', N'red', 2),
                (N'auditorio', N'computadora', 2), (N'auditorio', N'proyector', 2), (N'auditorio', N'red', 1),
                (N'edificio', N'computadora', 4), (N'edificio', N'red', 1),
                (N'otro', N'computadora', 4), (N'otro', N'red', 1)
            ) AS p(LocationKind, EquipmentKind, PerLocation)
        ),

        Models (EquipmentKind, Variant, Brand, Model) AS (
            SELECT
                m.EquipmentKind,
                m.Variant,
                m.Brand,
                m.Model
            FROM (
                VALUES
                (N'computadora', 0, N'Dell', N'OptiPlex 7090'), (N'computadora', 1, N'HP', N'ProDesk 400 G7'),
                (N'computadora', 2, N'Lenovo', N'ThinkCentre M70q'),
                (N'laptop', 0, N'Dell', N'Latitude 5420'), (N'laptop', 1, N'HP', N'ProBook 440 G8'),
                (N'laptop', 2, N'Lenovo', N'ThinkPad E14'),
                (N'impresora', 0, N'HP', N'LaserJet Pro M404dn'), (N'impresora', 1, N'Epson', N'EcoTank L3250'),
                (N'impresora', 2, N'Brother', N'HL-L5100DN'),
                (N'proyector', 0, N'Epson', N'PowerLite X49'), (N'proyector', 1, N'BenQ', N'MS560'),
                (N'proyector', 2, N'Epson', N'PowerLite W52+'),
                (N'telefono', 0, N'Grandstream', N'GXP1625'), (N'telefono', 1, N'Cisco', N'IP Phone 7821'),
                (N'telefono', 2, N'Yealink', N'SIP-T31P'),
                (N'red', 0, N'Cisco', N'Catalyst 2960-X'), (N'red', 1, N'Ubiquiti', N'UniFi AP AC Pro'),
                (N'red', 2, N'TP-Link', N'Omada EAP245'),
                (N'servidor', 0, N'Dell', N'PowerEdge R740'), (N'servidor', 1, N'HP', N'ProLiant DL380 Gen10'),
                (N'servidor', 2, N'Lenovo', N'ThinkSystem SR650')
            ) AS m(EquipmentKind, Variant, Brand, Model)
        ),

        Wanted AS (
            SELECT
                l.LocationId,
                p.EquipmentKind,
                c.Code
                + N'-L' + CAST(l.LocationId AS NVARCHAR(10))
                + N'-' + UPPER(LEFT(p.EquipmentKind, 2))
                + RIGHT(N'0' + CAST(n.N AS NVARCHAR(10)), 2) AS TagTail,
                (l.LocationId + n.N) % 3 AS Variant
            FROM app.Location AS l
            INNER JOIN app.Campus AS c ON l.CampusId = c.CampusId
            INNER JOIN PlanRows AS p ON l.Kind = p.LocationKind
            INNER JOIN Numbers AS n ON p.PerLocation >= n.N
            WHERE l.IsActive = 1
        )

        INSERT INTO app.Equipment (InventoryTag, SerialNumber, Brand, Model, Kind, LocationId)
        SELECT
            N'ITL-' + w.TagTail,
            UPPER(LEFT(CONVERT(NVARCHAR(64), HASHBYTES('MD5', CAST(N'serie ' + w.TagTail AS VARBINARY(120))), 2), 12)),
            m.Brand,
            m.Model,
            w.EquipmentKind,
            w.LocationId
        FROM Wanted AS w
        INNER JOIN Models AS m ON w.EquipmentKind = m.EquipmentKind AND w.Variant = m.Variant
        WHERE NOT EXISTS (
            SELECT 1 FROM app.Equipment AS e
            WHERE e.InventoryTag = N'ITL-' + w.TagTail
        );
        SET @EquipmentAdded = @@ROWCOUNT;

        INSERT INTO app.StaffUser (Username, FullName, Role, Salt, Iterations, Verifier, MustChangePassword)
        SELECT
            d.Username,
            d.FullName,
            N'operador',
            CRYPT_GEN_RANDOM(16),
            600000,
            CRYPT_GEN_RANDOM(32),
            1
        FROM (
            VALUES
            (N'demo.mlopez', N'María Guadalupe López Ramírez'),
            (N'demo.jhernandez', N'José Luis Hernández Torres'),
            (N'demo.agarcia', N'Ana Karen García Muñoz'),
            (N'demo.rmartinez', N'Roberto Martínez Aguilar'),
            (N'demo.lsanchez', N'Laura Patricia Sánchez Ortiz'),
            (N'demo.fgomez', N'Francisco Javier Gómez Rocha'),
            (N'demo.cruiz', N'Claudia Ruiz Mendoza'),
            (N'demo.ediaz', N'Eduardo Díaz Castillo'),
            (N'demo.pvargas', N'Paola Vargas Navarro'),
            (N'demo.areyes', N'Alejandro Reyes Medina'),
            (N'demo.sflores', N'Sofía Flores Guerrero'),
            (N'demo.mcastro', N'Miguel Ángel Castro Silva')
        ) AS d(Username, FullName)
        WHERE NOT EXISTS (
            SELECT 1 FROM app.StaffUser AS su
            WHERE su.Username = d.Username
        );
        SET @StaffAdded = @@ROWCOUNT;

        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        @EquipmentAdded AS equipment_added,
        @StaffAdded AS staff_added;
END;
GO
