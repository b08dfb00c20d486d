-- V011: the requester's side of the conversation (issue 13): replies, confirmation,
-- reopening, satisfaction ratings, reissued access codes, short-lived photo links and
-- the field rules the web form publishes (webform.list_field_rules).

-- New event types: 'solicitante' (public message from the requester), 'codigo' (access
-- code reissued; internal, actor = staff), 'confirmado' (requester confirmed the
-- resolution), 'reabierto' (requester reopened), 'calificado' (rating given; no text).
ALTER TABLE app.ticket_event DROP CONSTRAINT ck_app_ticket_event_type;
ALTER TABLE app.ticket_event ADD CONSTRAINT ck_app_ticket_event_type CHECK (
    event_type IN (
        'creado', 'asignado', 'estado', 'prioridad', 'nota', 'respuesta',
        'solicitante', 'codigo', 'confirmado', 'reabierto', 'calificado'
    )
);
-- The requester's idempotency key of a reply or reopening (a double click makes one event).
ALTER TABLE app.ticket_event ADD COLUMN idempotency_key UUID NULL;
CREATE UNIQUE INDEX ux_app_ticket_event_idempotency_key ON app.ticket_event (idempotency_key)
WHERE idempotency_key IS NOT NULL;

-- When the requester last wrote (reply or reopening): the desktop queue's "answered" mark.
ALTER TABLE app.ticket ADD COLUMN requester_replied_at TIMESTAMPTZ NULL;

-- The event a photo came with (NULL = sent with the ticket itself).
ALTER TABLE app.attachment ADD COLUMN event_id BIGINT NULL;
ALTER TABLE app.attachment ADD CONSTRAINT fk_app_attachment_event
FOREIGN KEY (event_id) REFERENCES app.ticket_event (event_id);

-- One satisfaction rating per ticket (the primary key enforces it). The operator, category
-- and campus are the ticket's at rating time (statistics by operator, category and month).
CREATE TABLE app.ticket_rating (
    ticket_id BIGINT NOT NULL,
    rating SMALLINT NOT NULL,
    comment VARCHAR(1000) NULL,
    rated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    operator_id INT NULL,
    category_id SMALLINT NOT NULL,
    campus_id SMALLINT NOT NULL,
    CONSTRAINT pk_app_ticket_rating PRIMARY KEY (ticket_id),
    CONSTRAINT fk_app_ticket_rating_ticket FOREIGN KEY (ticket_id) REFERENCES app.ticket (ticket_id),
    CONSTRAINT fk_app_ticket_rating_operator FOREIGN KEY (operator_id) REFERENCES app.staff_user (staff_id),
    CONSTRAINT fk_app_ticket_rating_category FOREIGN KEY (category_id)
    REFERENCES app.problem_category (category_id),
    CONSTRAINT fk_app_ticket_rating_campus FOREIGN KEY (campus_id) REFERENCES app.campus (campus_id),
    CONSTRAINT ck_app_ticket_rating_rating CHECK (rating BETWEEN 1 AND 5)
);
CREATE INDEX ix_app_ticket_rating_rated_at ON app.ticket_rating (rated_at);

-- Short-lived links to the photos of a ticket, issued after folio + access code were
-- proven; only SHA-256 of the random token is stored.
CREATE TABLE app.photo_link (
    token_hash BYTEA NOT NULL,
    attachment_id BIGINT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_app_photo_link PRIMARY KEY (token_hash),
    CONSTRAINT fk_app_photo_link_attachment FOREIGN KEY (attachment_id)
    REFERENCES app.attachment (attachment_id),
    CONSTRAINT ck_app_photo_link_token_hash CHECK (octet_length(token_hash) = 32)
);
CREATE INDEX ix_app_photo_link_expires_at ON app.photo_link (expires_at);

-- The limits of the web form's fields: the ONE source that app.validate_ticket (and the
-- requester procedures) read and webform.list_field_rules publishes.
-- rule_name: required, min_length, max_length, min_value, max_value, pattern (ECMAScript).
CREATE TABLE app.field_rule (
    field_name VARCHAR(40) NOT NULL,
    rule_name VARCHAR(20) NOT NULL,
    rule_value VARCHAR(300) NOT NULL,
    error_id INT NOT NULL,
    sort_order SMALLINT NOT NULL,
    CONSTRAINT pk_app_field_rule PRIMARY KEY (field_name, rule_name),
    CONSTRAINT ck_app_field_rule_rule_name CHECK (
        rule_name IN ('required', 'min_length', 'max_length', 'min_value', 'max_value', 'pattern')
    )
);
INSERT INTO app.field_rule (field_name, rule_name, rule_value, error_id, sort_order) VALUES
('requester_name', 'required', '1', 1101, 10),
('requester_name', 'min_length', '3', 1102, 11),
('requester_name', 'max_length', '120', 1102, 12),
('requester_name', 'pattern', '^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'' .-]*$', 1103, 13),
('requester_type_id', 'required', '1', 1104, 20),
('department_id', 'required', '1', 1105, 30),
('contact_email', 'max_length', '254', 1120, 40),
('contact_phone', 'min_length', '7', 1109, 50),
('contact_phone', 'max_length', '40', 1109, 51),
('control_number', 'pattern', '^[A-Za-z]?[0-9]{8}$', 1111, 60),
('campus_id', 'required', '1', 1112, 70),
('location_detail', 'max_length', '200', 1120, 80),
('equipment_tag', 'max_length', '40', 1120, 90),
('equipment_brand', 'max_length', '60', 1120, 100),
('equipment_serial', 'max_length', '60', 1120, 110),
('equipment_condition', 'max_length', '300', 1120, 120),
('category_id', 'required', '1', 1117, 130),
('description', 'required', '1', 1118, 140),
('description', 'min_length', '10', 1118, 141),
('description', 'max_length', '4000', 1118, 142),
('reply_body', 'required', '1', 1202, 200),
('reply_body', 'min_length', '2', 1202, 201),
('reply_body', 'max_length', '4000', 1202, 202),
('rating', 'required', '1', 1210, 210),
('rating', 'min_value', '1', 1210, 211),
('rating', 'max_value', '5', 1210, 212),
('rating_comment', 'max_length', '1000', 1211, 220);
