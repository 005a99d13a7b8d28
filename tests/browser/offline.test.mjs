// offline.test.mjs - logging consultations on bad Wi-Fi: with the network cut (Playwright's
// offline mode) a consultation typed in the form is kept on the device and shown as waiting,
// in the form and in the header; one whose request reached the server but whose answer was
// lost is kept too; when the network returns both are sent, each exactly once (the server
// answers a repeated Idempotency-Key with the record it made the first time), and nothing
// waits any more.
import { describe, it as test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, gotoRoute, apiGet, cspViolations, ko, demoBrowser, jeonbukPavilion } from './helpers.mjs';

describe('the consultation form with no network', () => {
  let srv, browser, pav, exhibitor;
  demoBrowser(async (s, b) => {
    [srv, browser] = [s, b];
    pav = await jeonbukPavilion(srv.base);
    const booths = (await apiGet(srv.base, `booths?pavilion_id=${pav.id}&limit=500`)).items;
    exhibitor = booths.find((x) => x.exhibitor_id).exhibitor_id;
  });

  const logged = async (buyer) => (await apiGet(srv.base, `consultations?q=${encodeURIComponent(buyer)}&limit=50`)).items.filter((c) => c.buyer_company === buyer);

  async function fillForm(page, buyer) {
    await page.selectOption('#f-pavilion_id', String(pav.id));
    await page.selectOption('#f-exhibitor_id', String(exhibitor));
    await page.selectOption('#f-kind', 'walk_in');
    await page.fill('#f-consulted_at', '2024-01-10T10:30');
    await page.fill('#f-buyer_company', buyer);
    await page.fill('#f-amount', '12000');
  }

  test('kept on the device while offline, sent exactly once when the network returns', async () => {
    const { page, context, problems } = await openPage(browser, srv.base, { viewport: { width: 390, height: 844 } });
    const posts = [];
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/consultations') posts.push(r.headers()['idempotency-key']); });
    await gotoRoute(page, srv.base, 'consultations/new');

    // 1. the network is cut: the entry waits on the device, the form is ready for the next
    await context.setOffline(true);
    await fillForm(page, 'Offline Buyer One');
    await page.click('form.app-form button[type=submit]');
    await page.waitForSelector('.app-pending li.is-waiting');
    assert.equal(await page.locator('.app-pending li.is-waiting').count(), 1);
    assert.equal(await page.textContent('#app-pending-badge'), ko['pending.badge'].replace('{n}', '1'));
    assert.ok((await page.textContent('main')).includes(ko['pending.kept']));
    assert.equal(await page.inputValue('#f-buyer_company'), '', 'a new, empty form');
    assert.deepEqual(await logged('Offline Buyer One'), [], 'nothing reached the server');

    // 2. online again, but this request's answer is lost on the way back: the server made the
    // record, the device does not know it and keeps the entry, with the same key
    await context.setOffline(false);
    await page.route('**/api/v1/consultations', async (route) => {
      if (route.request().method() !== 'POST' || !route.request().postData()?.includes('Lost Answer Buyer')) return route.continue();
      await route.fetch();
      await route.abort('failed');
    });
    // (the first entry goes out as soon as the network is back; wait for it before the second)
    await page.waitForFunction(() => !document.querySelector('.app-pending li.is-waiting'));
    assert.equal((await logged('Offline Buyer One')).length, 1);
    await fillForm(page, 'Lost Answer Buyer');
    await page.click('form.app-form button[type=submit]');
    await page.waitForSelector('.app-pending li.is-waiting');
    assert.equal((await logged('Lost Answer Buyer')).length, 1, 'the server has it once');

    // 3. sent again (now, as the button does; the network's return does it by itself): the
    // server answers with the record it made, and nothing waits any more
    await page.unroute('**/api/v1/consultations');
    await page.click('.app-pending-send');
    await page.waitForFunction(() => !document.querySelector('.app-pending li'));
    assert.equal(await page.isHidden('#app-pending-badge'), true);
    assert.equal((await logged('Offline Buyer One')).length, 1, 'exactly once');
    assert.equal((await logged('Lost Answer Buyer')).length, 1, 'exactly once');
    // one key per entry, sent more than once for the entry whose answer was lost
    const keys = posts.filter(Boolean);
    assert.ok(keys.length >= 3, `requests: ${keys.length}`);
    assert.equal(new Set(keys).size, 2, 'two entries, two Idempotency-Keys');

    // 4. a reload finds nothing left on the device
    await page.reload();
    await page.waitForSelector('main[data-route="consultations/new"]:not([aria-busy])');
    assert.equal(await page.locator('.app-pending li').count(), 0);
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('roadshow.outbox') && JSON.parse(localStorage.getItem(k)).length).length), 0);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
  });

  test('kept on the device when the page is closed offline, sent when the app opens again', async () => {
    const { page, context } = await openPage(browser, srv.base);
    await gotoRoute(page, srv.base, 'consultations/new');
    await context.setOffline(true);
    await fillForm(page, 'Reloaded Offline Buyer');
    await page.click('form.app-form button[type=submit]');
    await page.waitForSelector('.app-pending li.is-waiting');
    await page.close(); // the phone's browser closed with the entry still on the device
    await context.setOffline(false);
    assert.deepEqual(await logged('Reloaded Offline Buyer'), []);
    const again = await context.newPage();
    const errors = [];
    again.on('pageerror', (e) => errors.push(String(e)));
    await again.goto(`${srv.base}/#/consultations`);
    await again.waitForSelector('main[data-route="consultations"]:not([aria-busy])');
    for (let i = 0; i < 50 && (await logged('Reloaded Offline Buyer')).length === 0; i++) await again.waitForTimeout(100);
    assert.equal((await logged('Reloaded Offline Buyer')).length, 1, 'sent once the app is open again');
    await again.waitForFunction(() => document.getElementById('app-pending-badge').hidden);
    assert.deepEqual(errors, []);
  });
});
