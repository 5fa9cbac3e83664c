-- How exports write dates (source lines and the issue date); 'long' is the house style,
-- "November 27, 2020", which every earlier library used.
ALTER TABLE publication ADD COLUMN date_style TEXT NOT NULL DEFAULT 'long'
    CHECK (date_style IN ('long', 'day_first', 'short', 'iso'));
