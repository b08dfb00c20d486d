-- V003: web form support. Institutional e-mail domains accepted by the form
-- (administrators edit them) and failed status lookups for their rate limit.

CREATE TABLE app.EmailDomain (
    DomainName NVARCHAR(100) NOT NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_App_EmailDomain_IsActive DEFAULT 1,
    CONSTRAINT PK_App_EmailDomain PRIMARY KEY (DomainName),
    CONSTRAINT CK_App_EmailDomain_Lower CHECK (DomainName = LOWER(DomainName) COLLATE Latin1_General_BIN2)
);

-- One row per failed status lookup (wrong folio or access code); ClientKey = SHA-256 of the client key.
CREATE TABLE app.StatusLookupLog (
    LogId BIGINT IDENTITY(1, 1),
    ClientKey VARBINARY(32) NOT NULL,
    AttemptedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_StatusLookupLog_AttemptedAt DEFAULT SYSUTCDATETIME(),
    CONSTRAINT PK_App_StatusLookupLog PRIMARY KEY (LogId)
);
CREATE INDEX IX_App_StatusLookupLog_Client ON app.StatusLookupLog (ClientKey, AttemptedAt);
