-- V004: indexes for the operators' queue (staff.list_queue) on a million tickets.
-- V001 already has (status_id | assigned_to | campus_id | category_id | priority_id |
-- equipment_id | equipment_tag, ticket_id). Each sort key pages on (sort value, ticket_id).

-- Sort/filter by location and requester type; NULL location and no assignee sort as 0.
CREATE INDEX ix_app_ticket_location_sort ON app.ticket ((coalesce(location_id, 0)), ticket_id);
CREATE INDEX ix_app_ticket_assignee_sort ON app.ticket ((coalesce(assigned_to, 0)), ticket_id);
CREATE INDEX ix_app_ticket_requester_type ON app.ticket (requester_type_id, ticket_id);

-- Search: requester name by case-insensitive prefix (LIKE 'ana%').
CREATE INDEX ix_app_ticket_requester_name ON app.ticket (lower(requester_name) text_pattern_ops);

-- Search: words of the description, Spanish stemming ('impresoras' finds 'impresora').
CREATE INDEX ix_app_ticket_description_fts ON app.ticket USING gin (to_tsvector('spanish', description));

-- Equipment history by tag is case-insensitive (tags typed by hand).
CREATE INDEX ix_app_ticket_equipment_tag_upper ON app.ticket (upper(equipment_tag));
