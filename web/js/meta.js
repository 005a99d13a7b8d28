// meta.js - the resource descriptors from /api/v1/meta, and lookups shared by every page.
import { api, listAll } from './api.js';
import { pick } from './i18n.js';

let entities = [];
const byName = new Map();

// opts: as for api() ({auth: false}: a 401 does not lead to the login page).
export async function loadMeta(opts = {}) {
  const m = await api('GET', 'meta', opts);
  entities = m.entities;
  byName.clear();
  for (const e of entities) byName.set(e.name, e);
}

export function allEntities() { return entities; }
export function entity(name) { return byName.get(name); }
export function field(e, name) { return e.fields.find((f) => f.name === name); }

// The label of a row: its title_ko/title_en (or name_*, code) field pair, else "#id".
export function rowLabel(e, row) {
  if (!row) return '';
  const s = e.title_ko ? pick(row[e.title_ko], row[e.title_en]) : '';
  return s !== '' && s !== null && s !== undefined ? String(s) : `#${row.id}`;
}

export function refLabel(row, fieldName) {
  const r = row?._refs?.[fieldName];
  if (!r) return row?.[fieldName] ? `#${row[fieldName]}` : '';
  const s = pick(r.label_ko, r.label_en);
  return s ? String(s) : `#${r.id}`;
}

// Cached whole lists (places for time zones, options for reference selects); dropped after a write.
const cache = new Map();
export function cachedList(resource) {
  if (!cache.has(resource)) {
    const e = entity(resource);
    const sort = e?.title_ko && e.fields.find((f) => f.name === e.title_ko && f.sort) ? e.title_ko : undefined;
    const p = listAll(resource, sort ? { sort } : {});
    p.catch(() => cache.delete(resource));
    cache.set(resource, p);
  }
  return cache.get(resource);
}
export function invalidate(resource) {
  if (resource) cache.delete(resource); else cache.clear();
}

export async function placesById() {
  const rows = await cachedList('places');
  return new Map(rows.map((r) => [r.id, r]));
}

// What showing the instants of these entities needs: places (their zones), delegations
// (home zones, for items without a place) and B2B programmes (their zone; participants lead
// to theirs). Null when none of them has an instant.
export async function zoneContext(list) {
  const withInstant = list.filter((e) => e && e.fields.some((f) => f.type === 'instant'));
  if (!withInstant.length) return { places: null, delegations: null };
  const refers = (name) => withInstant.some((e) => e.fields.some((f) => f.ref === name));
  const needPeople = refers('b2b_participants');
  const needProgrammes = needPeople || refers('b2b_events');
  const [places, dels, progs, people] = await Promise.all([placesById(),
    refers('delegations') ? cachedList('delegations') : [],
    // a role that may not read them sees UTC rather than no page
    needProgrammes ? cachedList('b2b_events').catch(() => []) : [],
    needPeople ? cachedList('b2b_participants').catch(() => []) : []]);
  const byId = (rows) => new Map(rows.map((d) => [d.id, d]));
  return { places, delegations: byId(dels), b2bEvents: byId(progs), b2bPeople: byId(people) };
}
