// b2b.test.mjs - B2B matchmaking over the API: requests made, accepted, declined and
// expired; one request per pair of companies; the programme scheduled, its stored schedule
// validated by the independent checker (tests/lib/schedule-check.mjs) against an instance
// built here from the rows the API answers; the schedule published; a buyer's agenda as JSON
// and as iCalendar read back by python3-icalendar; rescheduling after a cancellation and an
// addition moving only what it must; meetings marked on the day; bad input refused with
// nothing changed; and the demo's three published schedules.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../lib/schedule-check.mjs';
import { readIcs } from '../lib/ics-read.mjs';
import { readXlsx } from '../lib/xlsx-read.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli } from '../lib/server.mjs';
import { withServer, client, ok, assertProblem, dump, assertAlive } from './helpers.mjs';

const { server, api, names } = await withServer();

const post = async (res, json) => ok(await api.post(`/api/v1/${res}`, { json }), 201, `create ${res}`);
const act = (path, json) => api.post(`/api/v1/${path}`, json === undefined ? {} : { json });
const version = (row) => ({ 'If-Match': `"${row.version}"` });
let uniq = 0;

// A programme: one day, 10:00–13:00 with a break 11:30–12:00 (30-minute slots: five), two
// venues 25 minutes apart, exhibitors (one with two tables), buyers speaking English or
// Korean, one interpreter ko-en, one absence.
async function programme({ close = null } = {}) {
  const n = ++uniq;
  const org = await post('organizations', { kind: 'government', name_ko: `주관${n}` });
  const ev = await post('b2b_events', { host_organization_id: org.id, name_ko: `상담회${n}`, timezone: 'America/Los_Angeles', requests_close_at: close });
  await post('b2b_sessions', { b2b_event_id: ev.id, starts_at: '2024-01-10T10:00:00-08:00', ends_at: '2024-01-10T13:00:00-08:00', slot_minutes: 30, break_starts_at: '2024-01-10T11:30:00-08:00', break_ends_at: '2024-01-10T12:00:00-08:00' });
  const hall = await post('b2b_venues', { b2b_event_id: ev.id, name_ko: `유레카${n}` });
  const west = await post('b2b_venues', { b2b_event_id: ev.id, name_ko: `웨스트${n}` });
  await post('b2b_walks', { b2b_event_id: ev.id, from_venue_id: hall.id, to_venue_id: west.id, minutes: 25 });
  const company = async (name) => post('organizations', { kind: 'company', name_ko: `${name}${n}`, country: 'US' });
  const ex = [];
  for (let i = 0; i < 3; i++) {
    const o = await company(`참가기업${i}-`);
    ex.push(await post('b2b_participants', { b2b_event_id: ev.id, kind: 'exhibitor', name: `Exhibitor ${i}`, organization_id: o.id, venue_id: i === 2 ? west.id : hall.id, tables: i === 0 ? 2 : 1, languages: i === 1 ? ['ko', 'en'] : ['ko'] }));
  }
  const bu = [];
  for (let i = 0; i < 4; i++) {
    const o = await company(`바이어${i}-`);
    bu.push(await post('b2b_participants', { b2b_event_id: ev.id, kind: i === 3 ? 'investor' : 'buyer', name: `Buyer ${i}`, organization_id: o.id, languages: i === 0 ? ['ko', 'en'] : ['en'], country: 'US', cap: 3 }));
  }
  const interp = await post('b2b_participants', { b2b_event_id: ev.id, kind: 'interpreter', name: 'Interpreter', languages: ['ko-en'] });
  await post('b2b_absences', { participant_id: bu[1].id, starts_at: '2024-01-10T10:00:00-08:00', ends_at: '2024-01-10T10:30:00-08:00' });
  return { org, ev, hall, west, ex, bu, interp };
}

