-- staff.SetCatalogActive: deactivate or reactivate a catalog item. Catalog items
-- are never deleted (tickets keep referring to them); inactive ones disappear from
-- the web form. @Catalog: location, department, equipment, problem_category, priority.
-- An item already in that state is left alone: nothing written, no line in the Bitácora.
IF OBJECT_ID(N'staff.SetCatalogActive', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.SetCatalogActive AS RETURN 0;');
GO

ALTER PROCEDURE staff.SetCatalogActive
    @Token VARBINARY(64),
    @Catalog NVARCHAR(40),
    @ItemId INT,
    @IsActive BIT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Rows INT = 0;
    DECLARE @Action NVARCHAR(40);
    DECLARE @Target NVARCHAR(100);
    DECLARE @Current BIT;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF @IsActive IS NULL
            EXEC app.RaiseError @ErrorId = 1001;
        IF
            @Catalog IS NULL
            OR @Catalog NOT IN (N'location', N'department', N'equipment', N'problem_category', N'priority')
            EXEC app.RaiseError @ErrorId = 4010;
        IF
            @Catalog = N'priority' AND @IsActive = 0
            AND EXISTS (SELECT 1 FROM app.Priority WHERE PriorityId = @ItemId AND IsDefault = 1)
            EXEC app.RaiseError @ErrorId = 4014;
        BEGIN TRANSACTION;
        SET @Current = CASE @Catalog
            WHEN N'location' THEN (
                SELECT x.IsActive FROM app.Location AS x WITH (UPDLOCK, HOLDLOCK) WHERE x.LocationId = @ItemId
            )
            WHEN N'department' THEN (
                SELECT x.IsActive FROM app.Department AS x WITH (UPDLOCK, HOLDLOCK) WHERE x.DepartmentId = @ItemId
            )
            WHEN N'equipment' THEN (
                SELECT x.IsActive FROM app.Equipment AS x WITH (UPDLOCK, HOLDLOCK) WHERE x.EquipmentId = @ItemId
            )
            WHEN N'problem_category' THEN (
                SELECT x.IsActive FROM app.ProblemCategory AS x WITH (UPDLOCK, HOLDLOCK) WHERE x.CategoryId = @ItemId
            )
            ELSE (SELECT x.IsActive FROM app.Priority AS x WITH (UPDLOCK, HOLDLOCK) WHERE x.PriorityId = @ItemId)
        END;
        IF @Current = @IsActive
            BEGIN
                COMMIT;
                RETURN;  -- already so
            END;
        IF @Catalog = N'location'
            UPDATE app.Location SET IsActive = @IsActive WHERE LocationId = @ItemId;
        ELSE IF @Catalog = N'department'
            UPDATE app.Department SET IsActive = @IsActive WHERE DepartmentId = @ItemId;
        ELSE IF @Catalog = N'equipment'
            UPDATE app.Equipment SET IsActive = @IsActive WHERE EquipmentId = @ItemId;
        ELSE IF @Catalog = N'problem_category'
            UPDATE app.ProblemCategory SET IsActive = @IsActive WHERE CategoryId = @ItemId;
        ELSE
            UPDATE app.Priority SET IsActive = @IsActive WHERE PriorityId = @ItemId;
        SET @Rows = @@ROWCOUNT;
        IF @Rows = 0
            EXEC app.RaiseError @ErrorId = 4011;
        SET @Action = CASE WHEN @IsActive = 1 THEN N'activar_' ELSE N'desactivar_' END + @Catalog;
        SET @Target = @Catalog + N' ' + CAST(@ItemId AS NVARCHAR(12));
        EXEC app.WriteAdminAudit @StaffId = @AdminId, @Action = @Action, @Target = @Target, @Details = NULL;
        COMMIT;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
