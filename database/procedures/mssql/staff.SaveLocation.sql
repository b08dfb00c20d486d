-- staff.SaveLocation: create (@LocationId NULL) or edit a location of a campus.
-- Saving an existing row with nothing changed writes nothing (no Bitácora line): changed is 0.
-- Text is compared byte for byte (BIN2): a change of case is a change.
IF OBJECT_ID(N'staff.SaveLocation', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.SaveLocation AS RETURN 0;');
GO

ALTER PROCEDURE staff.SaveLocation
    @Token VARBINARY(64),
    @LocationId INT,
    @CampusId INT,
    @Name NVARCHAR(200),
    @Kind NVARCHAR(20),
    @Building NVARCHAR(200),
    @SortOrder INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Changed BIT = 1;
    DECLARE @Id INT = @LocationId;
    DECLARE @Clean NVARCHAR(200) = LTRIM(RTRIM(@Name));
    DECLARE @Build NVARCHAR(200) = NULLIF(LTRIM(RTRIM(@Building)), N'');
    DECLARE @Details NVARCHAR(40);
    DECLARE @AuditAction NVARCHAR(40) = CASE
        WHEN @LocationId IS NULL THEN N'crear_ubicacion' ELSE N'editar_ubicacion'
    END;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF @Clean IS NULL OR @Clean = N''
            EXEC app.RaiseError @ErrorId = 4012;
        IF
            LEN(@Clean) > 120 OR LEN(@Build) > 60 OR COALESCE(@SortOrder, 0) NOT BETWEEN 0 AND 32000
            OR @Kind IS NULL
            OR @Kind NOT IN (N'edificio', N'laboratorio', N'aula', N'oficina', N'auditorio', N'biblioteca', N'otro')
            EXEC app.RaiseError @ErrorId = 4014;
        IF NOT EXISTS (SELECT 1 FROM app.Campus WHERE CampusId = @CampusId)
            EXEC app.RaiseError @ErrorId = 4015;
        BEGIN TRANSACTION;
        IF
            EXISTS (
                SELECT 1 FROM app.Location WITH (UPDLOCK, HOLDLOCK)
                WHERE CampusId = @CampusId AND Name = @Clean AND (@Id IS NULL OR LocationId <> @Id)
            )
            EXEC app.RaiseError @ErrorId = 4013;
        IF @Id IS NULL
            BEGIN
                INSERT INTO app.Location (CampusId, Name, Kind, Building, SortOrder)
                VALUES (@CampusId, @Clean, @Kind, @Build, COALESCE(@SortOrder, 0));
                SET @Id = CAST(SCOPE_IDENTITY() AS INT);
            END
        ELSE
            BEGIN
                UPDATE x
                SET
                    CampusId = @CampusId,
                    Name = @Clean,
                    Kind = @Kind,
                    Building = @Build,
                    SortOrder = COALESCE(@SortOrder, 0)
                FROM app.Location AS x
                WHERE
                    x.LocationId = @Id
                    AND EXISTS (  -- nothing changed: no write, no line in the Bitácora
                        SELECT
                            x.CampusId,
                            x.Name COLLATE Latin1_General_100_BIN2,
                            x.Kind COLLATE Latin1_General_100_BIN2,
                            x.Building COLLATE Latin1_General_100_BIN2,
                            x.SortOrder
                        EXCEPT
                        SELECT
                            @CampusId,
                            @Clean,
                            @Kind,
                            @Build,
                            COALESCE(@SortOrder, 0)
                    );
                SET @Changed = CASE WHEN @@ROWCOUNT = 0 THEN 0 ELSE 1 END;
                IF @Changed = 0 AND NOT EXISTS (SELECT 1 FROM app.Location AS x WHERE x.LocationId = @Id)
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
