-- V016: the working-hours clock (see the pg twin). Due dates, "vencidas" and the statistics'
-- response and resolution times count working hours: weekly schedule per campus minus
-- non-working days, laid out as app.WorkPeriod by app.RebuildWorkCalendar; app.TicketClock is
-- the one rule.

-- Weekly schedule per campus, effective from a local day (the latest ValidFrom <= the day);
-- minutes after local midnight; OpensMinute = ClosesMinute: closed that weekday (1 = Monday).
CREATE TABLE app.WorkHours (
    CampusId SMALLINT NOT NULL,
    ValidFrom DATE NOT NULL,
    Weekday SMALLINT NOT NULL,
    OpensMinute SMALLINT NOT NULL,
    ClosesMinute SMALLINT NOT NULL,
    CONSTRAINT PK_App_WorkHours PRIMARY KEY (CampusId, ValidFrom, Weekday),
    CONSTRAINT FK_App_WorkHours_Campus FOREIGN KEY (CampusId) REFERENCES app.Campus (CampusId),
    CONSTRAINT CK_App_WorkHours_Weekday CHECK (Weekday BETWEEN 1 AND 7),
    CONSTRAINT CK_App_WorkHours_Minutes CHECK (
        OpensMinute >= 0 AND ClosesMinute <= 1440 AND OpensMinute <= ClosesMinute
    )
);

-- Non-working local days per campus; IsActive = 0 takes a day back (never deleted).
CREATE TABLE app.NonWorkingDay (
    CampusId SMALLINT NOT NULL,
    OffDay DATE NOT NULL,
    Name NVARCHAR(120) NOT NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_App_NonWorkingDay_IsActive DEFAULT 1,
    CONSTRAINT PK_App_NonWorkingDay PRIMARY KEY (CampusId, OffDay),
    CONSTRAINT FK_App_NonWorkingDay_Campus FOREIGN KEY (CampusId) REFERENCES app.Campus (CampusId)
);

-- The schedule laid out in UTC with the working milliseconds before each stretch
-- (CumStartMs) and at its end (CumEndMs). Rebuilt by app.RebuildWorkCalendar, never edited.
CREATE TABLE app.WorkPeriod (
    CampusId SMALLINT NOT NULL,
    StartsAt DATETIME2(3) NOT NULL,
    EndsAt DATETIME2(3) NOT NULL,
    CumStartMs BIGINT NOT NULL,
    CumEndMs BIGINT NOT NULL,
    CONSTRAINT PK_App_WorkPeriod PRIMARY KEY CLUSTERED (CampusId, StartsAt)
);
CREATE UNIQUE INDEX IX_App_WorkPeriod_CumEnd ON app.WorkPeriod (CampusId, CumEndMs) INCLUDE (StartsAt, CumStartMs);

-- The current due instant of an open ticket (NULL once closed), written by the trigger
-- app.TicketDueSync from app.TicketClock: "vencidas" is an indexed comparison.
ALTER TABLE app.Ticket ADD DueAt DATETIME2(3) NULL;
GO

CREATE INDEX IX_App_Ticket_Due ON app.Ticket (TicketId) INCLUDE (DueAt) WHERE DueAt IS NOT NULL;
