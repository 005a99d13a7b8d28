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

// What showing the instants of these entities needs: places (their zones) and delegations
// (home zones, for items without a place). Null when none of them has an instant.
export async function zoneContext(list) {
  const withInstant = list.filter((e) => e && e.fields.some((f) => f.type === 'instant'));
  if (!withInstant.length) return { places: null, delegations: null };
  const needDelegations = withInstant.some((e) => e.fields.some((f) => f.ref === 'delegations'));
  const [places, dels] = await Promise.all([placesById(), needDelegations ? cachedList('delegations') : []]);
  return { places, delegations: new Map(dels.map((d) => [d.id, d])) };
}
