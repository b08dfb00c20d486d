-- app.SeedDemoStatus: how many tickets are real and how many were generated
-- by the demo seeder (app.DemoBatch), so the seeder can refuse to mix them.
-- Owner only (never granted).
IF OBJECT_ID(N'app.SeedDemoStatus', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.SeedDemoStatus AS RETURN 0;');
GO

ALTER PROCEDURE app.SeedDemoStatus
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Total BIGINT = (SELECT COUNT_BIG(*) FROM app.Ticket);

    SELECT
        @Total - COALESCE(SUM(CAST(b.TicketCount AS BIGINT)), 0) AS real_tickets,
        COALESCE(SUM(CAST(b.TicketCount AS BIGINT)), 0) AS demo_tickets,
        COALESCE(SUM(CAST(b.EventCount AS BIGINT)), 0) AS demo_events,
        COUNT(*) AS demo_batches
    FROM app.DemoBatch AS b;
END;
GO
