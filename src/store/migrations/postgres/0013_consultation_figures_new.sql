-- 0013: a new consultation's figures are its own columns, with no stage reached: a follow-up
-- references its consultation at once (an immediate foreign key), so none can be there when
-- the consultation is inserted, and the six look-ups of consultation_standing would each find
-- nothing. The trigger writes the row from NEW instead, as SQLite's does (issue 7). The upsert
-- as before, should a row be there.
CREATE FUNCTION consultation_figures_of_new_consultation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO consultation_figures
    (consultation_id, pavilion_id, exhibitor_id, buyer_country, category, amount, currency)
  VALUES (NEW.id, NEW.pavilion_id, NEW.exhibitor_id, NEW.buyer_country, NEW.category,
          NEW.amount, NEW.currency)
  ON CONFLICT (consultation_id) DO UPDATE SET
    pavilion_id = EXCLUDED.pavilion_id,
    exhibitor_id = EXCLUDED.exhibitor_id,
    buyer_country = EXCLUDED.buyer_country,
    category = EXCLUDED.category,
    amount = EXCLUDED.amount,
    currency = EXCLUDED.currency,
    at_consulted = NULL, at_negotiating = NULL, at_provisional = NULL, at_signed = NULL,
    at_exported = NULL, at_dropped = NULL;
  RETURN NULL;
END
$$;
DROP TRIGGER consultation_figures_new ON consultations;
CREATE TRIGGER consultation_figures_new AFTER INSERT ON consultations
  FOR EACH ROW EXECUTE FUNCTION consultation_figures_of_new_consultation();