// The scheduler instance (docs/schedule-format.md) of a programme, built from what the API
// answers — rows and the grid's slots — so that the checker judges the stored schedule
// against the programme as its organizer sees it.
// objective: what the run that made the schedule answered, for the checker to recompute.
async function instanceOf(ev, objective) {
  const grid = ok(await api.get(`/api/v1/b2b_events/${ev.id}/grid`));
  const people = ok(await api.get(`/api/v1/b2b_participants?b2b_event_id=${ev.id}&limit=500`)).items;
  const walks = ok(await api.get(`/api/v1/b2b_walks?b2b_event_id=${ev.id}`)).items;
  const slotMinutes = 30;
  const slots = grid.slots.map((s) => ({ id: s.index, session: s.session, start: s.starts_at, end: s.ends_at }));
  const available = async (p) => {
    const away = ok(await api.get(`/api/v1/b2b_absences?participant_id=${p.id}`)).items;
    return slots.filter((s) => !away.some((a) => a.starts_at < s.end && a.ends_at > s.start)).map((s) => s.id);
  };
  const participants = [], interpreters = [];
  for (const p of people) {
    if (p.kind === 'interpreter') interpreters.push({ id: String(p.id), languages: p.languages ?? [], available: await available(p) });
    else participants.push({ id: String(p.id), kind: p.kind, venue: p.venue_id ? String(p.venue_id) : undefined, tables: p.kind === 'exhibitor' ? p.tables : 1, languages: p.languages ?? [], available: await available(p), ...(p.cap === null ? {} : { cap: p.cap }) });
  }
  // a pin at a time that is no slot cannot be stated in the format: it is left out
  const live = grid.meetings.filter((m) => m.status !== 'cancelled' && !(m.reason === 'pin_conflict' && m.slot === null));
  const slotOf = (t) => slots.find((x) => x.start === t)?.id ?? null;
  const instance = {
    slots: slots.map(({ id, session }) => ({ id, session })),
    venues: [...new Set(people.map((p) => p.venue_id).filter(Boolean))].map(String),
    walk: walks.map((w) => ({ from: String(w.from_venue_id), to: String(w.to_venue_id), slots: Math.ceil(w.minutes / slotMinutes) })),
    participants,
    interpreters,
    meetings: live.map((m) => ({ id: String(m.id), a: String(m.host_id), b: String(m.visitor_id), weight: m.priority === 'must' ? 10 : 1, pinned: m.pinned || m.status !== 'planned' ? m.slot : null, previous: m.published_at ? slotOf(m.published_at) : null })),
  };
  const output = {
    assignments: live.filter((m) => m.slot !== null).map((m) => ({ meeting: String(m.id), slot: m.slot, table: m.table_no - 1, interpreter: m.interpreter_id === null ? null : String(m.interpreter_id) })),
    unscheduled: live.filter((m) => m.slot === null).map((m) => ({ meeting: String(m.id), reason: m.reason })),
    objective: { weight: objective.weight, moved: objective.moved, breaks: objective.breaks, max_breaks: objective.max_breaks },
  };
  return { grid, instance, output };
}

