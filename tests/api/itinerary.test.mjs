// itinerary.test.mjs - a delegation's itinerary over the API and the CLI: the trip's length
// worked out from its items (the demo's three trips), the findings of a deliberately broken
// itinerary and how they follow a change, the day view in local and home time, one member's
// view, the iCalendar file read back by an independent parser (Debian's python3-icalendar),
// the settings that steer the checks, and the references that must stay in one delegation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../lib/server.mjs';
import { readIcs } from '../lib/ics-read.mjs';
import { withServer, ok, assertProblem, dump, assertAlive } from './helpers.mjs';

const { server, api, names } = await withServer({ demo: true });

const post = async (res, json) => ok(await api.post(`/api/v1/${res}`, { json }), 201, `create ${res}`);
const findings = async (id, q = '') => ok(await api.get(`/api/v1/delegations/${id}/findings${q}`), 200, 'findings');
const codes = (v) => v.findings.map((f) => f.code).sort();

describe('the demo trips', () => {
  const expected = [
    ['CES 2024 and US economic cooperation mission (Las Vegas, Texas, Boston)', 5, 7, '5박7일', '2024-01-08', '2024-01-14'],
    ['CES 2024 and US economic cooperation mission (Fullerton, Las Vegas, Aurora, Pittsburgh)', 9, 12, '9박12일', '2024-01-07', '2024-01-18'],
    ['CES 2024 and economic exchange mission to Fullerton', 5, 7, '5박7일', '2024-01-09', '2024-01-15'],
  ];
  it('GET /delegations/{id} carries the length worked out from the items: 5박7일, 9박12일, 5박7일', async () => {
    const list = ok(await api.get('/api/v1/delegations?limit=10')).items;
    for (const [title, nights, days, label, first, last] of expected) {
      const d = list.find((x) => x.title_en === title);
      assert.ok(d, title);
      const got = ok(await api.get(`/api/v1/delegations/${d.id}`));
      assert.deepEqual(got.trip, { nights, days, label, label_en: `${nights} nights, ${days} days`, first_date: first, last_date: last }, title);
      assert.equal(got.depart_date, first, `${title}: the approved window agrees`);
      assert.equal(got.return_date, last, title);
    }
  });

  it('have no findings at all', async () => {
    for (const id of [1, 2, 3]) {
      const v = await findings(id);
      assert.deepEqual(v.findings, [], `delegation ${id}: ${JSON.stringify(v.findings)}`);
      assert.deepEqual(v.counts, { errors: 0, warnings: 0 });
    }
  });

  it('a delegation PUT back with its trip key is accepted: trip is worked out, never stored', async () => {
    const d = ok(await api.get('/api/v1/delegations/1'));
    const body = { ...d, notes: `${d.notes} (PUT back)`, trip: { nights: 99, days: 1, label: 'x' } };
    const r = ok(await api.put('/api/v1/delegations/1', { json: body, headers: { 'If-Match': `"${d.version}"` } }), 200);
    assert.equal(r.trip.label, '5박7일');
  });
});

