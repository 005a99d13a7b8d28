#!/usr/bin/env node
// ces-db.mjs - the CES-scale instance (bench/schedule/generate.mjs, family ces) as a B2B
// programme in a database: imported with `roadshow import`, scheduled and published with
// `roadshow schedule EVENT --publish`, then the views an organizer and a buyer open, served by
// `roadshow serve`. The reference, measured in the same run: the same instance through
// `roadshow schedule --instance`, the scheduler alone. What the database costs on top is the
// ratio of the two.
//
//   node bench/schedule/ces-db.mjs --bin build/roadshow [--time-limit S]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from './generate.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const bin = opt('bin', 'build/roadshow');
const limit = opt('time-limit', '10');
const dir = mkdtempSync(join(tmpdir(), 'rs-ces-db-'));
const db = join(dir, 'ces.db');
const run = (a) => execFileSync(bin, a, { encoding: 'utf8', maxBuffer: 256 << 20 });
const time = (fn) => {
  const t = process.hrtime.bigint();
  const out = fn();
  return { s: Number(process.hrtime.bigint() - t) / 1e9, out };
};

const inst = generate('ces', 0, 1);
const instFile = join(dir, 'ces.json');
writeFileSync(instFile, JSON.stringify(inst));

// The instance as rows: one programme, a session per day, venues, a walk, participants with
// absences for the runs of slots they are not free, requests and meetings.
const slotStart = (s) => new Date(s.start).toISOString().replace('.000Z', 'Z');
const slotEnd = (s) => new Date(Date.parse(s.start) + 30 * 60000).toISOString().replace('.000Z', 'Z');
const rows = { organizations: [{ id: 1, kind: 'government', name_ko: '벤치 주관기관' }] };
rows.b2b_events = [{ id: 1, host_organization_id: 1, name_ko: 'CES 규모 상담회', timezone: 'America/Los_Angeles', must_weight: 3, pool_tables: inst.pool_tables ?? 0 }];
const bySession = new Map();
for (const s of inst.slots) (bySession.get(s.session) ?? bySession.set(s.session, []).get(s.session)).push(s);
rows.b2b_sessions = [...bySession.values()].map((ss, i) => ({ id: i + 1, b2b_event_id: 1, starts_at: slotStart(ss[0]), ends_at: slotEnd(ss.at(-1)), slot_minutes: 30 }));
rows.b2b_venues = inst.venues.map((v, i) => ({ id: i + 1, b2b_event_id: 1, name_ko: v }));
const venueId = new Map(inst.venues.map((v, i) => [v, i + 1]));
rows.b2b_walks = (inst.walk ?? []).map((w, i) => ({ id: i + 1, b2b_event_id: 1, from_venue_id: venueId.get(w.from), to_venue_id: venueId.get(w.to), minutes: w.slots * 30 }));
rows.b2b_participants = [];
rows.b2b_absences = [];
const pid = new Map();
const away = (id, available) => {
  const free = new Set(available ?? inst.slots.map((s) => s.id));
  for (const ss of bySession.values()) {
    let from = null;
    for (const [k, s] of ss.entries()) {
      const busy = !free.has(s.id);
      if (busy && from === null) from = s;
      if (from && (!busy || k === ss.length - 1)) {
        rows.b2b_absences.push({ participant_id: id, starts_at: slotStart(from), ends_at: busy ? slotEnd(s) : slotStart(s) });
        from = null;
      }
    }
  }
};
for (const p of inst.participants) {
  const id = rows.b2b_participants.length + 1;
  pid.set(p.id, id);
  rows.b2b_participants.push({ id, b2b_event_id: 1, kind: p.kind === 'exhibitor' ? 'exhibitor' : 'buyer', name: p.id, venue_id: p.venue ? venueId.get(p.venue) : null, tables: p.tables ?? 1, languages: p.languages, cap: p.cap ?? null });
  away(id, p.available);
}
for (const ip of inst.interpreters ?? []) {
  const id = rows.b2b_participants.length + 1;
  pid.set(ip.id, id);
  rows.b2b_participants.push({ id, b2b_event_id: 1, kind: 'interpreter', name: ip.id, languages: ip.languages });
  away(id, ip.available);
}
const slotById = new Map(inst.slots.map((s) => [s.id, s]));
rows.b2b_meetings = inst.meetings.map((m, i) => ({
  id: i + 1, b2b_event_id: 1, host_id: pid.get(m.a), visitor_id: pid.get(m.b), priority: m.weight > 1 ? 'must' : 'want',
  pinned: m.pinned !== null && m.pinned !== undefined, starts_at: m.pinned !== null && m.pinned !== undefined ? slotStart(slotById.get(m.pinned)) : null,
}));