describe('requests', () => {
  it('a buyer asks, the exhibitor accepts: the meeting is at the exhibitor\'s booth with the request\'s priority', async () => {
    const p = await programme();
    const r = ok(await act(`b2b_participants/${p.bu[0].id}/requests`, { to_id: p.ex[0].id, priority: 'must', message: '제품 소개 부탁드립니다' }), 201);
    assert.equal(r.status, 'pending');
    assert.equal(r.from_id, p.bu[0].id);
    const a = ok(await act(`b2b_requests/${r.id}/accept`));
    assert.equal(a.status, 'accepted');
    assert.match(a.answered_at, /Z$/);
    const m = ok(await api.get(`/api/v1/b2b_meetings/${a.meeting_id}`));
    assert.deepEqual([m.host_id, m.visitor_id, m.request_id, m.priority, m.status], [p.ex[0].id, p.bu[0].id, r.id, 'must', 'planned']);
    // an exhibitor asking a buyer: the meeting is still at the exhibitor's booth
    const r2 = ok(await act(`b2b_participants/${p.ex[1].id}/requests`, { to_id: p.bu[1].id }), 201);
    const m2 = ok(await api.get(`/api/v1/b2b_meetings/${ok(await act(`b2b_requests/${r2.id}/accept`)).meeting_id}`));
    assert.deepEqual([m2.host_id, m2.visitor_id, m2.priority], [p.ex[1].id, p.bu[1].id, 'want']);
  });

  it('a participant\'s requests, sent and received, each with the other side\'s name', async () => {
    const p = await programme();
    const out = ok(await act(`b2b_participants/${p.bu[0].id}/requests`, { to_id: p.ex[0].id }), 201);
    const back = ok(await act(`b2b_participants/${p.ex[1].id}/requests`, { to_id: p.bu[0].id, priority: 'must' }), 201);
    const mine = ok(await api.get(`/api/v1/b2b_participants/${p.bu[0].id}/requests`));
    assert.deepEqual(mine.sent.map((r) => [r.id, r.other.name]), [[out.id, 'Exhibitor 0']]);
    assert.deepEqual(mine.received.map((r) => [r.id, r.other.name, r.priority]), [[back.id, 'Exhibitor 1', 'must']]);
    assertProblem(await api.get(`/api/v1/b2b_participants/${p.bu[0].id}/requests?x=1`), 400, 'invalid_parameter', [['x', 'unknown_parameter']]);
    assertProblem(await api.get('/api/v1/b2b_participants/987654/requests'), 404, 'not_found');
  });

  it('declined makes no meeting; an answered request cannot be answered again (409), nothing changes', async () => {
    const p = await programme();
    const r = ok(await act(`b2b_participants/${p.bu[0].id}/requests`, { to_id: p.ex[0].id }), 201);
    assert.equal(ok(await act(`b2b_requests/${r.id}/decline`)).meeting_id, null);
    const before = await dump(api, names);
    assertProblem(await act(`b2b_requests/${r.id}/accept`), 409, 'request_closed');
    assertProblem(await act(`b2b_requests/${r.id}/decline`), 409, 'request_closed');
    assertProblem(await act('b2b_requests/987654/accept'), 404, 'not_found');
    assert.deepEqual(await dump(api, names), before);
    assert.equal(ok(await api.get(`/api/v1/b2b_meetings?b2b_event_id=${p.ev.id}`)).total, 0);
  });

  it('one request per pair of companies: a colleague\'s second request, either way round, is 409 until the first is declined', async () => {
    const p = await programme();
    const buyerOrg = p.bu[0].organization_id;
    const colleague = await post('b2b_participants', { b2b_event_id: p.ev.id, kind: 'buyer', name: 'Colleague', organization_id: buyerOrg, languages: ['en'] });
    const first = ok(await act(`b2b_participants/${p.bu[0].id}/requests`, { to_id: p.ex[0].id }), 201);
    const before = await dump(api, names);
    assertProblem(await act(`b2b_participants/${colleague.id}/requests`, { to_id: p.ex[0].id }), 409, 'duplicate_request', [['to_id', 'duplicate_pair']]);
    assertProblem(await api.post('/api/v1/b2b_requests', { json: { b2b_event_id: p.ev.id, from_id: p.ex[0].id, to_id: colleague.id } }), 409, 'duplicate_request', [['to_id', 'duplicate_pair']]);
    assert.deepEqual(await dump(api, names), before);
    ok(await act(`b2b_requests/${first.id}/decline`));
    ok(await act(`b2b_participants/${colleague.id}/requests`, { to_id: p.ex[0].id }), 201);
  });

  it('after the deadline: asking is 409 requests_closed, answering 409 request_expired, and scheduling marks pending requests expired', async () => {
    const p = await programme();
    const r = ok(await act(`b2b_participants/${p.bu[0].id}/requests`, { to_id: p.ex[0].id }), 201);
    ok(await api.patch(`/api/v1/b2b_events/${p.ev.id}`, { json: { requests_close_at: '2024-01-05T23:59:00-08:00' }, headers: version(p.ev) }));
    assertProblem(await act(`b2b_participants/${p.bu[1].id}/requests`, { to_id: p.ex[0].id }), 409, 'requests_closed');
    assertProblem(await act(`b2b_requests/${r.id}/accept`), 409, 'request_expired');
    const s = ok(await act(`b2b_events/${p.ev.id}/schedule`, {}));
    assert.equal(s.expired, 1);
    assert.equal(ok(await api.get(`/api/v1/b2b_requests/${r.id}`)).status, 'expired');
  });

  it('refuses what cannot be a request or a meeting, naming the field, with nothing changed', async () => {
    const p = await programme();
    const before = await dump(api, names);
    assertProblem(await act(`b2b_participants/${p.interp.id}/requests`, { to_id: p.ex[0].id }), 422, 'validation_failed', [['from_id', 'is_interpreter']]);
    assertProblem(await act(`b2b_participants/${p.bu[0].id}/requests`, { to_id: p.bu[1].id }), 422, 'validation_failed', [['to_id', 'no_exhibitor']]);
    assertProblem(await act(`b2b_participants/${p.bu[0].id}/requests`, { to_id: p.ex[0].id, status: 'accepted' }), 422, 'validation_failed', [['status', 'unknown_field']]);
    assertProblem(await act(`b2b_participants/${p.bu[0].id}/requests`, { to_id: 'x' }), 422, 'validation_failed', [['to_id', 'invalid_type']]);
    assertProblem(await api.post('/api/v1/b2b_meetings', { json: { b2b_event_id: p.ev.id, host_id: p.bu[0].id, visitor_id: p.ex[0].id } }), 422, 'validation_failed', [['host_id', 'not_exhibitor']]);
    assertProblem(await api.post('/api/v1/b2b_meetings', { json: { b2b_event_id: p.ev.id, host_id: p.ex[0].id, visitor_id: p.interp.id } }), 422, 'validation_failed', [['visitor_id', 'is_interpreter']]);
    assertProblem(await api.post('/api/v1/b2b_meetings', { json: { b2b_event_id: p.ev.id, host_id: p.ex[0].id, visitor_id: p.bu[0].id, table_no: 3 } }), 422, 'validation_failed', [['table_no', 'read_only']]);
    assertProblem(await api.post('/api/v1/b2b_participants', { json: { b2b_event_id: p.ev.id, kind: 'interpreter', name: 'X', languages: ['korean'] } }), 422, 'validation_failed', [['languages[0]', 'invalid_pair']]);
    assert.deepEqual(await dump(api, names), before);
    await assertAlive(api, server);
  });
});

