-- 0010: an event's series, so that a report finds the previous edition of the same show
-- (CES 2023 before CES 2024), and an agreement's value and whether it binds (issue 6).
ALTER TABLE events ADD COLUMN series TEXT COLLATE "C";
CREATE INDEX events_series ON events (series, start_date);
ALTER TABLE agreements ADD COLUMN amount BIGINT;
ALTER TABLE agreements ADD COLUMN currency TEXT COLLATE "C" NOT NULL DEFAULT 'USD';
ALTER TABLE agreements ADD COLUMN binding BIGINT NOT NULL DEFAULT 0;
