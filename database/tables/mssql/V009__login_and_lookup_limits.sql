-- V009: abuse limits that cannot be turned against users (issue 12, defects 4 and 6).
-- Login: every name has a failure counter and a lock, so unknown names answer exactly like
-- real accounts (accounts keep theirs in app.StaffUser); failures are also counted per
-- source address (app.LoginSource) to slow spraying across names; LoginAttempt records the
-- address, so a source where an account logged in before can be recognized (docs/readme/auth.md).
-- Status lookups: misses are recorded with their folio, so one folio has its own limit.
ALTER TABLE app.LoginAttempt ADD SourceAddress NVARCHAR(48) NULL;

CREATE TABLE app.LoginNameFailure (
    Username NVARCHAR(60) COLLATE Latin1_General_BIN2 NOT NULL,
    FailedLogins INT NOT NULL CONSTRAINT DF_App_LoginNameFailure_FailedLogins DEFAULT 0,
    LockedUntil DATETIME2(3) NULL,
    UpdatedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_LoginNameFailure_UpdatedAt DEFAULT SYSUTCDATETIME(),
    CONSTRAINT PK_App_LoginNameFailure PRIMARY KEY (Username)
);
CREATE INDEX IX_App_LoginNameFailure_UpdatedAt ON app.LoginNameFailure (UpdatedAt);

CREATE TABLE app.LoginSource (
    SourceAddress NVARCHAR(48) NOT NULL,
    WindowStart DATETIME2(3) NOT NULL,
    Failures INT NOT NULL,
    CONSTRAINT PK_App_LoginSource PRIMARY KEY (SourceAddress)
);

ALTER TABLE app.StatusLookupLog ADD Folio NVARCHAR(20) NULL;
CREATE INDEX IX_App_StatusLookupLog_Folio ON app.StatusLookupLog (Folio, AttemptedAt);
