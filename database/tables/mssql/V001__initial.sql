-- V001: initial schema. Schemas by audience, all owned by dbo (ownership chaining and
-- EXECUTE AS OWNER need one owner); every table lives in `app`. Names are the snake_case
-- twins of the T-SQL PascalCase names (app.ticket_event <-> app.TicketEvent, ticket_id <-> TicketId).

IF SCHEMA_ID(N'app') IS NULL EXEC (N'CREATE SCHEMA app AUTHORIZATION dbo');
IF SCHEMA_ID(N'webform') IS NULL EXEC (N'CREATE SCHEMA webform AUTHORIZATION dbo');
IF SCHEMA_ID(N'staff') IS NULL EXEC (N'CREATE SCHEMA staff AUTHORIZATION dbo');
IF SCHEMA_ID(N'stats') IS NULL EXEC (N'CREATE SCHEMA stats AUTHORIZATION dbo');

CREATE TABLE app.SchemaVersion (
    Version INT NOT NULL,
    Description NVARCHAR(200) NOT NULL,
    Checksum NVARCHAR(64) NOT NULL,
    AppliedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_SchemaVersion_AppliedAt DEFAULT SYSUTCDATETIME(),
    CONSTRAINT PK_App_SchemaVersion PRIMARY KEY (Version)
);

-- Re-runnable objects (procedures, views, grants) last deployed, by checksum,
-- so that a second deploy skips what did not change and says so.
CREATE TABLE app.DeployedObject (
    ObjectName NVARCHAR(200) NOT NULL,
    Checksum NVARCHAR(64) NOT NULL,
    DeployedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_DeployedObject_DeployedAt DEFAULT SYSUTCDATETIME(),
    CONSTRAINT PK_App_DeployedObject PRIMARY KEY (ObjectName)
);

-- Spanish messages of the error registry (database/errors.tsv), loaded by deploy.
CREATE TABLE app.ErrorMessage (
    ErrorId INT NOT NULL,
    ErrorKey NVARCHAR(60) NOT NULL,
    Message NVARCHAR(500) NOT NULL,
    CONSTRAINT PK_App_ErrorMessage PRIMARY KEY (ErrorId),
    CONSTRAINT CK_App_ErrorMessage_Range CHECK (ErrorId BETWEEN 1001 AND 9999)
);

-- Tunables read by procedures (iterations, lockout, expiry, rate limits).
CREATE TABLE app.Setting (
    SettingKey NVARCHAR(60) NOT NULL,
    SettingValue INT NOT NULL,
    Description NVARCHAR(300) NOT NULL,
    CONSTRAINT PK_App_Setting PRIMARY KEY (SettingKey)
);

-- ---- Catalogs --------------------------------------------------------------

CREATE TABLE app.Campus (
    CampusId SMALLINT IDENTITY(1, 1),
    Code NVARCHAR(10) NOT NULL,
    Name NVARCHAR(60) NOT NULL,
    Address NVARCHAR(300) NOT NULL,
    SortOrder SMALLINT NOT NULL CONSTRAINT DF_App_Campus_SortOrder DEFAULT 0,
    IsActive BIT NOT NULL CONSTRAINT DF_App_Campus_IsActive DEFAULT 1,
    CONSTRAINT PK_App_Campus PRIMARY KEY (CampusId),
    CONSTRAINT UQ_App_Campus_Code UNIQUE (Code)
);

CREATE TABLE app.Department (
    DepartmentId SMALLINT IDENTITY(1, 1),
    Name NVARCHAR(120) NOT NULL,
    IsAcademic BIT NOT NULL CONSTRAINT DF_App_Department_IsAcademic DEFAULT 0,
    SortOrder SMALLINT NOT NULL CONSTRAINT DF_App_Department_SortOrder DEFAULT 0,
    IsActive BIT NOT NULL CONSTRAINT DF_App_Department_IsActive DEFAULT 1,
    CONSTRAINT PK_App_Department PRIMARY KEY (DepartmentId),
    CONSTRAINT UQ_App_Department_Name UNIQUE (Name)
);