describe('the day view', () => {
  it('shows a Las Vegas meeting in local time with home time beside it', async () => {
    const v = ok(await api.get('/api/v1/delegations/1/itinerary'));
    const day = v.days.find((d) => d.date === '2024-01-09');
    assert.ok(day, 'a day 2024-01-09');
    assert.equal(day.weekday, 2, 'a Tuesday');
    const m = day.items.find((i) => i.title_en === 'Meeting with a global company (mobility)');
    assert.ok(m);
    assert.deepEqual(
      { time: m.start.time, zone: m.start.zone, tz: m.start.tz, home_time: m.start.home_time, home_zone: m.start.home_zone, home_date: m.start.home_date, shift: m.start.day_shift },
      { time: '14:00', zone: 'PST', tz: 'America/Los_Angeles', home_time: '07:00', home_zone: 'KST', home_date: '2024-01-10', shift: 1 });
    assert.equal(m.start.label, '14:00 PST · 07:00 KST +1');
    assert.equal(m.start.at, '2024-01-09T22:00:00Z');
    assert.equal(m.place.name_en, 'LVCC West Hall');
  });

  it('a flight starts in its origin zone and ends in its destination zone', async () => {
    const v = ok(await api.get('/api/v1/delegations/1/itinerary'));
    const flight = v.days.flatMap((d) => d.items).find((i) => i.title_en === 'Las Vegas to Dallas');
    assert.equal(flight.start.label, '10:40 PST · 03:40 KST +1');
    assert.equal(flight.end.label, '15:35 CST · 06:35 KST +1');
  });

  it('groups by the local date where each item starts, in time order', async () => {
    const v = ok(await api.get('/api/v1/delegations/1/itinerary'));
    assert.deepEqual(v.days.map((d) => d.date), ['2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11', '2024-01-12', '2024-01-13', '2024-01-14']);
    const starts = v.days.flatMap((d) => d.items.map((i) => i.start.at));
    assert.deepEqual(starts, [...starts].sort());
    assert.equal(starts.length, 32);
  });

  it('one member sees the items they attend, and only their findings', async () => {
    const all = ok(await api.get('/api/v1/delegations/1/itinerary'));
    const lee = all.members.find((m) => m.name_en === 'Lee Jeong-hun');
    assert.ok(lee);
    const v = ok(await api.get(`/api/v1/delegations/1/itinerary?member=${lee.id}`));
    assert.equal(v.member.id, lee.id);
    const titles = v.days.flatMap((d) => d.items.map((i) => i.title_en));
    assert.equal(titles.length, 31);
    assert.ok(!titles.includes('Visit to the MIT mechanobiology lab'), 'Lee does not go to MIT');
    assert.ok(titles.includes('Meeting with the Korean association, the Honam hometown association and Honam-born business people (briefing on Jeonbuk State)'));
  });

  it('a member of another delegation, a bad or unknown parameter, an unknown delegation: 4xx, server up', async () => {
    const other = ok(await api.get('/api/v1/delegations/2')).members[0];
    assertProblem(await api.get(`/api/v1/delegations/1/itinerary?member=${other.id}`), 404, 'not_found', [['member', 'unknown_member']]);
    assertProblem(await api.get('/api/v1/delegations/1/itinerary?member=abc'), 400, 'invalid_parameter', [['member', 'invalid_type']]);
    assertProblem(await api.get('/api/v1/delegations/1/findings?member=0'), 400, 'invalid_parameter', [['member', 'invalid_type']]);
    assertProblem(await api.get('/api/v1/delegations/1/itinerary?day=1'), 400, 'invalid_parameter', [['day', 'unknown_parameter']]);
    assertProblem(await api.get('/api/v1/delegations/999999/itinerary'), 404, 'not_found');
    assertProblem(await api.get('/api/v1/delegations/999999/itinerary.ics'), 404, 'not_found');
    await assertAlive(api, server);
  });
});

