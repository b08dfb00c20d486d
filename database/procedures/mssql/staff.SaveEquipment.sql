-- staff.SaveEquipment: create (@EquipmentId NULL) or edit one equipment item.
-- Saving an existing row with nothing changed writes nothing (no Bitácora line): changed is 0.
-- Text is compared byte for byte (BIN2): a change of case is a change.
IF OBJECT_ID(N'staff.SaveEquipment', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.SaveEquipment AS RETURN 0;');
GO

ALTER PROCEDURE staff.SaveEquipment
    @Token VARBINARY(64),
    @EquipmentId INT,
    @InventoryTag NVARCHAR(100),
    @SerialNumber NVARCHAR(200),
    @Brand NVARCHAR(200),
    @Model NVARCHAR(200),
    @Kind NVARCHAR(20),
    @LocationId INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Changed BIT = 1;
    DECLARE @Id INT = @EquipmentId;
    DECLARE @Tag NVARCHAR(100) = UPPER(LTRIM(RTRIM(@InventoryTag)));
    DECLARE @Serial NVARCHAR(200) = NULLIF(LTRIM(RTRIM(@SerialNumber)), N'');
    DECLARE @Br NVARCHAR(200) = NULLIF(LTRIM(RTRIM(@Brand)), N'');
    DECLARE @Mo NVARCHAR(200) = NULLIF(LTRIM(RTRIM(@Model)), N'');
    DECLARE @Details NVARCHAR(40);
    DECLARE @AuditAction NVARCHAR(40) = CASE
        WHEN @EquipmentId IS NULL THEN N'crear_equipo' ELSE N'editar_equipo'
    END;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF @Tag IS NULL OR @Tag = N''
            EXEC app.RaiseError @ErrorId = 4012;
        IF
            LEN(@Tag) > 40 OR LEN(@Serial) > 60 OR LEN(@Br) > 60 OR LEN(@Mo) > 60 OR @Kind IS NULL
            OR @Kind NOT IN (
                N'computadora', N'laptop', N'impresora', N'proyector', N'telefono', N'red', N'servidor', N'otro'
            )
            EXEC app.RaiseError @ErrorId = 4014;
        IF @LocationId IS NOT NULL AND NOT EXISTS (SELECT 1 FROM app.Location WHERE LocationId = @LocationId)
            EXEC app.RaiseError @ErrorId = 4015;
        BEGIN TRANSACTION;
        IF
            EXISTS (
                SELECT 1 FROM app.Equipment WITH (UPDLOCK, HOLDLOCK)
                WHERE InventoryTag = @Tag AND (@Id IS NULL OR EquipmentId <> @Id)
            )
            EXEC app.RaiseError @ErrorId = 4013;
        IF @Id IS NULL
            BEGIN
                INSERT INTO app.Equipment (InventoryTag, SerialNumber, Brand, Model, Kind, LocationId)
                VALUES (@Tag, @Serial, @Br, @Mo, @Kind, @LocationId);
                SET @Id = CAST(SCOPE_IDENTITY() AS INT);
            END
        ELSE
            BEGIN
                UPDATE x
                SET
                    InventoryTag = @Tag, SerialNumber = @Serial, Brand = @Br, Model = @Mo, Kind = @Kind,
                    LocationId = @LocationId
                FROM app.Equipment AS x
                WHERE
                    x.EquipmentId = @Id
                    AND EXISTS (  -- nothing changed: no write, no line in the Bitácora
                        SELECT
                            x.InventoryTag COLLATE Latin1_General_100_BIN2,
                            x.SerialNumber COLLATE Latin1_General_100_BIN2,
                            x.Brand COLLATE Latin1_General_100_BIN2,
                            x.Model COLLATE Latin1_General_100_BIN2,
                            x.Kind COLLATE Latin1_General_100_BIN2,
                            x.LocationId
                        EXCEPT
                        SELECT
                            @Tag,
                            @Serial,
                            @Br,
                            @Mo,
                            @Kind,
                            @LocationId
                    );
                SET @Changed = CASE WHEN @@ROWCOUNT = 0 THEN 0 ELSE 1 END;
                IF @Changed = 0 AND NOT EXISTS (SELECT 1 FROM app.Equipment AS x WHERE x.EquipmentId = @Id)
                    EXEC app.RaiseError @ErrorId = 4011;
            END;
        IF @Changed = 1
            BEGIN
                SET @Details = N'id: ' + CAST(@Id AS NVARCHAR(12));
                EXEC app.WriteAdminAudit
                    @StaffId = @AdminId, @Action = @AuditAction, @Target = @Tag,
                    @Details = @Details;
            END;
        COMMIT;
        SELECT
            @Id AS item_id,
            @Changed AS changed;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
