// time.js - instants shown in a place's IANA zone (and the delegation's home zone), and local
// date-times converted back to RFC 3339; every offset comes from Intl (tzdata), none by hand.
import { locale } from './i18n.js';

const fmtCache = new Map();
function fmt(key, loc, opts) {
  const k = `${key}|${loc}|${opts.timeZone || ''}`;
  let f = fmtCache.get(k);
  if (!f) { f = new Intl.DateTimeFormat(loc, opts); fmtCache.set(k, f); }
  return f;
}

export function isZone(zone) {
  if (!zone) return false;
  try { new Intl.DateTimeFormat('en-US', { timeZone: zone }); return true; } catch { return false; }
}
function zoneOr(zone) { return isZone(zone) ? zone : 'UTC'; }

// Wall-clock fields of an instant in a zone.
export function partsIn(date, zone) {
  const f = fmt('parts', 'en-US', {
    timeZone: zoneOr(zone), hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const o = {};
  for (const p of f.formatToParts(date)) if (p.type !== 'literal') o[p.type] = Number(p.value);
  if (o.hour === 24) o.hour = 0;
  return o;
}

// The zone's UTC offset at that instant, in minutes (east positive), as Intl computes it.
export function offsetMinutes(date, zone) {
  const p = partsIn(date, zone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

// CLDR has no English abbreviation for some zones (Seoul prints "GMT+9"); name those the way
// travellers write them. Keyed by what Intl prints, so the offset itself still comes from tzdata.
const ABBR = {
  'Asia/Seoul': { 'GMT+9': 'KST', 'GMT+10': 'KDT' },
  'Asia/Tokyo': { 'GMT+9': 'JST' },
  'Asia/Shanghai': { 'GMT+8': 'CST' },
  'Asia/Singapore': { 'GMT+8': 'SGT' },
};
export function zoneAbbr(date, zone) {
  const z = zoneOr(zone);
  const f = fmt('abbr', 'en-US', { timeZone: z, timeZoneName: 'short' });
  const name = f.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value || z;
  return ABBR[z]?.[name] || name;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

export function clock(date, zone) {
  const p = partsIn(date, zone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

// "2024-01-09": the local calendar date of an instant in a zone.
export function localDate(date, zone) {
  const p = partsIn(date, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

export function daysBetween(a, b) {
  const [ya, ma, da] = a.split('-').map(Number), [yb, mb, db] = b.split('-').map(Number);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86400000);
}

// {local: "09:00 PST", home: "02:00 KST", shift: 1} - shift is home date minus local date.
export function instantPair(iso, zone, homeZone) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { local: String(iso), home: null, shift: 0 };
  const local = `${clock(d, zone)} ${zoneAbbr(d, zone)}`;
  if (!homeZone || zoneOr(homeZone) === zoneOr(zone)) return { local, home: null, shift: 0 };
  return {
    local,
    home: `${clock(d, homeZone)} ${zoneAbbr(d, homeZone)}`,
    shift: daysBetween(localDate(d, zone), localDate(d, homeZone)),
  };
}

export function shiftText(n) { return n ? (n > 0 ? ` +${n}` : ` ${n}`) : ''; }

// "09:00 PST · 02:00 KST +1"
export function formatInstantPair(iso, zone, homeZone) {
  const p = instantPair(iso, zone, homeZone);
  return p.home ? `${p.local} · ${p.home}${shiftText(p.shift)}` : p.local;
}

// "2024-01-09 09:00 PST": an instant with its date, in one zone.
export function formatInstant(iso, zone) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso ?? '');
  return `${localDate(d, zone)} ${clock(d, zone)} ${zoneAbbr(d, zone)}`;
}

// Value for <input type="datetime-local"> showing the instant's wall time in the zone.
export function toLocalInput(iso, zone) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = partsIn(d, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

// "2024-01-09T09:00" read as wall time in zone -> "2024-01-09T09:00:00-08:00". The offset in
// force at that wall time is found in two passes; a wall time skipped by a DST change moves
// forward (02:30 on a spring-forward night becomes 03:30), an ambiguous one takes the first.
export function fromLocalInput(value, zone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value || '');
  if (!m) return null;
  const z = zoneOr(zone);
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
  const o1 = offsetMinutes(new Date(wall), z);
  const t1 = wall - o1 * 60000;
  const o2 = offsetMinutes(new Date(t1), z);
  let t = t1;
  if (o2 !== o1) {
    const t2 = wall - o2 * 60000;
    t = offsetMinutes(new Date(t2), z) === o2 ? t2 : Math.max(t1, t2);
  }
  const d = new Date(t);
  const off = offsetMinutes(d, z);
  const p = partsIn(d, z);
  const sign = off < 0 ? '-' : '+', a = Math.abs(off);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

// Local dates ("2024-01-09", no zone) formatted for the UI language.
export function formatDate(s, style = 'medium') {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
  if (!m) return s ?? '';
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  const opts = {
    long: { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' },
    short: { timeZone: 'UTC', month: 'short', day: 'numeric' },
  }[style] || { timeZone: 'UTC', dateStyle: 'medium' };
  return fmt(`date-${style}`, locale(), opts).format(d);
}

// Local time of an item: "09:00–10:00 PST"; a flight "19:30 KST → 13:10 PST" (+1 when it lands
// on a later date); a stay over several nights "15:00 – Jan 11 07:30 PST". s, e: Dates; zs, ze:
// the zones of the start and the end.
export function localSpan(s, e, zs, ze) {
  const sd = localDate(s, zs), ed = localDate(e, ze);
  if (zs !== ze) return `${clock(s, zs)} ${zoneAbbr(s, zs)} → ${clock(e, ze)}${shiftText(daysBetween(sd, ed))} ${zoneAbbr(e, ze)}`;
  if (sd === ed) return `${clock(s, zs)}–${clock(e, ze)} ${zoneAbbr(s, zs)}`;
  return `${clock(s, zs)} – ${formatDate(ed, 'short')} ${clock(e, ze)} ${zoneAbbr(e, ze)}`;
}

// Home time of an item: "02:00–03:00 KST +1" (+1: the home date is a day after the local day),
// or with both dates when it spans home dates.
export function homeSpan(s, e, home, day) {
  const hs = localDate(s, home), he = localDate(e, home);
  if (hs === he) return `${clock(s, home)}–${clock(e, home)} ${zoneAbbr(s, home)}${shiftText(daysBetween(day, hs))}`;
  return `${formatDate(hs, 'short')} ${clock(s, home)} – ${formatDate(he, 'short')} ${clock(e, home)} ${zoneAbbr(e, home)}`;
}

// The zone of the viewer's browser (for when something happened, rather than where).
export function browserZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch { return 'UTC'; }
}

export function allZones() {
  try { return Intl.supportedValuesOf('timeZone'); } catch { return ['UTC', 'Asia/Seoul']; }
}