const imported = time(() => {
  run(['migrate', '--db', db]);
  for (const [res, list] of Object.entries(rows)) {
    const f = join(dir, `${res}.json`);
    writeFileSync(f, JSON.stringify(list));
    run(['import', '--db', db, '--format', 'json', res, f]);
  }
});
const reference = time(() => JSON.parse(run(['schedule', '--instance', instFile, '--time-limit', limit])));
const scheduled = time(() => run(['schedule', '1', '--publish', '--time-limit', limit, '--db', db]));

// the views, served
const srv = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'ignore'] });
const base = await new Promise((resolve, reject) => {
  let text = '';
  srv.stdout.on('data', (d) => {
    text += d;
    const m = text.match(/serving (http:\/\/[0-9.:]+)\//);
    if (m) resolve(m[1]);
  });
  srv.on('exit', () => reject(new Error('the server stopped')));
});
const get = async (path) => {
  const t = process.hrtime.bigint();
  const r = await fetch(base + path);
  const body = Buffer.from(await r.arrayBuffer());
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${body.toString().slice(0, 200)}`);
  return { s: Number(process.hrtime.bigint() - t) / 1e9, bytes: body.length };
};
const median = async (path, n = 5) => {
  const xs = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) ({ bytes } = xs[xs.push(await get(path)) - 1]);
  xs.sort((a, b) => a.s - b.s);
  return { s: xs[Math.floor(n / 2)].s, bytes };
};
const views = {
  'grid (JSON)': await median('/api/v1/b2b_events/1/grid?final=true'),
  'schedule.csv': await median('/api/v1/b2b_events/1/schedule.csv?final=true'),
  'schedule.xlsx': await median('/api/v1/b2b_events/1/schedule.xlsx?final=true', 3),
  'a buyer\'s agenda (JSON)': await median(`/api/v1/b2b_participants/${pid.get(inst.participants.find((p) => p.kind !== 'exhibitor').id)}/agenda`),
  'a buyer\'s agenda (ICS)': await median(`/api/v1/b2b_participants/${pid.get(inst.participants.find((p) => p.kind !== 'exhibitor').id)}/agenda.ics`),
};
srv.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });

const placed = reference.out.assignments.length;
console.log(`CES-scale programme in the database: ${rows.b2b_participants.length} participants, ${rows.b2b_absences.length} absences, ${rows.b2b_meetings.length} meetings, ${inst.slots.length} slots`);
console.log(`| step | seconds | note |`);
console.log(`|---|---|---|`);
console.log(`| import (roadshow import, JSON, 8 resources) | ${imported.s.toFixed(2)} | |`);
console.log(`| reference: roadshow schedule --instance | ${reference.s.toFixed(2)} | ${placed} placed |`);
console.log(`| roadshow schedule EVENT --publish | ${scheduled.s.toFixed(2)} | ${(scheduled.s / reference.s).toFixed(2)}× the reference; ${scheduled.out.trim().split('\n')[0]} |`);
for (const [k, v] of Object.entries(views)) console.log(`| GET ${k} | ${v.s.toFixed(3)} | median; ${(v.bytes / 1024).toFixed(0)} KB |`);
