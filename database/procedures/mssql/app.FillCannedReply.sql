-- app.FillCannedReply: the text of a canned reply with its placeholders replaced: {folio},
-- {nombre} (the requester), {lugar} (campus · location · detail) and {estado} (status name).
-- The one list of placeholders: staff.SaveCannedReply fills with empty values and refuses a
-- text that still has {...} (an unknown placeholder), staff.UseCannedReply fills from the
-- ticket. A binary collation makes REPLACE case-sensitive, as in PostgreSQL.
-- An inline table-valued function (CROSS APPLY, expanded into the caller's plan).
IF OBJECT_ID(N'app.FillCannedReply', N'IF') IS NULL
    EXEC (N'CREATE FUNCTION app.FillCannedReply() RETURNS TABLE AS RETURN SELECT 1 AS body;');
GO

ALTER FUNCTION app.FillCannedReply(
    @Body NVARCHAR(4000),
    @Folio NVARCHAR(20),
    @Name NVARCHAR(120),
    @Place NVARCHAR(400),
    @Status NVARCHAR(60)
)
RETURNS TABLE
AS
RETURN
SELECT
    CAST(
        REPLACE(
            REPLACE(
                REPLACE(
                    REPLACE(@Body COLLATE Latin1_General_100_BIN2, N'{folio}', COALESCE(@Folio, N'')),
                    N'{nombre}', COALESCE(@Name, N'')
                ),
                N'{lugar}', COALESCE(@Place, N'')
            ),
            N'{estado}', COALESCE(@Status, N'')
        ) AS NVARCHAR(4000)
    ) AS body;
GO
