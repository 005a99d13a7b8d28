-- 0008: B2B matchmaking. A programme (상담회) of an event, its sessions (which make the
-- slots), venues and the walks between them, participants (exhibitors, buyers, investors,
-- interpreters) with their absences, meeting requests, and the meetings the scheduler places.
CREATE TABLE b2b_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  event_id INTEGER REFERENCES events(id) ON DELETE RESTRICT,
  host_organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
  name_ko TEXT NOT NULL,
  name_en TEXT,
  timezone TEXT NOT NULL,
  requests_close_at TEXT,
  must_weight INTEGER NOT NULL DEFAULT 10,
  pool_tables INTEGER NOT NULL DEFAULT 0,
  schedule_status TEXT NOT NULL DEFAULT 'none',
  scheduled_at TEXT,
  published_at TEXT,
  illustrative INTEGER NOT NULL DEFAULT 0,
  notes TEXT
) STRICT;
CREATE INDEX b2b_events_event_id ON b2b_events(event_id);
CREATE INDEX b2b_events_host_organization_id ON b2b_events(host_organization_id);

CREATE TABLE b2b_sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  b2b_event_id INTEGER NOT NULL REFERENCES b2b_events(id) ON DELETE CASCADE,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  slot_minutes INTEGER NOT NULL DEFAULT 30,
  break_starts_at TEXT,
  break_ends_at TEXT,
  notes TEXT
) STRICT;
CREATE INDEX b2b_sessions_b2b_event_id ON b2b_sessions(b2b_event_id);

CREATE TABLE b2b_venues (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  b2b_event_id INTEGER NOT NULL REFERENCES b2b_events(id) ON DELETE CASCADE,
  name_ko TEXT NOT NULL,
  name_en TEXT,
  place_id INTEGER REFERENCES places(id) ON DELETE RESTRICT,
  notes TEXT,
  UNIQUE (b2b_event_id, name_ko)
) STRICT;
CREATE INDEX b2b_venues_place_id ON b2b_venues(place_id);

CREATE TABLE b2b_walks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  b2b_event_id INTEGER NOT NULL REFERENCES b2b_events(id) ON DELETE CASCADE,
  from_venue_id INTEGER NOT NULL REFERENCES b2b_venues(id),
  to_venue_id INTEGER NOT NULL REFERENCES b2b_venues(id),
  minutes INTEGER NOT NULL,
  notes TEXT,
  UNIQUE (b2b_event_id, from_venue_id, to_venue_id)
) STRICT;
CREATE INDEX b2b_walks_from_venue_id ON b2b_walks(from_venue_id);
CREATE INDEX b2b_walks_to_venue_id ON b2b_walks(to_venue_id);

-- Deleting a programme deletes all of it. References between its rows (participants,
-- venues, requests) are checked at the end of each statement (no ON DELETE action), so the
-- programme goes in one statement, while a participant with meetings cannot be deleted.
CREATE TABLE b2b_participants (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  b2b_event_id INTEGER NOT NULL REFERENCES b2b_events(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  organization_id INTEGER REFERENCES organizations(id) ON DELETE RESTRICT,
  person_id INTEGER REFERENCES people(id) ON DELETE RESTRICT,
  booth_id INTEGER REFERENCES booths(id) ON DELETE RESTRICT,
  venue_id INTEGER REFERENCES b2b_venues(id),
  tables INTEGER NOT NULL DEFAULT 1,
  languages TEXT,
  interests TEXT,
  country TEXT,
  cap INTEGER,
  illustrative INTEGER NOT NULL DEFAULT 0,
  notes TEXT
) STRICT;
CREATE INDEX b2b_participants_b2b_event_id ON b2b_participants(b2b_event_id);
CREATE INDEX b2b_participants_organization_id ON b2b_participants(organization_id);
CREATE INDEX b2b_participants_person_id ON b2b_participants(person_id);
CREATE INDEX b2b_participants_booth_id ON b2b_participants(booth_id);
CREATE INDEX b2b_participants_venue_id ON b2b_participants(venue_id);

CREATE TABLE b2b_absences (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  participant_id INTEGER NOT NULL REFERENCES b2b_participants(id) ON DELETE CASCADE,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  notes TEXT
) STRICT;
CREATE INDEX b2b_absences_participant_id ON b2b_absences(participant_id);

CREATE TABLE b2b_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  b2b_event_id INTEGER NOT NULL REFERENCES b2b_events(id) ON DELETE CASCADE,
  from_id INTEGER NOT NULL REFERENCES b2b_participants(id),
  to_id INTEGER NOT NULL REFERENCES b2b_participants(id),
  priority TEXT NOT NULL DEFAULT 'want',
  status TEXT NOT NULL DEFAULT 'pending',
  answered_at TEXT,
  message TEXT,
  notes TEXT
) STRICT;
CREATE INDEX b2b_requests_b2b_event_id ON b2b_requests(b2b_event_id);
CREATE INDEX b2b_requests_from_id ON b2b_requests(from_id);
CREATE INDEX b2b_requests_to_id ON b2b_requests(to_id);

CREATE TABLE b2b_meetings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  b2b_event_id INTEGER NOT NULL REFERENCES b2b_events(id) ON DELETE CASCADE,
  host_id INTEGER NOT NULL REFERENCES b2b_participants(id),
  visitor_id INTEGER NOT NULL REFERENCES b2b_participants(id),
  request_id INTEGER REFERENCES b2b_requests(id),
  priority TEXT NOT NULL DEFAULT 'want',
  status TEXT NOT NULL DEFAULT 'planned',
  pinned INTEGER NOT NULL DEFAULT 0,
  starts_at TEXT,
  table_no INTEGER,
  interpreter_id INTEGER REFERENCES b2b_participants(id),
  reason TEXT,
  published_at TEXT,
  notes TEXT,
  UNIQUE (b2b_event_id, host_id, visitor_id)
) STRICT;
CREATE INDEX b2b_meetings_host_id ON b2b_meetings(host_id);
CREATE INDEX b2b_meetings_visitor_id ON b2b_meetings(visitor_id);
CREATE INDEX b2b_meetings_request_id ON b2b_meetings(request_id);
CREATE INDEX b2b_meetings_interpreter_id ON b2b_meetings(interpreter_id);
