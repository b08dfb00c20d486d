-- The demo schema: the demo-data generator's bookkeeping, outside the production schema app.
-- Installed only by `python -m tools.dev.seed_demo` (never by the production deploy); re-runnable.
-- Every run of demo.SeedTickets records the tickets it generated, so that the seeder can tell
-- demo tickets from real ones and refuse to mix them by accident (real = all - demo).
-- Nothing is granted: webform_role and staff_role cannot see the schema.
IF SCHEMA_ID(N'demo') IS NULL
    EXEC (N'CREATE SCHEMA demo AUTHORIZATION dbo;');
GO

IF OBJECT_ID(N'demo.Batch', N'U') IS NULL
    CREATE TABLE demo.Batch (
        BatchId INT IDENTITY(1, 1),
        FirstTicketId BIGINT NOT NULL,
        LastTicketId BIGINT NOT NULL,
        TicketCount INT NOT NULL,
        EventCount INT NOT NULL,
        PeriodStart DATETIME2(3) NOT NULL,
        PeriodEnd DATETIME2(3) NOT NULL,
        SeededAt DATETIME2(3) NOT NULL CONSTRAINT DF_Demo_Batch_SeededAt DEFAULT SYSUTCDATETIME(),
        CONSTRAINT PK_Demo_Batch PRIMARY KEY (BatchId),
        CONSTRAINT CK_Demo_Batch_Range CHECK (FirstTicketId <= LastTicketId AND TicketCount > 0)
    );
GO
