-- staff.ReissueAccessCode: a new access code for a requester who lost theirs (in person, at
-- the computing center). Operador or administrador; any status. The new 10-character code
-- (alphabet of app.TicketAccessCode, bytes from CRYPT_GEN_RANDOM) is returned once and only
-- its SHA-256 is stored: the old code stops working at once. One internal 'codigo' event
-- with the actor and one Bitácora line (reemitir_codigo, target the folio: who gave a
-- requester a new code is an administrative fact); RowVersion bumped (3001, 3002 as every
-- staff change).
-- requires: app.LockTicketForChange
-- requires: app.WriteAdminAudit
-- requires: app.Utf8Bytes
IF OBJECT_ID(N'staff.ReissueAccessCode', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ReissueAccessCode AS RETURN 0;');
GO

ALTER PROCEDURE staff.ReissueAccessCode
    @Token VARBINARY(64),
    @TicketId BIGINT,
    @RowVersion INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Alphabet NVARCHAR(31) = N'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @StaffId INT;
    DECLARE @Random VARBINARY(10) = CRYPT_GEN_RANDOM(10);
    DECLARE @Code NVARCHAR(10) = N'';
    DECLARE @CodeBytes VARBINARY(MAX);
    DECLARE @I INT = 1;
    DECLARE @EventId BIGINT;
    DECLARE @Folio NVARCHAR(20);

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF @TicketId IS NULL OR @RowVersion IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    WHILE @I <= 10
        BEGIN
            SET @Code = @Code + SUBSTRING(@Alphabet, CAST(SUBSTRING(@Random, @I, 1) AS INT) % 31 + 1, 1);
            SET @I = @I + 1;
        END;
    EXEC app.Utf8Bytes @Text = @Code, @Bytes = @CodeBytes OUTPUT;  -- hashed as UTF-8, as in pg

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockTicketForChange @TicketId = @TicketId, @RowVersion = @RowVersion, @RequireOpen = 0;
        UPDATE app.Ticket
        SET
            AccessCodeHash = HASHBYTES('SHA2_256', @CodeBytes),
            RowVersion = RowVersion + 1,
            UpdatedAt = @Now
        WHERE TicketId = @TicketId;
        INSERT INTO app.TicketEvent (TicketId, OccurredAt, EventType, IsPublic, ActorStaffId)
        VALUES (@TicketId, @Now, N'codigo', 0, @StaffId);
        SET @EventId = SCOPE_IDENTITY();
        SELECT @Folio = t.Folio FROM app.Ticket AS t WHERE t.TicketId = @TicketId;
        EXEC app.WriteAdminAudit
            @StaffId = @StaffId, @Action = N'reemitir_codigo', @Target = @Folio, @Details = NULL;
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        t.TicketId AS ticket_id,
        t.Folio AS folio,
        @Code AS access_code,
        t.RowVersion AS row_version,
        @EventId AS event_id
    FROM app.Ticket AS t
    WHERE t.TicketId = @TicketId;
END;
GO
