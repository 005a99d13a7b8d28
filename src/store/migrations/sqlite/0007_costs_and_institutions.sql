-- 0007: a trip's costs and the institutions it visits, for the plan and the result report.
CREATE TABLE trip_costs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  delegation_id INTEGER NOT NULL REFERENCES delegations(id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  description TEXT,
  item_id INTEGER REFERENCES itinerary_items(id) ON DELETE RESTRICT,
  member_id INTEGER REFERENCES delegation_members(id) ON DELETE RESTRICT,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  rate TEXT,
  notes TEXT
) STRICT;
CREATE INDEX trip_costs_delegation_id ON trip_costs(delegation_id);
CREATE INDEX trip_costs_item_id ON trip_costs(item_id);
CREATE INDEX trip_costs_member_id ON trip_costs(member_id);

CREATE TABLE trip_institutions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  delegation_id INTEGER NOT NULL REFERENCES delegations(id) ON DELETE CASCADE,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
  item_id INTEGER REFERENCES itinerary_items(id) ON DELETE RESTRICT,
  purpose TEXT,
  result TEXT,
  notes TEXT,
  UNIQUE (delegation_id, organization_id)
) STRICT;
CREATE INDEX trip_institutions_delegation_id ON trip_institutions(delegation_id);
CREATE INDEX trip_institutions_organization_id ON trip_institutions(organization_id);
CREATE INDEX trip_institutions_item_id ON trip_institutions(item_id);

-- What the result report says the trip teaches (시사점).
ALTER TABLE delegations ADD COLUMN implications_ko TEXT;
ALTER TABLE delegations ADD COLUMN implications_en TEXT;
