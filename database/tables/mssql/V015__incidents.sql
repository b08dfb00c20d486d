-- V015: incidents (issue 18): one cause, many reports. An incident groups open tickets of one
-- campus and place (a location, or every location of a building) and category; the public
-- notice tells the next requester on the web form that the failure is already known.

-- Status: 'abierto' or 'resuelto'. StartedAt: the first linked ticket's report (or creation).
-- Place: LocationId (one location) or Building (every location of that building in the campus).
CREATE TABLE app.Incident (
    IncidentId INT IDENTITY(1, 1) NOT NULL,
    Title NVARCHAR(200) NOT NULL,
    CampusId SMALLINT NOT NULL,
    LocationId INT NULL,
    Building NVARCHAR(60) NULL,
    CategoryId SMALLINT NOT NULL,
    Status NVARCHAR(20) NOT NULL CONSTRAINT DF_App_Incident_Status DEFAULT N'abierto',
    StartedAt DATETIME2(3) NOT NULL,
    ResolvedAt DATETIME2(3) NULL,
    OpenedBy INT NOT NULL,
    ResolvedBy INT NULL,
    Resolution NVARCHAR(4000) NULL,
    CreatedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_Incident_CreatedAt DEFAULT SYSUTCDATETIME(),
    CONSTRAINT PK_App_Incident PRIMARY KEY (IncidentId),
    CONSTRAINT FK_App_Incident_Campus FOREIGN KEY (CampusId) REFERENCES app.Campus (CampusId),
    CONSTRAINT FK_App_Incident_Location FOREIGN KEY (LocationId) REFERENCES app.Location (LocationId),
    CONSTRAINT FK_App_Incident_Category FOREIGN KEY (CategoryId) REFERENCES app.ProblemCategory (CategoryId),
    CONSTRAINT FK_App_Incident_OpenedBy FOREIGN KEY (OpenedBy) REFERENCES app.StaffUser (StaffId),
    CONSTRAINT FK_App_Incident_ResolvedBy FOREIGN KEY (ResolvedBy) REFERENCES app.StaffUser (StaffId),
    CONSTRAINT CK_App_Incident_Status CHECK (Status IN (N'abierto', N'resuelto')),
    CONSTRAINT CK_App_Incident_Resolved CHECK (
        (Status = N'resuelto' AND ResolvedAt IS NOT NULL) OR (Status = N'abierto' AND ResolvedAt IS NULL)
    )
);
CREATE INDEX IX_App_Incident_Status ON app.Incident (Status, IncidentId);
CREATE INDEX IX_App_Incident_StartedAt ON app.Incident (StartedAt);

-- A ticket belongs to at most one incident: the primary key is the ticket.
-- LinkedBy NULL: the requester joined from the web form («Yo también tengo esta falla»).
CREATE TABLE app.IncidentTicket (
    TicketId BIGINT NOT NULL,
    IncidentId INT NOT NULL,
    LinkedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_IncidentTicket_LinkedAt DEFAULT SYSUTCDATETIME(),
    LinkedBy INT NULL,
    CONSTRAINT PK_App_IncidentTicket PRIMARY KEY (TicketId),
    CONSTRAINT FK_App_IncidentTicket_Ticket FOREIGN KEY (TicketId) REFERENCES app.Ticket (TicketId),
    CONSTRAINT FK_App_IncidentTicket_Incident FOREIGN KEY (IncidentId) REFERENCES app.Incident (IncidentId),
    CONSTRAINT FK_App_IncidentTicket_LinkedBy FOREIGN KEY (LinkedBy) REFERENCES app.StaffUser (StaffId)
);
CREATE INDEX IX_App_IncidentTicket_Incident ON app.IncidentTicket (IncidentId, TicketId);

-- The public replies written once on the incident (each one is also a 'respuesta' event on
-- every ticket linked at that moment; the status page of a ticket that joined later shows
-- them from here).
CREATE TABLE app.IncidentReply (
    ReplyId INT IDENTITY(1, 1) NOT NULL,
    IncidentId INT NOT NULL,
    Body NVARCHAR(4000) NOT NULL,
    StaffId INT NOT NULL,
    CreatedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_IncidentReply_CreatedAt DEFAULT SYSUTCDATETIME(),
    CONSTRAINT PK_App_IncidentReply PRIMARY KEY (ReplyId),
    CONSTRAINT FK_App_IncidentReply_Incident FOREIGN KEY (IncidentId) REFERENCES app.Incident (IncidentId),
    CONSTRAINT FK_App_IncidentReply_Staff FOREIGN KEY (StaffId) REFERENCES app.StaffUser (StaffId)
);
CREATE INDEX IX_App_IncidentReply_Incident ON app.IncidentReply (IncidentId, ReplyId);

-- The known-outage notice of an incident (at most one): where it applies (campus, a location
-- or a building, a category or every category) and until when. Shown on the web form while
-- the incident is open, not withdrawn and ValidUntil is ahead.
CREATE TABLE app.IncidentNotice (
    IncidentId INT NOT NULL,
    Body NVARCHAR(500) NOT NULL,
    CampusId SMALLINT NOT NULL,
    LocationId INT NULL,
    Building NVARCHAR(60) NULL,
    CategoryId SMALLINT NULL,
    ValidUntil DATETIME2(3) NOT NULL,
    PublishedBy INT NOT NULL,
    PublishedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_IncidentNotice_PublishedAt DEFAULT SYSUTCDATETIME(),
    WithdrawnAt DATETIME2(3) NULL,
    CONSTRAINT PK_App_IncidentNotice PRIMARY KEY (IncidentId),
    CONSTRAINT FK_App_IncidentNotice_Incident FOREIGN KEY (IncidentId) REFERENCES app.Incident (IncidentId),
    CONSTRAINT FK_App_IncidentNotice_Campus FOREIGN KEY (CampusId) REFERENCES app.Campus (CampusId),
    CONSTRAINT FK_App_IncidentNotice_Location FOREIGN KEY (LocationId) REFERENCES app.Location (LocationId),
    CONSTRAINT FK_App_IncidentNotice_Category FOREIGN KEY (CategoryId)
    REFERENCES app.ProblemCategory (CategoryId),
    CONSTRAINT FK_App_IncidentNotice_PublishedBy FOREIGN KEY (PublishedBy) REFERENCES app.StaffUser (StaffId)
);
CREATE INDEX IX_App_IncidentNotice_Campus ON app.IncidentNotice (CampusId, ValidUntil);
