-- V012: "new" per operator and bounds for the administrators' settings screen.

-- Which tickets each staff member has opened: "new" in the queue means "not yet opened by me"
-- (staff.MarkTicketSeen writes it, staff.ListQueue reads it for the page's rows only).
CREATE TABLE app.TicketSeen (
    StaffId INT NOT NULL,
    TicketId BIGINT NOT NULL,
    SeenAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_TicketSeen_SeenAt DEFAULT SYSUTCDATETIME(),
    CONSTRAINT PK_App_TicketSeen PRIMARY KEY (StaffId, TicketId),
    CONSTRAINT FK_App_TicketSeen_Staff FOREIGN KEY (StaffId) REFERENCES app.StaffUser (StaffId),
    CONSTRAINT FK_App_TicketSeen_Ticket FOREIGN KEY (TicketId) REFERENCES app.Ticket (TicketId)
);

-- Each setting's accepted range (staff.SaveSetting refuses values outside it). New rows get
-- their bounds from database/seed/01_setting.tsv; rows of a live database are updated here.
-- Only the administrators' procedure enforces them: owner tools and tests may still set any value.
ALTER TABLE app.Setting ADD MinValue INT NOT NULL CONSTRAINT DF_App_Setting_MinValue DEFAULT 0;
ALTER TABLE app.Setting ADD MaxValue INT NOT NULL CONSTRAINT DF_App_Setting_MaxValue DEFAULT 2147483647;
GO

UPDATE s
SET s.MinValue = b.MinValue, s.MaxValue = b.MaxValue
FROM app.Setting AS s
INNER JOIN (
    VALUES
    (N'min_pbkdf2_iterations', 600000, 10000000),
    (N'login_max_failures', 3, 20),
    (N'login_lockout_minutes', 1, 1440),
    (N'session_idle_minutes', 5, 480),
    (N'session_max_hours', 1, 24),
    (N'submit_client_per_hour', 1, 1000),
    (N'submit_global_per_minute', 10, 100000),
    (N'attachment_max_count', 0, 10),
    (N'attachment_max_bytes', 65536, 10485760),
    (N'status_lookup_failures_per_hour', 5, 1000)
) AS b (SettingKey, MinValue, MaxValue) ON s.SettingKey = b.SettingKey;

ALTER TABLE app.Setting ADD CONSTRAINT CK_App_Setting_Bounds CHECK (
    MinValue <= MaxValue
);