CREATE TABLE app.Location (
    LocationId INT IDENTITY(1, 1),
    CampusId SMALLINT NOT NULL,
    Name NVARCHAR(120) NOT NULL,
    Kind NVARCHAR(20) NOT NULL,
    Building NVARCHAR(60) NULL,
    SortOrder SMALLINT NOT NULL CONSTRAINT DF_App_Location_SortOrder DEFAULT 0,
    IsActive BIT NOT NULL CONSTRAINT DF_App_Location_IsActive DEFAULT 1,
    CONSTRAINT PK_App_Location PRIMARY KEY (LocationId),
    CONSTRAINT FK_App_Location_Campus FOREIGN KEY (CampusId) REFERENCES app.Campus (CampusId),
    CONSTRAINT UQ_App_Location_CampusName UNIQUE (CampusId, Name),
    CONSTRAINT CK_App_Location_Kind CHECK (
        Kind IN (N'edificio', N'laboratorio', N'aula', N'oficina', N'auditorio', N'biblioteca', N'otro')
    )
);

CREATE TABLE app.Equipment (
    EquipmentId INT IDENTITY(1, 1),
    InventoryTag NVARCHAR(40) NOT NULL,
    SerialNumber NVARCHAR(60) NULL,
    Brand NVARCHAR(60) NULL,
    Model NVARCHAR(60) NULL,
    Kind NVARCHAR(20) NOT NULL,
    LocationId INT NULL,
    IsActive BIT NOT NULL CONSTRAINT DF_App_Equipment_IsActive DEFAULT 1,
    CreatedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_Equipment_CreatedAt DEFAULT SYSUTCDATETIME(),
    CONSTRAINT PK_App_Equipment PRIMARY KEY (EquipmentId),
    CONSTRAINT UQ_App_Equipment_InventoryTag UNIQUE (InventoryTag),
    CONSTRAINT FK_App_Equipment_Location FOREIGN KEY (LocationId) REFERENCES app.Location (LocationId),
    CONSTRAINT CK_App_Equipment_Kind CHECK (
        Kind IN (
            N'computadora', N'laptop', N'impresora', N'proyector', N'telefono',
            N'red', N'servidor', N'otro'
        )
    )
);
CREATE INDEX IX_App_Equipment_Location ON app.Equipment (LocationId);
CREATE INDEX IX_App_Equipment_SerialNumber ON app.Equipment (SerialNumber);

-- kind: 'servicio' (accounts and services) or 'equipo' (equipment and network).
CREATE TABLE app.ProblemCategory (
    CategoryId SMALLINT IDENTITY(1, 1),
    Name NVARCHAR(80) NOT NULL,
    Kind NVARCHAR(20) NOT NULL,
    NeedsEquipment BIT NOT NULL CONSTRAINT DF_App_ProblemCategory_NeedsEquipment DEFAULT 0,
    TargetHours INT NOT NULL CONSTRAINT DF_App_ProblemCategory_TargetHours DEFAULT 72,
    SortOrder SMALLINT NOT NULL CONSTRAINT DF_App_ProblemCategory_SortOrder DEFAULT 0,
    IsActive BIT NOT NULL CONSTRAINT DF_App_ProblemCategory_IsActive DEFAULT 1,
    CONSTRAINT PK_App_ProblemCategory PRIMARY KEY (CategoryId),
    CONSTRAINT UQ_App_ProblemCategory_Name UNIQUE (Name),
    CONSTRAINT CK_App_ProblemCategory_Kind CHECK (Kind IN (N'servicio', N'equipo')),
    CONSTRAINT CK_App_ProblemCategory_TargetHours CHECK (TargetHours > 0)
);

