// b2b.test.mjs - B2B matchmaking in the UI, on a small programme seeded through the API (set-up
// mode): a buyer asks an exhibitor for a meeting from its participant page and the request is
// accepted with its button; the schedule page schedules (one click) and publishes the
// programme, with the grid of slots × booths, the interpreter and the meeting left out with its
// reason in words; the buyer's agenda on a phone shows the meeting's local time, booth and
// interpreter without sideways scrolling, and its calendar link answers text/calendar; an
// organizer marks the meeting held from the agenda. Forms type a programme's instants in its
// time zone.
import { describe, it as test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, gotoRoute, waitForRoute, apiGet, cspViolations, ko, en, overflowing } from './helpers.mjs';

const fill = (s, params) => s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined ? String(params[k]) : m));

async function clean(page, problems) {
  assert.deepEqual(problems.console, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.foreign, []);
  assert.deepEqual(await cspViolations(page), []);
}

async function call(base, method, path, body) {
  const r = await fetch(`${base}/api/v1/${path}`, {
    method, headers: body === undefined ? {} : { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await r.json().catch(() => null);
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(data)}`);
  return data;
}

describe('B2B matchmaking', () => {
  let srv, browser, ev, booth, exhibitor, buyer, far, interp, second;
  // A server of its own, in set-up mode (no accounts: open to the test as to an organizer),
  // without the demo: the few rows the programme needs are made here.
  before(async () => {
    [srv, browser] = await Promise.all([startServer(), launch()]);
    const post = (path, body) => call(srv.base, 'POST', path, body);
    const host = await post('organizations', { kind: 'government', name_ko: '전북특별자치도', name_en: 'Jeonbuk State' });
    const show = await post('events', { name_ko: 'CES 2024', start_date: '2024-01-09', end_date: '2024-01-12' });
    const pav = await post('pavilions', { event_id: show.id, host_organization_id: host.id, name_ko: '전북관', name_en: 'Jeonbuk Pavilion' });
    booth = await post('booths', { pavilion_id: pav.id, code: '61001' });
    ev = await post('b2b_events', {
      host_organization_id: host.id, name_ko: '브라우저 시험 상담회', name_en: 'Browser test meetings',
      timezone: 'America/Los_Angeles',
    });
    await post('b2b_sessions', { b2b_event_id: ev.id, starts_at: '2024-01-09T10:00:00-08:00', ends_at: '2024-01-09T11:00:00-08:00', slot_minutes: 30 });
    const venue = await post('b2b_venues', { b2b_event_id: ev.id, name_ko: '베네시안 엑스포', name_en: 'Venetian Expo' });
    exhibitor = await post('b2b_participants', {
      b2b_event_id: ev.id, kind: 'exhibitor', name: '시험전자', booth_id: booth.id, venue_id: venue.id, tables: 1, languages: ['ko'], country: 'KR',
    });
    // a second booth with no meeting, for the grid's booth filter
    second = await post('b2b_participants', { b2b_event_id: ev.id, kind: 'exhibitor', name: '둘째로보틱스', venue_id: venue.id, tables: 1, languages: ['ko'], country: 'KR' });
    buyer = await post('b2b_participants', { b2b_event_id: ev.id, kind: 'buyer', name: 'Jane Buyer', languages: ['en'], country: 'US' });
    far = await post('b2b_participants', { b2b_event_id: ev.id, kind: 'investor', name: 'Taro Investor', languages: ['ja'], country: 'JP' });
    interp = await post('b2b_participants', { b2b_event_id: ev.id, kind: 'interpreter', name: 'Kim Interpreter', languages: ['ko-en'] });
    // Korean and Japanese with no ko-ja interpreter: accepted, but left out for want of one.
    const r = await post(`b2b_participants/${far.id}/requests`, { to_id: exhibitor.id, priority: 'want' });
    await post(`b2b_requests/${r.id}/accept`);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test('a buyer asks for a meeting from its page, and the request is accepted with its button', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    await gotoRoute(page, srv.base, `b2b_participants/${buyer.id}`);
    assert.equal(await page.getAttribute('.b2b-agenda-link', 'href'), `#/b2b_participants/${buyer.id}/agenda`);
    await page.click('.b2b-request-btn');
    await page.waitForSelector('#b2b-req-to');
    await page.selectOption('#b2b-req-to', String(exhibitor.id));
    await page.selectOption('#b2b-req-priority', 'must');
    await page.fill('#b2b-req-message', 'Battery cells for our stores');
    await page.click('.krds-modal button[type=submit]');
    await page.waitForFunction(() => /^#\/b2b_requests\/\d+$/.test(location.hash));
    const reqId = Number((await page.evaluate(() => location.hash)).split('/').pop());
    await waitForRoute(page, `b2b_requests/${reqId}`);
    const req = await apiGet(srv.base, `b2b_requests/${reqId}`);
    assert.deepEqual([req.from_id, req.to_id, req.priority, req.status], [buyer.id, exhibitor.id, 'must', 'pending']);
    assert.equal(await page.textContent('.b2b-badge.b2b-st-pending'), ko['enum.pending']);
    assert.equal(await page.locator('.b2b-decline-btn').count(), 1);

    await page.click('.b2b-accept-btn');
    await page.waitForSelector('.b2b-badge.b2b-st-accepted');
    assert.ok((await page.textContent('.app-alert')).includes(ko['b2b.accepted_done']));
    assert.equal(await page.locator('.b2b-accept-btn, .b2b-decline-btn').count(), 0, 'answered: no accept or decline');
    assert.equal(await page.locator('.b2b-cancel-btn').count(), 1, 'an accepted request can still be withdrawn');
    const meetings = (await apiGet(srv.base, `b2b_meetings?request_id=${reqId}`)).items;
    assert.equal(meetings.length, 1);
    assert.equal(await page.getAttribute('.b2b-meeting-link', 'href'), `#/b2b_meetings/${meetings[0].id}`);

    // what a participant was asked is answered from its own page: the second booth declines
    const r2 = await (await fetch(`${srv.base}/api/v1/b2b_participants/${buyer.id}/requests`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ to_id: second.id }) })).json();
    await gotoRoute(page, srv.base, `b2b_participants/${second.id}`);
    const got = page.locator('.b2b-requests-received');
    assert.equal(await got.locator('tbody tr').count(), 1);
    assert.ok((await got.locator('tbody tr').textContent()).includes('Jane Buyer'));
    assert.equal(await page.locator('.b2b-requests-sent .b2b-accept-btn').count(), 0);
    await got.locator('.b2b-decline-btn').click();
    await page.waitForSelector('.b2b-requests-received .b2b-badge.b2b-st-declined');
    assert.equal((await apiGet(srv.base, `b2b_requests/${r2.id}`)).status, 'declined');

    // the instants of a programme's rows are typed in its zone: a session's, and an absence's
    // (through its participant)
    await gotoRoute(page, srv.base, `b2b_sessions/new?b2b_event_id=${ev.id}`);
    assert.equal(await page.getAttribute('#f-starts_at', 'data-zone'), 'America/Los_Angeles');
    await gotoRoute(page, srv.base, `b2b_absences/new?participant_id=${buyer.id}`);
    assert.equal(await page.getAttribute('#f-starts_at', 'data-zone'), 'America/Los_Angeles');
    await clean(page, problems);
    await context.close();
  });

  test('the schedule page schedules and publishes, with the grid, the reason a meeting is left out and the roster', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    await gotoRoute(page, srv.base, `b2b_events/${ev.id}`);
    await page.click('.b2b-schedule-link');
    await waitForRoute(page, `b2b_events/${ev.id}/schedule`);
    assert.equal(await page.textContent('main h1'), fill(ko['b2b.schedule_title'], { name: ev.name_ko }));
    assert.equal(await page.textContent('.b2b-status .b2b-badge'), ko['enum.none']);

    await page.click('.b2b-schedule-btn');
    await page.waitForSelector('.b2b-result[data-kind="schedule"]');
    assert.ok((await page.textContent('.b2b-result')).includes(fill(ko['b2b.scheduled_result'], { scheduled: 1, meetings: 2 })));
    assert.equal(await page.textContent('.b2b-status .b2b-badge'), ko['enum.preliminary']);
    const grid = await apiGet(srv.base, `b2b_events/${ev.id}/grid`);
    const m = grid.meetings.find((x) => x.visitor_id === buyer.id);
    const slot = grid.slots[m.slot];
    // the exhibitor's column: its booth; the meeting's row: its local time; the cell: the buyer
    // with the interpreter
    assert.ok((await page.textContent(`.b2b-grid-host[data-host-id="${exhibitor.id}"]`)).includes(booth.code));
    const row = page.locator(`.b2b-grid-slot[data-slot="${m.slot}"]`);
    assert.equal(await row.locator('.b2b-grid-time').textContent(), `${slot.start.time}–${slot.end.time} PST`);
    const cell = row.locator(`.b2b-cell[data-meeting-id="${m.id}"]`);
    assert.equal(await cell.locator('.b2b-cell-visitor').textContent(), 'Jane Buyer');
    assert.equal(await cell.locator('.b2b-cell-interp').textContent(), fill(ko['b2b.with_interpreter'], { name: 'Kim Interpreter' }));
    assert.equal(await page.textContent('.b2b-grid-day .b2b-grid-day-label'), '2024년 1월 9일 화');
    // the Japanese investor's meeting, left out: why, in words
    assert.equal(await page.textContent('.b2b-unscheduled tbody .b2b-reason'), ko['b2b.reason.no_interpreter']);
    assert.equal(await page.locator(`.b2b-interp[data-interpreter-id="${interp.id}"] .b2b-interp-item`).count(), 1);
    assert.equal(await page.getAttribute('.b2b-csv', 'href'), `/api/v1/b2b_events/${ev.id}/schedule.csv`);
    // the booth filter narrows the grid's columns by name, and says when none is left
    assert.equal(await page.locator('.b2b-grid .b2b-grid-host').count(), 2);
    await page.fill('#b2b-host-filter', '로보틱스');
    assert.equal(await page.locator('.b2b-grid .b2b-grid-host').count(), 1);
    assert.equal(await page.textContent('.b2b-grid .b2b-grid-host .b2b-host-name'), '둘째로보틱스');
    await page.fill('#b2b-host-filter', 'no such booth');
    assert.equal(await page.textContent('.b2b-grid-slot-area .app-empty-note'), ko['b2b.no_host_matches']);
    await page.fill('#b2b-host-filter', '');
    assert.equal(await page.locator('.b2b-grid .b2b-grid-host').count(), 2);

    await page.click('.b2b-publish-btn');
    await page.click('.krds-modal .modal-btn .primary');
    await page.waitForSelector('.page-b2b-schedule[data-view="final"] .b2b-result[data-kind="publish"]');
    assert.equal(await page.textContent('.b2b-status .b2b-badge'), ko['enum.final']);
    assert.equal(await page.locator(`.b2b-cell[data-meeting-id="${m.id}"]`).count(), 1, 'the final grid has it');
    const csvHref = await page.getAttribute('.b2b-csv', 'href');
    assert.equal(csvHref, `/api/v1/b2b_events/${ev.id}/schedule.csv?final=true`);
    const csv = await fetch(srv.base + csvHref);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.ok((await csv.text()).includes('Jane Buyer'));
    const xlsxHref = await page.getAttribute('.b2b-xlsx', 'href');
    assert.equal(xlsxHref, `/api/v1/b2b_events/${ev.id}/schedule.xlsx?lang=ko&final=true`);
    const xlsx = await fetch(srv.base + xlsxHref);
    assert.equal(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString('latin1'), 'PK');

    // in English: the reason in English too
    await page.click('button[data-lang="en"]');
    await page.waitForFunction((s) => document.querySelector('main h1')?.textContent === s, fill(en['b2b.schedule_title'], { name: ev.name_en }));
    assert.equal(await page.textContent('.b2b-unscheduled tbody .b2b-reason'), en['b2b.reason.no_interpreter']);
    await clean(page, problems);
    await context.close();
  });

  test('the buyer\'s agenda on a phone: time, booth and interpreter, no sideways scrolling, a calendar; marked held', async () => {
    const { page, context, problems } = await openPage(browser, srv.base, { viewport: { width: 375, height: 812 } });
    const agenda = await apiGet(srv.base, `b2b_participants/${buyer.id}/agenda`);
    assert.equal(agenda.view, 'final');
    assert.equal(agenda.items.length, 1, 'the test before published the schedule');
    const it = agenda.items[0];
    await gotoRoute(page, srv.base, `b2b_participants/${buyer.id}/agenda`);
    assert.equal(await page.textContent('main h1'), fill(ko['b2b.agenda_title'], { name: 'Jane Buyer' }));
    const item = page.locator(`.b2b-agenda-item[data-meeting-id="${it.id}"]`);
    assert.equal(await item.count(), 1);
    assert.equal(await page.getAttribute('.b2b-agenda-day', 'data-day'), '2024-01-09');
    assert.equal(await item.locator('.b2b-agenda-time time').textContent(), `${it.time.start.time}–${it.time.end.time} PST`);
    assert.equal(await item.locator('.b2b-agenda-name').textContent(), '시험전자');
    assert.ok((await item.locator('.b2b-agenda-where').textContent()).includes(fill(ko['b2b.booth_code'], { code: booth.code })));
    assert.ok((await item.locator('.b2b-agenda-interp').textContent()).includes('Kim Interpreter'));
    const o = await page.evaluate(overflowing);
    assert.deepEqual(o.bad, []);
    assert.ok(o.scroll <= 375, `the page is ${o.scroll} px wide`);

    const ics = await page.getAttribute('.b2b-ics', 'href');
    assert.equal(ics, `/api/v1/b2b_participants/${buyer.id}/agenda.ics`);
    const res = await fetch(srv.base + ics);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/calendar/);
    assert.match(await res.text(), /BEGIN:VEVENT[\s\S]*TZID=America\/Los_Angeles/);

    // the organizer marks it held on the day, where it is
    await item.locator('.b2b-mark-held').click();
    await page.waitForSelector(`.b2b-agenda-item[data-meeting-id="${it.id}"][data-status="held"]`);
    assert.equal(await page.getAttribute(`.b2b-agenda-item[data-meeting-id="${it.id}"] .b2b-mark-held`, 'aria-pressed'), 'true');
    assert.equal((await apiGet(srv.base, `b2b_meetings/${it.id}`)).status, 'held');
    await clean(page, problems);
    await context.close();
  });
});
