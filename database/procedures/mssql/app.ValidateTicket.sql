-- app.ValidateTicket: every validation rule of a web ticket, in ONE place (used by
-- webform.CheckTicket and webform.SubmitTicket through INSERT ... EXEC). Returns one row
-- per problem (at most one per field), in form order: the first row is the error
-- SubmitTicket raises. Text is trimmed (spaces) and an empty string counts as missing.
-- Attachments: every image rule is app.CheckAttachments.
-- T-SQL has no regular expressions: the patterns of app.validate_ticket (pg) are written
-- with LIKE/PATINDEX under a binary collation (code-point ranges), same rules.
-- Length limits come from app.FieldRule (the one source that webform.ListFieldRules
-- publishes). control_number: required and allowed only for requester types with
-- NeedsControlNumber (alumno); with another type it is refused (1214).
-- requires: app.CheckAttachments
-- requires: app.SettingValue
IF OBJECT_ID(N'app.ValidateTicket', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.ValidateTicket AS RETURN 0;');
GO

ALTER PROCEDURE app.ValidateTicket
    @RequesterName NVARCHAR(4000),
    @RequesterTypeId INT,
    @DepartmentId INT,
    @ContactEmail NVARCHAR(4000),
    @ContactPhone NVARCHAR(4000),
    @ControlNumber NVARCHAR(4000),
    @CampusId INT,
    @LocationId INT,
    @LocationDetail NVARCHAR(4000),
    @EquipmentId INT,
    @EquipmentTag NVARCHAR(4000),
    @EquipmentBrand NVARCHAR(4000),
    @EquipmentSerial NVARCHAR(4000),
    @EquipmentCondition NVARCHAR(4000),
    @CategoryId INT,
    @Description NVARCHAR(MAX),
    @Attachment1Name NVARCHAR(4000),
    @Attachment1Type NVARCHAR(200),
    @Attachment1Content VARBINARY(MAX),
    @Attachment2Name NVARCHAR(4000),
    @Attachment2Type NVARCHAR(200),
    @Attachment2Content VARBINARY(MAX),
    @Attachment3Name NVARCHAR(4000),
    @Attachment3Type NVARCHAR(200),
    @Attachment3Content VARBINARY(MAX)
AS
BEGIN
    SET NOCOUNT ON;
    -- Control characters: single-line fields refuse all; multi-line ones allow tab, LF and CR.
    DECLARE @CtrlLine NVARCHAR(20) = N'%[' + NCHAR(1) + N'-' + NCHAR(31) + NCHAR(127) + N']%';
    DECLARE
        @CtrlText NVARCHAR(20) = N'%[' + NCHAR(1) + N'-' + NCHAR(8) + NCHAR(11) + NCHAR(12)
        + NCHAR(14) + N'-' + NCHAR(31) + NCHAR(127) + N']%';
    -- Letters A-Z a-z À-Ö Ø-ö ø-ÿ, written as code points so the file's encoding cannot change them.
    DECLARE
        @Letters NVARCHAR(40) = N'A-Za-z' + NCHAR(192) + N'-' + NCHAR(214) + NCHAR(216) + N'-' + NCHAR(246)
        + NCHAR(248) + N'-' + NCHAR(255);
    DECLARE @Name NVARCHAR(4000) = NULLIF(LTRIM(RTRIM(@RequesterName)), N'');
    DECLARE @Email NVARCHAR(4000) = LOWER(NULLIF(LTRIM(RTRIM(@ContactEmail)), N''));
    DECLARE @Phone NVARCHAR(4000) = NULLIF(LTRIM(RTRIM(@ContactPhone)), N'');
    DECLARE @Control NVARCHAR(4000) = UPPER(NULLIF(LTRIM(RTRIM(@ControlNumber)), N''));
    DECLARE @Detail NVARCHAR(4000) = NULLIF(LTRIM(RTRIM(@LocationDetail)), N'');
    DECLARE @Tag NVARCHAR(4000) = NULLIF(LTRIM(RTRIM(@EquipmentTag)), N'');
    DECLARE @Brand NVARCHAR(4000) = NULLIF(LTRIM(RTRIM(@EquipmentBrand)), N'');
    DECLARE @Serial NVARCHAR(4000) = NULLIF(LTRIM(RTRIM(@EquipmentSerial)), N'');
    DECLARE @Condition NVARCHAR(4000) = NULLIF(LTRIM(RTRIM(@EquipmentCondition)), N'');
    DECLARE @Text NVARCHAR(MAX) = NULLIF(LTRIM(RTRIM(@Description)), N'');
    DECLARE @NeedsControl BIT;
    DECLARE @NeedsEquipment BIT;
    DECLARE @CampusOk BIT = 0;
    DECLARE @Local NVARCHAR(4000);
    DECLARE @Domain NVARCHAR(4000);
    DECLARE @PhoneChars NVARCHAR(4000);
    DECLARE @At INT;
    DECLARE @Err INT;
    DECLARE @MaxCount INT;
    EXEC app.SettingValue @SettingKey = N'attachment_max_count', @SettingValue = @MaxCount OUTPUT;
    DECLARE @MaxBytes INT;
    EXEC app.SettingValue @SettingKey = N'attachment_max_bytes', @SettingValue = @MaxBytes OUTPUT;
    DECLARE @NameMin INT;
    DECLARE @NameMax INT;
    DECLARE @EmailMax INT;
    DECLARE @PhoneMin INT;
    DECLARE @PhoneMax INT;
    DECLARE @DetailMax INT;
    DECLARE @TagMax INT;
    DECLARE @BrandMax INT;
    DECLARE @SerialMax INT;
    DECLARE @ConditionMax INT;
    DECLARE @DescriptionMin INT;
    DECLARE @DescriptionMax INT;
    DECLARE @Problem TABLE (
        Ordinal INT IDENTITY(1, 1) NOT NULL PRIMARY KEY,
        FieldName NVARCHAR(40) NOT NULL,
        ErrorId INT NOT NULL
    );

    SELECT
        @NameMin = MAX(CASE WHEN fr.FieldName = N'requester_name' AND fr.RuleName = N'min_length' THEN fr.Value END),
        @NameMax = MAX(CASE WHEN fr.FieldName = N'requester_name' AND fr.RuleName = N'max_length' THEN fr.Value END),
        @EmailMax = MAX(CASE WHEN fr.FieldName = N'contact_email' AND fr.RuleName = N'max_length' THEN fr.Value END),
        @PhoneMin = MAX(CASE WHEN fr.FieldName = N'contact_phone' AND fr.RuleName = N'min_length' THEN fr.Value END),
        @PhoneMax = MAX(CASE WHEN fr.FieldName = N'contact_phone' AND fr.RuleName = N'max_length' THEN fr.Value END),
        @DetailMax = MAX(
            CASE WHEN fr.FieldName = N'location_detail' AND fr.RuleName = N'max_length' THEN fr.Value END
        ),
        @TagMax = MAX(CASE WHEN fr.FieldName = N'equipment_tag' AND fr.RuleName = N'max_length' THEN fr.Value END),
        @BrandMax = MAX(
            CASE WHEN fr.FieldName = N'equipment_brand' AND fr.RuleName = N'max_length' THEN fr.Value END
        ),
        @SerialMax = MAX(
            CASE WHEN fr.FieldName = N'equipment_serial' AND fr.RuleName = N'max_length' THEN fr.Value END
        ),
        @ConditionMax = MAX(
            CASE WHEN fr.FieldName = N'equipment_condition' AND fr.RuleName = N'max_length' THEN fr.Value END
        ),
        @DescriptionMin = MAX(
            CASE WHEN fr.FieldName = N'description' AND fr.RuleName = N'min_length' THEN fr.Value END
        ),
        @DescriptionMax = MAX(
            CASE WHEN fr.FieldName = N'description' AND fr.RuleName = N'max_length' THEN fr.Value END
        )
    FROM (
        SELECT
            f.FieldName,
            f.RuleName,
            TRY_CAST(f.RuleValue AS INT) AS Value
        FROM app.FieldRule AS f
        WHERE f.RuleName IN (N'min_length', N'max_length')
    ) AS fr;

    -- requester_name
    SET @Err = CASE
        WHEN @Name IS NULL THEN 1101
        WHEN LEN(@Name) NOT BETWEEN @NameMin AND @NameMax THEN 1102
        WHEN
            @Name COLLATE Latin1_General_BIN2 NOT LIKE N'[' + @Letters + N']%'
            OR PATINDEX(N'%[^' + @Letters + N''' .-]%', @Name COLLATE Latin1_General_BIN2) > 0 THEN 1103
    END;
    IF @Err IS NOT NULL
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'requester_name', @Err);

    -- requester_type_id
    SELECT @NeedsControl = rt.NeedsControlNumber
    FROM app.RequesterType AS rt
    WHERE rt.RequesterTypeId = @RequesterTypeId AND rt.IsActive = 1;
    IF @NeedsControl IS NULL
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'requester_type_id', 1104);

    -- department_id
    IF
        NOT EXISTS (
            SELECT 1 FROM app.Department AS d
            WHERE d.DepartmentId = @DepartmentId AND d.IsActive = 1
        )
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'department_id', 1105);

    -- contact_email (also carries "no contact at all")
    SET @Err = NULL;
    IF @Email IS NULL AND @Phone IS NULL
        SET @Err = 1106;
    ELSE IF @Email IS NOT NULL
        BEGIN
            SET @At = CHARINDEX(N'@', @Email);
            SET @Local = CASE WHEN @At > 0 THEN LEFT(@Email, @At - 1) ELSE @Email END;
            SET @Domain = CASE WHEN @At > 0 THEN SUBSTRING(@Email, @At + 1, 4000) ELSE N'' END;
            IF LEN(@Email) > @EmailMax
                SET @Err = 1120;
            ELSE IF
                PATINDEX(N'%[^a-z0-9._+@-]%', @Email COLLATE Latin1_General_BIN2) > 0
                OR LEN(@Email) - LEN(REPLACE(@Email, N'@', N'')) <> 1
                OR @Local = N'' OR LEFT(@Local, 1) = N'.' OR RIGHT(@Local, 1) = N'.'
                OR LEN(@Domain) < 3 OR CHARINDEX(N'.', @Domain) = 0
                OR LEFT(@Domain, 1) IN (N'.', N'-') OR RIGHT(@Domain, 1) IN (N'.', N'-')
                OR CHARINDEX(N'..', @Email) > 0
                SET @Err = 1107;
            ELSE IF
                NOT EXISTS (
                    SELECT 1 FROM app.EmailDomain AS em
                    WHERE
                        em.IsActive = 1
                        AND (@Domain = em.DomainName OR RIGHT(@Domain, LEN(em.DomainName) + 1) = N'.' + em.DomainName)
                )
                SET @Err = 1108;
        END;
    IF @Err IS NOT NULL
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'contact_email', @Err);

    -- contact_phone: digits, spaces, + ( ) . - and an optional "ext"; 7-40 chars, 4 digits in a row
    IF @Phone IS NOT NULL
        BEGIN
            SET @PhoneChars = REPLACE(REPLACE(LOWER(@Phone) COLLATE Latin1_General_BIN2, N'ext.', N' '), N'ext', N' ');
            IF
                LEN(@Phone) NOT BETWEEN @PhoneMin AND @PhoneMax
                OR PATINDEX(N'%[^0-9 +().-]%', @PhoneChars COLLATE Latin1_General_BIN2) > 0
                OR PATINDEX(
                    N'%[0-9][0-9][0-9][0-9]%',
                    REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(
                        @PhoneChars, N' ', N''
                    ), N'+', N''), N'(', N''), N')', N''), N'.', N''), N'-', N'')
                ) = 0
                INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'contact_phone', 1109);
        END;

    -- control_number: only for types that need it (required there); 8 digits, optional letter prefix
    SET @Err = CASE
        WHEN @Control IS NULL AND @NeedsControl = 1 THEN 1110
        WHEN @Control IS NOT NULL AND @NeedsControl = 0 THEN 1214
        WHEN @Control IS NOT NULL AND NOT (
            (LEN(@Control) = 8 AND PATINDEX(N'%[^0-9]%', @Control COLLATE Latin1_General_BIN2) = 0)
            OR (
                LEN(@Control) = 9
                AND @Control COLLATE Latin1_General_BIN2 LIKE N'[A-Z]%'
                AND PATINDEX(N'%[^0-9]%', SUBSTRING(@Control, 2, 8) COLLATE Latin1_General_BIN2) = 0
            )
        ) THEN 1111
    END;
    IF @Err IS NOT NULL
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'control_number', @Err);

    -- campus_id
    IF EXISTS (SELECT 1 FROM app.Campus AS c WHERE c.CampusId = @CampusId AND c.IsActive = 1)
        SET @CampusOk = 1;
    ELSE
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'campus_id', 1112);

    -- location_id: active, on that campus; or a written location_detail
    SET @Err = NULL;
    IF
        @LocationId IS NOT NULL AND @CampusOk = 1 AND NOT EXISTS (
            SELECT 1 FROM app.Location AS l
            WHERE l.LocationId = @LocationId AND l.CampusId = @CampusId AND l.IsActive = 1
        )
        SET @Err = 1113;
    IF @LocationId IS NULL AND @Detail IS NULL
        SET @Err = 1114;
    IF @Err IS NOT NULL
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'location_id', @Err);

    -- location_detail
    SET @Err = CASE
        WHEN PATINDEX(@CtrlLine, @Detail COLLATE Latin1_General_BIN2) > 0 THEN 1119
        WHEN LEN(@Detail) > @DetailMax THEN 1120
    END;
    IF @Err IS NOT NULL
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'location_detail', @Err);

    -- equipment_id: active and registered at the chosen location
    IF
        @EquipmentId IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM app.Equipment AS e
            WHERE e.EquipmentId = @EquipmentId AND e.LocationId = @LocationId AND e.IsActive = 1
        )
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'equipment_id', 1115);

    -- equipment_tag (also carries "this category needs the equipment")
    SELECT @NeedsEquipment = pc.NeedsEquipment
    FROM app.ProblemCategory AS pc
    WHERE pc.CategoryId = @CategoryId AND pc.IsActive = 1;
    SET @Err = CASE
        WHEN PATINDEX(@CtrlLine, @Tag COLLATE Latin1_General_BIN2) > 0 THEN 1119
        WHEN LEN(@Tag) > @TagMax THEN 1120
        WHEN @NeedsEquipment = 1 AND @EquipmentId IS NULL AND @Tag IS NULL THEN 1116
    END;
    IF @Err IS NOT NULL
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'equipment_tag', @Err);

    -- equipment_brand, equipment_serial, equipment_condition
    SET @Err = CASE
        WHEN PATINDEX(@CtrlLine, @Brand COLLATE Latin1_General_BIN2) > 0 THEN 1119
        WHEN LEN(@Brand) > @BrandMax THEN 1120
    END;
    IF @Err IS NOT NULL
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'equipment_brand', @Err);
    SET @Err = CASE
        WHEN PATINDEX(@CtrlLine, @Serial COLLATE Latin1_General_BIN2) > 0 THEN 1119
        WHEN LEN(@Serial) > @SerialMax THEN 1120
    END;
    IF @Err IS NOT NULL
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'equipment_serial', @Err);
    SET @Err = CASE
        WHEN PATINDEX(@CtrlText, @Condition COLLATE Latin1_General_BIN2) > 0 THEN 1119
        WHEN LEN(@Condition) > @ConditionMax THEN 1120
    END;
    IF @Err IS NOT NULL
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'equipment_condition', @Err);

    -- category_id
    IF @NeedsEquipment IS NULL
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'category_id', 1117);

    -- description
    SET @Err = CASE
        WHEN PATINDEX(@CtrlText, @Text COLLATE Latin1_General_BIN2) > 0 THEN 1119
        WHEN @Text IS NULL OR LEN(@Text) NOT BETWEEN @DescriptionMin AND @DescriptionMax THEN 1118
    END;
    IF @Err IS NOT NULL
        INSERT INTO @Problem (FieldName, ErrorId) VALUES (N'description', @Err);

    -- attachments: how many, then each one (declared type, size, and its magic bytes)
    INSERT INTO @Problem (FieldName, ErrorId)
    SELECT
        CASE WHEN c.slot = 0 THEN N'attachments' ELSE N'attachment' + CAST(c.slot AS NVARCHAR(1)) END,
        c.error_id
    FROM app.CheckAttachments(
        @Attachment1Name, @Attachment1Type, @Attachment1Content, @Attachment2Name, @Attachment2Type,
        @Attachment2Content, @Attachment3Name, @Attachment3Type, @Attachment3Content, @MaxCount, @MaxBytes
    ) AS c
    ORDER BY c.slot;  -- identity values follow this order

    SELECT
        p.FieldName AS field_name,
        p.ErrorId AS error_id,
        p.Ordinal AS ordinal
    FROM @Problem AS p
    ORDER BY p.Ordinal;
END;
GO
