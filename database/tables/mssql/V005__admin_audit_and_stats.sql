-- V005: administration audit log and statistics summaries.
-- The summaries are maintained by the trigger app.TicketStatsSync on app.Ticket
-- (procedure file app.TicketStatsSync) in the same transaction as the ticket
-- change; this file creates them and backfills them from existing tickets.
-- Days are local days in America/Mexico_City ('Central Standard Time (Mexico)').

-- Every administrative action: who, what, on what, when.
CREATE TABLE app.AdminAudit (
    AuditId BIGINT IDENTITY(1, 1),
    StaffId INT NOT NULL,
    Action NVARCHAR(40) NOT NULL,
    Target NVARCHAR(200) NOT NULL,
    Details NVARCHAR(2000) NULL,
    OccurredAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_AdminAudit_OccurredAt DEFAULT SYSUTCDATETIME(),
    CONSTRAINT PK_App_AdminAudit PRIMARY KEY (AuditId),
    CONSTRAINT FK_App_AdminAudit_Staff FOREIGN KEY (StaffId) REFERENCES app.StaffUser (StaffId)
);
CREATE INDEX IX_App_AdminAudit_OccurredAt ON app.AdminAudit (OccurredAt);

-- Ticket counts per local day, campus and dimension value (see the pg twin for
-- the list of dimensions): current values keyed by the day received, and
-- 'resolved' keyed by the day resolved.
CREATE TABLE app.StatsDaily (
    Dimension NVARCHAR(16) NOT NULL,
    StatDay DATE NOT NULL,
    CampusId SMALLINT NOT NULL,
    ItemId INT NOT NULL,
    TicketCount INT NOT NULL,
    CONSTRAINT PK_App_StatsDaily PRIMARY KEY (Dimension, StatDay, CampusId, ItemId)
);

-- One narrow row per ticket for exact medians and percentiles (whole minutes).
CREATE TABLE app.StatsTicketTime (
    TicketId BIGINT NOT NULL,
    CampusId SMALLINT NOT NULL,
    CreatedDay DATE NOT NULL,
    ResponseMinutes INT NULL,
    ResolutionMinutes INT NULL,
    IsOverTarget BIT NOT NULL CONSTRAINT DF_App_StatsTicketTime_IsOverTarget DEFAULT 0,
    IsOpen BIT NOT NULL CONSTRAINT DF_App_StatsTicketTime_IsOpen DEFAULT 1,
    DueAt DATETIME2(3) NOT NULL,
    CONSTRAINT PK_App_StatsTicketTime PRIMARY KEY (TicketId)
);
CREATE INDEX IX_App_StatsTicketTime_Day
    ON app.StatsTicketTime (CreatedDay, CampusId)
    INCLUDE (ResponseMinutes, ResolutionMinutes, IsOverTarget);
CREATE INDEX IX_App_StatsTicketTime_Open
    ON app.StatsTicketTime (CreatedDay, CampusId)
    INCLUDE (DueAt) WHERE IsOpen = 1;
GO

-- Backfill from tickets that already exist (upgrades of a live database).
INSERT INTO app.StatsDaily (Dimension, StatDay, CampusId, ItemId, TicketCount)
SELECT
    d.Dimension,
    d.StatDay,
    t.CampusId,
    d.ItemId,
    COUNT(*)
FROM (
    SELECT
        tk.*,
        CAST(tk.CreatedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE) AS CreatedDay,
        CAST(tk.ResolvedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE) AS ResolvedDay
    FROM app.Ticket AS tk
) AS t
CROSS APPLY (
    VALUES
    (N'total', t.CreatedDay, 0),
    (N'status', t.CreatedDay, CAST(t.StatusId AS INT)),
    (N'category', t.CreatedDay, CAST(t.CategoryId AS INT)),
    (N'requester_type', t.CreatedDay, CAST(t.RequesterTypeId AS INT)),
    (N'department', t.CreatedDay, CAST(t.DepartmentId AS INT)),
    (N'priority', t.CreatedDay, CAST(t.PriorityId AS INT)),
    (N'operator', t.CreatedDay, COALESCE(t.AssignedTo, 0)),
    (N'equipment', t.CreatedDay, t.EquipmentId),
    (N'resolved', t.ResolvedDay, 0)
) AS d(Dimension, StatDay, ItemId)
WHERE d.StatDay IS NOT NULL AND d.ItemId IS NOT NULL
GROUP BY d.Dimension, d.StatDay, t.CampusId, d.ItemId;

INSERT INTO app.StatsTicketTime (
    TicketId, CampusId, CreatedDay, ResponseMinutes, ResolutionMinutes, IsOverTarget, IsOpen, DueAt
)
SELECT
    t.TicketId,
    t.CampusId,
    CAST(t.CreatedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE),
    DATEDIFF_BIG(SECOND, t.CreatedAt, t.FirstResponseAt) / 60,
    DATEDIFF_BIG(SECOND, t.CreatedAt, t.ResolvedAt) / 60,
    CASE
        WHEN DATEDIFF_BIG(SECOND, t.CreatedAt, t.ResolvedAt) > CAST(p.ResolutionTargetHours AS BIGINT) * 3600
            THEN 1
        ELSE 0
    END,
    s.IsOpen,
    DATEADD(HOUR, p.ResolutionTargetHours, t.CreatedAt)
FROM app.Ticket AS t
INNER JOIN app.Priority AS p ON t.PriorityId = p.PriorityId
INNER JOIN app.Status AS s ON t.StatusId = s.StatusId;