-- Fixed ids: procedures and tests refer to them by code.
CREATE TABLE app.RequesterType (
    RequesterTypeId SMALLINT NOT NULL,
    Code NVARCHAR(20) NOT NULL,
    Name NVARCHAR(60) NOT NULL,
    NeedsControlNumber BIT NOT NULL CONSTRAINT DF_App_RequesterType_NeedsControlNumber DEFAULT 0,
    SortOrder SMALLINT NOT NULL CONSTRAINT DF_App_RequesterType_SortOrder DEFAULT 0,
    IsActive BIT NOT NULL CONSTRAINT DF_App_RequesterType_IsActive DEFAULT 1,
    CONSTRAINT PK_App_RequesterType PRIMARY KEY (RequesterTypeId),
    CONSTRAINT UQ_App_RequesterType_Code UNIQUE (Code)
);

CREATE TABLE app.Priority (
    PriorityId SMALLINT IDENTITY(1, 1),
    Code NVARCHAR(20) NOT NULL,
    Name NVARCHAR(40) NOT NULL,
    Rank SMALLINT NOT NULL,
    ResponseTargetHours INT NOT NULL,
    ResolutionTargetHours INT NOT NULL,
    IsDefault BIT NOT NULL CONSTRAINT DF_App_Priority_IsDefault DEFAULT 0,
    IsActive BIT NOT NULL CONSTRAINT DF_App_Priority_IsActive DEFAULT 1,
    CONSTRAINT PK_App_Priority PRIMARY KEY (PriorityId),
    CONSTRAINT UQ_App_Priority_Code UNIQUE (Code),
    CONSTRAINT CK_App_Priority_Targets CHECK (ResponseTargetHours > 0 AND ResolutionTargetHours > 0)
);

-- The ticket state machine: statuses and the transitions staff may make.
CREATE TABLE app.Status (
    StatusId SMALLINT NOT NULL,
    Code NVARCHAR(20) NOT NULL,
    Name NVARCHAR(40) NOT NULL,
    IsOpen BIT NOT NULL,
    SortOrder SMALLINT NOT NULL,
    CONSTRAINT PK_App_Status PRIMARY KEY (StatusId),
    CONSTRAINT UQ_App_Status_Code UNIQUE (Code)
);

CREATE TABLE app.StatusTransition (
    FromStatusId SMALLINT NOT NULL,
    ToStatusId SMALLINT NOT NULL,
    CONSTRAINT PK_App_StatusTransition PRIMARY KEY (FromStatusId, ToStatusId),
    CONSTRAINT FK_App_StatusTransition_From FOREIGN KEY (FromStatusId) REFERENCES app.Status (StatusId),
    CONSTRAINT FK_App_StatusTransition_To FOREIGN KEY (ToStatusId) REFERENCES app.Status (StatusId),
    CONSTRAINT CK_App_StatusTransition_Differs CHECK (FromStatusId <> ToStatusId)
);

-- ---- Staff, authentication and sessions ------------------------------------

-- verifier = SHA-256(PBKDF2-HMAC-SHA256(password, salt, iterations)); see DESIGN.md.
CREATE TABLE app.StaffUser (
    StaffId INT IDENTITY(1, 1),
    Username NVARCHAR(60) NOT NULL,
    FullName NVARCHAR(120) NOT NULL,
    Role NVARCHAR(20) NOT NULL,
    Salt VARBINARY(64) NOT NULL,
    Iterations INT NOT NULL,
    Verifier VARBINARY(32) NOT NULL,
    MustChangePassword BIT NOT NULL CONSTRAINT DF_App_StaffUser_MustChangePassword DEFAULT 1,
    IsActive BIT NOT NULL CONSTRAINT DF_App_StaffUser_IsActive DEFAULT 1,
    FailedLogins INT NOT NULL CONSTRAINT DF_App_StaffUser_FailedLogins DEFAULT 0,
    LockedUntil DATETIME2(3) NULL,
    LastLoginAt DATETIME2(3) NULL,
    CreatedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_StaffUser_CreatedAt DEFAULT SYSUTCDATETIME(),
    UpdatedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_StaffUser_UpdatedAt DEFAULT SYSUTCDATETIME(),
    RowVersion INT NOT NULL CONSTRAINT DF_App_StaffUser_RowVersion DEFAULT 1,
    CONSTRAINT PK_App_StaffUser PRIMARY KEY (StaffId),
    CONSTRAINT UQ_App_StaffUser_Username UNIQUE (Username),
    CONSTRAINT CK_App_StaffUser_UsernameLower CHECK (Username = LOWER(Username) COLLATE Latin1_General_BIN2),
    CONSTRAINT CK_App_StaffUser_Role CHECK (Role IN (N'operador', N'administrador')),
    CONSTRAINT CK_App_StaffUser_Salt CHECK (DATALENGTH(Salt) BETWEEN 16 AND 64),
    CONSTRAINT CK_App_StaffUser_Verifier CHECK (DATALENGTH(Verifier) = 32)
);

