-- staff.SaveCategory: create (@CategoryId NULL) or edit a problem category.
-- Saving an existing row with nothing changed writes nothing (no Bitácora line): changed is 0.
-- Text is compared byte for byte (BIN2): a change of case is a change.
IF OBJECT_ID(N'staff.SaveCategory', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.SaveCategory AS RETURN 0;');
GO

ALTER PROCEDURE staff.SaveCategory
    @Token VARBINARY(64),
    @CategoryId INT,
    @Name NVARCHAR(200),
    @Kind NVARCHAR(20),
    @NeedsEquipment BIT,
    @TargetHours INT,
    @SortOrder INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Changed BIT = 1;
    DECLARE @Id INT = @CategoryId;
    DECLARE @Clean NVARCHAR(200) = LTRIM(RTRIM(@Name));
    DECLARE @Details NVARCHAR(40);
    DECLARE @AuditAction NVARCHAR(40) = CASE
        WHEN @CategoryId IS NULL THEN N'crear_categoria' ELSE N'editar_categoria'
    END;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF @Clean IS NULL OR @Clean = N''
            EXEC app.RaiseError @ErrorId = 4012;
        IF
            LEN(@Clean) > 80 OR @Kind IS NULL OR @Kind NOT IN (N'servicio', N'equipo')
            OR @TargetHours IS NULL OR @TargetHours NOT BETWEEN 1 AND 8760
            OR COALESCE(@SortOrder, 0) NOT BETWEEN 0 AND 32000
            EXEC app.RaiseError @ErrorId = 4014;
        BEGIN TRANSACTION;
        IF
            EXISTS (
                SELECT 1 FROM app.ProblemCategory WITH (UPDLOCK, HOLDLOCK)
                WHERE Name = @Clean AND (@Id IS NULL OR CategoryId <> @Id)
            )
            EXEC app.RaiseError @ErrorId = 4013;
        IF @Id IS NULL
            BEGIN
                INSERT INTO app.ProblemCategory (Name, Kind, NeedsEquipment, TargetHours, SortOrder)
                VALUES (@Clean, @Kind, COALESCE(@NeedsEquipment, 0), @TargetHours, COALESCE(@SortOrder, 0));
                SET @Id = CAST(SCOPE_IDENTITY() AS INT);
            END
        ELSE
            BEGIN
                UPDATE x
                SET
                    Name = @Clean, Kind = @Kind, NeedsEquipment = COALESCE(@NeedsEquipment, 0),
                    TargetHours = @TargetHours, SortOrder = COALESCE(@SortOrder, 0)
                FROM app.ProblemCategory AS x
                WHERE
                    x.CategoryId = @Id
                    AND EXISTS (  -- nothing changed: no write, no line in the Bitácora
                        SELECT
                            x.Name COLLATE Latin1_General_100_BIN2,
                            x.Kind COLLATE Latin1_General_100_BIN2,
                            x.NeedsEquipment,
                            x.TargetHours,
                            x.SortOrder
                        EXCEPT
                        SELECT
                            @Clean,
                            @Kind,
                            COALESCE(@NeedsEquipment, 0),
                            @TargetHours,
                            COALESCE(@SortOrder, 0)
                    );
                SET @Changed = CASE WHEN @@ROWCOUNT = 0 THEN 0 ELSE 1 END;
                IF @Changed = 0 AND NOT EXISTS (SELECT 1 FROM app.ProblemCategory AS x WHERE x.CategoryId = @Id)
                    EXEC app.RaiseError @ErrorId = 4011;
            END;
        IF @Changed = 1
            BEGIN
                SET @Details = N'id: ' + CAST(@Id AS NVARCHAR(12));
                EXEC app.WriteAdminAudit
                    @StaffId = @AdminId, @Action = @AuditAction, @Target = @Clean,
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