// Requests from every buyer to every exhibitor, accepted: twelve meetings.
async function allMeet(p) {
  for (const b of p.bu) for (const x of p.ex) {
    const r = ok(await act(`b2b_participants/${b.id}/requests`, { to_id: x.id, priority: x === p.ex[0] ? 'must' : 'want' }), 201);
    ok(await act(`b2b_requests/${r.id}/accept`));
  }
}

describe('scheduling', () => {
  it('places the accepted meetings; the stored schedule passes the independent checker and its objective agrees', async () => {
    const p = await programme();
    await allMeet(p);
    const s = ok(await act(`b2b_events/${p.ev.id}/schedule`, {}));
    assert.equal(s.schedule_status, 'preliminary');
    assert.equal(s.slots, 5); // 10:00, 10:30, 11:00 | break | 12:00, 12:30
    assert.equal(s.meetings, 12);
    const { grid, instance, output } = await instanceOf(p.ev, { ...s.objective, moved: s.moved });
    assert.deepEqual(grid.slots.map((x) => x.start.time), ['10:00', '10:30', '11:00', '12:00', '12:30']);
    // the break splits the session: idle time around lunch is nobody's break
    assert.deepEqual(grid.slots.map((x) => x.session), [0, 0, 0, 1, 1]);
    const c = check(instance, output);
    assert.deepEqual(c.violations, []);
    assert.equal(c.weight, s.objective.weight);
    assert.equal(c.breaks, s.objective.breaks);
    assert.equal(s.scheduled, output.assignments.length);
    assert.equal(s.unscheduled.length, output.unscheduled.length);
    // buyers are capped at three meetings each: twelve asked, at most twelve placed, and the
    // left-out ones say why
    for (const u of s.unscheduled) assert.ok(['cap', 'capacity', 'no_common_slot', 'no_interpreter'].includes(u.reason), u.reason);
    assert.ok(c.perParticipant[String(p.bu[0].id)].meetings <= 3);
    // the interpreter is on every placed meeting whose sides share no language
    const placed = grid.meetings.filter((m) => m.slot !== null);
    assert.ok(placed.some((m) => m.interpreter_id === p.interp.id), 'an interpreted meeting');
    assert.equal(grid.counts.scheduled, placed.length);
  });

  // The budgets are moves and conflicts; the clock only cuts a run that would take longer, and
  // then the answer depends on the machine's speed (a sanitizer build is ten times slower than
  // the default two seconds allow): so the limit here is one no run of this size reaches.
  it('is deterministic: the same programme scheduled twice changes nothing the second time', async () => {
    const p = await programme();
    await allMeet(p);
    ok(await act(`b2b_events/${p.ev.id}/schedule`, { seed: 7, time_limit: 60 }));
    const again = ok(await act(`b2b_events/${p.ev.id}/schedule`, { seed: 7, time_limit: 60 }));
    assert.equal(again.changed, 0);
  });

  it('keeps held and pinned meetings where they are; a pin that is no slot is pin_conflict', async () => {
    const p = await programme();
    await allMeet(p);
    ok(await act(`b2b_events/${p.ev.id}/schedule`, {}));
    const ms = ok(await api.get(`/api/v1/b2b_meetings?b2b_event_id=${p.ev.id}&limit=100`)).items.filter((m) => m.starts_at);
    const held = ok(await api.patch(`/api/v1/b2b_meetings/${ms[0].id}`, { json: { status: 'held' }, headers: version(ms[0]) }));
    const pinned = ok(await api.patch(`/api/v1/b2b_meetings/${ms[1].id}`, { json: { pinned: true, starts_at: '2024-01-10T10:15:00-08:00' }, headers: version(ms[1]) }));
    const s = ok(await act(`b2b_events/${p.ev.id}/schedule`, { seed: 3 }));
    assert.equal(ok(await api.get(`/api/v1/b2b_meetings/${held.id}`)).starts_at, held.starts_at);
    const after = ok(await api.get(`/api/v1/b2b_meetings/${pinned.id}`));
    assert.equal(after.reason, 'pin_conflict');
    assert.equal(after.starts_at, '2024-01-10T18:15:00Z');
    assert.ok(s.unscheduled.some((u) => u.meeting === pinned.id && u.reason === 'pin_conflict'));
    const { instance, output } = await instanceOf(p.ev, { ...s.objective, moved: s.moved });
    assert.deepEqual(check(instance, output).violations, []);
  });

  it('refuses bad options and sessions that cannot make slots, naming what is wrong, with nothing changed', async () => {
    const p = await programme();
    const before = await dump(api, names);
    assertProblem(await act(`b2b_events/${p.ev.id}/schedule`, { seed: 'x' }), 422, 'validation_failed', [['seed', 'invalid_type']]);
    assertProblem(await act(`b2b_events/${p.ev.id}/schedule`, { time_limit: 99 }), 422, 'validation_failed', [['time_limit', 'out_of_range']]);
    assertProblem(await act(`b2b_events/${p.ev.id}/schedule`, { fast: true }), 422, 'validation_failed', [['fast', 'unknown_field']]);
    assertProblem(await act(`b2b_events/${p.ev.id}/schedule`, []), 400, 'invalid_body');
    assertProblem(await act('b2b_events/987654/schedule', {}), 404, 'not_found');
    assertProblem(await act(`b2b_events/${p.ev.id}/publish`), 409, 'not_scheduled');
    assert.deepEqual(await dump(api, names), before);
    const clash = await post('b2b_sessions', { b2b_event_id: p.ev.id, starts_at: '2024-01-10T12:00:00-08:00', ends_at: '2024-01-10T14:00:00-08:00', slot_minutes: 30 });
    const mid = await dump(api, names);
    assertProblem(await act(`b2b_events/${p.ev.id}/schedule`, {}), 422, 'invalid_sessions', [[`b2b_sessions/${clash.id}`, 'overlap']]);
    ok(await api.patch(`/api/v1/b2b_sessions/${clash.id}`, { json: { starts_at: '2024-01-11T10:00:00-08:00', ends_at: '2024-01-11T12:00:00-08:00', slot_minutes: 2 }, headers: version(clash) }));
    assertProblem(await act(`b2b_events/${p.ev.id}/schedule`, {}), 422, 'invalid_sessions', [[`b2b_sessions/${clash.id}`, 'out_of_range']]);
    const now = await dump(api, names);
    for (const n of names) if (n !== 'b2b_sessions') assert.equal(now[n], mid[n], n);
    await assertAlive(api, server);
  });

  it('an interpreter a scheduled meeting refers to cannot be deleted (409 referenced)', async () => {
    const p = await programme();
    await allMeet(p);
    ok(await act(`b2b_events/${p.ev.id}/schedule`, {}));
    assertProblem(await api.del(`/api/v1/b2b_participants/${p.interp.id}`), 409, 'referenced');
  });
});