-- outcome: 'ok', 'clave', 'bloqueada', 'inactiva', 'desconocido'.
CREATE TABLE app.LoginAttempt (
    AttemptId BIGINT IDENTITY(1, 1),
    Username NVARCHAR(60) NOT NULL,
    StaffId INT NULL,
    AttemptedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_LoginAttempt_AttemptedAt DEFAULT SYSUTCDATETIME(),
    Succeeded BIT NOT NULL,
    Outcome NVARCHAR(20) NOT NULL,
    ClientInfo NVARCHAR(200) NULL,
    CONSTRAINT PK_App_LoginAttempt PRIMARY KEY (AttemptId),
    CONSTRAINT FK_App_LoginAttempt_Staff FOREIGN KEY (StaffId) REFERENCES app.StaffUser (StaffId)
);
CREATE INDEX IX_App_LoginAttempt_Staff ON app.LoginAttempt (StaffId, AttemptedAt);
CREATE INDEX IX_App_LoginAttempt_Username ON app.LoginAttempt (Username, AttemptedAt);

-- Only SHA-256(token) is stored; the token itself lives in the desktop app's memory.
CREATE TABLE app.StaffSession (
    SessionId BIGINT IDENTITY(1, 1),
    TokenHash VARBINARY(32) NOT NULL,
    StaffId INT NOT NULL,
    CreatedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_StaffSession_CreatedAt DEFAULT SYSUTCDATETIME(),
    LastSeenAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_StaffSession_LastSeenAt DEFAULT SYSUTCDATETIME(),
    ExpiresAt DATETIME2(3) NOT NULL,
    RevokedAt DATETIME2(3) NULL,
    ClientInfo NVARCHAR(200) NULL,
    CONSTRAINT PK_App_StaffSession PRIMARY KEY (SessionId),
    CONSTRAINT UQ_App_StaffSession_TokenHash UNIQUE (TokenHash),
    CONSTRAINT FK_App_StaffSession_Staff FOREIGN KEY (StaffId) REFERENCES app.StaffUser (StaffId)
);
CREATE INDEX IX_App_StaffSession_Staff ON app.StaffSession (StaffId);

-- ---- Tickets ---------------------------------------------------------------

-- ticket_id comes from a sequence so the folio can be built before the insert.
CREATE SEQUENCE app.TicketSeq AS BIGINT START WITH 1;

