-- V011: the requester's side of the conversation (issue 13): replies, confirmation,
-- reopening, satisfaction ratings, reissued access codes, short-lived photo links and
-- the field rules the web form publishes (webform.ListFieldRules). Twin of the pg file.

-- New event types: 'solicitante' (public message from the requester), 'codigo' (access
-- code reissued; internal, actor = staff), 'confirmado' (requester confirmed the
-- resolution), 'reabierto' (requester reopened), 'calificado' (rating given; no text).
ALTER TABLE app.TicketEvent DROP CONSTRAINT CK_App_TicketEvent_Type;
ALTER TABLE app.TicketEvent ADD CONSTRAINT CK_App_TicketEvent_Type CHECK (
    EventType IN (
        N'creado', N'asignado', N'estado', N'prioridad', N'nota', N'respuesta',
        N'solicitante', N'codigo', N'confirmado', N'reabierto', N'calificado'
    )
);
-- The requester's idempotency key of a reply or reopening (a double click makes one event).
ALTER TABLE app.TicketEvent ADD IdempotencyKey UNIQUEIDENTIFIER NULL;
-- When the requester last wrote (reply or reopening): the desktop queue's "answered" mark.
ALTER TABLE app.Ticket ADD RequesterRepliedAt DATETIME2(3) NULL;
-- The event a photo came with (NULL = sent with the ticket itself).
ALTER TABLE app.Attachment ADD EventId BIGINT NULL;
GO

CREATE UNIQUE INDEX UX_App_TicketEvent_IdempotencyKey ON app.TicketEvent (IdempotencyKey)
WHERE IdempotencyKey IS NOT NULL;
ALTER TABLE app.Attachment ADD CONSTRAINT FK_App_Attachment_Event
FOREIGN KEY (EventId) REFERENCES app.TicketEvent (EventId);

-- One satisfaction rating per ticket (the primary key enforces it). The operator, category
-- and campus are the ticket's at rating time (statistics by operator, category and month).
CREATE TABLE app.TicketRating (
    TicketId BIGINT NOT NULL,
    Rating SMALLINT NOT NULL,
    Comment NVARCHAR(1000) NULL,
    RatedAt DATETIME2(3) NOT NULL CONSTRAINT DF_App_TicketRating_RatedAt DEFAULT SYSUTCDATETIME(),
    OperatorId INT NULL,
    CategoryId SMALLINT NOT NULL,
    CampusId SMALLINT NOT NULL,
    CONSTRAINT PK_App_TicketRating PRIMARY KEY (TicketId),
    CONSTRAINT FK_App_TicketRating_Ticket FOREIGN KEY (TicketId) REFERENCES app.Ticket (TicketId),
    CONSTRAINT FK_App_TicketRating_Operator FOREIGN KEY (OperatorId) REFERENCES app.StaffUser (StaffId),
    CONSTRAINT FK_App_TicketRating_Category FOREIGN KEY (CategoryId)
    REFERENCES app.ProblemCategory (CategoryId),
    CONSTRAINT FK_App_TicketRating_Campus FOREIGN KEY (CampusId) REFERENCES app.Campus (CampusId),
    CONSTRAINT CK_App_TicketRating_Rating CHECK (Rating BETWEEN 1 AND 5)
);
CREATE INDEX IX_App_TicketRating_RatedAt ON app.TicketRating (RatedAt);

-- Short-lived links to the photos of a ticket, issued after folio + access code were
-- proven; only SHA-256 of the random token is stored.
CREATE TABLE app.PhotoLink (
    TokenHash VARBINARY(32) NOT NULL,
    AttachmentId BIGINT NOT NULL,
    ExpiresAt DATETIME2(3) NOT NULL,
    CONSTRAINT PK_App_PhotoLink PRIMARY KEY (TokenHash),
    CONSTRAINT FK_App_PhotoLink_Attachment FOREIGN KEY (AttachmentId)
    REFERENCES app.Attachment (AttachmentId),
    CONSTRAINT CK_App_PhotoLink_TokenHash CHECK (DATALENGTH(TokenHash) = 32)
);
CREATE INDEX IX_App_PhotoLink_ExpiresAt ON app.PhotoLink (ExpiresAt);

-- The limits of the web form's fields: the ONE source that app.ValidateTicket (and the
-- requester procedures) read and webform.ListFieldRules publishes.
-- RuleName: required, min_length, max_length, min_value, max_value, pattern (ECMAScript).
CREATE TABLE app.FieldRule (
    FieldName NVARCHAR(40) NOT NULL,
    RuleName NVARCHAR(20) NOT NULL,
    RuleValue NVARCHAR(300) NOT NULL,
    ErrorId INT NOT NULL,
    SortOrder SMALLINT NOT NULL,
    CONSTRAINT PK_App_FieldRule PRIMARY KEY (FieldName, RuleName),
    CONSTRAINT CK_App_FieldRule_RuleName CHECK (
        RuleName IN (N'required', N'min_length', N'max_length', N'min_value', N'max_value', N'pattern')
    )
);
INSERT INTO app.FieldRule (FieldName, RuleName, RuleValue, ErrorId, SortOrder) VALUES
(N'requester_name', N'required', N'1', 1101, 10),
(N'requester_name', N'min_length', N'3', 1102, 11),
(N'requester_name', N'max_length', N'120', 1102, 12),
(N'requester_name', N'pattern', N'^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'' .-]*$', 1103, 13),
(N'requester_type_id', N'required', N'1', 1104, 20),
(N'department_id', N'required', N'1', 1105, 30),
(N'contact_email', N'max_length', N'254', 1120, 40),
(N'contact_phone', N'min_length', N'7', 1109, 50),
(N'contact_phone', N'max_length', N'40', 1109, 51),
(N'control_number', N'pattern', N'^[A-Za-z]?[0-9]{8}$', 1111, 60),
(N'campus_id', N'required', N'1', 1112, 70),
(N'location_detail', N'max_length', N'200', 1120, 80),
(N'equipment_tag', N'max_length', N'40', 1120, 90),
(N'equipment_brand', N'max_length', N'60', 1120, 100),
(N'equipment_serial', N'max_length', N'60', 1120, 110),
(N'equipment_condition', N'max_length', N'300', 1120, 120),
(N'category_id', N'required', N'1', 1117, 130),
(N'description', N'required', N'1', 1118, 140),
(N'description', N'min_length', N'10', 1118, 141),
(N'description', N'max_length', N'4000', 1118, 142),
(N'reply_body', N'required', N'1', 1202, 200),
(N'reply_body', N'min_length', N'2', 1202, 201),
(N'reply_body', N'max_length', N'4000', 1202, 202),
(N'rating', N'required', N'1', 1210, 210),
(N'rating', N'min_value', N'1', 1210, 211),
(N'rating', N'max_value', N'5', 1210, 212),
(N'rating_comment', N'max_length', N'1000', 1211, 220);
