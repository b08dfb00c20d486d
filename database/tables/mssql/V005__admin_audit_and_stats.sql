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
    CONSTRAINT PK_App_StatsDaily PRIMARY KEY CLUSTERED (Dimension, StatDay, CampusId, ItemId)
);

-- Histogram buckets of minutes (about 15 percent wide, exact below 16 minutes)
-- for exact percentiles: the counts per bucket live in app.StatsDaily
-- (dimensions 'response_hist' / 'resolution_hist', ItemId = BucketId, by day
-- received); the k-th value is then read from the few rows of one bucket.
CREATE TABLE app.StatsMinuteBucket (
    BucketId SMALLINT NOT NULL,
    LoMinutes INT NOT NULL,
    HiMinutes INT NOT NULL,
    CONSTRAINT PK_App_StatsMinuteBucket PRIMARY KEY (BucketId),
    CONSTRAINT UQ_App_StatsMinuteBucket_Lo UNIQUE (LoMinutes)
);
INSERT INTO app.StatsMinuteBucket (BucketId, LoMinutes, HiMinutes) VALUES
(0, 0, 1), (1, 1, 2), (2, 2, 3), (3, 3, 4), (4, 4, 5), (5, 5, 6), (6, 6, 7), (7, 7, 8), (8, 8, 9),
(9, 9, 10), (10, 10, 11), (11, 11, 12), (12, 12, 13), (13, 13, 14), (14, 14, 15), (15, 15, 18),
(16, 18, 21), (17, 21, 24), (18, 24, 27), (19, 27, 32), (20, 32, 37), (21, 37, 42), (22, 42, 48),
(23, 48, 56), (24, 56, 64), (25, 64, 74), (26, 74, 85), (27, 85, 98), (28, 98, 113),
(29, 113, 130), (30, 130, 149), (31, 149, 172), (32, 172, 198), (33, 198, 227), (34, 227, 261),
(35, 261, 301), (36, 301, 346), (37, 346, 398), (38, 398, 458), (39, 458, 526), (40, 526, 605),
(41, 605, 696), (42, 696, 801), (43, 801, 921), (44, 921, 1059), (45, 1059, 1218),
(46, 1218, 1401), (47, 1401, 1611), (48, 1611, 1852), (49, 1852, 2130), (50, 2130, 2450),
(51, 2450, 2817), (52, 2817, 3240), (53, 3240, 3726), (54, 3726, 4285), (55, 4285, 4928),
(56, 4928, 5667), (57, 5667, 6518), (58, 6518, 7495), (59, 7495, 8620), (60, 8620, 9913),
(61, 9913, 11400), (62, 11400, 13110), (63, 13110, 15076), (64, 15076, 17338), (65, 17338, 19939),
(66, 19939, 22930), (67, 22930, 26369), (68, 26369, 30325), (69, 30325, 34873), (70, 34873, 40105),
(71, 40105, 46120), (72, 46120, 53038), (73, 53038, 60994), (74, 60994, 70143), (75, 70143, 80665),
(76, 80665, 92765), (77, 92765, 106680), (78, 106680, 122682), (79, 122682, 141084),
(80, 141084, 162247), (81, 162247, 186584), (82, 186584, 214572), (83, 214572, 246757),
(84, 246757, 283771), (85, 283771, 326337), (86, 326337, 375287), (87, 375287, 431581),
(88, 431581, 496318), (89, 496318, 570765), (90, 570765, 656380), (91, 656380, 754837),
(92, 754837, 868063), (93, 868063, 998273), (94, 998273, 1148014), (95, 1148014, 1320216),
(96, 1320216, 1518248), (97, 1518248, 1745985), (98, 1745985, 2007883), (99, 2007883, 2147483647);

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
    ResponseBucket SMALLINT NULL,
    ResolutionBucket SMALLINT NULL,
    CONSTRAINT PK_App_StatsTicketTime PRIMARY KEY (TicketId)
);
CREATE INDEX IX_App_StatsTicketTime_Late
    ON app.StatsTicketTime (CreatedDay, CampusId)
    WHERE IsOverTarget = 1;
CREATE INDEX IX_App_StatsTicketTime_Response
    ON app.StatsTicketTime (ResponseBucket, CreatedDay, CampusId)
    INCLUDE (ResponseMinutes);
CREATE INDEX IX_App_StatsTicketTime_Resolution
    ON app.StatsTicketTime (ResolutionBucket, CreatedDay, CampusId)
    INCLUDE (ResolutionMinutes);
CREATE INDEX IX_App_StatsTicketTime_Open
    ON app.StatsTicketTime (CreatedDay, CampusId)
    INCLUDE (DueAt) WHERE IsOpen = 1;
GO

-- Backfill from tickets that already exist (upgrades of a live database).
INSERT INTO app.StatsTicketTime (
    TicketId, CampusId, CreatedDay, ResponseMinutes, ResolutionMinutes, IsOverTarget, IsOpen, DueAt,
    ResponseBucket, ResolutionBucket
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
    DATEADD(HOUR, p.ResolutionTargetHours, t.CreatedAt),
    rb.BucketId AS ResponseBucket,
    sb.BucketId AS ResolutionBucket
FROM app.Ticket AS t
INNER JOIN app.Priority AS p ON t.PriorityId = p.PriorityId
INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
OUTER APPLY (
    SELECT TOP (1) b.BucketId
    FROM app.StatsMinuteBucket AS b
    WHERE b.LoMinutes <= DATEDIFF_BIG(SECOND, t.CreatedAt, t.FirstResponseAt) / 60
    ORDER BY b.LoMinutes DESC
) AS rb
OUTER APPLY (
    SELECT TOP (1) b.BucketId
    FROM app.StatsMinuteBucket AS b
    WHERE b.LoMinutes <= DATEDIFF_BIG(SECOND, t.CreatedAt, t.ResolvedAt) / 60
    ORDER BY b.LoMinutes DESC
) AS sb;

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
        st.ResponseBucket,
        st.ResolutionBucket,
        CAST(tk.CreatedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE) AS CreatedDay,
        CAST(tk.ResolvedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE) AS ResolvedDay
    FROM app.Ticket AS tk
    INNER JOIN app.StatsTicketTime AS st ON tk.TicketId = st.TicketId
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
    (N'equipment_month', DATEFROMPARTS(YEAR(t.CreatedDay), MONTH(t.CreatedDay), 1), t.EquipmentId),
    (N'resolved', t.ResolvedDay, 0),
    (N'response_hist', t.CreatedDay, CAST(t.ResponseBucket AS INT)),
    (N'resolution_hist', t.CreatedDay, CAST(t.ResolutionBucket AS INT))
) AS d(Dimension, StatDay, ItemId)
WHERE d.StatDay IS NOT NULL AND d.ItemId IS NOT NULL
GROUP BY d.Dimension, d.StatDay, t.CampusId, d.ItemId;
