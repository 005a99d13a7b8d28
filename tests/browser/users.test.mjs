// users.test.mjs - the administrator's accounts page (#/account/users) on the demo with its
// accounts: reached from the account menu after logging in through the form; the table of
// accounts; a viewer made without a password, the generated password shown once and working;
// field errors from the server at their fields; disabling (and the account can no longer log
// in), enabling, a new password set in a dialog, and the refusal to disable one's own account;
// an organizer has no such menu entry and is refused the page; a company member's record pages
// leave out the change history it may not read.
import { describe, it as test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, gotoRoute, waitForRoute, apiGet, bearerFor, cspViolations, ko, fieldErrorAt } from './helpers.mjs';

const NEW_LOGIN = 'jb.viewer2';

describe('accounts administration', () => {
  let srv, browser, page, context, problems, admin, generated;

  // Logs in from the test (not the browser): the answer's status.
  const apiLogin = async (login, password) => (await fetch(`${srv.base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }),
  })).status;
  const row = (login) => page.locator('.app-users tbody tr', { has: page.locator(`[data-login="${login}"]`) });
  const openMenu = async () => {
    await page.click('.app-account-btn');
    await page.waitForSelector('#app-account-menu:not([hidden])');
  };

  before(async () => {
    srv = await startServer({ demo: true, accounts: true });
    admin = await bearerFor(srv.base, 'admin', srv.passwords.admin);
    browser = await launch();
    ({ page, context, problems } = await openPage(browser, srv.base));
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test('the administrator logs in through the form and finds every account from the account menu', async () => {
    await gotoRoute(page, srv.base, 'login');
    await page.fill('#login-login', 'admin');
    await page.fill('#login-password', srv.passwords.admin);
    await page.click('.app-login-form button[type=submit]');
    await waitForRoute(page, '');
    await openMenu();
    const items = await page.locator('#app-account-menu .item-link').allTextContents();
    assert.deepEqual(items, [ko['account.users'], ko['account.password'], ko['account.tokens'], ko['account.logout']]);
    await page.click('#app-account-menu a[href="#/account/users"]');
    await waitForRoute(page, 'account/users');
    assert.equal(await page.textContent('main h1'), ko['users.title']);
    assert.equal(await page.getAttribute('#app-account-menu a[href="#/account/users"]', 'aria-current'), 'page');

    const { items: users } = await apiGet(srv.base, 'users', admin);
    assert.equal(await page.locator('.app-users tbody tr').count(), users.length);
    const jb = await row('jeonbuk').locator('th, td').allTextContents();
    assert.equal(jb[0], 'jeonbuk');
    assert.equal(jb[2], ko['role.organizer']);
    assert.equal(jb[3], '전북특별자치도', 'the organization by name');
    assert.equal(jb[4], ko['users.active']);
    assert.match(jb[5], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} KST$/, 'when the password was set, with its zone');
    assert.ok((await row('admin').textContent()).includes(ko['users.you']));
  });

  test('field errors from the server at their fields; a viewer made without a password shows the generated one once', async () => {
    const submit = () => page.click('.app-user-form button[type=submit]');
    const errorAt = (id) => fieldErrorAt(page, id);
    // An administrator belongs to no organization: the field goes away for that role.
    await page.selectOption('#user-role', 'admin');
    assert.equal(await page.isVisible('#user-organization'), false);
    await page.selectOption('#user-role', 'viewer');
    assert.equal(await page.isVisible('#user-organization'), true);
    // Nothing typed: said before anything is sent.
    await submit();
    assert.equal(await errorAt('user-login'), ko['error.required']);
    assert.equal(await page.textContent('#user-organization-err'), ko['error.required']);
    // The server's answers: a login it refuses, one taken, a password too short.
    await page.selectOption('#user-organization', '1');
    await page.fill('#user-login', 'x y');
    await submit();
    assert.equal(await errorAt('user-login'), ko['error.invalid_login']);
    await page.fill('#user-login', 'jeonbuk');
    await submit();
    assert.equal(await errorAt('user-login'), ko['error.login_taken']);
    await page.fill('#user-login', NEW_LOGIN);
    await page.fill('#user-password', 'short');
    await submit();
    assert.equal(await errorAt('user-password'), ko['error.weak_password']);
    assert.equal(await page.locator('.form-hint-invalid').count(), 1, 'the earlier errors are gone');
    assert.equal((await apiGet(srv.base, 'users', admin)).items.some((u) => u.login === NEW_LOGIN), false, 'nothing made');

    // Without a password: made, and the password the server generated is shown once.
    await page.fill('#user-password', '');
    await page.fill('#user-name', '전북 열람 2');
    await submit();
    await page.waitForSelector('#user-generated-password');
    generated = await page.inputValue('#user-generated-password');
    assert.ok(generated.length >= 10, generated);
    assert.equal(await page.getAttribute('#user-generated-password', 'readonly'), '');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'user-generated-password');
    assert.equal(await page.textContent('#user-generated-password-warning'), ko['users.password_warning']);
    assert.ok((await page.textContent('.app-user-created')).includes(ko['users.created'].replace('{login}', NEW_LOGIN)));
    assert.equal(await page.inputValue('#user-login'), '', 'the form is emptied');
    // The new row, as the API has it.
    await row(NEW_LOGIN).waitFor();
    const cells = await row(NEW_LOGIN).locator('th, td').allTextContents();
    assert.deepEqual(cells.slice(0, 5), [NEW_LOGIN, '전북 열람 2', ko['role.viewer'], '전북특별자치도', ko['users.active']]);
    const made = (await apiGet(srv.base, 'users', admin)).items.find((u) => u.login === NEW_LOGIN);
    assert.equal(made.role, 'viewer');
    assert.equal(made.organization_id, 1);
    // The password works, and is never shown again.
    assert.equal(await apiLogin(NEW_LOGIN, generated), 201);
    await page.reload();
    await waitForRoute(page, 'account/users');
    assert.equal(await page.locator('#user-generated-password').count(), 0);
    assert.ok(!(await page.content()).includes(generated));
  });

  test('disabling an account ends its logins, enabling brings it back, a new password is set in a dialog; one\'s own account cannot be disabled', async () => {
    // Disable, after confirming: the row says so, and the password no longer logs in.
    await row(NEW_LOGIN).locator('.app-user-disable').click();
    await page.waitForSelector('.krds-modal.in[role=dialog]');
    assert.ok((await page.textContent('.krds-modal')).includes(NEW_LOGIN));
    await page.click('.krds-modal .app-danger');
    await page.waitForFunction((l) => document.querySelector(`.app-users [data-login="${l}"]`)?.closest('tr').querySelector('[data-status="disabled"]'), NEW_LOGIN);
    assert.ok((await row(NEW_LOGIN).textContent()).includes(ko['users.disabled']));
    assert.ok((await page.textContent('main [role=status]')).includes(ko['users.disabled_done'].replace('{login}', NEW_LOGIN)));
    assert.equal((await apiGet(srv.base, 'users', admin)).items.find((u) => u.login === NEW_LOGIN).disabled, true);
    assert.equal(await apiLogin(NEW_LOGIN, generated), 401, 'a disabled account cannot log in');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.focusKey?.startsWith('toggle-')), true, 'focus stays on the row\'s button');

    // Enable again: it logs in.
    await row(NEW_LOGIN).locator('.app-user-enable').click();
    await page.waitForFunction((l) => document.querySelector(`.app-users [data-login="${l}"]`)?.closest('tr').querySelector('[data-status="active"]'), NEW_LOGIN);
    assert.equal(await apiLogin(NEW_LOGIN, generated), 201);

    // A new password, in a dialog: the two must agree; then the old one stops working.
    const next = 'a new password for the viewer';
    await row(NEW_LOGIN).locator('.app-user-password').click();
    await page.waitForSelector('.krds-modal.in form.app-user-password-form');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'user-pw-new');
    await page.fill('#user-pw-new', next);
    await page.fill('#user-pw-repeat', `${next}!`);
    await page.click('.krds-modal button[type=submit]');
    assert.equal(await page.textContent('#user-pw-repeat-err'), ko['error.password_mismatch']);
    await page.fill('#user-pw-new', 'short');
    await page.fill('#user-pw-repeat', 'short');
    await page.click('.krds-modal button[type=submit]');
    await page.waitForSelector('#user-pw-new-err');
    assert.equal(await page.textContent('#user-pw-new-err'), ko['error.weak_password']);
    await page.fill('#user-pw-new', next);
    await page.fill('#user-pw-repeat', next);
    await page.click('.krds-modal button[type=submit]');
    await page.waitForSelector('.krds-modal', { state: 'detached' });
    await page.waitForFunction((t) => document.querySelector('main .app-alerts [role=status]')?.textContent.includes(t), ko['users.password_done'].replace('{login}', NEW_LOGIN));
    assert.equal(await apiLogin(NEW_LOGIN, generated), 401, 'the old password is gone');
    assert.equal(await apiLogin(NEW_LOGIN, next), 201, 'the new one logs in');

    // One's own account: refused by the server with its own message; still active.
    await row('admin').locator('.app-user-disable').click();
    await page.click('.krds-modal .app-danger');
    await page.waitForFunction((t) => document.querySelector('main .app-alerts [role=alert]')?.textContent.includes(t), ko['problem.own_account']);
    assert.equal((await apiGet(srv.base, 'users', admin)).items.find((u) => u.login === 'admin').disabled, false);
    assert.ok((await row('admin').textContent()).includes(ko['users.active']));

    // Refused requests only: the 422s, 409s and 401s above.
    assert.ok(problems.console.every((m) => /status of (401|409|422)\b/.test(m)), problems.console.join('\n'));
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.foreign, []);
    assert.deepEqual(await cspViolations(page), []);
  });

  test('an organizer has no accounts entry in its menu and is refused the page', async () => {
    const o = await openPage(browser, srv.base);
    const login = await o.context.request.post(`${srv.base}/api/v1/session`, { data: { login: 'jeonbuk', password: srv.passwords.jeonbuk } });
    assert.equal(login.status(), 201);
    const asked = [];
    o.page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/users') asked.push(r.url()); });
    await gotoRoute(o.page, srv.base, '');
    await o.page.click('.app-account-btn');
    await o.page.waitForSelector('#app-account-menu:not([hidden])');
    assert.deepEqual(await o.page.locator('#app-account-menu .item-link').allTextContents(),
      [ko['account.password'], ko['account.tokens'], ko['account.logout']]);
    await o.page.keyboard.press('Escape');
    await gotoRoute(o.page, srv.base, 'account/users');
    assert.equal(await o.page.textContent('main h1'), ko['page.forbidden']);
    assert.ok((await o.page.textContent('main [role=alert]')).includes(ko['problem.forbidden']));
    assert.equal(await o.page.locator('.app-users').count(), 0);
    assert.deepEqual(asked, [], 'the accounts are not even asked for');
    assert.deepEqual(o.problems.console, []);
    assert.deepEqual(await cspViolations(o.page), []);
    await o.context.close();
  });

  test('a company member\'s start page leads to its own B2B agenda, which holds its meetings', async () => {
    const o = await openPage(browser, srv.base);
    const login = await o.context.request.post(`${srv.base}/api/v1/session`, { data: { login: 'vinatech', password: srv.passwords.vinatech } });
    assert.equal(login.status(), 201);
    await gotoRoute(o.page, srv.base, '');
    assert.equal(await o.page.textContent('main h1'), ko['home.company_title']);
    const rows = o.page.locator('.app-home-b2b tbody tr');
    assert.equal(await rows.count(), 1, 'VINATech is in one programme, 전북관\'s');
    assert.ok((await rows.first().textContent()).includes('전북관 수출상담회'));
    await o.page.click('.app-home-agenda');
    await o.page.waitForSelector('main[data-route^="b2b_participants/"]:not([aria-busy])');
    const company = await bearerFor(srv.base, 'vinatech', srv.passwords.vinatech);
    const me = (await apiGet(srv.base, 'b2b_participants?kind=exhibitor&limit=500', company)).items.find((p) => p.name === '비나텍');
    const agenda = await apiGet(srv.base, `b2b_participants/${me.id}/agenda`, company);
    assert.ok(agenda.items.length > 0, 'the demo publishes meetings at its booth');
    assert.deepEqual(await o.page.locator('li.b2b-agenda-item').evaluateAll((els) => els.map((e) => Number(e.dataset.meetingId))),
      agenda.items.map((i) => i.id), 'the page lists the meetings of the final schedule, in time order');
    assert.equal(await o.page.locator('.b2b-view-toggle').count(), 0, 'no working view for a company member');
    assert.equal(await o.page.locator('main [role=alert]').count(), 0, 'no error box');
    assert.deepEqual(o.problems.console, []);
    await o.context.close();
  });

  test('a company member\'s record pages leave out the change history it may not read', async () => {
    const o = await openPage(browser, srv.base);
    const login = await o.context.request.post(`${srv.base}/api/v1/session`, { data: { login: 'vinatech', password: srv.passwords.vinatech } });
    assert.equal(login.status(), 201);
    const company = await bearerFor(srv.base, 'vinatech', srv.passwords.vinatech);
    const audit = await fetch(`${srv.base}/api/v1/audit?limit=1`, { headers: company });
    assert.equal(audit.status, 403, 'the audit trail is not a company member\'s');
    const booth = (await apiGet(srv.base, 'booths?limit=1', company)).items[0];
    await gotoRoute(o.page, srv.base, `booths/${booth.id}`);
    assert.ok((await o.page.textContent('main h1')).length > 0);
    assert.equal(await o.page.locator('main .app-history').count(), 0);
    assert.equal(await o.page.locator('main [role=alert]').count(), 0, 'no error box');
    assert.deepEqual(o.problems.console, []);
    await o.context.close();
  });
});
