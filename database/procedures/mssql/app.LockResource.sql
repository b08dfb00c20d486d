-- app.LockResource: the name under which a procedure takes its application lock for @Name
-- (N'itl-submit-client:<hex>', N'itl-status-folio:<folio>', N'itl-login-source:<address>'):
-- N'itl:' + hex SHA-256(instance secret + UTF-8 bytes of @Name). sp_getapplock is a system
-- procedure every database user may run, and a lock is identified by database, principal
-- (public) and name: a client login that could name our resource could hold it and make
-- every submission, status lookup or login on it wait. It cannot read the secret, so it
-- cannot name it (issue 20, finding 4). Same text as app.lock_resource (pg).
-- requires: app.Utf8Bytes
IF OBJECT_ID(N'app.LockResource', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.LockResource AS RETURN 0;');
GO

ALTER PROCEDURE app.LockResource
    @Name NVARCHAR(200),
    @Resource NVARCHAR(255) OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Bytes VARBINARY(MAX);
    EXEC app.Utf8Bytes @Text = @Name, @Bytes = @Bytes OUTPUT;
    SET @Resource = (
        SELECT N'itl:' + LOWER(CONVERT(NVARCHAR(64), HASHBYTES('SHA2_256', s.Secret + @Bytes), 2))
        FROM app.InstanceSecret AS s
        WHERE s.SecretId = 1
    );
END;
GO