// A trip built to break every rule. Home: Seoul; approved 2024-03-04 .. 2024-03-08 (Mon-Fri);
// Las Vegas (two venues) and New York.
async function brokenTrip() {
  const host = await post('organizations', { kind: 'government', name_ko: '시험도청', name_en: 'Test Province' });
  const d = await post('delegations', {
    host_organization_id: host.id, title_ko: '엉망인 출장', title_en: 'A broken trip',
    home_timezone: 'Asia/Seoul', depart_date: '2024-03-04', return_date: '2024-03-08',
  });
  const person = async (n) => post('people', { name_ko: `단원${n}`, name_en: `Member ${n}` });
  const a = await post('delegation_members', { delegation_id: d.id, person_id: (await person('A')).id, role: 'head' });
  const b = await post('delegation_members', { delegation_id: d.id, person_id: (await person('B')).id, role: 'staff' });
  const lv = await post('places', { kind: 'city', name_ko: '라스베이거스', name_en: 'Las Vegas', timezone: 'America/Los_Angeles' });
  const place = (kind, name, parent, tz = 'America/Los_Angeles') => post('places', { kind, name_ko: name, name_en: name, parent_id: parent.id, timezone: tz });
  const v1 = await place('venue', 'Venue One', lv);
  const v2 = await place('venue', 'Venue Two', lv);
  const las = await place('airport', 'LAS', lv);
  const ny = await post('places', { kind: 'city', name_ko: '뉴욕', name_en: 'New York', timezone: 'America/New_York' });
  const jfk = await place('airport', 'JFK', ny, 'America/New_York');
  const nyOffice = await place('office', 'NY Office', ny, 'America/New_York');
  const item = (kind, title, placeId, s, e, extra = {}) => post('itinerary_items', {
    delegation_id: d.id, kind, title_ko: title, title_en: title, place_id: placeId, starts_at: s, ends_at: e, ...extra });
  const it = {};
  it.m1 = await item('meeting', 'M1 at venue one', v1.id, '2024-03-05T10:00:00-08:00', '2024-03-05T11:00:00-08:00');
  // back to back in another venue: no time to get there
  it.m2 = await item('meeting', 'M2 at venue two', v2.id, '2024-03-05T11:00:00-08:00', '2024-03-05T12:00:00-08:00');
  // A only: overlaps M2
  it.m3 = await item('meeting', 'M3 for A', v2.id, '2024-03-05T11:30:00-08:00', '2024-03-05T12:30:00-08:00');
  await post('itinerary_attendees', { item_id: it.m3.id, member_id: a.id });
  // a flight 40 (B) and 10 (A) minutes after the last meeting, from the airport
  it.f1 = await item('flight', 'LAS to JFK', las.id, '2024-03-05T12:40:00-08:00', '2024-03-05T21:00:00-05:00', { to_place_id: jfk.id });
  // then a meeting back in Las Vegas the next morning, with no flight back
  it.m4 = await item('meeting', 'M4 back in Las Vegas', v1.id, '2024-03-06T09:00:00-08:00', '2024-03-06T10:00:00-08:00');
  // at dawn, New York: out of business hours
  it.m5 = await item('meeting', 'M5 at dawn', nyOffice.id, '2024-03-07T06:00:00-05:00', '2024-03-07T07:00:00-05:00');
  // a signing with no agreement
  it.s1 = await item('signing', 'S1 without agreement', nyOffice.id, '2024-03-07T10:00:00-05:00', '2024-03-07T10:30:00-05:00');
  // a flight typed with its arrival before its departure (the arrival zone mistaken)
  it.f2 = await item('flight', 'JFK to LAS typed wrong', jfk.id, '2024-03-07T18:00:00-05:00', '2024-03-07T14:00:00-05:00', { to_place_id: las.id });
  // long after the approved window
  it.late = await item('visit', 'A visit after the trip', lv.id, '2024-03-20T10:00:00-07:00', '2024-03-20T11:00:00-07:00');
  return { d, a, b, it, places: { v1, v2, las, jfk, nyOffice } };
}

