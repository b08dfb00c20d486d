-- staff.GetLoginParams: salt and PBKDF2 iterations the client needs to derive
-- the login key. An unknown username gets a deterministic fake salt (first 16
-- bytes of SHA-256(instance secret || 'fake-salt' || UTF-16LE bytes of the username))
-- and the minimum iterations, so the answer never tells whether an account exists; both
-- paths do the same work, so neither does the time it takes.
-- CAST(NVARCHAR AS VARBINARY) gives the UTF-16LE bytes whatever the collation (a VARCHAR
-- cast would go through the code page: '?' for characters outside it); the pg twin builds
-- the same bytes. No NFC applied in either dialect.
-- A name over 60 characters (no account has one) raises 2021.
-- Username match is exact (binary) as in PostgreSQL: under an accent-insensitive
-- collation (Modern_Spanish_CI_AI) `josé` would otherwise find the account `jose`.
IF OBJECT_ID(N'staff.GetLoginParams', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.GetLoginParams AS RETURN 0;');
GO

ALTER PROCEDURE staff.GetLoginParams
    @Username NVARCHAR(200)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Name NVARCHAR(60);
    DECLARE @MinIterations INT;
    DECLARE @FakeSalt VARBINARY(16);
    DECLARE @Salt VARBINARY(64);
    DECLARE @Iterations INT;

    IF LEN(LTRIM(RTRIM(COALESCE(@Username, N'')))) > 60
        EXEC app.RaiseError @ErrorId = 2021;
    SET @Name = LOWER(LTRIM(RTRIM(COALESCE(@Username, N''))));

    -- The same work for every name (issue 20, finding 10: the fake salt used to be computed only
    -- for unknown names, so timing told which accounts exist): the fake salt always, then one
    -- lookup that falls back to it.
    EXEC app.SettingValue @SettingKey = N'min_pbkdf2_iterations', @SettingValue = @MinIterations OUTPUT;
    SET @FakeSalt = (
        SELECT
            CAST(SUBSTRING(HASHBYTES(
                'SHA2_256',
                sec.Secret
                + CAST('fake-salt' AS VARBINARY(9))
                + CAST(@Name AS VARBINARY(400))
            ), 1, 16) AS VARBINARY(16))
        FROM app.InstanceSecret AS sec
        WHERE sec.SecretId = 1
    );

    SELECT
        @Salt = su.Salt,
        @Iterations = su.Iterations
    FROM app.StaffUser AS su
    WHERE su.Username = @Name AND su.Username = @Name COLLATE Latin1_General_BIN2;

    SELECT
        COALESCE(@Salt, @FakeSalt) AS salt,
        COALESCE(@Iterations, @MinIterations) AS iterations;
END;
GO
