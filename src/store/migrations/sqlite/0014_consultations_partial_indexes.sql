-- 0014: a consultation's meeting and buyer organization are most often empty (a walk-in, a
-- buyer not on file), and an index of a column that is null holds an entry for it all the
-- same: two of the twelve b-tree inserts a consultation POST made inside the one writer
-- (issue 7). These two index only the rows that have one; a look-up by either (a foreign key's
-- check when a meeting or an organization is deleted, a list filtered by it) asks for a value,
-- which is not null, so the planner uses them as before.
DROP INDEX consultations_meeting_id;
CREATE INDEX consultations_meeting_id ON consultations(meeting_id) WHERE meeting_id IS NOT NULL;
DROP INDEX consultations_buyer_organization_id;
CREATE INDEX consultations_buyer_organization_id ON consultations(buyer_organization_id)
  WHERE buyer_organization_id IS NOT NULL;
