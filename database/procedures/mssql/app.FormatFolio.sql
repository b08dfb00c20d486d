-- app.FormatFolio: the folio of ticket @TicketId created at @CreatedAt (UTC): 'CC-', the year of
-- @CreatedAt in Mexico City, '-', the ticket id with at least 6 digits (CC-2026-000123).
-- The one folio rule, used by webform.SubmitTicket and demo.SeedTickets; its shape is
-- gateway.folio.FOLIO_PATTERN (the web tier and staff.ListQueue read that pattern).
-- An inline table-valued function: set-based inserts CROSS APPLY it and SQL Server expands
-- it into the plan (a scalar function would run once per row on SQL Server 2016).
IF OBJECT_ID(N'app.FormatFolio', N'IF') IS NULL
    EXEC (N'CREATE FUNCTION app.FormatFolio() RETURNS TABLE AS RETURN SELECT 1 AS folio;');
GO

ALTER FUNCTION app.FormatFolio(
    @TicketId BIGINT,
    @CreatedAt DATETIME2(3)
)
RETURNS TABLE
AS
RETURN
SELECT
    CAST(
        N'CC-'
        + CAST(
            DATEPART(
                YEAR, (@CreatedAt AT TIME ZONE 'UTC') AT TIME ZONE 'Central Standard Time (Mexico)'
            ) AS NVARCHAR(4)
        )
        + N'-'
        + CASE
            WHEN @TicketId < 100000 THEN RIGHT(N'00000' + CAST(@TicketId AS NVARCHAR(20)), 6)
            ELSE CAST(@TicketId AS NVARCHAR(20))
        END AS NVARCHAR(20)
    ) AS folio;
GO
