-- staff.ImportEquipment: the equipment inventory from a CSV parsed by the desktop
-- client into a JSON array of rows, each with its CSV line number (see the pg
-- twin for the shape). Every row is validated; if any is bad, nothing is
-- imported and one row per problem comes back (line_number, field_name,
-- error_id, message). Otherwise every row is inserted or updated by inventory
-- tag and one row comes back with imported_count. OPENJSON: SQL Server 2016+.
-- #temp text columns are COLLATE DATABASE_DEFAULT: tempdb has the server's collation,
-- and they are compared with campus codes, location names and inventory tags.
IF OBJECT_ID(N'staff.ImportEquipment', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ImportEquipment AS RETURN 0;');
GO

ALTER PROCEDURE staff.ImportEquipment
    @Token VARBINARY(64),
    @RowsJson NVARCHAR(MAX)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Count INT;
    DECLARE @Details NVARCHAR(40);
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF @RowsJson IS NULL OR ISJSON(@RowsJson) = 0 OR LEFT(LTRIM(@RowsJson), 1) <> N'['
            EXEC app.RaiseError @ErrorId = 4021;

        CREATE TABLE #ImportRow (
            Line INT NULL,
            InventoryTag NVARCHAR(4000) COLLATE DATABASE_DEFAULT NULL,
            SerialNumber NVARCHAR(4000) COLLATE DATABASE_DEFAULT NULL,
            Brand NVARCHAR(4000) COLLATE DATABASE_DEFAULT NULL,
            Model NVARCHAR(4000) COLLATE DATABASE_DEFAULT NULL,
            Kind NVARCHAR(4000) COLLATE DATABASE_DEFAULT NULL,
            CampusCode NVARCHAR(4000) COLLATE DATABASE_DEFAULT NULL,
            LocationName NVARCHAR(4000) COLLATE DATABASE_DEFAULT NULL,
            LocationId INT NULL
        );
        INSERT INTO #ImportRow (Line, InventoryTag, SerialNumber, Brand, Model, Kind, CampusCode, LocationName)
        SELECT
            j.Line,
            UPPER(NULLIF(LTRIM(RTRIM(j.InventoryTag)), N'')),
            NULLIF(LTRIM(RTRIM(j.SerialNumber)), N''),
            NULLIF(LTRIM(RTRIM(j.Brand)), N''),
            NULLIF(LTRIM(RTRIM(j.Model)), N''),
            LOWER(NULLIF(LTRIM(RTRIM(j.Kind)), N'')),
            UPPER(NULLIF(LTRIM(RTRIM(j.CampusCode)), N'')),
            NULLIF(LTRIM(RTRIM(j.LocationName)), N'')
        FROM OPENJSON (@RowsJson) WITH (
            Line INT '$.line',
            InventoryTag NVARCHAR(4000) '$.inventory_tag',
            SerialNumber NVARCHAR(4000) '$.serial_number',
            Brand NVARCHAR(4000) '$.brand',
            Model NVARCHAR(4000) '$.model',
            Kind NVARCHAR(4000) '$.kind',
            CampusCode NVARCHAR(4000) '$.campus_code',
            LocationName NVARCHAR(4000) '$.location_name'
        ) AS j;
        IF NOT EXISTS (SELECT 1 FROM #ImportRow)
            EXEC app.RaiseError @ErrorId = 4020;

        UPDATE ir
        SET ir.LocationId = l.LocationId
        FROM #ImportRow AS ir
        INNER JOIN app.Campus AS c ON ir.CampusCode = c.Code
        INNER JOIN app.Location AS l ON c.CampusId = l.CampusId AND ir.LocationName = l.Name;

        CREATE TABLE #Problem (
            Line INT NULL,
            Field NVARCHAR(40) COLLATE DATABASE_DEFAULT NOT NULL,
            ErrorId INT NOT NULL
        );
        INSERT INTO #Problem (Line, Field, ErrorId)
        SELECT
            ir.Line,
            N'inventory_tag',
            4022
        FROM #ImportRow AS ir WHERE ir.InventoryTag IS NULL
        UNION ALL
        SELECT
            ir.Line,
            N'inventory_tag',
            4026
        FROM #ImportRow AS ir WHERE LEN(ir.InventoryTag) > 40
        UNION ALL
        SELECT
            ir.Line,
            N'inventory_tag',
            4023
        FROM #ImportRow AS ir
        WHERE
            EXISTS (
                SELECT 1 FROM #ImportRow AS other
                WHERE other.InventoryTag = ir.InventoryTag AND other.Line < ir.Line
            )
        UNION ALL
        SELECT
            ir.Line,
            N'serial_number',
            4026
        FROM #ImportRow AS ir WHERE LEN(ir.SerialNumber) > 60
        UNION ALL
        SELECT
            ir.Line,
            N'brand',
            4026
        FROM #ImportRow AS ir WHERE LEN(ir.Brand) > 60
        UNION ALL
        SELECT
            ir.Line,
            N'model',
            4026
        FROM #ImportRow AS ir WHERE LEN(ir.Model) > 60
        UNION ALL
        SELECT
            ir.Line,
            N'kind',
            4024
        FROM #ImportRow AS ir
        WHERE
            ir.Kind IS NULL
            OR ir.Kind NOT IN (
                N'computadora', N'laptop', N'impresora', N'proyector', N'telefono', N'red', N'servidor', N'otro'
            )
        UNION ALL
        SELECT
            ir.Line,
            N'location_name',
            4025
        FROM #ImportRow AS ir
        WHERE (ir.CampusCode IS NOT NULL OR ir.LocationName IS NOT NULL) AND ir.LocationId IS NULL;

        IF EXISTS (SELECT 1 FROM #Problem)
            BEGIN
                SELECT
                    p.Line AS line_number,
                    p.Field AS field_name,
                    p.ErrorId AS error_id,
                    em.Message AS message,
                    0 AS imported_count
                FROM #Problem AS p
                INNER JOIN app.ErrorMessage AS em ON p.ErrorId = em.ErrorId
                ORDER BY p.Line, p.Field;
                RETURN;
            END;

        BEGIN TRANSACTION;
        UPDATE e
        SET
            e.SerialNumber = ir.SerialNumber, e.Brand = ir.Brand, e.Model = ir.Model, e.Kind = ir.Kind,
            e.LocationId = ir.LocationId, e.IsActive = 1
        FROM app.Equipment AS e WITH (UPDLOCK, HOLDLOCK)
        INNER JOIN #ImportRow AS ir ON e.InventoryTag = ir.InventoryTag;

        INSERT INTO app.Equipment (InventoryTag, SerialNumber, Brand, Model, Kind, LocationId)
        SELECT
            ir.InventoryTag,
            ir.SerialNumber,
            ir.Brand,
            ir.Model,
            ir.Kind,
            ir.LocationId
        FROM #ImportRow AS ir
        WHERE
            NOT EXISTS (
                SELECT 1 FROM app.Equipment AS e WITH (UPDLOCK, HOLDLOCK) WHERE e.InventoryTag = ir.InventoryTag
            )
        ORDER BY ir.Line;

        SET @Count = (SELECT COUNT(*) FROM #ImportRow);
        SET @Details = CAST(@Count AS NVARCHAR(12)) + N' fila(s)';
        EXEC app.WriteAdminAudit
            @StaffId = @AdminId, @Action = N'importar_equipos', @Target = N'inventario',
            @Details = @Details;
        COMMIT;
        SELECT
            CAST(NULL AS INT) AS line_number,
            CAST(NULL AS NVARCHAR(40)) AS field_name,
            CAST(NULL AS INT) AS error_id,
            CAST(NULL AS NVARCHAR(500)) AS message,
            @Count AS imported_count;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
