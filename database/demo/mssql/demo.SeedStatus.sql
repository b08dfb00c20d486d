-- demo.SeedStatus: how many tickets are real and how many were generated
-- by the demo seeder (demo.Batch), so the seeder can refuse to mix them.
-- Owner only (never granted).
IF OBJECT_ID(N'demo.SeedStatus', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE demo.SeedStatus AS RETURN 0;');
GO

ALTER PROCEDURE demo.SeedStatus
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
    FROM demo.Batch AS b;
END;
GO
