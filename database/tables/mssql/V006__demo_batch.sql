-- V006: demo data bookkeeping (scale slice). Every run of the demo seeder
-- (app.SeedDemoTickets) records the tickets it generated, so that the seeder
-- can tell demo tickets from real ones and refuse to mix them by accident.
-- Real tickets = all tickets - sum(TicketCount) of the batches.

CREATE TABLE app.DemoBatch (
    BatchId INT IDENTITY(1, 1),
    FirstTicketId BIGINT NOT NULL,
    LastTicketId BIGINT NOT NULL,
    TicketCount INT NOT NULL,
    EventCount INT NOT NULL,
    PeriodStart DATETIME2(3) NOT NULL,
    PeriodEnd DATETIME2(3) NOT NULL,
    SeededAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_DemoBatch_SeededAt DEFAULT SYSUTCDATETIME(),
    CONSTRAINT PK_App_DemoBatch PRIMARY KEY (BatchId),
    CONSTRAINT CK_App_DemoBatch_Range CHECK (FirstTicketId <= LastTicketId AND TicketCount > 0)
);
