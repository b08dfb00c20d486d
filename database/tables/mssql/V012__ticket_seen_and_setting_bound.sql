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

-- Each setting's accepted range for the administrators' settings screen (staff.SaveSetting
-- refuses values outside it; a setting without a row here is shown but cannot be changed from
-- the app). A table of its own, filled from database/seed/11_setting_bound.tsv on every deploy
-- (missing rows only), so settings added later need only a seed line here; no foreign key, so
-- bounds may be declared before their setting exists. Owner tools and tests may still set any value.
CREATE TABLE app.SettingBound (
    SettingKey NVARCHAR(60) NOT NULL,
    MinValue INT NOT NULL,
    MaxValue INT NOT NULL,
    CONSTRAINT PK_App_SettingBound PRIMARY KEY (SettingKey),
    CONSTRAINT CK_App_SettingBound_Range CHECK (MinValue <= MaxValue)
);