describe('a deliberately broken itinerary', async () => {
  const t = await brokenTrip();
  // the findings of a code about an item (the item found wrong: the first of its items)
  const find = (v, code, item) => v.findings.filter((f) => f.code === code && (!item || f.items[0] === item.id));

  it('gets a finding for every rule it breaks, each with severity, items, members and both languages', async () => {
    const v = await findings(t.d.id);
    assert.deepEqual([...new Set(codes(v))], [
      'arrives_before_departs', 'member_overlap', 'no_transport', 'outside_business_hours',
      'outside_trip', 'plan_overdue', 'report_overdue', 'short_connection', 'short_transfer',
      'signing_without_agreement']);
    for (const f of v.findings) {
      assert.ok(['error', 'warning'].includes(f.severity), f.code);
      assert.ok(f.message_ko && f.message_en, f.code);
    }
    const overlap = find(v, 'member_overlap');
    assert.equal(overlap.length, 1);
    assert.deepEqual(overlap[0].items.sort(), [t.it.m2.id, t.it.m3.id].sort());
    assert.deepEqual(overlap[0].members.map((m) => m.id), [t.a.id], 'only A attends both');
    assert.equal(overlap[0].severity, 'error');
    const transfer = find(v, 'short_transfer', t.it.m2);
    assert.equal(transfer.length, 1);
    assert.deepEqual(transfer[0].members.map((m) => m.id).sort(), [t.a.id, t.b.id].sort(), 'one finding for both members');
    assert.match(transfer[0].message_en, /Only 0 minutes to get from Venue One to Venue Two/);
    // A comes from M3 (10 minutes before the flight), B from M2 (40): two findings
    const connection = find(v, 'short_connection', t.it.f1);
    assert.deepEqual(connection.map((f) => [f.items[1], f.members.map((m) => m.id)]).sort(),
      [[t.it.m2.id, [t.b.id]], [t.it.m3.id, [t.a.id]]].sort());
    assert.equal(find(v, 'no_transport', t.it.m4).length, 1);
    assert.deepEqual(find(v, 'no_transport', t.it.m4)[0].items, [t.it.m4.id, t.it.f1.id]);
    assert.match(find(v, 'no_transport', t.it.m4)[0].message_en, /New York .* to Las Vegas/);
    assert.equal(find(v, 'outside_business_hours', t.it.m5)[0].severity, 'warning');
    assert.equal(find(v, 'signing_without_agreement', t.it.s1)[0].severity, 'warning');
    assert.equal(find(v, 'arrives_before_departs', t.it.f2)[0].severity, 'error');
    assert.equal(find(v, 'outside_trip', t.it.late).length, 1);
    assert.deepEqual(find(v, 'plan_overdue')[0].items, []);
    assert.equal(v.counts.errors + v.counts.warnings, v.findings.length);
    assert.equal(v.counts.warnings, 2);
  });

  it('the day view puts each finding next to the items it concerns', async () => {
    const v = ok(await api.get(`/api/v1/delegations/${t.d.id}/itinerary`));
    const items = v.days.flatMap((d) => d.items);
    const m3 = items.find((i) => i.id === t.it.m3.id);
    assert.deepEqual(m3.findings.map((f) => f.code).sort(), ['member_overlap', 'short_connection']);
    assert.deepEqual(m3.attendees, [t.a.id]);
    assert.equal(m3.everyone, false);
    const m1 = items.find((i) => i.id === t.it.m1.id);
    assert.deepEqual(m1.findings.map((f) => f.code), ['short_transfer'], 'M1 is the other side of the short transfer');
  });

  it('member B does not see A\'s overlap', async () => {
    const v = await findings(t.d.id, `?member=${t.b.id}`);
    assert.ok(!codes(v).includes('member_overlap'));
    assert.ok(codes(v).includes('short_transfer'));
  });

  it('moving an item clears its findings at once', async () => {
    // M2 twenty minutes later leaves time to walk over; M3, A's overlap, is dropped
    const v0 = await findings(t.d.id);
    const m2 = ok(await api.get(`/api/v1/itinerary_items/${t.it.m2.id}`));
    ok(await api.patch(`/api/v1/itinerary_items/${m2.id}`, { json: { starts_at: '2024-03-05T11:20:00-08:00', ends_at: '2024-03-05T11:50:00-08:00' }, headers: { 'If-Match': `"${m2.version}"` } }));
    const m3 = ok(await api.get(`/api/v1/itinerary_items/${t.it.m3.id}`));
    ok(await api.del(`/api/v1/itinerary_items/${m3.id}`, { headers: { 'If-Match': `"${m3.version}"` } }), 204);
    const v = await findings(t.d.id);
    assert.ok(codes(v0).includes('short_transfer') && codes(v0).includes('member_overlap'));
    assert.ok(!codes(v).includes('short_transfer'), JSON.stringify(v.findings));
    assert.ok(!codes(v).includes('member_overlap'));
    // the flight now leaves 50 minutes after M2: still short of the hour before a flight
    assert.ok(codes(v).includes('short_connection'));
  });

  it('settings steer the checks: a shorter connection time clears it, and it is on the audit trail', async () => {
    const before = ok(await api.get('/api/v1/settings'));
    assert.equal(before.values.min_connection, 60);
    assert.ok(before.fields.find((f) => f.key === 'min_connection' && f.unit === 'minutes' && f.default === 60));
    const r = ok(await api.patch('/api/v1/settings', { json: { min_connection: 45 } }));
    assert.equal(r.values.min_connection, 45);
    assert.ok(!codes(await findings(t.d.id)).includes('short_connection'));
    const audit = ok(await api.get('/api/v1/audit?resource=settings&limit=1')).items[0];
    assert.equal(audit.action, 'update');
    assert.equal(audit.before.min_connection, 60);
    assert.equal(audit.after.min_connection, 45);
    ok(await api.patch('/api/v1/settings', { json: { min_connection: 60 } }));
  });

  it('a later deadline setting or a published plan clears the overdue plan', async () => {
    const d = ok(await api.get(`/api/v1/delegations/${t.d.id}`));
    ok(await api.patch(`/api/v1/delegations/${d.id}`, { json: { plan_published_on: '2024-02-20' }, headers: { 'If-Match': `"${d.version}"` } }));
    const v = await findings(t.d.id);
    assert.ok(!codes(v).includes('plan_overdue'));
    assert.ok(!codes(v).includes('plan_late'), 'published 13 days before: in time');
    const d2 = ok(await api.get(`/api/v1/delegations/${t.d.id}`));
    ok(await api.patch(`/api/v1/delegations/${d.id}`, { json: { plan_published_on: '2024-03-01' }, headers: { 'If-Match': `"${d2.version}"` } }));
    assert.ok(codes(await findings(t.d.id)).includes('plan_late'), 'published 3 days before departure: late');
  });

  it('the CLI prints the same findings and --check exits 1 on errors, 0 on a clean trip', () => {
    const bad = cli(['itinerary', String(t.d.id), '--check', '--lang', 'en', '--db', server.db]);
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stdout, /no_transport/);
    assert.match(bad.stdout, /arrives_before_departs/);
    // (M3, A's overlap, is gone by now: both members share every item left)
    assert.match(bad.stdout, /\[short_connection\] .* — Member A, Member B\n/, 'names whom it concerns');
    assert.match(bad.stdout, /\[plan_late\] [^\n—]*\n/, 'a finding of the whole trip names nobody');
    const good = cli(['itinerary', '1', '--check', '--db', server.db]);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /오류 0, 경고 0/);
    const view = cli(['itinerary', '1', '--lang', 'en', '--db', server.db]);
    assert.equal(view.status, 0, view.stderr);
    assert.match(view.stdout, /5 nights, 7 days/);
    assert.match(view.stdout, /14:00 PST · 07:00 KST \+1 – 15:00 PST · 08:00 KST \+1 +meeting +Meeting with a global company \(mobility\)/);
    const missing = cli(['itinerary', '999999', '--db', server.db]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no such record/);
    assert.equal(cli(['itinerary', 'x', '--db', server.db]).status, 2);
  });
});

