-- 0013: a new consultation's figures are its own columns, with no stage reached: a follow-up
-- references its consultation at once (an immediate foreign key), so none can be there when
-- the consultation is inserted, and the six look-ups of consultation_standing would each find
-- nothing. The trigger writes the row from NEW instead (about a tenth of the work a consultation
-- POST does inside the one writer, issue 7). OR REPLACE as before, should a row be there.
DROP TRIGGER consultation_figures_new;
CREATE TRIGGER consultation_figures_new AFTER INSERT ON consultations BEGIN
  INSERT OR REPLACE INTO consultation_figures
    (consultation_id, pavilion_id, exhibitor_id, buyer_country, category, amount, currency)
  VALUES (NEW.id, NEW.pavilion_id, NEW.exhibitor_id, NEW.buyer_country, NEW.category,
          NEW.amount, NEW.currency);
END;
