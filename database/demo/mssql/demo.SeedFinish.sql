-- demo.SeedFinish: refresh the optimizer statistics of the tables the demo
-- seeder filled, so the first queries after seeding get good plans.
-- Owner only (never granted).
IF OBJECT_ID(N'demo.SeedFinish', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE demo.SeedFinish AS RETURN 0;');
GO

ALTER PROCEDURE demo.SeedFinish
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    UPDATE STATISTICS app.Ticket;
    UPDATE STATISTICS app.TicketEvent;
    UPDATE STATISTICS app.Equipment;
    UPDATE STATISTICS app.StaffUser;

    SELECT
        (SELECT COUNT_BIG(*) FROM app.Ticket) AS tickets,
        (SELECT COUNT_BIG(*) FROM app.TicketEvent) AS events;
END;
GO
