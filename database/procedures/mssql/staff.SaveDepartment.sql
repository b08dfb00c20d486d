-- staff.SaveDepartment: create (@DepartmentId NULL) or edit a department or area.
-- Saving an existing row with nothing changed writes nothing (no Bitácora line): changed is 0.
-- Text is compared byte for byte (BIN2): a change of case is a change.
IF OBJECT_ID(N'staff.SaveDepartment', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.SaveDepartment AS RETURN 0;');
GO

ALTER PROCEDURE staff.SaveDepartment
    @Token VARBINARY(64),
    @DepartmentId INT,
    @Name NVARCHAR(200),
    @IsAcademic BIT,
    @SortOrder INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Changed BIT = 1;
    DECLARE @Id INT = @DepartmentId;
    DECLARE @Clean NVARCHAR(200) = LTRIM(RTRIM(@Name));
    DECLARE @Details NVARCHAR(40);
    DECLARE @AuditAction NVARCHAR(40) = CASE
        WHEN @DepartmentId IS NULL THEN N'crear_departamento' ELSE N'editar_departamento'
    END;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF @Clean IS NULL OR @Clean = N''
            EXEC app.RaiseError @ErrorId = 4012;
        IF LEN(@Clean) > 120 OR COALESCE(@SortOrder, 0) NOT BETWEEN 0 AND 32000
            EXEC app.RaiseError @ErrorId = 4014;
        BEGIN TRANSACTION;
        IF
            EXISTS (
                SELECT 1 FROM app.Department WITH (UPDLOCK, HOLDLOCK)
                WHERE Name = @Clean AND (@Id IS NULL OR DepartmentId <> @Id)
            )
            EXEC app.RaiseError @ErrorId = 4013;
        IF @Id IS NULL
            BEGIN
                INSERT INTO app.Department (Name, IsAcademic, SortOrder)
                VALUES (@Clean, COALESCE(@IsAcademic, 0), COALESCE(@SortOrder, 0));
                SET @Id = CAST(SCOPE_IDENTITY() AS INT);
            END
        ELSE
            BEGIN
                UPDATE x
                SET Name = @Clean, IsAcademic = COALESCE(@IsAcademic, 0), SortOrder = COALESCE(@SortOrder, 0)
                FROM app.Department AS x
                WHERE
                    x.DepartmentId = @Id
                    AND EXISTS (  -- nothing changed: no write, no line in the Bitácora
                        SELECT
                            x.Name COLLATE Latin1_General_100_BIN2,
                            x.IsAcademic,
                            x.SortOrder
                        EXCEPT
                        SELECT
                            @Clean,
                            COALESCE(@IsAcademic, 0),
                            COALESCE(@SortOrder, 0)
                    );
                SET @Changed = CASE WHEN @@ROWCOUNT = 0 THEN 0 ELSE 1 END;
                IF @Changed = 0 AND NOT EXISTS (SELECT 1 FROM app.Department AS x WHERE x.DepartmentId = @Id)
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
