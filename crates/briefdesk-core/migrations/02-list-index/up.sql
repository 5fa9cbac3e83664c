-- Lets a tag-filtered listing start from the tag's briefs and check their status from the index,
-- instead of probing every brief of that status (counts went from ~26 ms to ~7 ms at 100k briefs).
CREATE INDEX briefs_id_status ON briefs (id, status);