describe('the iCalendar file', () => {
  it('is read back by python3-icalendar with the right zones, times and stable UIDs', async () => {
    const r = await api.get('/api/v1/delegations/1/itinerary.ics');
    assert.equal(r.status, 200);
    assert.match(r.ct, /^text\/calendar/);
    assert.equal(r.headers.get('content-disposition'), 'attachment; filename="delegation-1.ics"');
    const cal = readIcs(r.text);
    assert.deepEqual(cal.zones.sort(), ['America/Chicago', 'America/Los_Angeles', 'America/New_York', 'Asia/Seoul']);
    const view = ok(await api.get('/api/v1/delegations/1/itinerary'));
    const items = view.days.flatMap((d) => d.items);
    assert.equal(cal.events.length, items.length);
    for (const it of items) {
      const e = cal.events.find((x) => x.uid === `roadshow-itinerary-item-${it.id}@roadshow`);
      assert.ok(e, `no event for item ${it.id}`);
      assert.equal(e.start_utc, Date.parse(it.starts_at) / 1000, `${it.title_en}: start`);
      assert.equal(e.end_utc, Date.parse(it.ends_at) / 1000, `${it.title_en}: end`);
      assert.equal(e.start_tz, it.start.tz, `${it.title_en}: start zone`);
      assert.equal(e.end_tz, it.end.tz, `${it.title_en}: end zone`);
      assert.equal(e.sequence, it.version - 1);
    }
    const meeting = cal.events.find((e) => e.summary.includes('Meeting with a global company (mobility)'));
    assert.equal(meeting.start, '2024-01-09T14:00:00-08:00', 'local wall time with its offset');
    const flight = cal.events.find((e) => e.summary.includes('Boston to Incheon'));
    assert.equal(flight.start, '2024-01-13T12:40:00-05:00');
    assert.equal(flight.end, '2024-01-14T17:30:00+09:00');
  });

  it('an updated export updates the event: same UID, higher SEQUENCE; a cancelled item says so', async () => {
    const before = readIcs((await api.get('/api/v1/delegations/1/itinerary.ics')).text);
    const item = ok(await api.get('/api/v1/itinerary_items/8'));
    ok(await api.patch(`/api/v1/itinerary_items/${item.id}`, { json: { status: 'cancelled' }, headers: { 'If-Match': `"${item.version}"` } }));
    const after = readIcs((await api.get('/api/v1/delegations/1/itinerary.ics')).text);
    assert.deepEqual(after.events.map((e) => e.uid).sort(), before.events.map((e) => e.uid).sort());
    const uid = `roadshow-itinerary-item-${item.id}@roadshow`;
    const b = before.events.find((e) => e.uid === uid);
    const a = after.events.find((e) => e.uid === uid);
    assert.equal(a.sequence, b.sequence + 1);
    assert.equal(a.status, 'CANCELLED');
    assert.equal(b.status, 'CONFIRMED');
    const again = ok(await api.get(`/api/v1/itinerary_items/${item.id}`));
    ok(await api.patch(`/api/v1/itinerary_items/${item.id}`, { json: { status: 'done' }, headers: { 'If-Match': `"${again.version}"` } }));
  });

  it('per member: only their events; the CLI writes the same calendar to a file', async () => {
    const lee = ok(await api.get('/api/v1/delegations/1/itinerary')).members.find((m) => m.name_en === 'Lee Jeong-hun');
    const r = await api.get(`/api/v1/delegations/1/itinerary.ics?member=${lee.id}`);
    assert.equal(r.headers.get('content-disposition'), `attachment; filename="delegation-1-member-${lee.id}.ics"`);
    const cal = readIcs(r.text);
    assert.equal(cal.events.length, 31);
    assert.ok(!cal.events.some((e) => e.summary.includes('Visit to the MIT mechanobiology lab')));
    assert.ok(cal.events.some((e) => e.summary.includes('MIT to hotel')));
    assert.match(cal.name, /이정훈/);
    const dir = mkdtempSync(join(tmpdir(), 'roadshow-ics-'));
    try {
      const file = join(dir, 'lee.ics');
      const c = cli(['itinerary', '1', '--member', String(lee.id), '--ics', file, '--db', server.db]);
      assert.equal(c.status, 0, c.stderr);
      const fromCli = readIcs(readFileSync(file, 'utf8'));
      assert.deepEqual(fromCli.events.map((e) => [e.uid, e.start]), cal.events.map((e) => [e.uid, e.start]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bad input changes nothing', () => {
  it('settings: wrong types, ranges, unknown keys, an end before the start: 422 naming each, nothing stored', async () => {
    const before = await dump(api, names);
    const s0 = ok(await api.get('/api/v1/settings')).values;
    assertProblem(await api.patch('/api/v1/settings', { json: { min_transfer: '15', plan_days_before: -1, bogus: 1 } }), 422, 'validation_failed',
      [['min_transfer', 'invalid_type'], ['plan_days_before', 'out_of_range'], ['bogus', 'unknown_field']]);
    assertProblem(await api.patch('/api/v1/settings', { json: { min_transfer: 10, business_end: 420 } }), 422, 'validation_failed', [['business_end', 'invalid_order']]);
    assertProblem(await api.patch('/api/v1/settings', { json: [1] }), 400, 'invalid_body');
    assertProblem(await api.request('PATCH', '/api/v1/settings', { body: '{"min_transfer":', headers: { 'Content-Type': 'application/json' } }), 400, 'malformed_json');
    assert.deepEqual(ok(await api.get('/api/v1/settings')).values, s0);
    assert.deepEqual(await dump(api, names), before);
    await assertAlive(api, server);
  });

  it('an attendee, a cost or an institution must belong to the delegation of its item and member', async () => {
    const jb = ok(await api.get('/api/v1/delegations/1'));
    const sn = ok(await api.get('/api/v1/delegations/2'));
    const before = await dump(api, names);
    assertProblem(await api.post('/api/v1/itinerary_attendees', { json: { item_id: jb.items[0].id, member_id: sn.members[0].id } }),
      422, 'validation_failed', [['member_id', 'other_parent']]);
    assertProblem(await api.post('/api/v1/trip_costs', { json: { delegation_id: jb.id, category: 'airfare', amount: 100, item_id: sn.items[0].id } }),
      422, 'validation_failed', [['item_id', 'other_parent']]);
    assertProblem(await api.post('/api/v1/trip_costs', { json: { delegation_id: jb.id, category: 'lodging', amount: 100, member_id: sn.members[0].id } }),
      422, 'validation_failed', [['member_id', 'other_parent']]);
    assertProblem(await api.post('/api/v1/trip_institutions', { json: { delegation_id: sn.id, organization_id: 1, item_id: jb.items[0].id } }),
      422, 'validation_failed', [['item_id', 'other_parent']]);
    const att = ok(await api.post('/api/v1/itinerary_attendees', { json: { item_id: jb.items[0].id, member_id: jb.members[0].id } }), 201);
    assertProblem(await api.patch(`/api/v1/itinerary_attendees/${att.id}`, { json: { member_id: sn.members[0].id }, headers: { 'If-Match': '"1"' } }),
      422, 'validation_failed', [['member_id', 'other_parent']]);
    ok(await api.del(`/api/v1/itinerary_attendees/${att.id}`), 204);
    assert.deepEqual(await dump(api, names), before);
  });
});
