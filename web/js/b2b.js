// b2b.js - what the B2B matchmaking pages share: who may act, a participant's name, company
// and place in words, a slot's local time, why a meeting was left out, and the detail-page
// parts that read a programme's instants in its own time zone.
import { h } from './dom.js';
import { t, pick, fieldLabel, entityLabel, enumLabel, countryName, has } from './i18n.js';
import { api, getSession } from './api.js';
import { rowLabel } from './meta.js';
import { formatInstant, formatDate, isZone } from './time.js';
import { formatValue, href } from './ui.js';

export const BASE = '/api/v1/';

// Staff see the working schedule (everyone but a company member; nobody is logged in only in
// set-up mode, where everything is open); writers schedule, publish and mark meetings.
export function isStaff() {
  const me = getSession();
  return !me || me.role !== 'company';
}
export function canWrite() {
  const me = getSession();
  return !me || me.role === 'admin' || me.role === 'organizer';
}

export const orgName = (p) => (p?.organization ? pick(p.organization.name_ko, p.organization.name_en) : '');
export const venueName = (p) => (p?.venue ? pick(p.venue.name_ko, p.venue.name_en) : '');
export const boothCode = (p) => p?.booth?.code || '';

// "Venetian Expo · 부스 61001 · 테이블 2": where a meeting at this host takes place.
export function whereText(host, tableNo) {
  const parts = [];
  if (venueName(host)) parts.push(venueName(host));
  if (boothCode(host)) parts.push(t('b2b.booth_code', { code: boothCode(host) }));
  if (tableNo !== null && tableNo !== undefined) parts.push(t('b2b.table_no', { n: tableNo }));
  return parts.join(' · ');
}

// "10:00–10:30 PST": a slot ({start, end} from the API) in the programme's zone.
export function slotText(s) {
  if (!s) return '—';
  const end = s.end.date !== s.start.date ? `${formatDate(s.end.date, 'short')} ${s.end.time}` : s.end.time;
  return s.end.zone && s.end.zone !== s.start.zone
    ? `${s.start.time} ${s.start.zone}–${end} ${s.end.zone}` : `${s.start.time}–${end} ${s.start.zone}`;
}

// Why a meeting is not in the schedule, in a sentence.
export function reasonText(reason) {
  if (!reason) return t('b2b.reason.none');
  return has(`b2b.reason.${reason}`) ? t(`b2b.reason.${reason}`) : enumLabel(reason);
}

export function statusBadge(status) {
  return h('span', { class: `krds-badge b2b-badge b2b-st-${status}` }, has(`b2b.st.${status}`) ? t(`b2b.st.${status}`) : enumLabel(status));
}

export function schedulePath(id) { return `#/b2b_events/${id}/schedule`; }
export function agendaPath(id) { return `#/b2b_participants/${id}/agenda`; }

// The time zone a b2b row's instants are read in: its programme's.
export async function zoneOfRow(e, row) {
  let ev = null;
  if (e.name === 'b2b_events') ev = row;
  else if (row.b2b_event_id) ev = await api('GET', `b2b_events/${row.b2b_event_id}`).catch(() => null);
  else if (row.participant_id) {
    const p = await api('GET', `b2b_participants/${row.participant_id}`).catch(() => null);
    if (p?.b2b_event_id) ev = await api('GET', `b2b_events/${p.b2b_event_id}`).catch(() => null);
  }
  return isZone(ev?.timezone) ? ev.timezone : 'UTC';
}

// One field for display, instants in the programme's zone ("2024-01-09 10:00 PST").
export function b2bValue(e, f, row, zone) {
  const v = row[f.name];
  if (f.type === 'instant' && v) return h('time', { datetime: v, title: zone }, formatInstant(v, zone));
  if (f.name === 'reason' && v) return h('span', { class: 'b2b-reason', title: enumLabel(v) }, reasonText(v));
  if (f.name === 'languages' && Array.isArray(v)) return v.join(', ') || '—';
  if (f.type === 'enum' && ['status', 'schedule_status'].includes(f.name) && v) return statusBadge(v);
  return formatValue(e, f, row, {});
}

// Key/value table of a b2b row (as ui.js's fieldsTable, with the programme's zone).
export function b2bFieldsTable(e, row, zone) {
  return h('div', { class: 'krds-table-wrap app-table-wrap app-fields' },
    h('table', { class: 'tbl col data app-dense' },
      h('caption', null, t('detail.fields_caption', { what: entityLabel(e) })),
      h('tbody', null, e.fields.map((f) => h('tr', null,
        h('th', { scope: 'row' }, fieldLabel(f)),
        h('td', { class: f.multiline ? 'app-multiline' : null }, b2bValue(e, f, row, zone)))))));
}

// List columns of a b2b entity (as ui.js's columnsFor, with the programme's zone).
export function b2bColumns(e, zone, omit = [], max = 7) {
  const fields = e.fields.filter((f) => !f.multiline && f.name !== 'notes' && !omit.includes(f.name));
  const cols = [];
  const labelField = fields.find((f) => f.name === e.title_ko);
  if (labelField) cols.push({ label: fieldLabel(labelField), render: (r) => h('a', { href: href(e.name, r.id) }, rowLabel(e, r)) });
  else cols.push({ label: t('list.number'), render: (r) => h('a', { href: href(e.name, r.id), 'aria-label': t('list.open_row', { id: r.id }) }, `#${r.id}`) });
  for (const f of fields) {
    if (f.name === e.title_ko || f.name === e.title_en) continue;
    if (cols.length >= max) break;
    cols.push({ label: fieldLabel(f), render: (r) => b2bValue(e, f, r, zone) });
  }
  return cols;
}

// "Jane Buyer · Acme Corp. · 미국 (US)": a participant in one line.
export function personLine(p) {
  if (!p) return '—';
  return [p.name, ...personDetails(p)].join(' · ');
}

// What follows a participant's name: its company (unless that is its name) and country.
export function personDetails(p) {
  if (!p) return [];
  const org = orgName(p);
  return [org && org !== p.name ? org : '', p.country ? countryName(p.country) : ''].filter(Boolean);
}
