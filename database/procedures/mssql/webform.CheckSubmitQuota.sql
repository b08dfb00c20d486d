-- webform.CheckSubmitQuota: whether this client may write now (a submission or a reply with
-- photos): raises what app.CheckSubmitRate raises (1150, 1160, 1161, 9060) and writes nothing.
-- The web tier asks before it decodes photos (issue 20, finding 5: a client over its hourly
-- limit used to cost seconds of decoding before its 429). A replay (a ticket already submitted
-- with @IdempotencyKey) passes: the submit answers it without counting.
-- The real check stays in the submitting procedure, in its transaction.
IF OBJECT_ID(N'webform.CheckSubmitQuota', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.CheckSubmitQuota AS RETURN 0;');
GO

ALTER PROCEDURE webform.CheckSubmitQuota
    @ClientKey NVARCHAR(200),
    @IdempotencyKey UNIQUEIDENTIFIER = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Client VARBINARY(32);
    IF
        @IdempotencyKey IS NOT NULL
        AND EXISTS (SELECT 1 FROM app.Ticket AS t WHERE t.IdempotencyKey = @IdempotencyKey)
        RETURN;
    BEGIN TRY
        BEGIN TRANSACTION;  -- app.CheckSubmitRate holds its application lock until the end
        EXEC app.CheckSubmitRate @ClientKey = @ClientKey, @Client = @Client OUTPUT;
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;
END;
GO
