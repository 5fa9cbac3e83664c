-- Roles, enforced by the server itself, so a person with a plain SQL client and their own login
-- can do no more than Briefdesk lets them:
--   contributor  reads the team's library; writes briefs they wrote, never as published
--   editor       also writes every brief, issues, tags and the publication settings
--   admin        also adds people (the members table)
-- The three are group roles named after the database (a server may hold several teams); a
-- person's login is made a member of one of them (`briefdesk team grant`).

DO $roles$
DECLARE
    contributor text := 'briefdesk_' || current_database() || '_contributor';
    editor text := 'briefdesk_' || current_database() || '_editor';
    admin text := 'briefdesk_' || current_database() || '_admin';
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY[contributor, editor, admin] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', name);
        END IF;
    END LOOP;
    -- An editor can do what a contributor can, an admin what an editor can.
    EXECUTE format('GRANT %I TO %I', contributor, editor);
    EXECUTE format('GRANT %I TO %I', editor, admin);

    EXECUTE format('GRANT USAGE ON SCHEMA briefdesk TO %I', contributor);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA briefdesk TO %I', contributor);
    EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE briefdesk.change_seq TO %I', contributor);
    EXECUTE format('GRANT INSERT, UPDATE ON briefdesk.briefs TO %I', contributor);
    EXECUTE format(
        'GRANT INSERT, UPDATE ON briefdesk.issues, briefdesk.tags, briefdesk.publication TO %I',
        editor);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON briefdesk.members TO %I', admin);

    -- Whether the signed-in login may act as an editor, for the row policies below.
    EXECUTE format(
        'CREATE FUNCTION briefdesk.is_editor() RETURNS boolean LANGUAGE sql STABLE
         AS %L', format('SELECT pg_has_role(current_user, %L, ''MEMBER'')', editor));
END
$roles$;

-- No row is ever deleted (a delete is a row marked deleted, so it syncs); nobody gets DELETE
-- on briefs, issues or tags.

ALTER TABLE briefdesk.briefs ENABLE ROW LEVEL SECURITY;
CREATE POLICY briefs_read ON briefdesk.briefs FOR SELECT USING (true);
CREATE POLICY briefs_add ON briefdesk.briefs FOR INSERT WITH CHECK (
    author = current_user AND updated_by = current_user
    AND (briefdesk.is_editor() OR doc->>'status' IS DISTINCT FROM 'published')
);
-- A contributor changes only their own briefs, and never marks one published; the USING part
-- hides others' rows from their UPDATE, the CHECK part refuses what the new row would be.
CREATE POLICY briefs_change ON briefdesk.briefs FOR UPDATE
    USING (briefdesk.is_editor() OR author = current_user)
    WITH CHECK (
        updated_by = current_user
        AND (briefdesk.is_editor()
             OR (author = current_user AND doc->>'status' IS DISTINCT FROM 'published'))
    );
