-- app.RaiseError: raise registry error @ErrorId with its Spanish message.
-- The error number is 50000 + id so clients map it back to the registry (gateway).
IF OBJECT_ID(N'app.RaiseError', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.RaiseError AS RETURN 0;');
GO

ALTER PROCEDURE app.RaiseError
    @ErrorId INT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Message NVARCHAR(2048) = (
        SELECT em.Message
        FROM app.ErrorMessage AS em
        WHERE em.ErrorId = @ErrorId
    );
    DECLARE @Number INT = 50000 + @ErrorId;
    SET @Message = COALESCE(@Message, N'Error ' + CAST(@ErrorId AS NVARCHAR(10)));
    THROW @Number, @Message, 1;
END;
GO
