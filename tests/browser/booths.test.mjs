// booths.test.mjs - from the event page to the Jeonbuk pavilion's 20 booths; edit a booth and
// see the change persisted; a validation error shown at its field with nothing saved.
import { describe, it as test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, gotoRoute, waitForRoute, apiGet, jeonbukPavilion, cspViolations, ko, demoBrowser } from './helpers.mjs';

describe('booths', () => {
  let srv, browser, pav;
  demoBrowser(async (s, b) => {
    [srv, browser] = [s, b];
    pav = await jeonbukPavilion(srv.base);
  });

  test('the event page leads to the Jeonbuk pavilion and its 20 booths', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    await gotoRoute(page, srv.base, '');
    // Home -> the event -> the pavilion, by following links as a user would.
    await page.click(`main a[href="#/events/${pav.event_id}"]`);
    await waitForRoute(page, `events/${pav.event_id}`);
    const section = page.locator('.app-pavilion', { has: page.locator(`a[href="#/pavilions/${pav.id}"]`) });
    assert.equal(await section.locator('tbody tr').count(), 20, 'the event page lists the pavilion\'s booths');
    await section.locator(`h3 a[href="#/pavilions/${pav.id}"]`).click();
    await waitForRoute(page, `pavilions/${pav.id}`);
    assert.equal(await page.textContent('main h1'), pav.name_ko);
    const rows = page.locator('.app-booths tbody tr');
    assert.equal(await rows.count(), 20);
    const api = await apiGet(srv.base, `booths?pavilion_id=${pav.id}&limit=500`);
    assert.equal(api.total, 20);
    const codes = await rows.locator('th a').allTextContents();
    assert.deepEqual([...codes].sort(), api.items.map((b) => b.code).sort());
    // Every booth has an edit link and its exhibitor links to the organization.
    assert.equal(await page.locator('.app-booths a[href$="/edit"]').count(), 20);
    const withExhibitor = api.items.filter((b) => b.exhibitor_id).length;
    assert.equal(await page.locator('.app-booths a[href^="#/organizations/"]').count(), withExhibitor);
    assert.ok((await page.textContent('.app-booths')).includes('비나텍') || (await page.textContent('.app-booths')).includes('Vinatech'), 'Vinatech stands in the pavilion');
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.foreign, []);
    assert.deepEqual(await cspViolations(page), []);
    await context.close();
  });

  test('editing a booth saves the change, which survives a reload', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    const booth = (await apiGet(srv.base, `booths?pavilion_id=${pav.id}&sort=code&limit=1`)).items[0];
    await gotoRoute(page, srv.base, `pavilions/${pav.id}`);
    await page.click(`.app-booths a[href="#/booths/${booth.id}/edit"]`);
    await waitForRoute(page, `booths/${booth.id}/edit`);
    assert.equal(await page.inputValue('#f-code'), booth.code);
    const category = `스마트팜 ${Date.now() % 100000}`;
    await page.fill('#f-category', category);
    await page.click('form.app-form button[type=submit]');
    await waitForRoute(page, `booths/${booth.id}`);
    assert.ok((await page.textContent('main [role=status]')).includes(booth.code), 'a saved notice names the booth');
    await page.reload();
    await waitForRoute(page, `booths/${booth.id}`);
    assert.ok((await page.textContent('main .app-fields')).includes(category));
    const after = await apiGet(srv.base, `booths/${booth.id}`);
    assert.equal(after.category, category);
    assert.equal(after.code, booth.code);
    assert.equal(after.version, booth.version + 1);
    assert.deepEqual(problems.console, []);
    await context.close();
  });

  test('a validation error appears at its field and nothing is saved', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    const booth = (await apiGet(srv.base, `booths?pavilion_id=${pav.id}&sort=-code&limit=1`)).items[0];
    await gotoRoute(page, srv.base, `booths/${booth.id}/edit`);

    // A cleared required field: the server's "required" shows under the input.
    await page.fill('#f-code', '');
    await page.click('form.app-form button[type=submit]');
    const err = page.locator('[data-field="code"] .form-hint-invalid');
    await err.waitFor();
    assert.equal(await err.textContent(), ko['error.required']);
    assert.equal(await page.getAttribute('#f-code', 'aria-invalid'), 'true');
    const errId = await err.getAttribute('id');
    assert.ok((await page.getAttribute('#f-code', 'aria-describedby')).split(' ').includes(errId));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-code', 'focus moves to the first error');
    assert.equal(await page.locator('main [role=alert]').count(), 1, 'the problem itself is an alert');
    assert.equal(await page.locator('.form-hint-invalid').count(), 1, 'only that field is marked');
    assert.equal(await page.getAttribute('main', 'data-route'), `booths/${booth.id}/edit`, 'the form stays open');

    // An over-long code (past the input's maxlength, as a script could send it): "too_long".
    assert.equal(await page.getAttribute('#f-code', 'maxlength'), '20');
    await page.evaluate(() => document.getElementById('f-code').removeAttribute('maxlength'));
    await page.fill('#f-code', 'X'.repeat(25));
    await page.click('form.app-form button[type=submit]');
    await page.waitForFunction((t) => document.querySelector('[data-field="code"] .form-hint-invalid')?.textContent === t,
      ko['error.too_long'].replace('{max}', '20'));
    assert.equal(await page.locator('.form-hint-invalid').count(), 1);

    const after = await apiGet(srv.base, `booths/${booth.id}`);
    assert.equal(after.code, booth.code);
    assert.equal(after.version, booth.version);
    // Fixing the field clears the error and saves.
    await page.fill('#f-code', booth.code);
    await page.fill('#f-category', 'AI');
    await page.click('form.app-form button[type=submit]');
    await waitForRoute(page, `booths/${booth.id}`);
    assert.equal((await apiGet(srv.base, `booths/${booth.id}`)).category, 'AI');
    // The only console errors are the two rejected requests the browser logs.
    assert.ok(problems.console.every((m) => /status of 422/.test(m)), problems.console.join('\n'));
    assert.deepEqual(problems.pageErrors, []);
    await context.close();
  });

  test('a booth is added from its pavilion (POST with Idempotency-Key) and deleted after confirming', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    const posts = [];
    page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.headers()); });
    const other = (await apiGet(srv.base, 'pavilions?limit=500')).items.find((p) => p.id !== pav.id);
    await gotoRoute(page, srv.base, `pavilions/${other.id}`);
    const before = (await apiGet(srv.base, `booths?pavilion_id=${other.id}`)).total;
    await page.click(`main a[href="#/booths/new?pavilion_id=${other.id}"]`);
    await waitForRoute(page, 'booths/new');
    assert.equal(await page.inputValue('#f-pavilion_id'), String(other.id), 'the pavilion is filled in');
    await page.fill('#f-code', 'T-99');
    await page.fill('#f-category', '테스트');
    await page.click('form.app-form button[type=submit]');
    await page.waitForFunction(() => /^booths\/\d+$/.test(document.querySelector('main')?.dataset.route || '') && !document.querySelector('main').hasAttribute('aria-busy'));
    const id = Number((await page.getAttribute('main', 'data-route')).split('/')[1]);
    assert.equal(posts.length, 1);
    assert.match(posts[0]['idempotency-key'], /^[0-9a-f-]{32,36}$/);
    const created = await apiGet(srv.base, `booths/${id}`);
    assert.equal(created.code, 'T-99');
    assert.equal(created.pavilion_id, other.id);

    // Delete: a KRDS modal asks; Escape keeps the booth, confirming removes it.
    await page.click('.page-actions button.app-danger-text');
    await page.waitForSelector('.krds-modal.in[role=dialog]');
    assert.equal(await page.evaluate(() => document.activeElement.closest('.krds-modal') !== null), true, 'focus is in the dialog');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.krds-modal').count(), 0);
    assert.equal((await apiGet(srv.base, `booths/${id}`)).id, id);
    await page.click('.page-actions button.app-danger-text');
    await page.click('.krds-modal .app-danger');
    await waitForRoute(page, 'booths');
    assert.equal((await fetch(`${srv.base}/api/v1/booths/${id}`)).status, 404);
    assert.equal((await apiGet(srv.base, `booths?pavilion_id=${other.id}`)).total, before);
    assert.deepEqual(problems.console, []);
    await context.close();
  });
});
