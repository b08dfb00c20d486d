-- app.FindTicketByCode: the ticket id for a folio + access code, or NULL.
-- One indexed path for every outcome (folio normalized: case, spaces; the code is
-- compared by its SHA-256). A miss is recorded per client; once a client reaches
-- status_lookup_failures_per_hour misses in the last hour every lookup raises 1170.
-- requires: app.SettingValue
IF OBJECT_ID(N'app.FindTicketByCode', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.FindTicketByCode AS RETURN 0;');
GO

ALTER PROCEDURE app.FindTicketByCode
    @Folio NVARCHAR(100),
    @AccessCode NVARCHAR(100),
    @ClientKey NVARCHAR(200),
    @TicketId BIGINT OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Client VARBINARY(32);
    DECLARE @Failures INT;
    DECLARE @Limit INT;
    EXEC app.SettingValue @SettingKey = N'status_lookup_failures_per_hour', @SettingValue = @Limit OUTPUT;
    DECLARE @Code VARCHAR(100) = UPPER(REPLACE(REPLACE(COALESCE(@AccessCode, N''), N' ', N''), N'-', N''));
    SET @TicketId = NULL;

    IF NULLIF(LTRIM(RTRIM(@ClientKey)), N'') IS NULL
        EXEC app.RaiseError @ErrorId = 1150;
    SET @Client = HASHBYTES('SHA2_256', CAST(LTRIM(RTRIM(@ClientKey)) AS VARCHAR(200)));

    SET @Failures = (
        SELECT COUNT(*)
        FROM (
            SELECT TOP (@Limit) sl.LogId
            FROM app.StatusLookupLog AS sl
            WHERE sl.ClientKey = @Client AND sl.AttemptedAt > DATEADD(HOUR, -1, @Now)
        ) AS recent
    );
    IF @Failures >= @Limit
        EXEC app.RaiseError @ErrorId = 1170;

    SELECT @TicketId = t.TicketId
    FROM app.Ticket AS t
    WHERE
        t.Folio = UPPER(REPLACE(COALESCE(@Folio, N''), N' ', N''))
        AND t.AccessCodeHash = HASHBYTES('SHA2_256', @Code);

    IF @TicketId IS NULL
        INSERT INTO app.StatusLookupLog (ClientKey, AttemptedAt) VALUES (@Client, @Now);
END;
GO
