-- staff.SavePriority: create (@PriorityId NULL) or edit a priority; marking one
-- as default clears the flag on the others. An edit recomputes the due instants of open
-- tickets (the targets are counted in working hours: app.RebuildWorkCalendar).
-- Saving an existing row with nothing changed writes nothing (no Bitácora line, no recompute):
-- changed is 0. Text is compared byte for byte (BIN2): a change of case is a change.
-- requires: app.RebuildWorkCalendar
IF OBJECT_ID(N'staff.SavePriority', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.SavePriority AS RETURN 0;');
GO

ALTER PROCEDURE staff.SavePriority
    @Token VARBINARY(64),
    @PriorityId INT,
    @Code NVARCHAR(100),
    @Name NVARCHAR(200),
    @Rank INT,
    @ResponseTargetHours INT,
    @ResolutionTargetHours INT,
    @IsDefault BIT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Changed BIT = 1;
    DECLARE @Id INT = @PriorityId;
    DECLARE @Clean NVARCHAR(200) = LTRIM(RTRIM(@Name));
    DECLARE @CleanCode NVARCHAR(100) = LOWER(LTRIM(RTRIM(@Code)));
    DECLARE @Details NVARCHAR(40);
    DECLARE @AuditAction NVARCHAR(40) = CASE
        WHEN @PriorityId IS NULL THEN N'crear_prioridad' ELSE N'editar_prioridad'
    END;
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF @Clean IS NULL OR @Clean = N'' OR @CleanCode IS NULL OR @CleanCode = N''
            EXEC app.RaiseError @ErrorId = 4012;
        IF
            LEN(@Clean) > 40 OR LEN(@CleanCode) > 20 OR @Rank IS NULL OR @Rank NOT BETWEEN 1 AND 100
            OR @ResponseTargetHours IS NULL OR @ResponseTargetHours NOT BETWEEN 1 AND 8760
            OR @ResolutionTargetHours IS NULL OR @ResolutionTargetHours NOT BETWEEN 1 AND 8760
            EXEC app.RaiseError @ErrorId = 4014;
        BEGIN TRANSACTION;
        IF
            EXISTS (
                SELECT 1 FROM app.Priority WITH (UPDLOCK, HOLDLOCK)
                WHERE Code = @CleanCode AND (@Id IS NULL OR PriorityId <> @Id)
            )
            EXEC app.RaiseError @ErrorId = 4013;
        IF @Id IS NULL
            BEGIN
                INSERT INTO app.Priority (Code, Name, Rank, ResponseTargetHours, ResolutionTargetHours, IsDefault)
                VALUES (
                    @CleanCode, @Clean, @Rank, @ResponseTargetHours, @ResolutionTargetHours, COALESCE(@IsDefault, 0)
                );
                SET @Id = CAST(SCOPE_IDENTITY() AS INT);
            END
        ELSE
            BEGIN
                UPDATE x
                SET
                    Code = @CleanCode, Name = @Clean, Rank = @Rank, ResponseTargetHours = @ResponseTargetHours,
                    ResolutionTargetHours = @ResolutionTargetHours, IsDefault = COALESCE(@IsDefault, 0)
                FROM app.Priority AS x
                WHERE
                    x.PriorityId = @Id
                    AND EXISTS (  -- nothing changed: no write, no line in the Bitácora
                        SELECT
                            x.Code COLLATE Latin1_General_100_BIN2,
                            x.Name COLLATE Latin1_General_100_BIN2,
                            x.Rank,
                            x.ResponseTargetHours,
                            x.ResolutionTargetHours,
                            x.IsDefault
                        EXCEPT
                        SELECT
                            @CleanCode,
                            @Clean,
                            @Rank,
                            @ResponseTargetHours,
                            @ResolutionTargetHours,
                            COALESCE(@IsDefault, 0)
                    );
                SET @Changed = CASE WHEN @@ROWCOUNT = 0 THEN 0 ELSE 1 END;
                IF @Changed = 0 AND NOT EXISTS (SELECT 1 FROM app.Priority AS x WHERE x.PriorityId = @Id)
                    EXEC app.RaiseError @ErrorId = 4011;
            END;
        IF @IsDefault = 1
            UPDATE app.Priority SET IsDefault = 0 WHERE PriorityId <> @Id AND IsDefault = 1;
        IF @Changed = 1
            BEGIN
                SET @Details = N'id: ' + CAST(@Id AS NVARCHAR(12));
                EXEC app.WriteAdminAudit
                    @StaffId = @AdminId, @Action = @AuditAction, @Target = @CleanCode,
                    @Details = @Details;
            END;
        IF @PriorityId IS NOT NULL AND @Changed = 1
            EXEC app.RebuildWorkCalendar @CampusId = NULL, @AllTickets = 0;
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
