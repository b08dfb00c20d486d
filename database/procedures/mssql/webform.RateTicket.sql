-- webform.RateTicket: one satisfaction rating (1-5, optional comment) per ticket, by folio +
-- access code, while the ticket is 'resuelto' or 'cerrado'. Checks: rating (1210, bounds from
-- app.FieldRule), comment (1119, 1211), status (1212), once per ticket (1213: the primary key
-- of app.TicketRating decides between concurrent calls; the row is re-read under UPDLOCK,
-- HOLDLOCK and a duplicate key 2601/2627 is answered as 1213). Stores the ticket's operator,
-- category and campus at rating time and an internal 'calificado' event without text (the
-- value is for administrators' statistics only). The ticket row itself does not change.
-- A miss gives 0 rows (counted by app.FindTicketByCode).
-- requires: app.FindTicketByCode
IF OBJECT_ID(N'webform.RateTicket', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.RateTicket AS RETURN 0;');
GO

ALTER PROCEDURE webform.RateTicket
    @Folio NVARCHAR(100),
    @AccessCode NVARCHAR(100),
    @Rating INT,
    @Comment NVARCHAR(MAX),
    @ClientKey NVARCHAR(200)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE
        @CtrlText NVARCHAR(20) = N'%[' + NCHAR(1) + N'-' + NCHAR(8) + NCHAR(11) + NCHAR(12)
        + NCHAR(14) + N'-' + NCHAR(31) + NCHAR(127) + N']%';
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Text NVARCHAR(MAX) = NULLIF(LTRIM(RTRIM(@Comment)), N'');
    DECLARE @TicketId BIGINT;
    DECLARE @Min INT;
    DECLARE @Max INT;
    DECLARE @CommentMax INT;
    DECLARE @Code NVARCHAR(20);
    EXEC app.FindTicketByCode
        @Folio = @Folio, @AccessCode = @AccessCode, @ClientKey = @ClientKey, @TicketId = @TicketId OUTPUT;
    IF @TicketId IS NULL
        RETURN;  -- a miss: no rows; the miss stays recorded

    SELECT
        @Min = MAX(
            CASE WHEN fr.FieldName = N'rating' AND fr.RuleName = N'min_value' THEN TRY_CAST(fr.RuleValue AS INT) END
        ),
        @Max = MAX(
            CASE WHEN fr.FieldName = N'rating' AND fr.RuleName = N'max_value' THEN TRY_CAST(fr.RuleValue AS INT) END
        ),
        @CommentMax = MAX(
            CASE
                WHEN fr.FieldName = N'rating_comment' AND fr.RuleName = N'max_length'
                    THEN TRY_CAST(fr.RuleValue AS INT)
            END
        )
    FROM app.FieldRule AS fr
    WHERE fr.FieldName IN (N'rating', N'rating_comment');
    IF @Rating IS NULL OR @Rating NOT BETWEEN @Min AND @Max
        EXEC app.RaiseError @ErrorId = 1210;
    IF PATINDEX(@CtrlText, @Text COLLATE Latin1_General_BIN2) > 0
        EXEC app.RaiseError @ErrorId = 1119;
    IF LEN(@Text) > @CommentMax
        EXEC app.RaiseError @ErrorId = 1211;

    BEGIN TRY
        BEGIN TRANSACTION;
        SELECT @Code = s.Code
        FROM app.Ticket AS t
        INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
        WHERE t.TicketId = @TicketId;
        IF @Code NOT IN (N'resuelto', N'cerrado')
            EXEC app.RaiseError @ErrorId = 1212;
        IF EXISTS (SELECT 1 FROM app.TicketRating AS r WITH (UPDLOCK, HOLDLOCK) WHERE r.TicketId = @TicketId)
            EXEC app.RaiseError @ErrorId = 1213;
        INSERT INTO app.TicketRating (TicketId, Rating, Comment, RatedAt, OperatorId, CategoryId, CampusId)
        SELECT
            t.TicketId,
            @Rating,
            @Text,
            @Now,
            t.AssignedTo,
            t.CategoryId,
            t.CampusId
        FROM app.Ticket AS t
        WHERE t.TicketId = @TicketId;
        INSERT INTO app.TicketEvent (TicketId, OccurredAt, EventType, IsPublic)
        VALUES (@TicketId, @Now, N'calificado', 0);
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        IF ERROR_NUMBER() IN (2601, 2627)
            EXEC app.RaiseError @ErrorId = 1213;
        THROW;
    END CATCH;

    SELECT
        t.Folio AS folio,
        s.Code AS status_code,
        s.Name AS status_name,
        @Now AS occurred_at,
        CAST(0 AS BIT) AS is_replay
    FROM app.Ticket AS t
    INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
    WHERE t.TicketId = @TicketId;
END;
GO
