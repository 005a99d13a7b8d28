// public.test.mjs - the public pages of published trips (#/trips, #/trips/ID) on a demo
// database with its accounts, so the server asks for a login everywhere else: an anonymous
// visitor lists the published trips (Jeonbuk's and Seongnam's, not Changwon's) without being sent
// to the login page, reads Jeonbuk's trip (members by title and never by name, the itinerary by
// local day with Las Vegas in PST, the budget in its currency, the outcome) in Korean and
// English and on paper; an unpublished trip is not found; a trip not yet over has no outcome;
// the home and login pages lead to the list; a published delegation's page links to its public
// page.
import { describe, it as test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, gotoRoute, waitForRoute, apiGet, bearerFor, cspViolations, ko, en } from './helpers.mjs';

// The local calendar date and "HH:MM" of an instant in a zone, computed here independently
// of the app's own code.
function wall(iso, zone) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour === '24' ? '00' : p.hour}:${p.minute}` };
}

describe('public trip pages', () => {
  let srv, browser, admin, dels, jeonbuk, seongnam, changwon, future, people;

  before(async () => {
    srv = await startServer({ demo: true, accounts: true });
    admin = await bearerFor(srv.base, 'admin', srv.passwords.admin);
    browser = await launch();
    dels = (await apiGet(srv.base, 'delegations?limit=100', admin)).items;
    const byHost = (id) => dels.find((d) => d.host_organization_id === id);
    [jeonbuk, seongnam, changwon] = [byHost(1), byHost(2), byHost(3)];
    assert.ok(jeonbuk.published && seongnam.published && !changwon.published, 'the demo publishes Jeonbuk and Seongnam only');
    // Jeonbuk's budget, as an organizer would publish it: 12,500.50 US dollars, in cents.
    const patch = await fetch(`${srv.base}/api/v1/delegations/${jeonbuk.id}`, {
      method: 'PATCH',
      headers: { ...admin, 'Content-Type': 'application/json', 'If-Match': `"${jeonbuk.version}"` },
      body: JSON.stringify({ budget: 1250050, budget_currency: 'USD' }),
    });
    assert.equal(patch.status, 200);
    // Seongnam's budget withdrawn from its page: a trip may be published without one.
    const unbudget = await fetch(`${srv.base}/api/v1/delegations/${seongnam.id}`, {
      method: 'PATCH',
      headers: { ...admin, 'Content-Type': 'application/json', 'If-Match': `"${seongnam.version}"` },
      body: JSON.stringify({ budget: null }),
    });
    assert.equal(unbudget.status, 200);
    // A trip published before it starts: its page has no outcome yet.
    const made = await fetch(`${srv.base}/api/v1/delegations`, {
      method: 'POST',
      headers: { ...admin, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        host_organization_id: 3, title_ko: '2030 하노이 투자유치 출장', title_en: 'Hanoi investment mission 2030',
        depart_date: '2030-05-01', return_date: '2030-05-05', published: true,
        outcome_ko: '아직 나오지 않은 결과', outcome_en: 'An outcome not yet due',
      }),
    });
    assert.equal(made.status, 201);
    future = await made.json();
    // Everyone travelling with Jeonbuk, by name: none of these may reach a public page.
    const full = await apiGet(srv.base, `delegations/${jeonbuk.id}`, admin);
    people = full.members.flatMap((m) => [m._refs.person_id.label_ko, m._refs.person_id.label_en]).filter(Boolean);
    assert.ok(people.includes('김관영'), 'the governor is a member by name in the staff view');
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test('an anonymous visitor lists the published trips without being sent to log in', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    const statuses = [];
    page.on('response', (r) => { if (r.url().includes('/api/v1/')) statuses.push(`${r.status()} ${new URL(r.url()).pathname}`); });
    await gotoRoute(page, srv.base, 'trips');
    assert.equal(await page.evaluate(() => location.hash), '#/trips', 'no login redirect');
    assert.equal(await page.textContent('main h1'), ko['trips.title']);
    assert.equal(await page.textContent('#app-account'), ko['account.login'], 'nobody is logged in');
    const links = await page.locator('.app-trips tbody th a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    const published = [future, jeonbuk, seongnam];
    assert.deepEqual(links.map((l) => l[1]).sort(), published.map((d) => `#/trips/${d.id}`).sort());
    assert.deepEqual(links.map((l) => l[0]).sort(), published.map((d) => d.title_ko).sort());
    assert.ok(!(await page.textContent('main')).includes(changwon.title_ko), 'Changwon\'s trip is not published');
    // The hosts are named; only public and harmless requests were made (nothing answered 401
    // but the question of who is logged in).
    const rows = await page.locator('.app-trips tbody tr').allTextContents();
    assert.ok(rows.some((r) => r.includes('전북특별자치도')) && rows.some((r) => r.includes('성남시')));
    assert.deepEqual(statuses.filter((s) => !s.startsWith('200')), ['401 /api/v1/session']);
    assert.ok(statuses.includes('200 /api/v1/public/delegations'));
    // The side navigation holds the way back here, marked as the page shown.
    assert.equal(await page.getAttribute('#app-nav a[href="#/trips"]', 'aria-current'), 'page');
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await context.close();
  });

  test('Jeonbuk\'s trip: members by title only, the itinerary by local day with Las Vegas in PST, budget, outcome; English; paper', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    const pub = await apiGet(srv.base, `public/delegations/${jeonbuk.id}`);
    await gotoRoute(page, srv.base, 'trips');
    await page.click(`.app-trips a[href="#/trips/${jeonbuk.id}"]`);
    await waitForRoute(page, `trips/${jeonbuk.id}`);
    assert.equal(await page.textContent('main h1'), jeonbuk.title_ko);

    // Members by title, the head first; no person's name anywhere on the page.
    const members = await page.locator('.app-trip-members tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.equal(members.length, pub.members.length);
    assert.deepEqual(members[0], ['전북특별자치도지사', ko['enum.head'], '전북특별자치도']);
    const text = await page.textContent('body');
    for (const name of people) assert.ok(!text.includes(name), `no member named (${name})`);
    assert.ok(!text.includes('김관영'));

    // The itinerary, one section per local day, each item under the date it starts on where it
    // happens.
    const expected = new Map();
    for (const it of pub.items) {
      const day = wall(it.starts_at, it.timezone).date;
      expected.set(day, (expected.get(day) || 0) + 1);
    }
    const days = await page.locator('.itin-day').evaluateAll((ss) => ss.map((s) => [s.dataset.day, s.querySelectorAll('.itin-item').length]));
    assert.deepEqual(days, [...expected.entries()]);
    assert.ok(days.length >= 7, 'a week of days');
    // The pavilion visit in Las Vegas, in Pacific time, on its local date.
    const visit = pub.items.find((it) => it.timezone === 'America/Los_Angeles' && /전북관/.test(it.title_ko));
    const s = wall(visit.starts_at, visit.timezone), e = wall(visit.ends_at, visit.timezone);
    const item = page.locator(`.itin-day[data-day="${s.date}"] .itin-item`, { hasText: visit.title_ko });
    assert.equal(await item.count(), 1);
    assert.equal(await item.locator('.itin-local time').textContent(), `${s.time}–${e.time} PST`);
    assert.ok((await item.textContent()).includes(visit.place.name_ko));
    assert.ok((await item.textContent()).includes('비나텍'), 'its counterparts');
    assert.equal(await item.locator('.itin-ill').textContent(), ko['itin.illustrative']);
    // The flight: its number and carrier, departing in Korean time and landing in Pacific time.
    const flight = pub.items.find((it) => it.kind === 'flight' && it.service_number);
    const fitem = page.locator('.itin-item', { hasText: flight.service_number }).first();
    assert.ok((await fitem.textContent()).includes(flight.carrier));
    assert.match(await fitem.locator('.itin-local time').textContent(), /KST → .*PST|KST → .*PDT/);
    assert.equal(await page.locator('.itin-item .itin-ill').count(), pub.items.filter((it) => it.illustrative).length);

    // The budget, in dollars from cents; the outcome, since the trip is over.
    const usd = (loc) => new Intl.NumberFormat(loc, { style: 'currency', currency: 'USD' }).format(12500.5);
    assert.equal(await page.textContent('.trip-summary .app-money'), usd('ko-KR'));
    assert.ok((await page.textContent('.trip-summary')).includes(ko['trips.days'].replace('{n}', '7')));
    const outcome = page.locator('main section', { has: page.locator(`h2:text-is("${ko['trips.outcome']}")`) });
    assert.equal(await outcome.count(), 1);
    assert.ok((await outcome.textContent()).includes(pub.outcome.summary_ko));

    // English on the switch.
    await page.click('button[data-lang="en"]');
    await page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t, jeonbuk.title_en);
    const first = await page.locator('.app-trip-members tbody tr').first().evaluate((tr) => [...tr.children].map((c) => c.textContent));
    assert.deepEqual(first, ['Governor of Jeonbuk State', en['enum.head'], 'Jeonbuk State']);
    assert.equal(await page.textContent('.trip-summary .app-money'), usd('en-US'));
    const outcomeEn = page.locator('main section', { has: page.locator(`h2:text-is("${en['trips.outcome']}")`) });
    assert.ok((await outcomeEn.textContent()).includes(pub.outcome.summary_en));
    assert.ok((await page.locator('.itin-item', { hasText: visit.title_en }).textContent()).includes(`${s.time}–${e.time} PST`));
    assert.equal(await page.textContent('.app-trip-members thead th'), en['trips.member_title']);

    // On a phone: the page reads without sideways scrolling.
    await page.setViewportSize({ width: 375, height: 812 });
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    assert.equal(fits, true, 'no sideways scrolling at 375 px');
    await page.setViewportSize({ width: 1280, height: 900 });

    // On paper: the trip without the shell (header, navigation, buttons, breadcrumbs).
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['#krds-header', '#app-nav', '.app-footer', '.app-print-btn', '.krds-breadcrumb-wrap']) {
      assert.equal(await page.isVisible(sel), false, `${sel} is not printed`);
    }
    assert.equal(await page.isVisible('main h1'), true);
    assert.equal(await page.isVisible('.itin-day'), true);
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await page.isVisible('#krds-header'), true);

    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.foreign, []);
    assert.deepEqual(await cspViolations(page), []);
    await context.close();
  });

  test('Changwon\'s unpublished trip is not found; Seongnam\'s agreements and unpublished budget; a trip not over has no outcome', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    await gotoRoute(page, srv.base, `trips/${changwon.id}`);
    assert.equal(await page.evaluate(() => location.hash), `#/trips/${changwon.id}`, 'no login redirect');
    assert.equal(await page.textContent('main h1'), ko['page.not_found']);
    assert.ok((await page.textContent('main')).includes(ko['trips.not_found']));
    assert.ok(!(await page.textContent('main')).includes(changwon.title_ko));
    assert.equal(await page.locator('main a[href="#/trips"]').count() >= 1, true, 'the way back to the list');

    // Seongnam: three MOUs signed, with their parties; its budget is not published.
    await gotoRoute(page, srv.base, `trips/${seongnam.id}`);
    assert.equal(await page.textContent('main h1'), seongnam.title_ko);
    const pub = await apiGet(srv.base, `public/delegations/${seongnam.id}`);
    assert.equal(await page.locator('.trip-agreement').count(), pub.agreements.length);
    const mou = page.locator('.trip-agreement').first();
    assert.ok((await mou.textContent()).includes(ko['enum.signed']));
    assert.ok((await mou.locator('.trip-parties').textContent()).includes('링크원'));
    assert.equal(await page.textContent('.trip-budget-none'), ko['trips.budget_none']);
    assert.ok((await page.textContent('main')).includes(ko['trips.agreements_signed'].replace('{n}', String(pub.outcome.agreements_signed))));

    // A trip published before it starts: no outcome section, even with an outcome written.
    await gotoRoute(page, srv.base, `trips/${future.id}`);
    assert.equal(await page.textContent('main h1'), future.title_ko);
    assert.equal(await page.locator(`main h2:text-is("${ko['trips.outcome']}")`).count(), 0);
    assert.ok(!(await page.textContent('main')).includes(future.outcome_ko));
    assert.equal(await page.textContent('.app-trip-members .app-empty-row'), ko['delegation.no_members']);

    // The only refused request is the unpublished trip's (404).
    assert.deepEqual(problems.console.filter((m) => !/status of 404\b/.test(m)), []);
    assert.equal(problems.console.length, 1);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await context.close();
  });

  test('the home and login pages lead a visitor not logged in to the published trips', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    // Home: a welcome, not the login page, with the way to log in and the published trips.
    await gotoRoute(page, srv.base, '');
    assert.equal(await page.evaluate(() => location.hash), '#/');
    assert.equal(await page.textContent('main h1'), ko['home.public_title']);
    assert.equal(await page.locator('.app-trips tbody tr').count(), 3);
    assert.equal(await page.getAttribute(`main .page-actions a:text-is("${ko['account.login']}")`, 'href'), '#/login');
    await page.click(`main .page-actions a:text-is("${ko['trips.title']}")`);
    await waitForRoute(page, 'trips');
    // Login page: a link to the same list.
    await gotoRoute(page, srv.base, 'login');
    await page.click('.app-login-public a[href="#/trips"]');
    await waitForRoute(page, 'trips');
    assert.equal(await page.textContent('main h1'), ko['trips.title']);
    // The welcome asked for the delegations once, and was refused: that 401 is all.
    assert.equal(problems.console.length, 1);
    assert.match(problems.console[0], /status of 401\b/);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await context.close();
  });

  test('a published delegation\'s page links to its public page; an unpublished one does not', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    // Logged in as the administrator (the session cookie, set through the API).
    const login = await context.request.post(`${srv.base}/api/v1/session`, { data: { login: 'admin', password: srv.passwords.admin } });
    assert.equal(login.status(), 201);
    await gotoRoute(page, srv.base, `delegations/${jeonbuk.id}`);
    const link = page.locator(`main .page-actions a[href="#/trips/${jeonbuk.id}"]`);
    assert.equal(await link.textContent(), ko['delegation.public_page']);
    // The budget, in the staff view too, in its currency.
    assert.ok((await page.textContent('.app-summary')).includes(new Intl.NumberFormat('ko-KR', { style: 'currency', currency: 'USD' }).format(12500.5)));
    await link.click();
    await waitForRoute(page, `trips/${jeonbuk.id}`);
    assert.equal(await page.textContent('main h1'), jeonbuk.title_ko);
    await gotoRoute(page, srv.base, `delegations/${changwon.id}`);
    assert.equal(await page.textContent('main h1'), changwon.title_ko);
    assert.equal(await page.locator('main a[href^="#/trips/"]').count(), 0);
    assert.ok((await page.textContent('.app-summary')).includes(ko['delegation.not_published']));
    assert.deepEqual(problems.console, []);
    assert.deepEqual(await cspViolations(page), []);
    await context.close();
  });
});