CREATE TABLE app.Ticket (
    TicketId BIGINT NOT NULL CONSTRAINT DF_App_Ticket_TicketId DEFAULT NEXT VALUE FOR app.TicketSeq,
    Folio NVARCHAR(20) NOT NULL,
    AccessCodeHash VARBINARY(32) NOT NULL,
    IdempotencyKey UNIQUEIDENTIFIER NOT NULL,
    CreatedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_Ticket_CreatedAt DEFAULT SYSUTCDATETIME(),
    UpdatedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_Ticket_UpdatedAt DEFAULT SYSUTCDATETIME(),
    RequesterName NVARCHAR(120) NOT NULL,
    RequesterTypeId SMALLINT NOT NULL,
    DepartmentId SMALLINT NOT NULL,
    ContactEmail NVARCHAR(254) NULL,
    ContactPhone NVARCHAR(40) NULL,
    ControlNumber NVARCHAR(20) NULL,
    CampusId SMALLINT NOT NULL,
    LocationId INT NULL,
    LocationDetail NVARCHAR(200) NULL,
    EquipmentId INT NULL,
    EquipmentTag NVARCHAR(40) NULL,
    EquipmentBrand NVARCHAR(60) NULL,
    EquipmentSerial NVARCHAR(60) NULL,
    EquipmentCondition NVARCHAR(300) NULL,
    CategoryId SMALLINT NOT NULL,
    Description NVARCHAR(4000) NOT NULL,
    StatusId SMALLINT NOT NULL,
    PriorityId SMALLINT NOT NULL,
    AssignedTo INT NULL,
    FirstResponseAt DATETIME2(3) NULL,
    ResolvedAt DATETIME2(3) NULL,
    ClosedAt DATETIME2(3) NULL,
    RowVersion INT NOT NULL CONSTRAINT DF_App_Ticket_RowVersion DEFAULT 1,
    CONSTRAINT PK_App_Ticket PRIMARY KEY (TicketId),
    CONSTRAINT UQ_App_Ticket_Folio UNIQUE (Folio),
    CONSTRAINT UQ_App_Ticket_IdempotencyKey UNIQUE (IdempotencyKey),
    CONSTRAINT FK_App_Ticket_RequesterType FOREIGN KEY (RequesterTypeId)
    REFERENCES app.RequesterType (RequesterTypeId),
    CONSTRAINT FK_App_Ticket_Department FOREIGN KEY (DepartmentId) REFERENCES app.Department (DepartmentId),
    CONSTRAINT FK_App_Ticket_Campus FOREIGN KEY (CampusId) REFERENCES app.Campus (CampusId),
    CONSTRAINT FK_App_Ticket_Location FOREIGN KEY (LocationId) REFERENCES app.Location (LocationId),
    CONSTRAINT FK_App_Ticket_Equipment FOREIGN KEY (EquipmentId) REFERENCES app.Equipment (EquipmentId),
    CONSTRAINT FK_App_Ticket_Category FOREIGN KEY (CategoryId) REFERENCES app.ProblemCategory (CategoryId),
    CONSTRAINT FK_App_Ticket_Status FOREIGN KEY (StatusId) REFERENCES app.Status (StatusId),
    CONSTRAINT FK_App_Ticket_Priority FOREIGN KEY (PriorityId) REFERENCES app.Priority (PriorityId),
    CONSTRAINT FK_App_Ticket_AssignedTo FOREIGN KEY (AssignedTo) REFERENCES app.StaffUser (StaffId),
    CONSTRAINT CK_App_Ticket_AccessCodeHash CHECK (DATALENGTH(AccessCodeHash) = 32)
);
-- Queue filters page by ticket_id (newest first): one index per filter column.
CREATE INDEX IX_App_Ticket_Status ON app.Ticket (StatusId, TicketId);
CREATE INDEX IX_App_Ticket_AssignedTo ON app.Ticket (AssignedTo, TicketId);
CREATE INDEX IX_App_Ticket_Campus ON app.Ticket (CampusId, TicketId);
CREATE INDEX IX_App_Ticket_Category ON app.Ticket (CategoryId, TicketId);
CREATE INDEX IX_App_Ticket_Priority ON app.Ticket (PriorityId, TicketId);
CREATE INDEX IX_App_Ticket_Equipment ON app.Ticket (EquipmentId, TicketId);
CREATE INDEX IX_App_Ticket_EquipmentTag ON app.Ticket (EquipmentTag, TicketId);
CREATE INDEX IX_App_Ticket_CreatedAt ON app.Ticket (CreatedAt);

