-- 0009: consultations (상담일지) and their follow-ups, recorded exchange rates, and the
-- services a business centre gives its member companies (issue 6).
CREATE TABLE exchange_rates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  date TEXT NOT NULL,
  currency TEXT NOT NULL,
  to_currency TEXT NOT NULL DEFAULT 'KRW',
  rate TEXT NOT NULL,
  source TEXT NOT NULL,
  notes TEXT,
  UNIQUE (date, currency, to_currency, source)
) STRICT;

CREATE TABLE consultations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  pavilion_id INTEGER NOT NULL REFERENCES pavilions(id) ON DELETE RESTRICT,
  exhibitor_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
  meeting_id INTEGER REFERENCES b2b_meetings(id) ON DELETE RESTRICT,
  kind TEXT NOT NULL,
  consulted_at TEXT NOT NULL,
  buyer_organization_id INTEGER REFERENCES organizations(id) ON DELETE RESTRICT,
  buyer_company TEXT,
  buyer_person TEXT,
  buyer_email TEXT,
  buyer_country TEXT,
  destination_country TEXT,
  product TEXT,
  category TEXT,
  unit_price INTEGER,
  quantity INTEGER,
  amount INTEGER,
  currency TEXT NOT NULL DEFAULT 'USD',
  stage TEXT NOT NULL DEFAULT 'consulted',
  next_step TEXT,
  next_step_on TEXT,
  consultant TEXT,
  illustrative INTEGER NOT NULL DEFAULT 0,
  notes TEXT
) STRICT;
CREATE INDEX consultations_pavilion_id ON consultations(pavilion_id);
CREATE INDEX consultations_exhibitor_id ON consultations(exhibitor_id);
CREATE INDEX consultations_meeting_id ON consultations(meeting_id);
CREATE INDEX consultations_buyer_organization_id ON consultations(buyer_organization_id);

CREATE TABLE follow_ups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  date TEXT NOT NULL,
  amount INTEGER,
  currency TEXT NOT NULL DEFAULT 'USD',
  provenance TEXT NOT NULL DEFAULT 'reported',
  verified_by TEXT,
  document TEXT,
  notes TEXT
) STRICT;
CREATE INDEX follow_ups_consultation_id ON follow_ups(consultation_id);

CREATE TABLE centre_services (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  centre_id INTEGER NOT NULL REFERENCES business_centres(id) ON DELETE CASCADE,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
  kind TEXT NOT NULL,
  date TEXT NOT NULL,
  notes TEXT
) STRICT;
CREATE INDEX centre_services_centre_id ON centre_services(centre_id);
CREATE INDEX centre_services_organization_id ON centre_services(organization_id);