describe('publishing, agendas and rescheduling', () => {
  it('participants see the final schedule only: empty before publishing, the meetings after', async () => {
    const p = await programme();
    await allMeet(p);
    ok(await act(`b2b_events/${p.ev.id}/schedule`, {}));
    const before = ok(await api.get(`/api/v1/b2b_participants/${p.bu[2].id}/agenda`));
    assert.equal(before.view, 'final');
    assert.deepEqual(before.items, []);
    const draft = ok(await api.get(`/api/v1/b2b_participants/${p.bu[2].id}/agenda?draft=true`));
    assert.ok(draft.items.length > 0);
    const pub = ok(await act(`b2b_events/${p.ev.id}/publish`));
    assert.equal(pub.schedule_status, 'final');
    const ag = ok(await api.get(`/api/v1/b2b_participants/${p.bu[2].id}/agenda`));
    assert.deepEqual(ag.items.map((i) => i.id), draft.items.map((i) => i.id));
    for (const i of ag.items) {
      assert.equal(i.role, 'visitor');
      assert.equal(i.visitor.id, p.bu[2].id);
      assert.equal(i.time.start.zone, 'PST');
      assert.match(i.time.start.time, /^1[0-2]:[03]0$/);
    }
    const times = ag.items.map((i) => i.time.starts_at);
    assert.deepEqual(times, [...times].sort(), 'in time order');
    assertProblem(await api.get(`/api/v1/b2b_participants/${p.bu[2].id}/agenda?draft=maybe`), 400, 'invalid_parameter', [['draft', 'invalid_type']]);
  });

  it('a buyer\'s agenda in iCalendar, read back by python3-icalendar: one event per meeting in the programme\'s zone, stable UIDs, SEQUENCE following changes', async () => {
    const p = await programme();
    await allMeet(p);
    ok(await act(`b2b_events/${p.ev.id}/schedule`, {}));
    ok(await act(`b2b_events/${p.ev.id}/publish`));
    const ag = ok(await api.get(`/api/v1/b2b_participants/${p.bu[0].id}/agenda`));
    const r = await api.get(`/api/v1/b2b_participants/${p.bu[0].id}/agenda.ics`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/calendar/);
    const cal = readIcs(r.text);
    assert.deepEqual(cal.zones, ['America/Los_Angeles']);
    assert.equal(cal.events.length, ag.items.length);
    for (const [k, item] of ag.items.entries()) {
      const e = cal.events[k];
      assert.equal(e.uid, `b2b-meeting-${item.id}@roadshow`);
      assert.equal(e.start_tz, 'America/Los_Angeles');
      assert.equal(e.start_utc, Date.parse(item.time.starts_at) / 1000);
      assert.equal(e.end_utc - e.start_utc, 1800);
      assert.ok(e.summary.includes(item.host.name), e.summary);
    }
    const m = ok(await api.get(`/api/v1/b2b_meetings/${ag.items[0].id}`));
    ok(await api.patch(`/api/v1/b2b_meetings/${m.id}`, { json: { status: 'cancelled' }, headers: version(m) }));
    const again = readIcs((await api.get(`/api/v1/b2b_participants/${p.bu[0].id}/agenda.ics`)).text);
    const e = again.events.find((x) => x.uid === `b2b-meeting-${m.id}@roadshow`);
    assert.equal(e.status, 'CANCELLED');
    assert.ok(e.sequence > cal.events[0].sequence);
  });

  it('rescheduling after a cancellation and an addition moves only what it must', async () => {
    const p = await programme();
    await allMeet(p);
    ok(await act(`b2b_events/${p.ev.id}/schedule`, {}));
    ok(await act(`b2b_events/${p.ev.id}/publish`));
    const published = ok(await api.get(`/api/v1/b2b_meetings?b2b_event_id=${p.ev.id}&limit=100`)).items;
    // a cancellation frees a slot and moves nobody
    const gone = published.find((m) => m.published_at);
    ok(await api.patch(`/api/v1/b2b_meetings/${gone.id}`, { json: { status: 'cancelled' }, headers: version(gone) }));
    const s1 = ok(await act(`b2b_events/${p.ev.id}/schedule`, {}));
    assert.equal(s1.moved, 0);
    // a new participant and a meeting for it: placed without moving a published meeting
    const late = await post('b2b_participants', { b2b_event_id: p.ev.id, kind: 'buyer', name: 'Late buyer', languages: ['ko'] });
    const added = await post('b2b_meetings', { b2b_event_id: p.ev.id, host_id: p.ex[0].id, visitor_id: late.id, priority: 'must' });
    const s2 = ok(await act(`b2b_events/${p.ev.id}/schedule`, {}));
    assert.ok(!s2.unscheduled.some((u) => u.meeting === added.id), 'the new must-meet meeting is placed');
    const rows = ok(await api.get(`/api/v1/b2b_meetings?b2b_event_id=${p.ev.id}&limit=100`)).items;
    const movedRows = rows.filter((m) => m.published_at && m.status !== 'cancelled' && m.starts_at !== m.published_at);
    assert.equal(s2.moved, movedRows.length, 'moved counts the published meetings not at their published slot');
    assert.equal(s2.moved, 0, 'exhibitor 0 has two tables: the new meeting fits without moving anyone');
    const { instance, output } = await instanceOf(p.ev, { ...s2.objective, moved: s2.moved });
    assert.deepEqual(check(instance, output).violations, []);
  });

  it('a company member reads its own participant\'s final agenda, not the working one', async () => {
    // set-up mode has no accounts; the matrix test covers the roles (own/other company);
    // here: draft=true is refused to anyone who is not staff — checked through the demo
    // server in the matrix. This test checks what the final view holds for a host.
    const p = await programme();
    await allMeet(p);
    ok(await act(`b2b_events/${p.ev.id}/schedule`, {}));
    ok(await act(`b2b_events/${p.ev.id}/publish`));
    const ag = ok(await api.get(`/api/v1/b2b_participants/${p.ex[0].id}/agenda`));
    assert.ok(ag.items.length > 0);
    for (const i of ag.items) assert.equal(i.role, 'host');
    const tables = new Map();
    for (const i of ag.items) tables.set(i.time.index, (tables.get(i.time.index) ?? 0) + 1);
    assert.ok([...tables.values()].every((k) => k <= 2), 'two tables: at most two meetings a slot');
  });
});

