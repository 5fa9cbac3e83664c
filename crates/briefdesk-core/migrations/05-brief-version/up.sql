-- Each change to a brief moves its version on by one, so a writer that began from an older
-- version (another window, a `briefdesk` command) is told instead of overwriting the change.
ALTER TABLE briefs ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
