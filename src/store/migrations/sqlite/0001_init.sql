-- 0001: the resources of the foundation. Column names follow src/core/entities.c;
-- ids are AUTOINCREMENT: an id is never reused, so the audit trail of a row is its own.
-- a unit test checks that every descriptor field has its column here.

CREATE TABLE organizations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  name_ko TEXT NOT NULL,
  name_en TEXT,
  country TEXT,
  city TEXT,
  sector TEXT,
  website TEXT,
  illustrative INTEGER NOT NULL,
  notes TEXT
) STRICT;

CREATE TABLE people (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name_ko TEXT NOT NULL,
  name_en TEXT,
  title_ko TEXT,
  title_en TEXT,
  organization_id INTEGER REFERENCES organizations(id) ON DELETE RESTRICT,
  email TEXT,
  phone TEXT,
  notes TEXT
) STRICT;
CREATE INDEX people_organization_id ON people(organization_id);

CREATE TABLE places (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  name_ko TEXT NOT NULL,
  name_en TEXT,
  parent_id INTEGER REFERENCES places(id) ON DELETE RESTRICT,
  country TEXT,
  timezone TEXT NOT NULL,
  code TEXT,
  address TEXT,
  notes TEXT
) STRICT;
CREATE INDEX places_parent_id ON places(parent_id);

CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name_ko TEXT NOT NULL,
  name_en TEXT,
  venue_id INTEGER REFERENCES places(id) ON DELETE RESTRICT,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  theme TEXT,
  categories TEXT,
  website TEXT,
  notes TEXT
) STRICT;
CREATE INDEX events_venue_id ON events(venue_id);

CREATE TABLE pavilions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE RESTRICT,
  host_organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
  name_ko TEXT NOT NULL,
  name_en TEXT,
  hall TEXT,
  notes TEXT
) STRICT;
CREATE INDEX pavilions_event_id ON pavilions(event_id);
CREATE INDEX pavilions_host_organization_id ON pavilions(host_organization_id);

CREATE TABLE booths (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  pavilion_id INTEGER NOT NULL REFERENCES pavilions(id) ON DELETE RESTRICT,
  code TEXT NOT NULL,
  exhibitor_id INTEGER REFERENCES organizations(id) ON DELETE RESTRICT,
  category TEXT,
  notes TEXT,
  UNIQUE (pavilion_id, code)
) STRICT;
CREATE INDEX booths_pavilion_id ON booths(pavilion_id);
CREATE INDEX booths_exhibitor_id ON booths(exhibitor_id);

CREATE TABLE delegations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  host_organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
  title_ko TEXT NOT NULL,
  title_en TEXT,
  purpose TEXT,
  event_id INTEGER REFERENCES events(id) ON DELETE RESTRICT,
  home_timezone TEXT NOT NULL,
  depart_date TEXT,
  return_date TEXT,
  status TEXT NOT NULL,
  published INTEGER NOT NULL,
  notes TEXT
) STRICT;
CREATE INDEX delegations_host_organization_id ON delegations(host_organization_id);
CREATE INDEX delegations_event_id ON delegations(event_id);

CREATE TABLE delegation_members (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  delegation_id INTEGER NOT NULL REFERENCES delegations(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
  role TEXT NOT NULL,
  notes TEXT,
  UNIQUE (delegation_id, person_id)
) STRICT;
CREATE INDEX delegation_members_delegation_id ON delegation_members(delegation_id);
CREATE INDEX delegation_members_person_id ON delegation_members(person_id);

CREATE TABLE agreements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  title_ko TEXT NOT NULL,
  title_en TEXT,
  status TEXT NOT NULL,
  signed_date TEXT,
  signed_place_id INTEGER REFERENCES places(id) ON DELETE RESTRICT,
  delegation_id INTEGER REFERENCES delegations(id) ON DELETE RESTRICT,
  event_id INTEGER REFERENCES events(id) ON DELETE RESTRICT,
  summary TEXT,
  illustrative INTEGER NOT NULL,
  notes TEXT
) STRICT;
CREATE INDEX agreements_signed_place_id ON agreements(signed_place_id);
CREATE INDEX agreements_delegation_id ON agreements(delegation_id);
CREATE INDEX agreements_event_id ON agreements(event_id);

CREATE TABLE agreement_parties (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
  role TEXT NOT NULL,
  notes TEXT,
  UNIQUE (agreement_id, organization_id)
) STRICT;
CREATE INDEX agreement_parties_agreement_id ON agreement_parties(agreement_id);
CREATE INDEX agreement_parties_organization_id ON agreement_parties(organization_id);

CREATE TABLE itinerary_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  delegation_id INTEGER NOT NULL REFERENCES delegations(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  title_ko TEXT NOT NULL,
  title_en TEXT,
  place_id INTEGER REFERENCES places(id) ON DELETE RESTRICT,
  to_place_id INTEGER REFERENCES places(id) ON DELETE RESTRICT,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  carrier TEXT,
  service_number TEXT,
  agreement_id INTEGER REFERENCES agreements(id) ON DELETE RESTRICT,
  illustrative INTEGER NOT NULL,
  notes TEXT
) STRICT;
CREATE INDEX itinerary_items_delegation_id ON itinerary_items(delegation_id);
CREATE INDEX itinerary_items_place_id ON itinerary_items(place_id);
CREATE INDEX itinerary_items_to_place_id ON itinerary_items(to_place_id);
CREATE INDEX itinerary_items_agreement_id ON itinerary_items(agreement_id);

CREATE TABLE itinerary_counterparts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  item_id INTEGER NOT NULL REFERENCES itinerary_items(id) ON DELETE CASCADE,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
  notes TEXT,
  UNIQUE (item_id, organization_id)
) STRICT;
CREATE INDEX itinerary_counterparts_item_id ON itinerary_counterparts(item_id);
CREATE INDEX itinerary_counterparts_organization_id ON itinerary_counterparts(organization_id);

CREATE TABLE ties (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
  partner_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
  since TEXT,
  notes TEXT,
  UNIQUE (kind, organization_id, partner_id)
) STRICT;
CREATE INDEX ties_organization_id ON ties(organization_id);
CREATE INDEX ties_partner_id ON ties(partner_id);

CREATE TABLE business_centres (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name_ko TEXT NOT NULL,
  name_en TEXT,
  operator_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
  place_id INTEGER REFERENCES places(id) ON DELETE RESTRICT,
  opened_on TEXT,
  website TEXT,
  notes TEXT
) STRICT;
CREATE INDEX business_centres_operator_id ON business_centres(operator_id);
CREATE INDEX business_centres_place_id ON business_centres(place_id);

CREATE TABLE centre_members (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  centre_id INTEGER NOT NULL REFERENCES business_centres(id) ON DELETE CASCADE,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
  mode TEXT NOT NULL,
  since TEXT,
  notes TEXT,
  UNIQUE (centre_id, organization_id)
) STRICT;
CREATE INDEX centre_members_centre_id ON centre_members(centre_id);
CREATE INDEX centre_members_organization_id ON centre_members(organization_id);

CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  location TEXT,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
