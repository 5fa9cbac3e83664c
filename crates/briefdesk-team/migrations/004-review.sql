-- Review states and who is editing what.
--
-- A brief's review (draft -> in review -> approved, or back to draft with changes requested) is
-- part of its document, `doc->'review'`: {"state": …, "steps": [{"action", "by", "name", "at",
-- "note"}, …]}, so it syncs, merges and conflicts like the brief's other parts. The server holds
-- each login to its role when the review changes (a trigger: row policies cannot see the old row):
--   everyone     the newest step, when it is new, is signed with the login that writes it (but
--                in a new row an editor writes: a library uploaded whole), and the state is the
--                one that step leads to
--   contributor  may only add "submit" steps (never approve or request changes), and never
--                rewrite or remove the steps already there
--   editor       reviews: approves, requests changes

CREATE FUNCTION briefdesk.check_review() RETURNS trigger LANGUAGE plpgsql AS $check$
DECLARE
    new_review jsonb := nullif(NEW.doc->'review', 'null'::jsonb);
    old_review jsonb;
    new_steps jsonb;
    old_steps jsonb := '[]'::jsonb;
    last_step jsonb;
    step jsonb;
    i integer;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        old_review := nullif(OLD.doc->'review', 'null'::jsonb);
    END IF;
    IF new_review IS NOT DISTINCT FROM old_review THEN
        RETURN NEW;
    END IF;
    IF new_review IS NULL THEN
        IF NOT briefdesk.is_editor() THEN
            RAISE EXCEPTION 'only an editor may clear a brief''s review'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    new_steps := coalesce(new_review->'steps', '[]'::jsonb);
    IF old_review IS NOT NULL THEN
        old_steps := coalesce(old_review->'steps', '[]'::jsonb);
    END IF;
    IF jsonb_typeof(new_steps) <> 'array' OR jsonb_array_length(new_steps) = 0 THEN
        RAISE EXCEPTION 'a review needs at least one step' USING ERRCODE = 'check_violation';
    END IF;
    last_step := new_steps-> -1;
    -- An editor writing a new row (starting a team from a library that was another team's, or
    -- bringing back a brief) sets down steps others took; a contributor never does (below).
    IF last_step IS DISTINCT FROM old_steps-> -1
       AND (TG_OP = 'UPDATE' OR NOT briefdesk.is_editor()) THEN
        IF last_step->>'by' IS DISTINCT FROM current_user::text THEN
            RAISE EXCEPTION 'a review step must be signed by the login that makes it (%, not %)',
                current_user, last_step->>'by' USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    -- (The CASE in parentheses: PL/pgSQL would end the IF's condition at its first THEN.)
    IF new_review->>'state' IS DISTINCT FROM (CASE last_step->>'action'
            WHEN 'submit' THEN 'in_review'
            WHEN 'approve' THEN 'approved'
            WHEN 'request_changes' THEN 'draft' END) THEN
        RAISE EXCEPTION 'a review''s state must be the one its last step leads to'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT briefdesk.is_editor() THEN
        IF jsonb_array_length(new_steps) < jsonb_array_length(old_steps) THEN
            RAISE EXCEPTION 'only an editor may rewrite a brief''s review'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        FOR i IN 0 .. jsonb_array_length(new_steps) - 1 LOOP
            step := new_steps->i;
            IF i < jsonb_array_length(old_steps) THEN
                IF step IS DISTINCT FROM old_steps->i THEN
                    RAISE EXCEPTION 'only an editor may rewrite a brief''s review'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
            ELSIF step->>'action' IS DISTINCT FROM 'submit' THEN
                RAISE EXCEPTION 'only an editor may approve a brief or request changes'
                    USING ERRCODE = 'insufficient_privilege';
            ELSIF step->>'by' IS DISTINCT FROM current_user::text THEN
                RAISE EXCEPTION 'a review step must be signed by the login that makes it'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
        END LOOP;
    END IF;
    RETURN NEW;
END
$check$;

CREATE TRIGGER briefs_check_review BEFORE INSERT OR UPDATE ON briefdesk.briefs
    FOR EACH ROW EXECUTE FUNCTION briefdesk.check_review();

-- Who has which brief open in their editor. Each app upserts its own row every ~20 s while a
-- brief is open and deletes it on close; a row older than a minute is ignored (the app quit or
-- lost the network). Not part of the library: no change number, never synced to replicas.
CREATE TABLE briefdesk.presence (
    brief_id      uuid NOT NULL,
    login         text NOT NULL DEFAULT current_user,
    display_name  text NOT NULL,
    seen_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (brief_id, login)
);
CREATE INDEX presence_seen ON briefdesk.presence (seen_at);

ALTER TABLE briefdesk.presence ENABLE ROW LEVEL SECURITY;
CREATE POLICY presence_read ON briefdesk.presence FOR SELECT USING (true);
-- Each login writes and removes only its own rows.
CREATE POLICY presence_add ON briefdesk.presence FOR INSERT WITH CHECK (login = current_user);
CREATE POLICY presence_change ON briefdesk.presence FOR UPDATE
    USING (login = current_user) WITH CHECK (login = current_user);
CREATE POLICY presence_remove ON briefdesk.presence FOR DELETE USING (login = current_user);

DO $grants$
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON briefdesk.presence TO %I',
        'briefdesk_' || current_database() || '_contributor');
END
$grants$;
