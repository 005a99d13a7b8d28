// phone.test.mjs - the delegation itinerary at phone width (375 x 812): collapsed navigation,
// every item shown with local and home time, and no sideways scrolling of the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, gotoRoute, waitForRoute, apiGet, cspViolations, demoBrowser } from './helpers.mjs';

let srv, browser;
demoBrowser(async (s, b) => {
  [srv, browser] = [s, b];
});

// Elements sticking out past the right edge, other than inside a horizontal scroller.
function overflowing() {
  const w = document.documentElement.clientWidth;
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.app-table-wrap, .sr-only, #krds-skip-link')) continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.right > w + 1) bad.push(`${el.tagName}.${el.className} ${Math.round(r.right)}`);
  }
  return { scroll: document.documentElement.scrollWidth, width: w, bad: bad.slice(0, 10) };
}

test('the itinerary reads on a phone without sideways scrolling', async () => {
  // The browser's own zone must not matter: times are in each place's zone.
  const { page, context, problems } = await openPage(browser, srv.base, { viewport: { width: 375, height: 812 }, timezoneId: 'Europe/Berlin' });
  const dels = (await apiGet(srv.base, 'delegations')).items;
  const del = dels.find((d) => /전북/.test(d._refs.host_organization_id.label_ko));
  const full = await apiGet(srv.base, `delegations/${del.id}`);
  assert.ok(full.items.length > 0, 'the demo delegation has an itinerary');

  await gotoRoute(page, srv.base, '');
  assert.equal(await page.isVisible('#app-nav'), false, 'the side navigation is collapsed');
  await page.click('.app-menu-btn');
  assert.equal(await page.isVisible('#app-nav'), true);
  assert.equal(await page.getAttribute('.app-menu-btn', 'aria-expanded'), 'true');
  await page.click('#app-nav a[href="#/delegations"]');
  await waitForRoute(page, 'delegations');
  assert.equal(await page.isVisible('#app-nav'), false, 'the menu closes after navigating');

  await gotoRoute(page, srv.base, `delegations/${del.id}`);
  assert.equal(await page.locator('.itin-item').count(), full.items.length);
  assert.ok(await page.locator('.itin-day-title').count() >= 2, 'items are grouped by day');
  const first = page.locator('.itin-item').first();
  assert.ok(await first.isVisible());
  const times = await page.locator('.itin-time').allTextContents();
  assert.ok(times.some((x) => /PST/.test(x)), 'Las Vegas times in PST');
  assert.ok(times.some((x) => /KST/.test(x)), 'home times in KST');
  assert.ok(!times.some((x) => /CET|GMT\+1\b/.test(x)), 'never the browser\'s zone');
  const o = await page.evaluate(overflowing);
  assert.ok(o.scroll <= o.width, `page scroll width ${o.scroll} > ${o.width}`);
  assert.deepEqual(o.bad, []);

  // The members table may scroll inside its own box, but the page does not.
  await page.locator('.app-table-wrap').last().scrollIntoViewIfNeeded();
  assert.ok((await page.evaluate(overflowing)).scroll <= 375);
  if (process.env.ROADSHOW_SCREENSHOTS) await page.screenshot({ path: `${process.env.ROADSHOW_SCREENSHOTS}/phone-itinerary.png`, fullPage: true });
  assert.deepEqual(problems.console, []);
  assert.deepEqual(problems.foreign, []);
  assert.deepEqual(await cspViolations(page), []);
  await context.close();
});
