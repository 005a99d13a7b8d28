-- 0006: who attends each itinerary item and what became of it; when the trip's plan and
-- result report were published; settings (the checks' rules and the documents' deadlines).
ALTER TABLE itinerary_items ADD COLUMN status TEXT NOT NULL DEFAULT 'planned';
ALTER TABLE itinerary_items ADD COLUMN task TEXT;
ALTER TABLE itinerary_items ADD COLUMN result TEXT;

ALTER TABLE delegations ADD COLUMN plan_published_on TEXT;
ALTER TABLE delegations ADD COLUMN report_published_on TEXT;

-- An item with no attendee rows is attended by the whole delegation.
CREATE TABLE itinerary_attendees (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  item_id INTEGER NOT NULL REFERENCES itinerary_items(id) ON DELETE CASCADE,
  member_id INTEGER NOT NULL REFERENCES delegation_members(id) ON DELETE CASCADE,
  notes TEXT,
  UNIQUE (item_id, member_id)
) STRICT;
CREATE INDEX itinerary_attendees_item_id ON itinerary_attendees(item_id);
CREATE INDEX itinerary_attendees_member_id ON itinerary_attendees(member_id);

-- One value per setting; a setting with no row has its default (core/settings.c).
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
