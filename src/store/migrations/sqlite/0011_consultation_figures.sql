-- 0011: where each consultation stands at every stage, kept beside it: the report's input in
-- one narrow row per consultation (its groups, its own amount, and per stage the latest
-- follow-up there (consulted: one that corrects the consultation's own amount) as
-- 'date|amount|currency|provenance', latest by date, then by id), so that an outcome report
-- reads no follow-up. Triggers keep it, whoever writes (the API, an import, the demo); a report
-- never writes it (issue 6).
CREATE TABLE consultation_figures (
  consultation_id INTEGER PRIMARY KEY REFERENCES consultations(id) ON DELETE CASCADE,
  pavilion_id INTEGER NOT NULL,
  exhibitor_id INTEGER NOT NULL,
  buyer_country TEXT,
  category TEXT,
  amount INTEGER,
  currency TEXT,
  at_consulted TEXT, at_negotiating TEXT, at_provisional TEXT, at_signed TEXT, at_exported TEXT, at_dropped TEXT
) STRICT;
CREATE INDEX consultation_figures_pavilion ON consultation_figures (pavilion_id);
CREATE INDEX consultation_figures_exhibitor ON consultation_figures (exhibitor_id);
CREATE INDEX follow_ups_latest ON follow_ups (consultation_id, stage, date, id);

-- a consultation's row of consultation_figures, worked out from its follow-ups: the one
-- definition every trigger below writes
CREATE VIEW consultation_standing AS SELECT
  c.id AS consultation_id, c.pavilion_id, c.exhibitor_id, c.buyer_country, c.category,
  c.amount, c.currency,
  (SELECT date || '|' || IFNULL(amount, '') || '|' || currency || '|' || provenance FROM follow_ups f WHERE f.consultation_id = c.id AND f.stage = 'consulted' ORDER BY f.date DESC, f.id DESC LIMIT 1) AS at_consulted,
  (SELECT date || '|' || IFNULL(amount, '') || '|' || currency || '|' || provenance FROM follow_ups f WHERE f.consultation_id = c.id AND f.stage = 'negotiating' ORDER BY f.date DESC, f.id DESC LIMIT 1) AS at_negotiating,
  (SELECT date || '|' || IFNULL(amount, '') || '|' || currency || '|' || provenance FROM follow_ups f WHERE f.consultation_id = c.id AND f.stage = 'provisional' ORDER BY f.date DESC, f.id DESC LIMIT 1) AS at_provisional,
  (SELECT date || '|' || IFNULL(amount, '') || '|' || currency || '|' || provenance FROM follow_ups f WHERE f.consultation_id = c.id AND f.stage = 'signed' ORDER BY f.date DESC, f.id DESC LIMIT 1) AS at_signed,
  (SELECT date || '|' || IFNULL(amount, '') || '|' || currency || '|' || provenance FROM follow_ups f WHERE f.consultation_id = c.id AND f.stage = 'exported' ORDER BY f.date DESC, f.id DESC LIMIT 1) AS at_exported,
  (SELECT date || '|' || IFNULL(amount, '') || '|' || currency || '|' || provenance FROM follow_ups f WHERE f.consultation_id = c.id AND f.stage = 'dropped' ORDER BY f.date DESC, f.id DESC LIMIT 1) AS at_dropped
FROM consultations c;

CREATE TRIGGER consultation_figures_new AFTER INSERT ON consultations BEGIN
  INSERT OR REPLACE INTO consultation_figures SELECT * FROM consultation_standing WHERE consultation_id = NEW.id;
END;
CREATE TRIGGER consultation_figures_changed AFTER UPDATE ON consultations BEGIN
  INSERT OR REPLACE INTO consultation_figures SELECT * FROM consultation_standing WHERE consultation_id = NEW.id;
END;
CREATE TRIGGER follow_up_figures_new AFTER INSERT ON follow_ups BEGIN
  INSERT OR REPLACE INTO consultation_figures SELECT * FROM consultation_standing WHERE consultation_id = NEW.consultation_id;
END;
CREATE TRIGGER follow_up_figures_changed AFTER UPDATE ON follow_ups BEGIN
  INSERT OR REPLACE INTO consultation_figures SELECT * FROM consultation_standing WHERE consultation_id = OLD.consultation_id;
  INSERT OR REPLACE INTO consultation_figures SELECT * FROM consultation_standing WHERE consultation_id = NEW.consultation_id;
END;
CREATE TRIGGER follow_up_figures_gone AFTER DELETE ON follow_ups BEGIN
  INSERT OR REPLACE INTO consultation_figures SELECT * FROM consultation_standing WHERE consultation_id = OLD.consultation_id;
END;

-- what is there already
INSERT INTO consultation_figures SELECT * FROM consultation_standing;
