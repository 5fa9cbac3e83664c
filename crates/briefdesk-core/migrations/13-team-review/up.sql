-- Review states of a team's briefs (draft -> in review -> approved, or back to draft with changes
-- requested), and who this replica signs in as. A library of one editor never has a review.

-- A brief's review: its state, and every step (who, when, the note) as JSON, oldest first. It is
-- one part of the brief as it syncs (see library/replica.rs), so a change queues the brief.
CREATE TABLE brief_reviews (
    brief_id  TEXT PRIMARY KEY NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    state     TEXT NOT NULL CHECK (state IN ('draft', 'in_review', 'approved')),
    steps     TEXT NOT NULL
) WITHOUT ROWID;
-- "Waiting for my review" lists the briefs in one state.
CREATE INDEX brief_reviews_state ON brief_reviews (state);

-- The replica's role and name on the team, as the server last said (so the window offers
-- a contributor "Submit for review" and an editor "Approve"); NULL until the first sync.
ALTER TABLE team_replica ADD COLUMN role TEXT;
ALTER TABLE team_replica ADD COLUMN display_name TEXT;

CREATE TRIGGER team_queue_review_insert AFTER INSERT ON brief_reviews
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_outbox SET changes = changes + 1 WHERE brief_id = NEW.brief_id;
    INSERT OR IGNORE INTO team_outbox (brief_id) VALUES (NEW.brief_id);
END;

CREATE TRIGGER team_queue_review_update AFTER UPDATE ON brief_reviews
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_outbox SET changes = changes + 1 WHERE brief_id = NEW.brief_id;
    INSERT OR IGNORE INTO team_outbox (brief_id) VALUES (NEW.brief_id);
END;

CREATE TRIGGER team_queue_review_delete AFTER DELETE ON brief_reviews
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_outbox SET changes = changes + 1 WHERE brief_id = OLD.brief_id;
    INSERT OR IGNORE INTO team_outbox (brief_id) VALUES (OLD.brief_id);
END;