describe('the schedule as CSV', () => {
  it('lists every meeting in slot order with its time, booth side, visitor and interpreter', async () => {
    const p = await programme();
    await allMeet(p);
    ok(await act(`b2b_events/${p.ev.id}/schedule`, {}));
    const r = await api.get(`/api/v1/b2b_events/${p.ev.id}/schedule.csv`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    const lines = r.text.trim().split('\r\n');
    assert.equal(lines[0], '"meeting_id","date","start","end","venue","booth","table","host","visitor","visitor_country","interpreter","priority","status","reason"');
    assert.equal(lines.length, 13);
    const starts = lines.slice(1).map((l) => l.split(',')[2]).filter((x) => x);
    assert.deepEqual(starts, [...starts].sort());
  });
});

describe('the schedule as XLSX', () => {
  it('read back by python3-openpyxl: the grid, the meetings with numbers and dates, the interpreters\' roster', async () => {
    const p = await programme();
    await allMeet(p);
    const s = ok(await act(`b2b_events/${p.ev.id}/schedule`, {}));
    const grid = ok(await api.get(`/api/v1/b2b_events/${p.ev.id}/grid`));
    for (const [lang, sheets] of [['ko', ['일정표', '상담 목록', '통역']], ['en', ['Grid', 'Meetings', 'Interpreters']]]) {
      const r = await api.get(`/api/v1/b2b_events/${p.ev.id}/schedule.xlsx?lang=${lang}`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const book = readXlsx(r.buf);
      assert.deepEqual(book.sheets, sheets);
      // the grid: a row per slot, a column per booth, each placed meeting's visitor in its cell
      const g = book.sheet(sheets[0]);
      const dates = g.filter((c) => c.col === 1 && c.row > 4);
      assert.equal(dates.length, grid.slots.length);
      for (const d of dates) assert.equal(d.t, 'datetime');
      const cellsText = g.filter((c) => c.col > 2 && c.row > 4).map((c) => c.v).join('\n');
      for (const m of grid.meetings.filter((x) => x.slot !== null)) assert.ok(cellsText.includes(grid.people[m.visitor_id].name));
      // the meetings: one row each, ids and tables as numbers
      const rows = book.sheet(sheets[1]).filter((c) => c.col === 1 && c.row > 4);
      assert.equal(rows.length, grid.meetings.length);
      for (const c of rows) assert.equal(c.t, 'int');
      const tables = book.sheet(sheets[1]).filter((c) => c.col === 7 && c.row > 4);
      assert.equal(tables.length, s.scheduled);
      for (const c of tables) assert.ok(c.t === 'int' && c.v >= 1 && c.v <= 2);
      // the roster: the interpreter, then one row per meeting it interprets
      const roster = book.sheet(sheets[2]);
      assert.ok(roster.some((c) => c.v === 'Interpreter'));
      assert.equal(roster.filter((c) => c.col === 5 && c.row > 5).length, grid.meetings.filter((m) => m.slot !== null && m.interpreter_id === p.interp.id).length);
    }
    assertProblem(await api.get(`/api/v1/b2b_events/${p.ev.id}/schedule.xlsx?lang=fr`), 400, 'invalid_parameter', [['lang', 'invalid_choice']]);
  });
});

describe('the demo', () => {
  it('has a published schedule for each of the three pavilions', async () => {
    const demo = { server: await startServer({ demo: true }) };
    demo.api = client(demo.server.base);
    after(() => demo.server.stop());
    const progs = ok(await demo.api.get('/api/v1/b2b_events')).items;
    assert.equal(progs.length, 3);
    for (const ev of progs) {
      assert.equal(ev.schedule_status, 'final', ev.name_en);
      const grid = ok(await demo.api.get(`/api/v1/b2b_events/${ev.id}/grid?final=true`));
      assert.ok(grid.counts.scheduled >= 20, `${ev.name_en}: ${JSON.stringify(grid.counts)}`);
      assert.ok(grid.interpreters.length >= 2);
      const people = ok(await demo.api.get(`/api/v1/b2b_participants?b2b_event_id=${ev.id}&kind=buyer`)).items;
      assert.ok(people.length >= 4);
    }
  });
});

describe('roadshow schedule EVENT', () => {
  it('schedules a programme of the database, publishes it with --publish, and says what it did', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-b2b-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'demo.db');
    assert.equal(cli(['demo', '--no-accounts', '--db', db]).status, 0);
    const r = cli(['schedule', '2', '--publish', '--seed', '1', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^scheduled \d+ of \d+ meetings in 24 slots; \d+ left out; 0 published meetings moved; breaks \d+/);
    assert.match(r.stdout, /published: \d+ meetings in the final schedule/);
    const missing = cli(['schedule', '999', '--db', db]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no such record/);
    for (const args of [['schedule', '--db', db], ['schedule', '2', '--instance', 'x.json'], ['schedule', 'x'], ['schedule', '--publish', '--instance', 'x.json']]) {
      const bad = cli(args);
      assert.equal(bad.status, 2, args.join(' '));
      assert.match(bad.stderr, /usage: roadshow schedule/);
    }
  });
});
