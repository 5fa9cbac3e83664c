-- Issues, tag colours and the publication settings sync after `join` (schema version 3), and
-- the composing lease.
--
-- An issue (its fields, its sections and the order of briefs in them) is one document, pushed
-- like a brief: only over the version it was changed from. The publication settings likewise.
-- Tags carry no version: the later push of a tag's colour wins.

ALTER TABLE briefdesk.issues ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE briefdesk.publication ADD COLUMN version bigint NOT NULL DEFAULT 1;

-- The composing lease: one editor at a time orders an issue. Taking it is one statement (an
-- insert that updates the row only if this login holds it or it has expired), so two editors
-- asking at once cannot both get it. The app renews it while its composer is open and deletes it
-- on close; a lease not renewed runs out by itself.
CREATE TABLE briefdesk.leases (
    issue_id      uuid PRIMARY KEY,
    holder        text NOT NULL,
    display_name  text NOT NULL,
    expires_at    timestamptz NOT NULL
);

DO $grants$
DECLARE
    contributor text := 'briefdesk_' || current_database() || '_contributor';
    editor text := 'briefdesk_' || current_database() || '_editor';
BEGIN
    EXECUTE format('GRANT SELECT ON briefdesk.leases TO %I', contributor);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON briefdesk.leases TO %I', editor);
END
$grants$;

-- Only editors write issues (as themselves) and the publication settings; the grants already
-- say so, the row policies hold to it even if a grant is widened by hand.
ALTER TABLE briefdesk.issues ENABLE ROW LEVEL SECURITY;
CREATE POLICY issues_read ON briefdesk.issues FOR SELECT USING (true);
CREATE POLICY issues_add ON briefdesk.issues FOR INSERT
    WITH CHECK (briefdesk.is_editor() AND updated_by = current_user);
CREATE POLICY issues_change ON briefdesk.issues FOR UPDATE
    USING (briefdesk.is_editor()) WITH CHECK (briefdesk.is_editor() AND updated_by = current_user);

ALTER TABLE briefdesk.publication ENABLE ROW LEVEL SECURITY;
CREATE POLICY publication_read ON briefdesk.publication FOR SELECT USING (true);
CREATE POLICY publication_add ON briefdesk.publication FOR INSERT WITH CHECK (briefdesk.is_editor());
CREATE POLICY publication_change ON briefdesk.publication FOR UPDATE
    USING (briefdesk.is_editor()) WITH CHECK (briefdesk.is_editor());

-- A lease is taken, renewed and released only by an editor in their own name; whether another's
-- unexpired lease may be taken over is the taking statement's WHERE (see above).
ALTER TABLE briefdesk.leases ENABLE ROW LEVEL SECURITY;
CREATE POLICY leases_read ON briefdesk.leases FOR SELECT USING (true);
CREATE POLICY leases_take ON briefdesk.leases FOR INSERT
    WITH CHECK (briefdesk.is_editor() AND holder = current_user);
CREATE POLICY leases_renew ON briefdesk.leases FOR UPDATE
    USING (briefdesk.is_editor()) WITH CHECK (briefdesk.is_editor() AND holder = current_user);
CREATE POLICY leases_release ON briefdesk.leases FOR DELETE
    USING (holder = current_user OR expires_at < now());
