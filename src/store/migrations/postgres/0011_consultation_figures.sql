-- 0011: where each consultation stands at every stage, kept beside it: the report's input in
-- one narrow row per consultation (its groups, its own amount, and per stage the latest
-- follow-up there (consulted: one that corrects the consultation's own amount) as
-- 'date|amount|currency|provenance', latest by date, then by id), so that an outcome report
-- reads no follow-up. Triggers keep it, whoever writes (the API, an import, the demo); a report
-- never writes it (issue 6).
CREATE TABLE consultation_figures (
  consultation_id BIGINT PRIMARY KEY REFERENCES consultations(id) ON DELETE CASCADE,
  pavilion_id BIGINT NOT NULL,
  exhibitor_id BIGINT NOT NULL,
  buyer_country TEXT COLLATE "C",
  category TEXT COLLATE "C",
  amount BIGINT,
  currency TEXT COLLATE "C",
  at_consulted TEXT COLLATE "C", at_negotiating TEXT COLLATE "C", at_provisional TEXT COLLATE "C", at_signed TEXT COLLATE "C", at_exported TEXT COLLATE "C", at_dropped TEXT COLLATE "C"
);
CREATE INDEX consultation_figures_pavilion ON consultation_figures (pavilion_id);
CREATE INDEX consultation_figures_exhibitor ON consultation_figures (exhibitor_id);
CREATE INDEX follow_ups_latest ON follow_ups (consultation_id, stage, date, id);

-- a consultation's row of consultation_figures, worked out from its follow-ups: the one
-- definition every trigger below writes. SQLite's IFNULL(amount, '') turns the integer into
-- text on the way; here the cast is written (COALESCE(bigint, '') would be refused), and gives
-- the same digits. `||` yields NULL for a NULL operand in both; date, currency and provenance
-- are NOT NULL. The order by date is by bytes (COLLATE "C" on follow_ups.date), as in SQLite.
CREATE VIEW consultation_standing AS SELECT
  c.id AS consultation_id, c.pavilion_id, c.exhibitor_id, c.buyer_country, c.category,
  c.amount, c.currency,
  (SELECT f.date || '|' || COALESCE(f.amount::text, '') || '|' || f.currency || '|' || f.provenance FROM follow_ups f WHERE f.consultation_id = c.id AND f.stage = 'consulted' ORDER BY f.date DESC, f.id DESC LIMIT 1) AS at_consulted,
  (SELECT f.date || '|' || COALESCE(f.amount::text, '') || '|' || f.currency || '|' || f.provenance FROM follow_ups f WHERE f.consultation_id = c.id AND f.stage = 'negotiating' ORDER BY f.date DESC, f.id DESC LIMIT 1) AS at_negotiating,
  (SELECT f.date || '|' || COALESCE(f.amount::text, '') || '|' || f.currency || '|' || f.provenance FROM follow_ups f WHERE f.consultation_id = c.id AND f.stage = 'provisional' ORDER BY f.date DESC, f.id DESC LIMIT 1) AS at_provisional,
  (SELECT f.date || '|' || COALESCE(f.amount::text, '') || '|' || f.currency || '|' || f.provenance FROM follow_ups f WHERE f.consultation_id = c.id AND f.stage = 'signed' ORDER BY f.date DESC, f.id DESC LIMIT 1) AS at_signed,
  (SELECT f.date || '|' || COALESCE(f.amount::text, '') || '|' || f.currency || '|' || f.provenance FROM follow_ups f WHERE f.consultation_id = c.id AND f.stage = 'exported' ORDER BY f.date DESC, f.id DESC LIMIT 1) AS at_exported,
  (SELECT f.date || '|' || COALESCE(f.amount::text, '') || '|' || f.currency || '|' || f.provenance FROM follow_ups f WHERE f.consultation_id = c.id AND f.stage = 'dropped' ORDER BY f.date DESC, f.id DESC LIMIT 1) AS at_dropped
FROM consultations c;

-- SQLite's INSERT OR REPLACE of the consultation's standing: an upsert here. (REPLACE deletes
-- the old row before inserting the new; nothing references consultation_figures and it has
-- no triggers, so updating the row in place is the same.) A consultation that is gone (its
-- follow-ups deleted by the cascade from it) has no standing: nothing is written, and its
-- figures go by their own ON DELETE CASCADE.
CREATE FUNCTION consultation_figures_put(cid bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO consultation_figures
  SELECT * FROM consultation_standing s WHERE s.consultation_id = cid
  ON CONFLICT (consultation_id) DO UPDATE SET
    pavilion_id = EXCLUDED.pavilion_id,
    exhibitor_id = EXCLUDED.exhibitor_id,
    buyer_country = EXCLUDED.buyer_country,
    category = EXCLUDED.category,
    amount = EXCLUDED.amount,
    currency = EXCLUDED.currency,
    at_consulted = EXCLUDED.at_consulted,
    at_negotiating = EXCLUDED.at_negotiating,
    at_provisional = EXCLUDED.at_provisional,
    at_signed = EXCLUDED.at_signed,
    at_exported = EXCLUDED.at_exported,
    at_dropped = EXCLUDED.at_dropped;
END
$$;

-- The triggers have the names and events of SQLite's, one row at a time. A difference that
-- changes no result: PostgreSQL runs AFTER ... FOR EACH ROW triggers once the statement is
-- done, not after each row as SQLite does; each one works the standing out afresh from the
-- tables as the statement left them, so the figures end the same.
CREATE FUNCTION consultation_figures_of_consultation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM consultation_figures_put(NEW.id);
  RETURN NULL;
END
$$;
CREATE FUNCTION consultation_figures_of_follow_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM consultation_figures_put(NEW.consultation_id);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM consultation_figures_put(OLD.consultation_id);
    IF NEW.consultation_id IS DISTINCT FROM OLD.consultation_id THEN
      PERFORM consultation_figures_put(NEW.consultation_id);
    END IF;
  ELSE
    PERFORM consultation_figures_put(OLD.consultation_id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER consultation_figures_new AFTER INSERT ON consultations
  FOR EACH ROW EXECUTE FUNCTION consultation_figures_of_consultation();
CREATE TRIGGER consultation_figures_changed AFTER UPDATE ON consultations
  FOR EACH ROW EXECUTE FUNCTION consultation_figures_of_consultation();
CREATE TRIGGER follow_up_figures_new AFTER INSERT ON follow_ups
  FOR EACH ROW EXECUTE FUNCTION consultation_figures_of_follow_up();
CREATE TRIGGER follow_up_figures_changed AFTER UPDATE ON follow_ups
  FOR EACH ROW EXECUTE FUNCTION consultation_figures_of_follow_up();
CREATE TRIGGER follow_up_figures_gone AFTER DELETE ON follow_ups
  FOR EACH ROW EXECUTE FUNCTION consultation_figures_of_follow_up();

-- what is there already
INSERT INTO consultation_figures SELECT * FROM consultation_standing;
