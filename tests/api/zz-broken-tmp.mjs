import { withServer, ok } from './helpers.mjs';
import { cli } from '../lib/server.mjs';
const { server, api } = await withServer({ demo: true });
const post = async (res, json) => ok(await api.post(`/api/v1/${res}`, { json }), 201, `create ${res}`);
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
const t = await brokenTrip();
const r = cli(['itinerary', String(t.d.id), '--check', '--lang', 'en', '--db', server.db]);
console.log(r.stdout, 'exit', r.status);
const k = cli(['itinerary', String(t.d.id), '--check', '--db', server.db]);
console.log(k.stdout);
