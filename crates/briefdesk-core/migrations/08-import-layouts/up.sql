-- Layouts the editor taught the importer by correcting one brief in the preview, saved by name
-- to read other texts of that layout. `rules` is JSON: {"version": 1, "rules": [...]}, each rule
-- a role (headline, outlet, date, body, skip) and the lines it applies to, with no line numbers.
CREATE TABLE import_layouts (
    name        TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
    rules       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    used_at     TEXT
);
