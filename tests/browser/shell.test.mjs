// shell.test.mjs - the demo home, the language switch, and a walk through every page with no
// console errors, no CSP violations and no request leaving the test server.
import { describe, it as test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, gotoRoute, waitForRoute, apiGet, cspViolations, ko, en, demoBrowser } from './helpers.mjs';

describe('the shell', () => {
  let srv, browser;
  demoBrowser(async (s, b) => {
    [srv, browser] = [s, b];
  });

  test('the demo home lists the three delegations', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    await gotoRoute(page, srv.base, '');
    assert.equal(await page.getAttribute('html', 'lang'), 'ko');
    assert.equal(await page.textContent('main h1'), ko['home.title']);
    const api = await apiGet(srv.base, 'delegations');
    assert.equal(api.total, 3);
    const links = await page.locator('.app-home-delegations tbody tr th a').allTextContents();
    assert.equal(links.length, 3);
    assert.deepEqual([...links].sort(), api.items.map((d) => d.title_ko || d.title_en).sort());
    const rows = await page.locator('.app-home-delegations tbody tr').allTextContents();
    for (const host of ['전북', '성남', '창원']) assert.ok(rows.some((r) => r.includes(host)), `the delegation of ${host}`);
    // The first Tab reaches the skip link, which moves focus to the page heading.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.skip !== undefined), true);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
    assert.deepEqual(problems.console, []);
    await context.close();
  });

  test('the language switch changes the text and persists across reloads', async () => {
    const { page, context } = await openPage(browser, srv.base);
    await gotoRoute(page, srv.base, '');
    const ko1 = await page.textContent('#app-nav');
    assert.ok(ko1.includes(ko['nav.group.trips']));

    await page.click('button[data-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t, en['home.title']);
    assert.equal(await page.getAttribute('button[data-lang="en"]', 'aria-pressed'), 'true');
    assert.ok((await page.textContent('#app-nav')).includes(en['nav.group.trips']));
    assert.ok((await page.textContent('.app-brand-name')).includes(en['app.name']));
    // Labels from /api/v1/meta follow the language too.
    assert.ok((await page.textContent('#app-nav')).includes('Booths'));

    await page.reload();
    await waitForRoute(page, '');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.textContent('main h1'), en['home.title']);

    await page.click('button[data-lang="ko"]');
    await page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t, ko['home.title']);
    await page.reload();
    await waitForRoute(page, '');
    assert.equal(await page.getAttribute('html', 'lang'), 'ko');
    assert.ok((await page.textContent('#app-nav')).includes('부스'));
    await context.close();
  });

  test('every page loads with no console error, CSP violation or outside request', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    const meta = await apiGet(srv.base, 'meta');
    const pav = (await apiGet(srv.base, 'pavilions?limit=1')).items[0];
    const booth = (await apiGet(srv.base, 'booths?limit=1')).items[0];
    const del = (await apiGet(srv.base, 'delegations?limit=1')).items[0];
    const item = (await apiGet(srv.base, 'itinerary_items?limit=1')).items[0];
    const trip = (await apiGet(srv.base, 'public/delegations')).items[0];
    const routes = ['', ...meta.entities.map((e) => e.name), 'trips', `trips/${trip.id}`, 'account/users',
      `events/${pav.event_id}`, `pavilions/${pav.id}`, `booths/${booth.id}`, `booths/${booth.id}/edit`,
      `delegations/${del.id}`, `itinerary_items/${item.id}`, `itinerary_items/${item.id}/edit`,
      'itinerary_items/new', 'agreements/new', 'booths?q=a&sort=-code'];
    await gotoRoute(page, srv.base, '');
    for (const r of routes) {
      await page.evaluate((h) => { location.hash = h; }, `#/${r}`);
      await waitForRoute(page, r.replace(/\?.*$/, ''));
      assert.ok((await page.textContent('main h1')).length > 0, `${r} has a heading`);
    }
    // English as well, where the labels come from the other catalogue.
    await page.click('button[data-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await gotoRoute(page, srv.base, `delegations/${del.id}`);
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.failed, []);
    assert.deepEqual(problems.foreign, []);
    assert.deepEqual(await cspViolations(page), []);
    // The KRDS stylesheet and the PretendardGOV font are the embedded ones.
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(font, /Pretendard GOV/);
    const faces = await page.evaluate(async () => (await document.fonts.load('700 16px "Pretendard GOV"')).map((f) => f.status));
    assert.deepEqual(faces, ['loaded']);
    await context.close();
  });

  test('a list searches, filters and sorts through the hash', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    await gotoRoute(page, srv.base, 'organizations');
    // Filter: choosing a kind applies at once.
    await page.selectOption('main form[role=search] select[name="kind"]', 'company');
    await waitForRoute(page, 'organizations');
    await page.waitForFunction(() => location.hash.includes('kind=company'));
    await page.waitForSelector('main[data-route="organizations"]:not([aria-busy])');
    const companies = await apiGet(srv.base, 'organizations?kind=company&limit=1');
    await page.waitForFunction((n) => document.querySelector('.app-count')?.textContent.includes(String(n)), companies.total);
    // Search with ?q, keeping the filter.
    const one = (await apiGet(srv.base, 'organizations?kind=company&limit=1')).items[0];
    await page.fill('main input[name="q"]', one.name_ko);
    await page.click('main form[role=search] button[type=submit]');
    await page.waitForFunction(() => location.hash.includes('q='));
    await waitForRoute(page, 'organizations');
    const found = await apiGet(srv.base, `organizations?kind=company&q=${encodeURIComponent(one.name_ko)}`);
    await page.waitForFunction((n) => document.querySelectorAll('main tbody tr').length === n, found.items.length);
    assert.ok((await page.locator('main tbody th a').allTextContents()).includes(one.name_ko));
    // Sort by a column, then the other way.
    await gotoRoute(page, srv.base, 'organizations?kind=company');
    const header = page.locator('main thead th', { has: page.locator('button.sort-btn') }).first();
    await header.locator('button').click();
    await page.waitForFunction(() => /sort=name_ko/.test(location.hash));
    await page.waitForSelector('main th[aria-sort="ascending"]');
    await header.locator('button').click();
    await page.waitForFunction(() => /sort=-name_ko/.test(location.hash));
    await page.waitForSelector('main th[aria-sort="descending"]');
    const desc = await apiGet(srv.base, 'organizations?kind=company&sort=-name_ko&limit=1');
    assert.equal(await page.locator('main tbody tr th a').first().textContent(), desc.items[0].name_ko);
    // References show their label and link to the referenced row.
    await gotoRoute(page, srv.base, 'booths');
    const booth = (await apiGet(srv.base, 'booths?limit=1')).items[0];
    const link = page.locator(`main tbody a[href="#/pavilions/${booth.pavilion_id}"]`).first();
    assert.equal(await link.textContent(), booth._refs.pavilion_id.label_ko);
    assert.deepEqual(problems.console, []);
    await context.close();
  });

  test('"more" fetches the next page with the cursor', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    const all = await apiGet(srv.base, 'organizations?limit=1');
    assert.ok(all.total > 50, 'the demo has more than one page of organizations');
    await gotoRoute(page, srv.base, 'organizations');
    assert.equal(await page.locator('main tbody tr').count(), 50);
    await page.click('main .app-more');
    await page.waitForFunction(() => document.querySelectorAll('main tbody tr').length > 50 || document.querySelector('main [role=alert]'));
    assert.equal(await page.locator('main [role=alert]').count(), 0, 'no error alert');
    assert.equal(await page.locator('main tbody tr').count(), Math.min(100, all.total));
    assert.equal(await page.evaluate(() => document.activeElement.closest('tbody tr') === document.querySelectorAll('main tbody tr')[50]), true,
      'focus moves to the first new row');
    assert.deepEqual(problems.console, []);
    await context.close();
  });

  test('every resource, field and choice has a Korean and an English label', async () => {
    const meta = await apiGet(srv.base, 'meta');
    for (const e of meta.entities) {
      assert.ok(e.label_ko && e.label_en, e.name);
      for (const f of e.fields) {
        assert.ok(f.label_ko && f.label_en, `${e.name}.${f.name}`);
        for (const v of f.values || []) {
          assert.ok(ko[`enum.${v}`] && en[`enum.${v}`], `message for ${e.name}.${f.name} = ${v}`);
        }
      }
    }
  });
});
