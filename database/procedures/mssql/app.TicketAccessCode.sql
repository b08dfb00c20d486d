-- app.TicketAccessCode: the access code of the ticket submitted with @IdempotencyKey.
-- SHA-256(instance secret || UTF-8 bytes of the lower-case UUID text); byte i (1..10) mod 31 picks a
-- character of an alphabet without 0/O/1/I/L. Deterministic, so a replay can give the code
-- again while only its SHA-256 is stored. Byte-identical to app.ticket_access_code (pg).
-- requires: app.Utf8Bytes
IF OBJECT_ID(N'app.TicketAccessCode', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.TicketAccessCode AS RETURN 0;');
GO

ALTER PROCEDURE app.TicketAccessCode
    @IdempotencyKey UNIQUEIDENTIFIER,
    @AccessCode NVARCHAR(10) OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Alphabet VARCHAR(31) = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
    DECLARE @KeyText NVARCHAR(36) = LOWER(CONVERT(NVARCHAR(36), @IdempotencyKey));
    DECLARE @KeyBytes VARBINARY(MAX);
    DECLARE @Digest VARBINARY(32);
    EXEC app.Utf8Bytes @Text = @KeyText, @Bytes = @KeyBytes OUTPUT;
    SET @Digest = (
        SELECT HASHBYTES('SHA2_256', s.Secret + @KeyBytes)
        FROM app.InstanceSecret AS s
        WHERE s.SecretId = 1
    );
    DECLARE @I INT = 1;
    SET @AccessCode = N'';
    WHILE @I <= 10
        BEGIN
            SET
                @AccessCode = @AccessCode
                + SUBSTRING(@Alphabet, CAST(SUBSTRING(@Digest, @I, 1) AS INT) % 31 + 1, 1);
            SET @I = @I + 1;
        END;
END;
GO
