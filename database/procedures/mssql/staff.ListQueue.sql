-- staff.ListQueue: one page of the operators' queue. The database filters, searches,
-- sorts and pages (keyset on (sort value, TicketId)), so a page costs the same on a
-- million tickets as on a hundred. Dynamic SQL with only the filters in use (every
-- value passed as a parameter of sp_executesql), so each combination gets its own plan
-- on the matching index (see V004). EXECUTE AS OWNER: dynamic SQL does not take part
-- in ownership chaining, and staff_role has no rights on app.
-- Words of the description: CONTAINS when the DBA created the full-text index
-- (docs/readme/desktop.md), otherwise LIKE on the text as typed (a scan).
-- Per row: is_new (open and not yet opened by this operator: app.TicketSeen), due_at and
-- is_overdue (open tickets: the priority's response target in working hours while nobody has
-- answered, its resolution target afterwards: app.TicketClock, stored by a trigger),
-- requester_answered (the latest public event
-- is the requester's reply). @OnlyOverdue: the "vencidas" filter. @WithTotal: also count
-- every ticket matching the filters, up to 10,001 (total_count; 10001 means "more than 10,000";
-- NULL when not asked) -- the app asks for it when the filters change, not on every page.
IF OBJECT_ID(N'staff.ListQueue', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListQueue AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListQueue
    @Token VARBINARY(64),
    @StatusId INT,
    @CampusId INT,
    @CategoryId INT,
    @PriorityId INT,
    @AssignedTo INT,
    @OnlyMine BIT,
    @OnlyUnassigned BIT,
    @OnlyOpen BIT,
    @Search NVARCHAR(200),
    @SortKey NVARCHAR(20),
    @SortDesc BIT,
    @AfterValue BIGINT,
    @AfterTicketId BIGINT,
    @PageSize INT,
    @OnlyOverdue BIT = 0,
    @WithTotal BIT = 0
    WITH EXECUTE AS OWNER
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Sort NVARCHAR(60);
    DECLARE @Dir NVARCHAR(4) = CASE WHEN COALESCE(@SortDesc, 1) = 1 THEN N'DESC' ELSE N'ASC' END;
    DECLARE @Cmp NVARCHAR(1) = CASE WHEN COALESCE(@SortDesc, 1) = 1 THEN N'<' ELSE N'>' END;
    DECLARE @Size INT = COALESCE(@PageSize, 50);
    DECLARE @Text NVARCHAR(200) = NULLIF(LTRIM(RTRIM(COALESCE(@Search, N''))), N'');
    DECLARE @Like NVARCHAR(1000);
    DECLARE @Contains NVARCHAR(1000);
    DECLARE @FtQuery NVARCHAR(4000);
    DECLARE @Rest NVARCHAR(200);
    DECLARE @Word NVARCHAR(200);
    DECLARE @Space INT;
    DECLARE @Where NVARCHAR(MAX) = N'1 = 1';
    DECLARE @Total NVARCHAR(MAX) = N'CAST(NULL AS BIGINT)';
    DECLARE @Sql NVARCHAR(MAX);

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;

    SET @Sort = CASE COALESCE(@SortKey, N'folio')
        WHEN N'folio' THEN N't.TicketId'
        WHEN N'campus' THEN N't.CampusId'
        WHEN N'location' THEN N'ISNULL(t.LocationId, 0)'
        WHEN N'category' THEN N't.CategoryId'
        WHEN N'requester_type' THEN N't.RequesterTypeId'
        WHEN N'priority' THEN N't.PriorityId'
        WHEN N'status' THEN N't.StatusId'
        WHEN N'assignee' THEN N'ISNULL(t.AssignedTo, 0)'
    END;
    IF @Sort IS NULL
        EXEC app.RaiseError @ErrorId = 3009;
    IF @Size < 1 SET @Size = 1;
    IF @Size > 200 SET @Size = 200;

    IF @StatusId IS NOT NULL SET @Where = @Where + N' AND t.StatusId = @StatusId';
    IF @CampusId IS NOT NULL SET @Where = @Where + N' AND t.CampusId = @CampusId';
    IF @CategoryId IS NOT NULL SET @Where = @Where + N' AND t.CategoryId = @CategoryId';
    IF @PriorityId IS NOT NULL SET @Where = @Where + N' AND t.PriorityId = @PriorityId';
    IF @AssignedTo IS NOT NULL SET @Where = @Where + N' AND t.AssignedTo = @AssignedTo';
    IF COALESCE(@OnlyMine, 0) = 1 SET @Where = @Where + N' AND t.AssignedTo = @StaffId';
    IF COALESCE(@OnlyUnassigned, 0) = 1 SET @Where = @Where + N' AND t.AssignedTo IS NULL';
    -- "vencidas" implies open (only open tickets have a due instant): no second filter.
    IF COALESCE(@OnlyOpen, 0) = 1 AND COALESCE(@OnlyOverdue, 0) = 0
        SET
            @Where = @Where
            + N' AND t.StatusId IN (SELECT os.StatusId FROM app.Status AS os WHERE os.IsOpen = 1)';

    -- DueAt is stored for open tickets only (app.TicketDueSync): the filtered index
    -- IX_App_Ticket_Due holds exactly the open tickets.
    IF COALESCE(@OnlyOverdue, 0) = 1
        SET @Where = @Where + N' AND t.DueAt IS NOT NULL AND t.DueAt < SYSUTCDATETIME()';

    IF @Text IS NOT NULL
        BEGIN
            -- A folio: the shape gateway.folio.FOLIO_PATTERN '^[A-Z]{2}-[0-9]{4}-[0-9]+$' as LIKE patterns
            -- (letters in either case; tools/dev/checks/folio.py keeps them equal to the pattern).
            IF
                @Text COLLATE Latin1_General_BIN2 LIKE N'[A-Za-z][A-Za-z]-[0-9][0-9][0-9][0-9]-[0-9]%'
                AND SUBSTRING(@Text, 9, 200) COLLATE Latin1_General_BIN2 NOT LIKE N'%[^0-9]%'
                SET @Where = @Where + N' AND t.Folio = UPPER(@Text)';
            -- Inventory tag (pg: ~ '^[A-Za-z0-9]+(-[A-Za-z0-9]+)+$' and a digit): only the tag
            -- is searched, on (EquipmentTag, TicketId), newest first without sorting. The
            -- column's collation is case-insensitive, so one equality covers pg's two.
            ELSE IF
                @Text COLLATE Latin1_General_BIN2 NOT LIKE N'%[^A-Za-z0-9-]%'
                AND @Text COLLATE Latin1_General_BIN2 LIKE N'[A-Za-z0-9]%-%[A-Za-z0-9]'
                AND @Text NOT LIKE N'%--%'
                AND @Text LIKE N'%[0-9]%'
                SET @Where = @Where + N' AND t.EquipmentTag = @Text';
            ELSE
                BEGIN
                    SET @Like = REPLACE(REPLACE(REPLACE(@Text, N'[', N'[[]'), N'%', N'[%]'), N'_', N'[_]');
                    SET @Contains = N'%' + @Like + N'%';
                    SET @Like = @Like + N'%';
                    IF EXISTS (SELECT 1 FROM sys.fulltext_indexes AS fi WHERE fi.object_id = OBJECT_ID(N'app.Ticket'))
                        BEGIN
                            -- Every word must appear, in any inflection (pg: plainto_tsquery('spanish')):
                            -- FORMSOF(INFLECTIONAL, "w1") AND FORMSOF(INFLECTIONAL, "w2"); a quoted
                            -- term alone does not stem. Spanish stopwords are left out as pg does
                            -- (with the server default 'transform noise words' = 0, one stopword in
                            -- an AND makes CONTAINS return no rows), and so are words without a
                            -- letter or digit. Nothing left to search: LIKE (CONTAINS with an empty
                            -- term raises error 7645).
                            SET @Rest = LTRIM(RTRIM(REPLACE(REPLACE(@Text, N'"', N' '), NCHAR(9), N' ')));
                            WHILE @Rest <> N''
                                BEGIN
                                    SET @Space = CHARINDEX(N' ', @Rest + N' ');
                                    SET @Word = LEFT(@Rest, @Space - 1);
                                    SET @Rest = LTRIM(SUBSTRING(@Rest, @Space + 1, 4000));
                                    IF
                                        @Word LIKE N'%[0-9A-Za-z]%'
                                        AND NOT EXISTS (
                                            SELECT 1
                                            FROM sys.fulltext_system_stopwords AS sw
                                            WHERE sw.language_id = 3082 AND sw.stopword = @Word
                                        )
                                        SET
                                            @FtQuery = COALESCE(@FtQuery + N' AND ', N'')
                                            + N'(FORMSOF(INFLECTIONAL, "' + @Word + N'")'
                                            -- a word as typed so far (3+ characters) also matches: pg's :*
                                            + CASE WHEN LEN(@Word) >= 3 THEN N' OR "' + @Word + N'*"' ELSE N'' END
                                            + N')';
                                END;
                        END;
                    -- No IF/ELSE after BEGIN...END: CONTAINS when the full-text index exists, else LIKE.
                    SET
                        @Where = @Where + N' AND (t.EquipmentTag = @Text OR t.RequesterName LIKE @Like OR '
                        -- A bare number (404) is also the folio's number: the ticket id (app.FormatFolio).
                        + CASE
                            WHEN LEN(@Text) <= 18 AND @Text COLLATE Latin1_General_BIN2 NOT LIKE N'%[^0-9]%'
                                THEN N't.TicketId = CAST(@Text AS BIGINT) OR '
                            ELSE N''
                        END
                        + CASE
                            WHEN @FtQuery IS NULL THEN N't.Description LIKE @Contains'
                            ELSE N'CONTAINS(t.Description, @FtQuery)'
                        END
                        + N')';
                END;
        END;

    IF COALESCE(@WithTotal, 0) = 1
        -- At most 10,001 rows are counted: a bounded cost on any table ("más de 10,000").
        SET @Total = N'(SELECT COUNT_BIG(*) FROM (SELECT TOP (10001) 1 AS One FROM app.Ticket AS t WHERE '
            + @Where + N') AS counted)';

    IF @AfterTicketId IS NOT NULL
        BEGIN
            IF @Sort = N't.TicketId'
                SET @Where = @Where + N' AND t.TicketId ' + @Cmp + N' @AfterTicketId';
            ELSE
                SET
                    @Where = @Where + N' AND (' + @Sort + N' ' + @Cmp + N' @AfterValue OR (' + @Sort
                    + N' = @AfterValue AND t.TicketId ' + @Cmp + N' @AfterTicketId))';
        END;

    SET
        @Sql = N'WITH page AS ('
        + N' SELECT TOP (@Size + 1) t.TicketId, CAST(' + @Sort + N' AS BIGINT) AS SortValue'
        + N' FROM app.Ticket AS t WHERE ' + @Where
        + N' ORDER BY ' + @Sort + N' ' + @Dir + N', t.TicketId ' + @Dir + N'),'
        + N' total AS (SELECT CAST(CASE WHEN COUNT(*) > @Size THEN 1 ELSE 0 END AS BIT) AS HasMore,'
        + N' ' + @Total + N' AS TotalCount FROM page),'
        + N' shown AS (SELECT TOP (@Size) p.TicketId, p.SortValue FROM page AS p'
        + N' ORDER BY p.SortValue ' + @Dir + N', p.TicketId ' + @Dir + N')'
        + N' SELECT t.TicketId AS ticket_id, t.Folio AS folio, t.CreatedAt AS created_at,'
        + N' t.UpdatedAt AS updated_at, t.RequesterName AS requester_name, rt.Name AS requester_type_name,'
        + N' c.Name AS campus_name, l.Name AS location_name, pc.Name AS category_name,'
        + N' CAST(t.PriorityId AS INT) AS priority_id, p.Name AS priority_name,'
        + N' CAST(t.StatusId AS INT) AS status_id, s.Code AS status_code, s.Name AS status_name,'
        + N' t.AssignedTo AS assigned_to, su.FullName AS assignee_name, t.EquipmentTag AS equipment_tag,'
        + N' CAST(CASE WHEN s.IsOpen = 1 AND NOT EXISTS (SELECT 1 FROM app.TicketSeen AS ts'
        + N' WHERE ts.StaffId = @StaffId AND ts.TicketId = t.TicketId) THEN 1 ELSE 0 END AS BIT) AS is_new,'
        + N' t.RowVersion AS row_version, sh.SortValue AS sort_value, total.HasMore AS has_more,'
        + N' t.LocationDetail AS location_detail,'
        + N' LEFT(REPLACE(REPLACE(REPLACE(t.Description, NCHAR(13), N'' ''), NCHAR(10), N'' ''),'
        + N' NCHAR(9), N'' ''), 140) AS description_excerpt,'
        + N' t.DueAt AS due_at,'
        + N' CAST(CASE WHEN t.DueAt < SYSUTCDATETIME() THEN 1 ELSE 0 END AS BIT) AS is_overdue,'
        + N' CAST(CASE WHEN (SELECT TOP (1) e.EventType FROM app.TicketEvent AS e'
        + N' WHERE e.TicketId = t.TicketId AND e.IsPublic = 1 ORDER BY e.EventId DESC) = N''solicitante'''
        + N' THEN 1 ELSE 0 END AS BIT) AS requester_answered,'
        + N' total.TotalCount AS total_count'
        + N' FROM shown AS sh CROSS JOIN total'
        + N' INNER JOIN app.Ticket AS t ON sh.TicketId = t.TicketId'
        + N' INNER JOIN app.RequesterType AS rt ON t.RequesterTypeId = rt.RequesterTypeId'
        + N' INNER JOIN app.Campus AS c ON t.CampusId = c.CampusId'
        + N' LEFT JOIN app.Location AS l ON t.LocationId = l.LocationId'
        + N' INNER JOIN app.ProblemCategory AS pc ON t.CategoryId = pc.CategoryId'
        + N' INNER JOIN app.Priority AS p ON t.PriorityId = p.PriorityId'
        + N' INNER JOIN app.Status AS s ON t.StatusId = s.StatusId'
        + N' LEFT JOIN app.StaffUser AS su ON t.AssignedTo = su.StaffId'
        + N' ORDER BY sh.SortValue ' + @Dir + N', sh.TicketId ' + @Dir
        -- A plan for these very values (a status or campus can hold 1 or 500,000 tickets).
        + N' OPTION (RECOMPILE);';

    EXEC sp_executesql
        @Sql,
        N'@StatusId INT, @CampusId INT, @CategoryId INT, @PriorityId INT, @AssignedTo INT, @StaffId INT,
        @Text NVARCHAR(200), @Like NVARCHAR(1000), @Contains NVARCHAR(1000), @FtQuery NVARCHAR(4000),
        @AfterValue BIGINT, @AfterTicketId BIGINT, @Size INT',
        @StatusId = @StatusId,
        @CampusId = @CampusId,
        @CategoryId = @CategoryId,
        @PriorityId = @PriorityId,
        @AssignedTo = @AssignedTo,
        @StaffId = @StaffId,
        @Text = @Text,
        @Like = @Like,
        @Contains = @Contains,
        @FtQuery = @FtQuery,
        @AfterValue = @AfterValue,
        @AfterTicketId = @AfterTicketId,
        @Size = @Size;
END;
GO
