// itinerary.test.mjs - the itinerary as the server works it out, in the UI: the trip length
// ("5박7일") on the delegation page; the day view (#/delegations/ID/itinerary) with local and
// home time side by side, who attends and whom they meet, by member, in Korean and English, one
// page per day on paper and without sideways scrolling on a phone; an item added, moved and
// removed through the UI, with the overlap finding it makes shown next to the items and gone
// again; who attends an item chosen in a dialog; and the administrator's settings, saved, with
// an out-of-range value refused at its field, reached from the accounts page and refused to an
// organizer (who sees the day view of its own region's trip only).
import { describe, it as test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, gotoRoute, waitForRoute, apiGet, bearerFor, cspViolations, fieldErrorAt, ko, en, demoBrowser, overflowing } from './helpers.mjs';

const fill = (s, params) => s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined ? String(params[k]) : m));
const itemsOf = (data) => data.days.flatMap((d) => d.items);

async function clean(page, problems, { console: expected = [] } = {}) {
  assert.equal(problems.console.length, expected.length, problems.console.join('\n'));
  problems.console.forEach((m, i) => assert.match(m, expected[i]));
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.foreign, []);
  assert.deepEqual(await cspViolations(page), []);
}

describe('the itinerary', () => {
  let srv, browser, del, data, meeting;
  demoBrowser(async (s, b) => {
    [srv, browser] = [s, b];
    const dels = (await apiGet(srv.base, 'delegations')).items;
    del = dels.find((d) => /전북/.test(d._refs.host_organization_id.label_ko));
    data = await apiGet(srv.base, `delegations/${del.id}/itinerary`);
    meeting = itemsOf(data).find((it) => it.title_en === 'Meeting with a global company (mobility)');
    assert.ok(meeting, 'the demo has the mobility meeting in Las Vegas');
  });

  test('the delegation page shows the trip length the server counts, in Korean and English', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    await gotoRoute(page, srv.base, `delegations/${del.id}`);
    assert.equal(await page.textContent('.app-summary .app-trip-length'), '5박7일');
    assert.ok((await page.textContent('.app-summary')).includes(ko['delegation.trip_length']));
    // The demo trip checks out: no findings, and the day view is a click away.
    assert.equal(await page.getAttribute('.app-findings', 'data-errors'), '0');
    assert.equal(await page.textContent('.app-findings .app-alert-body p'), ko['findings.none']);
    assert.equal(await page.locator('.itin-item').count(), itemsOf(data).length);
    assert.equal(await page.getAttribute('.app-itinerary-btn', 'href'), `#/delegations/${del.id}/itinerary`);
    // Who attends: the briefing in Las Vegas has two members, the rest the whole delegation.
    const briefing = itemsOf(data).find((it) => !it.everyone);
    const names = briefing.attendees.map((id) => data.members.find((m) => m.id === id).name_ko).join(', ');
    assert.equal(await page.textContent(`.itin-item[data-item-id="${briefing.id}"] .itin-attendees-names`), names);
    assert.equal(await page.textContent(`.itin-item[data-item-id="${meeting.id}"] .itin-attendees-names`), ko['itin.everyone']);

    await page.click('button[data-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForFunction(() => document.querySelector('.app-trip-length')?.textContent === '5 nights, 7 days');
    assert.ok((await page.textContent('.app-summary')).includes(en['delegation.trip_length']));
    assert.equal(await page.textContent('.app-findings .app-alert-body p'), en['findings.none']);
    assert.equal(await page.textContent(`.itin-item[data-item-id="${meeting.id}"] .itin-attendees-names`), en['itin.everyone']);
    await clean(page, problems);
    await context.close();
  });

  test('the day view shows local and home time side by side, by member, with the calendar and documents', async () => {
    const { page, context, problems } = await openPage(browser, srv.base, { timezoneId: 'Europe/Berlin' });
    await gotoRoute(page, srv.base, `delegations/${del.id}`);
    await page.click('.app-itinerary-btn');
    await waitForRoute(page, `delegations/${del.id}/itinerary`);
    assert.equal(await page.textContent('main h1'), fill(ko['itinerary.page_title'], { name: del.title_ko }));
    assert.equal(await page.textContent('.app-trip-length'), '5박7일');
    assert.equal(await page.locator('.itin-day').count(), data.days.length);
    assert.equal(await page.locator('.itin-item').count(), itemsOf(data).length);

    // The mobility meeting on 9 January in Las Vegas: 14:00 Pacific, 07:00 the next day in Korea.
    const row = page.locator(`.itin-day[data-day="2024-01-09"] .itin-item[data-item-id="${meeting.id}"]`);
    assert.equal(await row.count(), 1);
    assert.equal(await row.locator('.itin-clock-start').textContent(), '14:00 PST · 07:00 KST +1');
    assert.equal(await row.locator('.itin-clock-start .itin-clock-local').textContent(), '14:00 PST');
    assert.equal(await row.locator('.itin-clock-start .itin-clock-home').textContent(), '07:00 KST +1');
    assert.equal(await row.locator('.itin-clock-start').textContent(), meeting.start.label, 'the server\'s own label');
    assert.equal(await row.locator('.itin-clock-end').textContent(), '15:00 PST · 08:00 KST +1');
    assert.equal(await row.locator('.itin-kind').textContent(), ko['enum.meeting']);
    assert.equal(await row.locator('.itin-title-text').textContent(), meeting.title_ko);
    assert.ok((await row.locator('.itin-place').textContent()).includes(meeting.place.name_ko));
    assert.ok((await row.locator('.itin-counterparts').textContent()).includes(meeting.counterparts[0].name_ko));
    assert.equal(await row.locator('.itin-attendees-names').textContent(), ko['itin.everyone']);
    // An item in the home zone says its time once; the first day is day 1.
    const first = itemsOf(data)[0];
    assert.equal(await page.locator(`.itin-item[data-item-id="${first.id}"] .itin-clock-start`).textContent(), `${first.start.time} KST`);
    assert.equal(await page.locator('.itin-day').first().locator('.itin-day-n').textContent(), fill(ko['itin.day_n'], { n: 1 }));

    // The calendar and the documents.
    const ics = await page.getAttribute('.app-ics-all', 'href');
    assert.equal(ics, `/api/v1/delegations/${del.id}/itinerary.ics`);
    const res = await fetch(srv.base + ics);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/calendar/);
    assert.equal(await page.locator('.app-ics-member').count(), 0);
    for (const [cls, path] of [['plan-html', 'plan.html'], ['plan-xlsx', 'plan.xlsx'], ['report-html', 'report.html'], ['report-xlsx', 'report.xlsx']]) {
      assert.equal(await page.getAttribute(`.app-${cls}`, 'href'), `/api/v1/delegations/${del.id}/${path}`);
    }

    // One member: only the items they attend, and their own calendar.
    const briefing = itemsOf(data).find((it) => !it.everyone);
    const member = data.members.find((m) => !briefing.attendees.includes(m.id));
    await page.focus('#itin-member');
    await page.selectOption('#itin-member', String(member.id));
    await waitForRoute(page, `delegations/${del.id}/itinerary`);
    await page.waitForSelector(`.page-itinerary[data-member="${member.id}"]`);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'itin-member', 'focus stays on the selector');
    const mine = await apiGet(srv.base, `delegations/${del.id}/itinerary?member=${member.id}`);
    assert.equal(await page.locator('.itin-item').count(), itemsOf(mine).length);
    assert.ok(itemsOf(mine).length < itemsOf(data).length);
    assert.equal(await page.locator(`.itin-item[data-item-id="${briefing.id}"]`).count(), 0);
    assert.equal(await page.textContent('.app-itin-who'), fill(ko['itinerary.for_member'], { name: member.name_ko }));
    const micsHref = await page.getAttribute('.app-ics-member', 'href');
    assert.equal(micsHref, `/api/v1/delegations/${del.id}/itinerary.ics?member=${member.id}`);
    assert.equal((await fetch(srv.base + micsHref)).status, 200);
    assert.equal(await page.textContent('.app-ics-member'), fill(ko['itinerary.ics_member'], { name: member.name_ko }));

    // In English: the same clocks, English names and labels.
    await page.click('button[data-lang="en"]');
    await page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t, fill(en['itinerary.page_title'], { name: del.title_en }));
    assert.equal(await page.textContent('.app-trip-length'), '5 nights, 7 days');
    const erow = page.locator(`.itin-item[data-item-id="${meeting.id}"]`);
    assert.equal(await erow.locator('.itin-clock-start').textContent(), '14:00 PST · 07:00 KST +1');
    assert.equal(await erow.locator('.itin-title-text').textContent(), meeting.title_en);
    assert.equal(await erow.locator('.itin-kind').textContent(), en['enum.meeting']);
    assert.equal(await page.textContent('.app-itin-who'), fill(en['itinerary.for_member'], { name: member.name_en }));
    assert.equal(await page.textContent('label[for="itin-member"]'), en['itinerary.member']);
    await clean(page, problems);
    await context.close();
  });

  test('on paper each day is a page of its own', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    await gotoRoute(page, srv.base, `delegations/${del.id}/itinerary`);
    const styles = () => page.locator('.itin-day').evaluateAll((ds) => ds.map((d) => {
      const cs = getComputedStyle(d);
      return { after: cs.breakAfter, legacy: cs.pageBreakAfter, head: getComputedStyle(d.querySelector('.itin-print-head')).display };
    }));
    const screen = await styles();
    assert.ok(screen.every((s) => s.after === 'auto' && s.head === 'none'), 'no page breaks on screen');
    await page.emulateMedia({ media: 'print' });
    const paper = await styles();
    assert.equal(paper.length, data.days.length);
    paper.slice(0, -1).forEach((s, i) => {
      assert.equal(s.after, 'page', `day ${i + 1} ends its page`);
      assert.equal(s.legacy, 'always');
      assert.equal(s.head, 'block', 'each page says whose itinerary it is');
    });
    assert.equal(paper.at(-1).after, 'auto', 'no blank page after the last day');
    for (const sel of ['.app-itin-controls', '#app-nav', '.app-header', '.page-actions']) {
      assert.equal(await page.locator(sel).first().evaluate((el) => getComputedStyle(el).display), 'none', `${sel} is not printed`);
    }
    await page.emulateMedia({ media: 'screen' });
    await clean(page, problems);
    await context.close();
  });

  test('the day view reads on a phone without sideways scrolling', async () => {
    const { page, context, problems } = await openPage(browser, srv.base, { viewport: { width: 375, height: 812 } });
    await gotoRoute(page, srv.base, `delegations/${del.id}/itinerary?member=${data.members[0].id}`);
    assert.equal(await page.isVisible('#app-nav'), false);
    assert.ok(await page.locator(`.itin-item[data-item-id="${meeting.id}"] .itin-clock-start`).isVisible());
    assert.ok(await page.isVisible('#itin-member'));
    const o = await page.evaluate(overflowing);
    assert.ok(o.scroll <= o.width, `page scroll width ${o.scroll} > ${o.width}`);
    assert.deepEqual(o.bad, []);
    await clean(page, problems);
    await context.close();
  });

  test('an item added, moved and removed in the UI shows, then clears, the overlap next to the items', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    await gotoRoute(page, srv.base, `delegations/${del.id}`);
    await page.click('.app-item-add');
    await waitForRoute(page, 'itinerary_items/new');
    assert.equal(await page.inputValue('#f-delegation_id'), String(del.id));
    await page.selectOption('#f-kind', 'meeting');
    await page.fill('#f-title_ko', '추가 면담 (시험)');
    await page.fill('#f-title_en', 'Extra meeting (test)');
    await page.selectOption('#f-place_id', String(meeting.place.id));
    // Typed in the place's zone: 14:30-14:50 Pacific, inside the mobility meeting.
    await page.fill('#f-starts_at', '2024-01-09T14:30');
    await page.fill('#f-ends_at', '2024-01-09T14:50');
    await page.click('form.app-form button[type=submit]');
    await waitForRoute(page, `delegations/${del.id}`);

    const added = (await apiGet(srv.base, `itinerary_items?delegation_id=${del.id}&limit=500`)).items.find((it) => it.title_en === 'Extra meeting (test)');
    assert.equal(added.starts_at, '2024-01-09T22:30:00Z');
    const findingAt = (id) => page.locator(`.itin-item[data-item-id="${id}"] .itin-findings .app-finding[data-code="member_overlap"]`);
    await findingAt(added.id).waitFor();
    assert.equal(await findingAt(meeting.id).count(), 1, 'on both items');
    const api = await apiGet(srv.base, `delegations/${del.id}/findings`);
    const overlap = api.findings.find((f) => f.code === 'member_overlap');
    assert.deepEqual([...overlap.items].sort(), [added.id, meeting.id].sort());
    assert.equal(await findingAt(added.id).locator('.app-finding-msg').textContent(), overlap.message_ko);
    assert.equal(await findingAt(added.id).locator('.app-finding-sev').textContent(), ko['findings.error']);
    assert.ok(await page.locator(`.itin-item[data-item-id="${added.id}"]`).evaluate((el) => el.classList.contains('itin-has-error')));
    assert.equal(await page.getAttribute('.app-findings', 'data-errors'), String(api.counts.errors));
    assert.equal(await page.textContent('.app-findings .app-alert-body > p'), fill(ko['findings.summary'], api.counts));
    // The summary's button brings the item into view.
    await page.locator('.app-findings .app-finding-goto').first().click();
    assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('itin-item')));

    // Who attends: one member only. The overlap stays (the mobility meeting is everyone's).
    const member = data.members.find((m) => m.role !== 'head');
    await page.click(`.itin-item[data-item-id="${added.id}"] .app-item-attendees`);
    await page.waitForSelector('.app-attendees-form');
    assert.equal(await page.locator('.app-attendees-form input[type=checkbox]:checked').count(), 0, 'none chosen: everyone');
    await page.click(`label[for="att-${added.id}-${member.id}"]`);
    assert.ok(await page.isChecked(`#att-${added.id}-${member.id}`));
    await page.click('.app-attendees-form button[type=submit]');
    await page.waitForSelector('.app-attendees-form', { state: 'detached' });
    const names = page.locator(`.itin-item[data-item-id="${added.id}"] .itin-attendees-names`);
    await page.waitForFunction(([sel, name]) => document.querySelector(sel)?.textContent === name,
      [`.itin-item[data-item-id="${added.id}"] .itin-attendees-names`, member.name_ko]);
    assert.equal(await names.textContent(), member.name_ko);
    assert.deepEqual((await apiGet(srv.base, `itinerary_attendees?item_id=${added.id}`)).items.map((r) => r.member_id), [member.id]);
    assert.equal(await findingAt(added.id).count(), 1);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('app-item-attendees')), true, 'focus returns to the item');

    // In English, the finding is in English.
    const enOverlap = (await apiGet(srv.base, `delegations/${del.id}/findings`)).findings.find((f) => f.code === 'member_overlap');
    await page.click('button[data-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    // the page redraws after the language changes: wait for the redrawn message, not the old one
    await page.waitForFunction(([sel, msg]) => document.querySelector(sel)?.textContent === msg,
      [`.itin-item[data-item-id="${added.id}"] .itin-findings .app-finding[data-code="member_overlap"] .app-finding-msg`, enOverlap.message_en]);
    assert.equal(await findingAt(added.id).locator('.app-finding-msg').textContent(), enOverlap.message_en);
    assert.equal(await findingAt(added.id).locator('.app-finding-sev').textContent(), en['findings.error']);
    await page.click('button[data-lang="ko"]');
    await page.waitForFunction(() => document.documentElement.lang === 'ko');

    // Moved to 12:20 (between the pavilion visit and the shuttle): the overlap is gone.
    await page.click(`.itin-item[data-item-id="${added.id}"] .app-item-edit`);
    await waitForRoute(page, `itinerary_items/${added.id}/edit`);
    await page.fill('#f-starts_at', '2024-01-09T12:20');
    await page.fill('#f-ends_at', '2024-01-09T12:50');
    await page.click('form.app-form button[type=submit]');
    await waitForRoute(page, `delegations/${del.id}`);
    await page.locator(`.itin-item[data-item-id="${added.id}"]`).waitFor();
    assert.equal(await findingAt(added.id).count(), 0);
    assert.equal(await findingAt(meeting.id).count(), 0);
    assert.equal(await page.getAttribute('.app-findings', 'data-errors'), '0');
    assert.equal(await page.locator(`.itin-item[data-item-id="${added.id}"] .itin-clock-start`).textContent(), '12:20 PST · 05:20 KST +1');

    // Back into the meeting, through the API this time, then removed on the page.
    const cur = await apiGet(srv.base, `itinerary_items/${added.id}`);
    const r = await fetch(`${srv.base}/api/v1/itinerary_items/${added.id}`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json', 'If-Match': `"${cur.version}"` },
      body: JSON.stringify({ starts_at: '2024-01-09T22:30:00Z', ends_at: '2024-01-09T22:50:00Z' }),
    });
    assert.equal(r.status, 200);
    await page.reload();
    await waitForRoute(page, `delegations/${del.id}`);
    await findingAt(meeting.id).waitFor();
    await page.click(`.itin-item[data-item-id="${added.id}"] .app-item-delete`);
    await page.click('.krds-modal .app-danger');
    await page.locator(`.itin-item[data-item-id="${added.id}"]`).waitFor({ state: 'detached' });
    assert.equal(await findingAt(meeting.id).count(), 0, 'the overlap went with the item');
    assert.equal(await page.getAttribute('.app-findings', 'data-errors'), '0');
    assert.equal(await page.locator('.itin-item').count(), itemsOf(data).length);
    await clean(page, problems);
    await context.close();
  });

  test('the settings page saves values in their units and refuses one out of range at its field', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    const before = await apiGet(srv.base, 'settings');
    const spec = (k) => before.fields.find((f) => f.key === k);
    await gotoRoute(page, srv.base, 'account/settings');
    assert.equal(await page.textContent('main h1'), ko['settings.title']);
    assert.equal(await page.inputValue('#setting-business_start'), '08:00');
    assert.equal(await page.inputValue('#setting-min_transfer'), String(before.values.min_transfer));
    assert.ok((await page.textContent('label[for="setting-min_transfer"]')).startsWith(spec('min_transfer').label_ko));
    assert.ok((await page.textContent('#setting-min_transfer-hint')).includes(fill(ko['settings.unit_minutes'], { n: spec('min_transfer').max })));

    // 07:30 is 450 minutes after midnight; 20 minutes of transfer.
    await page.fill('#setting-business_start', '07:30');
    await page.fill('#setting-min_transfer', '20');
    await page.click('.app-settings-form button[type=submit]');
    await page.waitForSelector('.app-alert-ok');
    assert.equal(await page.textContent('.app-alert-ok .app-alert-body p'), ko['settings.saved']);
    let now = await apiGet(srv.base, 'settings');
    assert.equal(now.values.business_start, 450);
    assert.equal(now.values.min_transfer, 20);
    await page.reload();
    await waitForRoute(page, 'account/settings');
    assert.equal(await page.inputValue('#setting-business_start'), '07:30');

    // Not a time: refused here. Out of range: refused by the server, at the field.
    await page.fill('#setting-business_start', '7h30');
    await page.click('.app-settings-form button[type=submit]');
    assert.equal(await fieldErrorAt(page, 'setting-business_start'), ko['settings.invalid_time']);
    await page.fill('#setting-business_start', '07:30');
    await page.fill('#setting-min_transfer', '2000');
    await page.click('.app-settings-form button[type=submit]');
    const f = spec('min_transfer');
    assert.equal(await fieldErrorAt(page, 'setting-min_transfer'),
      fill(ko['settings.out_of_range'], { min: fill(ko['settings.unit_minutes'], { n: f.min }), max: fill(ko['settings.unit_minutes'], { n: f.max }) }));
    assert.equal(await page.textContent('.app-alert-danger .app-alert-body p'), ko['problem.validation_failed']);
    now = await apiGet(srv.base, 'settings');
    assert.equal(now.values.min_transfer, 20, 'nothing changed');

    // In English, and back to the defaults.
    await page.click('button[data-lang="en"]');
    await page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t, en['settings.title']);
    assert.ok((await page.textContent('label[for="setting-min_transfer"]')).startsWith(f.label_en));
    await page.fill('#setting-business_start', '08:00');
    await page.fill('#setting-min_transfer', String(f.default));
    await page.click('.app-settings-form button[type=submit]');
    await page.waitForSelector('.app-alert-ok');
    assert.equal(await page.textContent('.app-alert-ok .app-alert-body p'), en['settings.saved']);
    now = await apiGet(srv.base, 'settings');
    assert.deepEqual(now.values, before.values);
    // The only refused request is the server's 422 for the value out of range.
    await clean(page, problems, { console: [/status of 422\b/] });
    await context.close();
  });
});

