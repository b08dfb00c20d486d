-- staff.SaveDepartment: create (@DepartmentId NULL) or edit a department or area.
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
    DECLARE @Id INT = @DepartmentId;
    DECLARE @Clean NVARCHAR(200) = LTRIM(RTRIM(@Name));
    DECLARE @Details NVARCHAR(40);
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
                UPDATE app.Department
                SET Name = @Clean, IsAcademic = COALESCE(@IsAcademic, 0), SortOrder = COALESCE(@SortOrder, 0)
                WHERE DepartmentId = @Id;
                IF @@ROWCOUNT = 0
                    EXEC app.RaiseError @ErrorId = 4011;
            END;
        SET @Details = N'id: ' + CAST(@Id AS NVARCHAR(12));
        EXEC app.WriteAdminAudit
            @StaffId = @AdminId, @Action = N'guardar_departamento', @Target = @Clean,
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
