// history.test.mjs - the change history at the foot of a detail page: folded and not fetched
// until opened, newest first with the old and new value of each changed field, actors and
// actions in Korean and English, "more" paging with the cursor, and its empty and error states.
// Mocked responses (page.route) stand in for what the demo cannot produce.
import { describe, it as test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, gotoRoute, waitForRoute, apiGet, jeonbukPavilion, cspViolations, ko, en, demoBrowser } from './helpers.mjs';

// PATCH one row as a script would: the version it read goes in If-Match.
async function patch(base, path, body) {
  const row = await apiGet(base, path);
  const res = await fetch(`${base}/api/v1/${path}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', 'If-Match': `"${row.version}"` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`PATCH ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

// "2024-01-10 03:00 KST": an instant as the history shows it to a browser in Seoul.
function seoul(iso) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Seoul', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute} KST`;
}

const isAudit = (url) => url.pathname === '/api/v1/audit';

describe('change history', () => {
  let srv, browser, pav, meta;
  demoBrowser(async (s, b) => {
    [srv, browser] = [s, b];
    pav = await jeonbukPavilion(srv.base);
    meta = await apiGet(srv.base, 'meta');
  });

  const label = (entity, name, lang) => meta.entities.find((e) => e.name === entity).fields.find((f) => f.name === name)[`label_${lang}`];

  test('a booth edited in the UI shows the edit, then the demo creation, in Korean and English', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    const audits = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/audit')) audits.push(r.url()); });
    const booth = (await apiGet(srv.base, `booths?pavilion_id=${pav.id}&sort=code&limit=500`)).items.find((b) => b.category);
    assert.ok(booth, 'a demo booth with a category');
    const category = `수소 ${Date.now() % 100000}`;

    // The edit, through the form as a user makes it.
    await gotoRoute(page, srv.base, `booths/${booth.id}/edit`);
    await page.fill('#f-category', category);
    await page.click('form.app-form button[type=submit]');
    await waitForRoute(page, `booths/${booth.id}`);

    // Folded, and nothing fetched until it is opened.
    const toggle = page.locator('main .app-history .btn-accordion');
    assert.equal(await toggle.textContent(), ko['history.title']);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    const panelId = await toggle.getAttribute('aria-controls');
    assert.equal(await page.isVisible(`#${panelId}`), false);
    assert.deepEqual(audits, [], 'the history is not fetched before it is opened');

    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.waitForSelector('.app-history-entry');
    assert.equal(await page.isVisible(`#${panelId}`), true);
    assert.equal(audits.length, 1);
    const q = new URL(audits[0]).searchParams;
    assert.equal(q.get('resource'), 'booths');
    assert.equal(q.get('row_id'), String(booth.id));

    const api = (await apiGet(srv.base, `audit?resource=booths&row_id=${booth.id}`)).items;
    assert.deepEqual(api.map((x) => x.action), ['update', 'create']);
    const entries = page.locator('.app-history-entry');
    assert.equal(await entries.count(), 2);

    // Newest first: the edit, with only the field that changed (no version, no updated_at).
    const upd = entries.nth(0);
    assert.equal(await upd.locator('.app-history-action').textContent(), ko['history.action.update']);
    assert.equal(await upd.locator('.app-history-actor').textContent(), ko['history.by'].replace('{actor}', ko['history.actor.api']));
    assert.equal(await upd.locator('time.app-history-when').textContent(), seoul(api[0].at));
    assert.equal(await upd.locator('time.app-history-when').getAttribute('datetime'), api[0].at);
    const changes = upd.locator('.app-history-change');
    assert.equal(await changes.count(), 1);
    assert.equal(await changes.getAttribute('data-field'), 'category');
    assert.equal(await changes.locator('.app-history-field').textContent(), label('booths', 'category', 'ko'));
    assert.equal(await changes.locator('.app-history-old').textContent(), `${ko['history.before']}: ${booth.category}`);
    assert.equal(await changes.locator('.app-history-new').textContent(), ` ${ko['history.after']}: ${category}`);
    assert.ok(await changes.locator('.app-history-old').isVisible());
    const seen = await changes.innerText();
    assert.ok(seen.includes(booth.category) && seen.includes(category) && seen.includes('→'), seen);

    // Below it, the demo's creation, with no field list.
    const created = entries.nth(1);
    assert.equal(await created.locator('.app-history-action').textContent(), ko['history.action.create']);
    assert.ok((await created.textContent()).includes(ko['history.actor.demo']));
    assert.equal(await created.locator('.app-history-change').count(), 0);
    assert.equal(await page.isVisible('.app-history-more'), false, 'no more pages');

    // English: the page is drawn again and the history stays open.
    await page.click('button[data-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForFunction((t) => document.querySelector('main .app-history .btn-accordion')?.textContent === t, en['history.title']);
    await page.waitForSelector('.app-history-entry >> nth=1');
    assert.equal(await page.getAttribute('main .app-history .btn-accordion', 'aria-expanded'), 'true');
    assert.equal(await entries.nth(0).locator('.app-history-action').textContent(), en['history.action.update']);
    assert.equal(await entries.nth(0).locator('.app-history-actor').textContent(), en['history.by'].replace('{actor}', en['history.actor.api']));
    assert.equal(await entries.nth(0).locator('.app-history-field').textContent(), label('booths', 'category', 'en'));
    assert.equal(await entries.nth(0).locator('.app-history-old').textContent(), `${en['history.before']}: ${booth.category}`);
    assert.equal(await entries.nth(1).locator('.app-history-action').textContent(), en['history.action.create']);
    assert.ok((await entries.nth(1).textContent()).includes(en['history.actor.demo']));
    if (process.env.ROADSHOW_SCREENSHOTS) await page.screenshot({ path: `${process.env.ROADSHOW_SCREENSHOTS}/history.png`, fullPage: true });

    // Folding it again hides it; it does not fetch again when reopened.
    const before = audits.length;
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.isVisible(`#${await toggle.getAttribute('aria-controls')}`), false);
    await toggle.click();
    assert.equal(await entries.count(), 2);
    assert.equal(audits.length, before);

    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.foreign, []);
    assert.deepEqual(await cspViolations(page), []);
    await context.close();
  });

  test('"more" pages with the cursor; references show their id and booleans yes or no', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    const booth = (await apiGet(srv.base, `booths?pavilion_id=${pav.id}&sort=-code&limit=500`)).items.find((b) => b.exhibitor_id);
    assert.ok(booth, 'a demo booth with an exhibitor');
    await patch(srv.base, `booths/${booth.id}`, { exhibitor_id: null });
    for (let i = 1; i <= 20; i++) await patch(srv.base, `booths/${booth.id}`, { category: `분야 ${i}` });

    await gotoRoute(page, srv.base, `booths/${booth.id}`);
    await page.click('main .app-history .btn-accordion');
    await page.waitForSelector('.app-history-entry');
    const entries = page.locator('.app-history-entry');
    assert.equal(await entries.count(), 20, 'one page of 20');
    assert.equal(await entries.first().locator('.app-history-new').textContent(), ` ${ko['history.after']}: 분야 20`);
    assert.equal(await page.isVisible('.app-history-more'), true);
    assert.equal(await page.textContent('.app-history-more'), ko['history.more']);
    await page.click('.app-history-more');
    await page.waitForFunction(() => document.querySelectorAll('.app-history-entry').length === 22);
    assert.equal(await page.isVisible('.app-history-more'), false, 'the last page');
    assert.equal(await page.evaluate(() => document.activeElement === document.querySelectorAll('.app-history-entry')[20]), true,
      'focus moves to the first new entry');

    // The exhibitor removed: the old organization by id (a link), the new value as "—".
    const ref = entries.nth(20).locator('.app-history-change[data-field="exhibitor_id"]');
    assert.equal(await ref.locator('.app-history-field').textContent(), label('booths', 'exhibitor_id', 'ko'));
    assert.equal(await ref.locator('.app-history-old a').getAttribute('href'), `#/organizations/${booth.exhibitor_id}`);
    assert.equal(await ref.locator('.app-history-old a').textContent(), `#${booth.exhibitor_id}`);
    assert.equal(await ref.locator('.app-history-new .app-empty').textContent(), '—');
    assert.equal(await entries.nth(21).locator('.app-history-action').textContent(), ko['history.action.create']);

    // A boolean on another kind of record: 예 → 아니요 (or the other way).
    const org = (await apiGet(srv.base, 'organizations?limit=1')).items[0];
    await patch(srv.base, `organizations/${org.id}`, { illustrative: !org.illustrative });
    await gotoRoute(page, srv.base, `organizations/${org.id}`);
    await page.click('main .app-history .btn-accordion');
    const flag = page.locator('.app-history-entry').first().locator('.app-history-change[data-field="illustrative"]');
    await flag.waitFor();
    const yes = ko['value.yes'], no = ko['value.no'];
    assert.equal(await flag.locator('.app-history-old').textContent(), `${ko['history.before']}: ${org.illustrative ? yes : no}`);
    assert.equal(await flag.locator('.app-history-new').textContent(), ` ${ko['history.after']}: ${org.illustrative ? no : yes}`);

    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await context.close();
  });

  test('actors the UI does not translate, a reused id, an empty history and a failed one', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    const pavilion = await apiGet(srv.base, `pavilions/${pav.id}`);

    // A change by a logged-in account names it; an actor the UI does not know shows as it is.
    // A delete entry is the end of an earlier row that had the same id: it and all before it
    // are left out, and there is no "more".
    const booth = (await apiGet(srv.base, 'booths?limit=1')).items[0];
    const entry = (id, actor) => ({ id, at: '2024-01-09T18:00:00Z', actor, action: 'update', resource: 'booths', row_id: booth.id,
      before: { category: 'A', version: 1, updated_at: '2024-01-01T00:00:00Z' }, after: { category: 'B', version: 2, updated_at: '2024-01-09T18:00:00Z' } });
    await page.route(isAudit, (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({
      items: [entry(9, 'user:kim'), entry(8, 'sync-bot'), { ...entry(7, 'api'), action: 'delete', after: null }, { ...entry(6, 'demo'), action: 'create', before: null }],
      next_cursor: '6',
    }) }));
    await gotoRoute(page, srv.base, `booths/${booth.id}`);
    await page.click('main .app-history .btn-accordion');
    await page.waitForSelector('.app-history-entry >> nth=1');
    const actors = await page.locator('.app-history-actor').allTextContents();
    assert.equal(await page.isVisible('.app-history-more'), false);
    assert.deepEqual(actors, [ko['history.by'].replace('{actor}', ko['history.actor.user'].replace('{login}', 'kim')), ko['history.by'].replace('{actor}', 'sync-bot')]);
    assert.equal(await page.textContent('.app-history-entry time'), '2024-01-10 03:00 KST', 'the viewer\'s zone (Seoul), not UTC');
    assert.deepEqual(await page.locator('.app-history-entry >> nth=0 >> .app-history-change').evaluateAll((els) => els.map((x) => x.dataset.field)), ['category']);
    await page.unroute(isAudit);

    // No entries (a row older than the audit trail).
    await page.route(isAudit, (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"items":[],"next_cursor":null}' }));
    await gotoRoute(page, srv.base, `pavilions/${pavilion.id}`);
    await page.click('main .app-history .btn-accordion');
    await page.waitForSelector('.app-history .app-empty-note');
    assert.equal(await page.textContent('.app-history .app-empty-note'), ko['history.empty']);
    await page.unroute(isAudit);

    // The server fails: a KRDS alert in the section, with a retry that then succeeds.
    let fail = true;
    await page.route(isAudit, (r) => (fail
      ? r.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Service Unavailable', status: 503, code: 'internal' }) })
      : r.continue()));
    await gotoRoute(page, srv.base, `events/${pavilion.event_id}`);
    await page.click('main .app-history .btn-accordion');
    const alert = page.locator('.app-history [role=alert]');
    await alert.waitFor();
    assert.ok((await alert.textContent()).includes(ko['history.error']));
    assert.ok((await alert.textContent()).includes(ko['problem.internal']));
    assert.equal(await alert.locator('.critical-badge.danger').textContent(), ko['alert.error']);
    fail = false;
    await alert.locator('button').click();
    await page.waitForSelector('.app-history-entry');
    assert.equal(await page.locator('.app-history [role=alert]').count(), 0);
    assert.equal(await page.locator('.app-history-entry .app-history-action').first().textContent(), ko['history.action.create']);

    // The browser logs the refused request; nothing else.
    assert.ok(problems.console.length >= 1 && problems.console.every((m) => /status of 503/.test(m)), problems.console.join('\n'));
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await context.close();
  });
});
