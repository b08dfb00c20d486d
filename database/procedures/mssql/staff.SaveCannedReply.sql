-- staff.SaveCannedReply: create (@CannedReplyId NULL) or edit a canned reply
-- (administrators). Title 3-120 characters (4200), unique (4203); text 2-4000 (4201) with
-- only the placeholders of app.FillCannedReply (4202); 4204 for an id that does not exist.
-- Audited (guardar_respuesta). Returns the reply's id and whether anything changed: saving an
-- existing reply unchanged writes nothing (no Bitácora line, UpdatedAt kept), changed 0; text
-- is compared byte for byte (BIN2).
-- requires: app.FillCannedReply
IF OBJECT_ID(N'staff.SaveCannedReply', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.SaveCannedReply AS RETURN 0;');
GO

ALTER PROCEDURE staff.SaveCannedReply
    @Token VARBINARY(64),
    @CannedReplyId INT,
    @Title NVARCHAR(4000),
    @Body NVARCHAR(MAX),
    @IsPublic BIT,
    @IsActive BIT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @Changed BIT = 1;
    DECLARE @Id INT = @CannedReplyId;
    DECLARE @CleanTitle NVARCHAR(4000) = LTRIM(RTRIM(COALESCE(@Title, N'')));
    DECLARE @CleanBody NVARCHAR(MAX) = LTRIM(RTRIM(COALESCE(@Body, N'')));
    DECLARE @Public BIT = COALESCE(@IsPublic, 0);
    DECLARE @Active BIT = COALESCE(@IsActive, 1);
    DECLARE @Details NVARCHAR(40);
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        IF LEN(@CleanTitle) NOT BETWEEN 3 AND 120
            EXEC app.RaiseError @ErrorId = 4200;
        IF LEN(@CleanBody) NOT BETWEEN 2 AND 4000
            EXEC app.RaiseError @ErrorId = 4201;
        IF (SELECT f.body FROM app.FillCannedReply(@CleanBody, N'', N'', N'', N'') AS f) LIKE N'%{%}%'
            EXEC app.RaiseError @ErrorId = 4202;
        SET @Details = CASE WHEN @Public = 1 THEN N'pública' ELSE N'interna' END
            + CASE WHEN @Active = 1 THEN N'' ELSE N', inactiva' END;
        BEGIN TRANSACTION;
        IF
            EXISTS (
                SELECT 1 FROM app.CannedReply WITH (UPDLOCK, HOLDLOCK)
                WHERE Title = @CleanTitle AND (@Id IS NULL OR CannedReplyId <> @Id)
            )
            EXEC app.RaiseError @ErrorId = 4203;
        IF @Id IS NULL
            BEGIN
                INSERT INTO app.CannedReply (Title, Body, IsPublic, IsActive, UpdatedBy)
                VALUES (@CleanTitle, @CleanBody, @Public, @Active, @AdminId);
                SET @Id = CAST(SCOPE_IDENTITY() AS INT);
            END
        ELSE
            BEGIN
                UPDATE x
                SET
                    Title = @CleanTitle,
                    Body = @CleanBody,
                    IsPublic = @Public,
                    IsActive = @Active,
                    UpdatedAt = SYSUTCDATETIME(),
                    UpdatedBy = @AdminId
                FROM app.CannedReply AS x
                WHERE
                    x.CannedReplyId = @Id
                    AND EXISTS (  -- nothing changed: no write, no line in the Bitácora
                        SELECT
                            x.Title COLLATE Latin1_General_100_BIN2,
                            x.Body COLLATE Latin1_General_100_BIN2,
                            x.IsPublic,
                            x.IsActive
                        EXCEPT
                        SELECT
                            @CleanTitle,
                            @CleanBody,
                            @Public,
                            @Active
                    );
                SET @Changed = CASE WHEN @@ROWCOUNT = 0 THEN 0 ELSE 1 END;
                IF @Changed = 0 AND NOT EXISTS (SELECT 1 FROM app.CannedReply AS x WHERE x.CannedReplyId = @Id)
                    EXEC app.RaiseError @ErrorId = 4204;
            END;
        IF @Changed = 1
            EXEC app.WriteAdminAudit
                @StaffId = @AdminId, @Action = N'guardar_respuesta', @Target = @CleanTitle, @Details = @Details;
        COMMIT;
        SELECT
            @Id AS canned_reply_id,
            @Changed AS changed;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
