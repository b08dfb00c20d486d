-- app.CheckReplyBody: a requester's message text (webform.AddRequesterReply, ReopenTicket),
-- already trimmed (NULL when empty): control characters raise 1119; NULL or a length outside
-- the 'reply_body' min_length..max_length of app.FieldRule raises 1202.
-- requires: app.RaiseError
IF OBJECT_ID(N'app.CheckReplyBody', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.CheckReplyBody AS RETURN 0;');
GO

ALTER PROCEDURE app.CheckReplyBody
    @Text NVARCHAR(MAX)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE
        @CtrlText NVARCHAR(20) = N'%[' + NCHAR(1) + N'-' + NCHAR(8) + NCHAR(11) + NCHAR(12)
        + NCHAR(14) + N'-' + NCHAR(31) + NCHAR(127) + N']%';
    DECLARE @Min INT;
    DECLARE @Max INT;
    SELECT
        @Min = MAX(CASE WHEN fr.RuleName = N'min_length' THEN TRY_CAST(fr.RuleValue AS INT) END),
        @Max = MAX(CASE WHEN fr.RuleName = N'max_length' THEN TRY_CAST(fr.RuleValue AS INT) END)
    FROM app.FieldRule AS fr
    WHERE fr.FieldName = N'reply_body';
    IF PATINDEX(@CtrlText, @Text COLLATE Latin1_General_BIN2) > 0
        EXEC app.RaiseError @ErrorId = 1119;
    IF @Text IS NULL OR LEN(@Text) NOT BETWEEN @Min AND @Max
        EXEC app.RaiseError @ErrorId = 1202;
END;
GO
