-- app.Utf8Bytes: the UTF-8 bytes of a text, the one encoding every hashed text uses (client
-- keys, access codes, the idempotency key of an access code); what convert_to(x, 'UTF8') gives
-- in PostgreSQL, so both dialects store equal hashes. SQL Server 2016 has no UTF-8 collation
-- and a VARCHAR cast goes through the database's code page ('?' for what it lacks), so the
-- bytes are built from the UTF-16LE code units of the NVARCHAR (CAST AS VARBINARY: the same
-- whatever the collation, _SC or not). A surrogate pair is one 4-byte sequence; a lone
-- surrogate (PostgreSQL text cannot hold one) becomes U+FFFD. NULL gives NULL.
IF OBJECT_ID(N'app.Utf8Bytes', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.Utf8Bytes AS RETURN 0;');
GO

ALTER PROCEDURE app.Utf8Bytes
    @Text NVARCHAR(4000),
    @Bytes VARBINARY(MAX) OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Units VARBINARY(8000) = CAST(@Text AS VARBINARY(8000));
    DECLARE @Length INT = DATALENGTH(@Units);
    DECLARE @I INT = 1;
    DECLARE @Unit INT;
    DECLARE @Low INT;
    DECLARE @Point INT;
    SET @Bytes = CASE WHEN @Text IS NULL THEN NULL ELSE 0x END;
    WHILE @I < @Length
        BEGIN
            SET @Unit = CAST(SUBSTRING(@Units, @I + 1, 1) AS INT) * 256 + CAST(SUBSTRING(@Units, @I, 1) AS INT);
            SET @I = @I + 2;
            IF @Unit < 128
                SET @Bytes = @Bytes + CAST(@Unit AS BINARY(1));
            ELSE IF @Unit < 2048
                SET @Bytes = @Bytes
                    + CAST(192 + @Unit / 64 AS BINARY(1))
                    + CAST(128 + @Unit % 64 AS BINARY(1));
            ELSE IF @Unit BETWEEN 55296 AND 56319
                BEGIN
                    -- a high surrogate: with the low one after it, one code point above U+FFFF
                    SET @Low = CASE
                        WHEN @I < @Length
                            THEN CAST(SUBSTRING(@Units, @I + 1, 1) AS INT) * 256
                            + CAST(SUBSTRING(@Units, @I, 1) AS INT)
                    END;
                    IF @Low BETWEEN 56320 AND 57343
                        BEGIN
                            SET @I = @I + 2;
                            SET @Point = 65536 + (@Unit - 55296) * 1024 + (@Low - 56320);
                            SET @Bytes = @Bytes
                                + CAST(240 + @Point / 262144 AS BINARY(1))
                                + CAST(128 + (@Point / 4096) % 64 AS BINARY(1))
                                + CAST(128 + (@Point / 64) % 64 AS BINARY(1))
                                + CAST(128 + @Point % 64 AS BINARY(1));
                        END;
                    ELSE
                        SET @Bytes = @Bytes + 0xEFBFBD;
                END;
            ELSE IF @Unit BETWEEN 56320 AND 57343
                SET @Bytes = @Bytes + 0xEFBFBD;
            ELSE
                SET @Bytes = @Bytes
                    + CAST(224 + @Unit / 4096 AS BINARY(1))
                    + CAST(128 + (@Unit / 64) % 64 AS BINARY(1))
                    + CAST(128 + @Unit % 64 AS BINARY(1));
        END;
END;
GO
