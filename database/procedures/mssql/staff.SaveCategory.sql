-- staff.SaveCategory: create (@CategoryId NULL) or edit a problem category.
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
    DECLARE @Id INT = @CategoryId;
    DECLARE @Clean NVARCHAR(200) = LTRIM(RTRIM(@Name));
    DECLARE @Details NVARCHAR(40);
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
                UPDATE app.ProblemCategory
                SET
                    Name = @Clean, Kind = @Kind, NeedsEquipment = COALESCE(@NeedsEquipment, 0),
                    TargetHours = @TargetHours, SortOrder = COALESCE(@SortOrder, 0)
                WHERE CategoryId = @Id;
                IF @@ROWCOUNT = 0
                    EXEC app.RaiseError @ErrorId = 4011;
            END;
        SET @Details = N'id: ' + CAST(@Id AS NVARCHAR(12));
        EXEC app.WriteAdminAudit
            @StaffId = @AdminId, @Action = N'guardar_categoria', @Target = @Clean,
            @Details = @Details;
        COMMIT;
        SELECT @Id AS item_id;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