-- The audit trail: every change to a ticket is one event.
-- event_type: 'creado', 'asignado', 'estado', 'prioridad', 'nota' (internal), 'respuesta' (public).
CREATE TABLE app.TicketEvent (
    EventId BIGINT IDENTITY(1, 1),
    TicketId BIGINT NOT NULL,
    OccurredAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_TicketEvent_OccurredAt DEFAULT SYSUTCDATETIME(),
    EventType NVARCHAR(20) NOT NULL,
    IsPublic BIT NOT NULL,
    ActorStaffId INT NULL,
    OldStatusId SMALLINT NULL,
    NewStatusId SMALLINT NULL,
    OldPriorityId SMALLINT NULL,
    NewPriorityId SMALLINT NULL,
    AssignedTo INT NULL,
    Body NVARCHAR(4000) NULL,
    CONSTRAINT PK_App_TicketEvent PRIMARY KEY (EventId),
    CONSTRAINT FK_App_TicketEvent_Ticket FOREIGN KEY (TicketId) REFERENCES app.Ticket (TicketId),
    CONSTRAINT FK_App_TicketEvent_Actor FOREIGN KEY (ActorStaffId) REFERENCES app.StaffUser (StaffId),
    CONSTRAINT FK_App_TicketEvent_AssignedTo FOREIGN KEY (AssignedTo) REFERENCES app.StaffUser (StaffId),
    CONSTRAINT FK_App_TicketEvent_OldStatus FOREIGN KEY (OldStatusId) REFERENCES app.Status (StatusId),
    CONSTRAINT FK_App_TicketEvent_NewStatus FOREIGN KEY (NewStatusId) REFERENCES app.Status (StatusId),
    CONSTRAINT CK_App_TicketEvent_Type CHECK (
        EventType IN (N'creado', N'asignado', N'estado', N'prioridad', N'nota', N'respuesta')
    )
);
CREATE INDEX IX_App_TicketEvent_Ticket ON app.TicketEvent (TicketId, EventId);

CREATE TABLE app.Attachment (
    AttachmentId BIGINT IDENTITY(1, 1),
    TicketId BIGINT NOT NULL,
    FileName NVARCHAR(200) NOT NULL,
    ContentType NVARCHAR(60) NOT NULL,
    ByteSize INT NOT NULL,
    Content VARBINARY(MAX) NOT NULL,
    CreatedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_Attachment_CreatedAt DEFAULT SYSUTCDATETIME(),
    CONSTRAINT PK_App_Attachment PRIMARY KEY (AttachmentId),
    CONSTRAINT FK_App_Attachment_Ticket FOREIGN KEY (TicketId) REFERENCES app.Ticket (TicketId),
    CONSTRAINT CK_App_Attachment_ContentType CHECK (ContentType IN (N'image/png', N'image/jpeg', N'image/webp')),
    CONSTRAINT CK_App_Attachment_ByteSize CHECK (ByteSize > 0 AND ByteSize = DATALENGTH(Content))
);
CREATE INDEX IX_App_Attachment_Ticket ON app.Attachment (TicketId);

-- Rate limits: one row per accepted or refused submission; client_key = SHA-256 of the client address.
CREATE TABLE app.SubmissionLog (
    LogId BIGINT IDENTITY(1, 1),
    ClientKey VARBINARY(32) NOT NULL,
    SubmittedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_SubmissionLog_SubmittedAt DEFAULT SYSUTCDATETIME(),
    CONSTRAINT PK_App_SubmissionLog PRIMARY KEY (LogId)
);
CREATE INDEX IX_App_SubmissionLog_Client ON app.SubmissionLog (ClientKey, SubmittedAt);
CREATE INDEX IX_App_SubmissionLog_SubmittedAt ON app.SubmissionLog (SubmittedAt);

-- One random secret per installation (fake login salts, access-code derivation).
CREATE TABLE app.InstanceSecret (
    SecretId SMALLINT NOT NULL CONSTRAINT DF_App_InstanceSecret_SecretId DEFAULT 1,
    Secret VARBINARY(32) NOT NULL,
    CONSTRAINT PK_App_InstanceSecret PRIMARY KEY (SecretId),
    CONSTRAINT CK_App_InstanceSecret_Single CHECK (SecretId = 1),
    CONSTRAINT CK_App_InstanceSecret_Length CHECK (DATALENGTH(Secret) = 32)
);
INSERT INTO app.InstanceSecret (Secret) VALUES (CRYPT_GEN_RANDOM(32));