describe('the itinerary and the settings with accounts', () => {
  let srv, browser;
  before(async () => {
    srv = await startServer({ demo: true, accounts: true });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });
  const login = async (page, who) => {
    await gotoRoute(page, srv.base, 'login');
    await page.fill('#login-login', who);
    await page.fill('#login-password', srv.passwords[who]);
    await page.click('.app-login-form button[type=submit]');
    await waitForRoute(page, '');
  };

  test('an administrator reaches the settings from the accounts page and saves them', async () => {
    const admin = await bearerFor(srv.base, 'admin', srv.passwords.admin);
    const { page, context, problems } = await openPage(browser, srv.base);
    await login(page, 'admin');
    await gotoRoute(page, srv.base, 'account/users');
    await page.click('.app-settings-link');
    await waitForRoute(page, 'account/settings');
    await page.fill('#setting-min_connection', '90');
    await page.click('.app-settings-form button[type=submit]');
    await page.waitForSelector('.app-alert-ok');
    assert.equal((await apiGet(srv.base, 'settings', admin)).values.min_connection, 90, 'saved with the session and its CSRF token');
    await clean(page, problems);
    await context.close();
  });

  test('an organizer is refused the settings and sees the day view of its own region only', async () => {
    const admin = await bearerFor(srv.base, 'admin', srv.passwords.admin);
    const dels = (await apiGet(srv.base, 'delegations', admin)).items;
    const own = dels.find((d) => /전북/.test(d._refs.host_organization_id.label_ko));
    const other = dels.find((d) => /성남/.test(d._refs.host_organization_id.label_ko));
    const { page, context, problems } = await openPage(browser, srv.base);
    await login(page, 'jeonbuk');
    await gotoRoute(page, srv.base, 'account/settings');
    assert.equal(await page.textContent('main h1'), ko['page.forbidden']);
    await gotoRoute(page, srv.base, `delegations/${own.id}/itinerary`);
    assert.equal(await page.textContent('.app-trip-length'), '5박7일');
    assert.ok(await page.locator('.itin-item').count() > 0);
    await gotoRoute(page, srv.base, `delegations/${other.id}/itinerary`);
    assert.equal(await page.textContent('main h1'), ko['page.not_found']);
    await clean(page, problems, { console: [/status of 404\b/] });
    await context.close();
  });
});
