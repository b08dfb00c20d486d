-- V013: respuestas predefinidas (canned replies) and the administrators' reopening of a
-- cancelled ticket (issue 16).

-- Texts the staff insert into a note or a public reply. Placeholders {folio}, {nombre},
-- {lugar} and {estado} are filled by staff.UseCannedReply from the ticket; any other
-- {...} is refused when saved (staff.SaveCannedReply). Nothing is deleted: an inactive
-- reply is no longer offered. UseCount / LastUsedAt: how often each one is inserted.
CREATE TABLE app.CannedReply (
    CannedReplyId INT IDENTITY(1, 1),
    Title NVARCHAR(120) NOT NULL,
    Body NVARCHAR(4000) NOT NULL,
    IsPublic BIT NOT NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_App_CannedReply_IsActive DEFAULT 1,
    UseCount INT NOT NULL CONSTRAINT DF_App_CannedReply_UseCount DEFAULT 0,
    LastUsedAt DATETIME2(3) NULL,
    UpdatedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_CannedReply_UpdatedAt DEFAULT SYSUTCDATETIME(),
    UpdatedBy INT NULL,
    CONSTRAINT PK_App_CannedReply PRIMARY KEY (CannedReplyId),
    CONSTRAINT UQ_App_CannedReply_Title UNIQUE (Title),
    CONSTRAINT FK_App_CannedReply_UpdatedBy FOREIGN KEY (UpdatedBy) REFERENCES app.StaffUser (StaffId),
    CONSTRAINT CK_App_CannedReply_UseCount CHECK (UseCount >= 0)
);

-- A transition only an administrator may make, with a reason (staff.ReopenCancelledTicket):
-- staff.ChangeStatus refuses it. The rows are in database/seed/09_status_transition.tsv.
ALTER TABLE app.StatusTransition ADD AdminOnly BIT NOT NULL
    CONSTRAINT DF_App_StatusTransition_AdminOnly DEFAULT 0;
