-- webform.ListFieldRules: the limits of the web form's fields, for the web tier's
-- data-rule-* attributes, from the ONE source the database enforces: app.FieldRule (lengths,
-- required, patterns, rating bounds: app.ValidateTicket and the requester procedures read
-- them), app.Setting (photos: max_count, max_bytes, max_per_ticket) and app.RequesterType
-- (control_number required_when / allowed_when: ids of the active types with
-- NeedsControlNumber). contact_email / location_id carry the "one of two" rules.
-- error_id / message: what the database raises when the rule is broken.
IF OBJECT_ID(N'webform.ListFieldRules', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.ListFieldRules AS RETURN 0;');
GO

ALTER PROCEDURE webform.ListFieldRules
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Types NVARCHAR(300) = COALESCE(STUFF((
        SELECT N',' + CAST(rt.RequesterTypeId AS NVARCHAR(12))
        FROM app.RequesterType AS rt
        WHERE rt.NeedsControlNumber = 1 AND rt.IsActive = 1
        ORDER BY rt.RequesterTypeId
        FOR XML PATH ('')
    ), 1, 1, N''), N'');

    SELECT
        r.FieldName AS field_name,
        r.RuleName AS rule_name,
        r.RuleValue AS rule_value,
        r.ErrorId AS error_id,
        em.Message AS message
    FROM (
        SELECT
            fr.FieldName,
            fr.RuleName,
            fr.RuleValue,
            fr.ErrorId,
            CAST(fr.SortOrder AS INT) AS SortOrder
        FROM app.FieldRule AS fr
        UNION ALL
        SELECT
            x.FieldName,
            x.RuleName,
            x.RuleValue,
            x.ErrorId,
            x.SortOrder
        FROM (
            VALUES
            (N'contact_email', N'required_one_of', N'contact_email,contact_phone', 1106, 39),
            (N'control_number', N'required_when', @Types, 1110, 58),
            (N'control_number', N'allowed_when', @Types, 1214, 59),
            (N'location_id', N'required_one_of', N'location_id,location_detail', 1114, 79),
            (N'attachments', N'content_types', N'image/png,image/jpeg,image/webp', 1123, 150)
        ) AS x (FieldName, RuleName, RuleValue, ErrorId, SortOrder)
        UNION ALL
        SELECT
            N'attachments',
            CASE s.SettingKey
                WHEN N'attachment_max_count' THEN N'max_count'
                WHEN N'attachment_max_bytes' THEN N'max_bytes'
                ELSE N'max_per_ticket'
            END,
            CAST(s.SettingValue AS NVARCHAR(300)),
            CASE s.SettingKey
                WHEN N'attachment_max_count' THEN 1121
                WHEN N'attachment_max_bytes' THEN 1122
                ELSE 1204
            END,
            CASE s.SettingKey WHEN N'attachment_max_count' THEN 151 WHEN N'attachment_max_bytes' THEN 152 ELSE 153 END
        FROM app.Setting AS s
        WHERE s.SettingKey IN (N'attachment_max_count', N'attachment_max_bytes', N'attachment_max_per_ticket')
    ) AS r
    LEFT JOIN app.ErrorMessage AS em ON r.ErrorId = em.ErrorId
    ORDER BY r.SortOrder ASC, r.FieldName ASC, r.RuleName ASC;
END;
GO
