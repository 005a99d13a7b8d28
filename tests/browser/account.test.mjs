// account.test.mjs - accounts in the web UI, against a demo database with accounts made by the
// CLI, so the server enforces roles: a page opened without a login leads to the login page and,
// once logged in through the form (too many attempts, a wrong password, then the right one), back;
// the account in the header, a booth edited with the session's CSRF token (and a stale token
// refreshed and retried), 403 forbidden, another organization's row (404) and 401
// login_required as the server answers them, the password changed, an API token made (its secret
// shown once), used and revoked, English labels, the header at phone width, and logging out.
import { describe, it as test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli } from '../lib/server.mjs';
import { launch, openPage, gotoRoute, waitForRoute, apiGet, jeonbukPavilion, bearerFor, cspViolations, ko, en, fieldErrorAt } from './helpers.mjs';

const LOGIN = 'jb.officer';
const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a longer horse battery staple';

describe('accounts', () => {
  let dir, srv, browser, page, context, problems, booth, admin;
  const requests = [];

  // Logs in from the test (not the browser): the answer's status.
  const apiLogin = async (password) => (await fetch(`${srv.base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: LOGIN, password }),
  })).status;
  // The session the browser holds, asked with its own cookie.
  const browserSession = async () => {
    const r = await context.request.get(`${srv.base}/api/v1/session`);
    return { status: r.status(), body: r.status() === 200 ? await r.json() : null };
  };
  const headerText = () => page.textContent('#app-account');
  const openMenu = async () => {
    await page.click('.app-account-btn');
    await page.waitForSelector('#app-account-menu:not([hidden])');
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'roadshow-account-'));
    const db = join(dir, 'account.db');
    const demo = cli(['demo', '--no-accounts', '--db', db]);
    assert.equal(demo.status, 0, demo.stderr);
    const add = cli(['user', 'add', LOGIN, '--role', 'organizer', '--organization', '1', '--password-stdin', '--db', db], { input: `${PASSWORD}\n` });
    assert.equal(add.status, 0, add.stderr);
    const root = cli(['user', 'add', 'admin', '--role', 'admin', '--password-stdin', '--db', db], { input: `${PASSWORD}\n` });
    assert.equal(root.status, 0, root.stderr);
    srv = await startServer({ db });
    admin = await bearerFor(srv.base, 'admin', PASSWORD); // the test's own reads, as admin
    browser = await launch();
    ({ page, context, problems } = await openPage(browser, srv.base));
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/')) requests.push({ method: r.method(), url: r.url(), headers: r.headers() });
    });
    booth = (await apiGet(srv.base, `booths?pavilion_id=${(await jeonbukPavilion(srv.base, admin)).id}&sort=code&limit=1`, admin)).items[0];
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a page opened without a login leads to the login form: too many attempts and a wrong password are alerts, the right one returns to the page', async () => {
    // The booth page, opened as a bookmark: its data needs a login (401 login_required), so the
    // login page takes its place, saying why and keeping the way back.
    await page.goto(`${srv.base}/#/booths/${booth.id}`);
    await waitForRoute(page, 'login');
    const loginHash = `#/login?next=${encodeURIComponent(`#/booths/${booth.id}`)}`;
    assert.equal(await page.evaluate(() => location.hash), loginHash);
    assert.ok((await page.textContent('main [role=status]')).includes(ko['login.required']));
    assert.equal(await page.textContent('main h1'), ko['login.title']);
    // The header offers the login, marked as the page shown, and keeps the way back too.
    assert.equal(await page.textContent('#app-account a.app-login-link'), ko['account.login']);
    assert.equal(await page.getAttribute('#app-account a.app-login-link', 'aria-current'), 'page');
    assert.equal(await page.getAttribute('#app-account a.app-login-link', 'href'), loginHash);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-login', 'focus on the first field');
    assert.equal(await page.textContent('label[for="login-login"]'), ko['login.login']);
    assert.equal(await page.textContent('label[for="login-password"]'), ko['login.password']);
    assert.equal(await page.getAttribute('#login-password', 'type'), 'password');
    assert.equal(await page.getAttribute('#login-password', 'autocomplete'), 'current-password');

    // Nothing typed: both fields say so, each tied to its message; nothing is sent.
    const sent = requests.length;
    await page.click('.app-login-form button[type=submit]');
    for (const id of ['login-login', 'login-password']) {
      assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true');
      assert.equal(await page.textContent(`#${id}-err`), ko['error.required']);
      assert.ok((await page.getAttribute(`#${id}`, 'aria-describedby')).split(' ').includes(`${id}-err`));
    }
    assert.equal(requests.length, sent);

    // Too many attempts (as the server answers after five failures): an alert of its own.
    const login = (u) => u.pathname === '/api/v1/session';
    await page.route(login, (r) => (r.request().method() === 'POST'
      ? r.fulfill({ status: 429, contentType: 'application/problem+json', body: JSON.stringify({ status: 429, code: 'too_many_attempts' }) })
      : r.fallback()));
    await page.fill('#login-login', LOGIN);
    await page.fill('#login-password', PASSWORD);
    await page.click('.app-login-form button[type=submit]');
    await page.waitForSelector('main [role=alert]');
    assert.ok((await page.textContent('main [role=alert]')).includes(ko['problem.too_many_attempts']));
    await page.unroute(login);

    // A wrong password: an alert with its own message, the password field emptied and focused.
    await page.fill('#login-login', LOGIN);
    await page.fill('#login-password', 'not the password');
    await page.click('.app-login-form button[type=submit]');
    await page.waitForFunction((t) => document.querySelector('main [role=alert]')?.textContent.includes(t), ko['problem.invalid_credentials']);
    assert.equal(await page.locator('main [role=alert]').count(), 1, 'one alert at a time');
    assert.equal(await page.inputValue('#login-password'), '');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-password');
    assert.equal(await page.locator('.form-hint-invalid').count(), 0, 'the field errors are gone');
    assert.equal((await browserSession()).status, 401);

    // The right one: back on the booth, the header names the account and its role.
    await page.fill('#login-password', PASSWORD);
    await page.click('.app-login-form button[type=submit]');
    await waitForRoute(page, `booths/${booth.id}`);
    assert.ok((await page.textContent('main [role=status]')).includes(LOGIN));
    const header = await headerText();
    assert.ok(header.includes(LOGIN) && header.includes(ko['role.organizer']), header);
    assert.equal(await page.locator('#app-account a.app-login-link').count(), 0);
    // The session is an HttpOnly cookie; its CSRF token stays in memory, not in storage.
    const cookie = (await context.cookies()).find((c) => c.name === 'rs_session');
    assert.ok(cookie?.httpOnly && cookie.sameSite === 'Strict');
    const me = await browserSession();
    assert.equal(me.status, 200);
    assert.equal(me.body.login, LOGIN);
    const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]));
    assert.ok(!stored.includes(me.body.csrf_token), 'the CSRF token is not stored');
    // The login page took the booth's place in the history: Back leads to where the user was
    // before opening it (here, nowhere in the app), not to the login page; Forward is the booth.
    await page.goBack();
    await page.waitForFunction(() => !location.hash.startsWith('#/login'));
    await page.goForward();
    await waitForRoute(page, `booths/${booth.id}`);
    assert.ok((await headerText()).includes(LOGIN), 'the session holds');
  });

  test('a booth edited while logged in carries X-CSRF-Token and persists; a stale token is refreshed once', async () => {
    await gotoRoute(page, srv.base, `booths/${booth.id}/edit`);
    const category = `스마트 물류 ${Date.now() % 100000}`;
    await page.fill('#f-category', category);
    const mark = requests.length;
    await page.click('form.app-form button[type=submit]');
    await waitForRoute(page, `booths/${booth.id}`);
    const csrf = (await browserSession()).body.csrf_token;
    const patch = requests.slice(mark).find((r) => r.method === 'PATCH');
    assert.equal(patch.headers['x-csrf-token'], csrf);
    assert.equal((await apiGet(srv.base, `booths/${booth.id}`, admin)).category, category);
    const [entry] = (await apiGet(srv.base, `audit?resource=booths&row_id=${booth.id}&limit=1`, admin)).items;
    assert.equal(entry.actor, `user:${LOGIN}`, 'the change is the account\'s');
    // Reads carry no token.
    assert.ok(requests.filter((r) => r.method === 'GET').every((r) => !r.headers['x-csrf-token']));

    // Logging in again elsewhere in this browser (another tab) replaces the cookie, so the token
    // this page holds is stale: the write is refused, the session asked for, the write resent.
    const again = await context.request.post(`${srv.base}/api/v1/session`, {
      data: { login: LOGIN, password: PASSWORD }, headers: { 'X-CSRF-Token': csrf },
    });
    assert.equal(again.status(), 201);
    await gotoRoute(page, srv.base, `booths/${booth.id}/edit`);
    await page.fill('#f-category', `${category} 2`);
    const mark2 = requests.length;
    const statuses = [];
    const onResponse = (r) => { if (r.url().includes('/api/v1/')) statuses.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`); };
    page.on('response', onResponse);
    await page.click('form.app-form button[type=submit]');
    await waitForRoute(page, `booths/${booth.id}`);
    page.off('response', onResponse);
    const writes = statuses.filter((s) => !s.startsWith('GET') || s.includes('/session'));
    assert.deepEqual(writes, [
      `PATCH /api/v1/booths/${booth.id} 403`, 'GET /api/v1/session 200', `PATCH /api/v1/booths/${booth.id} 200`,
    ]);
    const patches = requests.slice(mark2).filter((r) => r.method === 'PATCH');
    assert.equal(patches[0].headers['idempotency-key'], patches[1].headers['idempotency-key']);
    assert.notEqual(patches[0].headers['x-csrf-token'], patches[1].headers['x-csrf-token']);
    assert.equal((await apiGet(srv.base, `booths/${booth.id}`, admin)).category, `${category} 2`);
    assert.equal(await page.locator('main [role=alert]').count(), 0);
  });

  test('403 forbidden is an alert on a usable page; another organization\'s row is not found; 401 login_required leads to the login page and back', async () => {
    // A write the role may not make, as the server answers it: this organizer's own delegation
    // handed to another organization (Seongnam) is refused with 403 forbidden.
    await gotoRoute(page, srv.base, 'delegations/1/edit');
    const seongnam = '2';
    await page.selectOption('#f-host_organization_id', seongnam);
    const refused = page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === '/api/v1/delegations/1');
    await page.click('form.app-form button[type=submit]');
    const answer = await refused;
    assert.equal(answer.status(), 403);
    assert.equal((await answer.json()).code, 'forbidden');
    const alert = page.locator('main [role=alert]');
    await alert.waitFor();
    assert.ok((await alert.textContent()).includes('권한이 없습니다'));
    assert.equal(await page.getAttribute('main', 'data-route'), 'delegations/1/edit', 'the form stays');
    assert.equal(await page.inputValue('#f-host_organization_id'), seongnam, 'with what was chosen');
    assert.equal(await page.isEnabled('form.app-form button[type=submit]'), true);
    assert.ok((await headerText()).includes(LOGIN), 'still logged in');
    assert.equal((await apiGet(srv.base, 'delegations/1', admin)).host_organization_id, 1, 'nothing changed');

    // Another organization's booth (Seongnam's pavilion) does not exist for this account.
    const { items: others } = await apiGet(srv.base, 'booths?sort=code&limit=500', admin);
    const { items: pavilions } = await apiGet(srv.base, 'pavilions?limit=500', admin);
    const hostOf = (id) => pavilions.find((p) => p.id === id).host_organization_id;
    const foreign = others.find((b) => hostOf(b.pavilion_id) !== hostOf(booth.pavilion_id));
    await gotoRoute(page, srv.base, `booths/${foreign.id}`);
    assert.equal(await page.textContent('main h1'), ko['page.not_found']);
    assert.equal(await page.locator('#app-nav a[href="#/booths"]').count(), 1);

    // A page the role may not see: its heading says so, the rest of the app still works. (No
    // page of this organizer is refused as a whole, so this answer is made up.)
    const problem = (status, code) => ({ status, contentType: 'application/problem+json', body: JSON.stringify({ status, code, title: code }) });
    const agreements = (u) => u.pathname === '/api/v1/agreements';
    await page.route(agreements, (r) => r.fulfill(problem(403, 'forbidden')));
    await gotoRoute(page, srv.base, 'agreements');
    assert.equal(await page.textContent('main h1'), ko['page.forbidden']);
    assert.equal(await page.locator('#app-nav a[href="#/booths"]').count(), 1);
    await page.unroute(agreements);

    // The session ended elsewhere (logged out in another tab): the next data request is answered
    // 401 login_required, which leads to the login page and then back to the list.
    const { csrf_token: csrf } = (await browserSession()).body;
    const out = await context.request.delete(`${srv.base}/api/v1/session`, { headers: { 'X-CSRF-Token': csrf } });
    assert.equal(out.status(), 204);
    await page.evaluate(() => { location.hash = '#/delegations'; });
    await waitForRoute(page, 'login');
    assert.equal(await page.evaluate(() => location.hash), `#/login?next=${encodeURIComponent('#/delegations')}`);
    assert.ok((await page.textContent('main [role=status]')).includes(ko['login.required']));
    assert.equal(await page.textContent('#app-account'), ko['account.login'], 'the header no longer names the account');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-login');
    // Meanwhile the other tab logged in again, so the cookie is good but this page holds no token:
    // its login is a write riding on that cookie, refused for want of a token, then sent again
    // with the token of the session found.
    const again = await context.request.post(`${srv.base}/api/v1/session`, { data: { login: LOGIN, password: PASSWORD } });
    assert.equal(again.status(), 201);
    const statuses = [];
    const onResponse = (r) => { if (new URL(r.url()).pathname === '/api/v1/session') statuses.push(`${r.request().method()} ${r.status()}`); };
    page.on('response', onResponse);
    await page.fill('#login-login', LOGIN);
    await page.fill('#login-password', PASSWORD);
    await page.click('.app-login-form button[type=submit]');
    await waitForRoute(page, 'delegations');
    page.off('response', onResponse);
    assert.deepEqual(statuses, ['POST 403', 'GET 200', 'POST 201']);
    assert.ok((await headerText()).includes(LOGIN));
    // The list holds this organization's delegations only: one of the demo's three.
    assert.equal((await apiGet(srv.base, 'delegations', admin)).total, 3);
    assert.equal(await page.locator('main tbody tr').count(), 1);
  });

  test('changing the password: mismatch and server errors at their fields, then the new one works', async () => {
    await openMenu();
    assert.equal(await page.getAttribute('.app-account-btn', 'aria-expanded'), 'true');
    const items = await page.locator('#app-account-menu .item-link').allTextContents();
    assert.deepEqual(items, [ko['account.password'], ko['account.tokens'], ko['account.logout']]);
    // Escape closes the menu and returns focus to its button.
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#app-account-menu'), true);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('app-account-btn')), true);
    await openMenu();
    await page.click(`#app-account-menu a[href="#/account/password"]`);
    await waitForRoute(page, 'account/password');
    assert.equal(await page.textContent('main h1'), ko['password.title']);
    assert.equal(await page.isHidden('#app-account-menu'), true, 'the menu closes on navigating');

    const submit = () => page.click('main form button[type=submit]');
    const errorAt = (id) => fieldErrorAt(page, id);
    // The two new ones differ: said at the repeat, before anything is sent.
    await page.fill('#pw-current', PASSWORD);
    await page.fill('#pw-new', NEW_PASSWORD);
    await page.fill('#pw-repeat', `${NEW_PASSWORD}!`);
    await submit();
    assert.equal(await errorAt('pw-repeat'), ko['error.password_mismatch']);
    // A wrong current password, then one too short: the server's errors at their fields.
    await page.fill('#pw-current', 'not my password');
    await page.fill('#pw-repeat', NEW_PASSWORD);
    await submit();
    assert.equal(await errorAt('pw-current'), ko['error.wrong_password']);
    assert.equal(await page.locator('.form-hint-invalid').count(), 1);
    await page.fill('#pw-current', PASSWORD);
    await page.fill('#pw-new', 'short');
    await page.fill('#pw-repeat', 'short');
    await submit();
    assert.equal(await errorAt('pw-new'), ko['error.weak_password']);
    // Right: a success message, the fields emptied, still logged in with a new session.
    const before = (await browserSession()).body.csrf_token;
    await page.fill('#pw-new', NEW_PASSWORD);
    await page.fill('#pw-repeat', NEW_PASSWORD);
    await submit();
    await page.waitForSelector('main [role=status]');
    assert.ok((await page.textContent('main [role=status]')).includes(ko['password.done']));
    assert.equal(await page.inputValue('#pw-new'), '');
    const after = await browserSession();
    assert.equal(after.status, 200);
    assert.notEqual(after.body.csrf_token, before);
    assert.equal(await apiLogin(PASSWORD), 401, 'the old password no longer logs in');
    assert.equal(await apiLogin(NEW_PASSWORD), 201, 'the new one does');
  });

  test('an API token: made with its secret shown once, used as Bearer, revoked after confirming', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.base });
    await openMenu();
    await page.click('#app-account-menu a[href="#/account/tokens"]');
    await waitForRoute(page, 'account/tokens');
    assert.equal(await page.textContent('main h1'), ko['tokens.title']);
    assert.ok((await page.textContent('.app-tokens')).includes(ko['tokens.empty']));
    // A name is needed.
    await page.click('.app-token-form button[type=submit]');
    assert.equal(await page.textContent('#token-name-err'), ko['error.required']);
    // Made: the secret in a read-only field, focused and selected, with the warning.
    const name = '야간 동기화';
    await page.fill('#token-name', name);
    await page.click('.app-token-form button[type=submit]');
    await page.waitForSelector('#token-secret');
    const secret = await page.inputValue('#token-secret');
    assert.match(secret, /^rst_[A-Za-z0-9_-]{43}$/);
    assert.equal(await page.getAttribute('#token-secret', 'readonly'), '');
    assert.equal(await page.textContent('label[for="token-secret"]'), ko['tokens.secret']);
    const warnId = await page.getAttribute('#token-secret', 'aria-describedby');
    assert.equal(await page.textContent(`#${warnId}`), ko['tokens.secret_warning']);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'token-secret');
    await page.waitForFunction(() => document.querySelectorAll('.app-tokens tbody tr').length === 1 && !document.querySelector('.app-tokens .app-empty-row'));
    await page.click('.app-copy-btn');
    await page.waitForFunction((t) => document.querySelector('.app-copy-status')?.textContent === t, ko['tokens.copied']);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);

    // It works as Bearer from elsewhere.
    const bearer = { Authorization: `Bearer ${secret}` };
    const who = await fetch(`${srv.base}/api/v1/session`, { headers: bearer });
    assert.equal(who.status, 200);
    assert.equal((await who.json()).login, LOGIN);

    // Shown once: the list after a reload has the token's name, never its secret.
    await page.reload();
    await waitForRoute(page, 'account/tokens');
    assert.ok((await headerText()).includes(LOGIN), 'a reload keeps the session');
    assert.equal(await page.locator('#token-secret').count(), 0);
    assert.ok(!(await page.content()).includes(secret.slice(4)));
    const row = page.locator('.app-tokens tbody tr', { hasText: name });
    assert.ok((await row.textContent()).includes(ko['tokens.active']));

    // Revoke: the confirmation modal; Escape keeps it, confirming revokes it.
    const revoke = row.locator('button');
    assert.equal(await revoke.getAttribute('aria-label'), ko['tokens.revoke_named'].replace('{name}', name));
    await revoke.click();
    await page.waitForSelector('.krds-modal.in[role=dialog]');
    await page.keyboard.press('Escape');
    assert.equal((await fetch(`${srv.base}/api/v1/session`, { headers: bearer })).status, 200);
    await revoke.click();
    await page.click('.krds-modal .app-danger');
    await page.waitForFunction((t) => document.querySelector('.app-tokens tbody tr')?.textContent.includes(t), ko['tokens.revoked']);
    assert.ok((await page.textContent('main [role=status]')).includes(name));
    assert.equal(await page.locator('.app-tokens tbody button').count(), 0);
    assert.equal((await fetch(`${srv.base}/api/v1/session`, { headers: bearer })).status, 401);
  });

  test('English labels, the header at phone width, and logging out', async () => {
    await page.click('button[data-lang="en"]');
    await page.waitForFunction((t) => document.querySelector('main h1')?.textContent === t, en['tokens.title']);
    assert.ok((await headerText()).includes(en['role.organizer']));
    await openMenu();
    assert.deepEqual(await page.locator('#app-account-menu .item-link').allTextContents(),
      [en['account.password'], en['account.tokens'], en['account.logout']]);
    await page.click('#app-account-menu a[href="#/account/password"]');
    await waitForRoute(page, 'account/password');
    assert.equal(await page.textContent('label[for="pw-current"]'), `${en['password.current']} * ${en['form.required']}`);

    // At phone width the header still holds the account, and its menu fits the screen.
    await page.setViewportSize({ width: 375, height: 812 });
    await openMenu();
    const box = await page.evaluate(() => {
      const m = document.getElementById('app-account-menu').getBoundingClientRect();
      return { left: m.left, right: m.right, scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth };
    });
    assert.ok(box.left >= 0 && box.right <= box.width, JSON.stringify(box));
    assert.ok(box.scroll <= box.width, JSON.stringify(box));
    assert.ok(await page.isVisible('.app-menu-btn'), 'the navigation button is still there');
    if (process.env.ROADSHOW_SCREENSHOTS) await page.screenshot({ path: `${process.env.ROADSHOW_SCREENSHOTS}/phone-account.png` });

    await page.click('#app-account-menu button.app-logout');
    await waitForRoute(page, 'login');
    assert.ok((await page.textContent('main [role=status]')).includes(en['logout.done']));
    assert.equal(await page.textContent('#app-account'), en['account.login']);
    assert.equal(await page.textContent('label[for="login-password"]'), en['login.password']);
    assert.equal((await browserSession()).status, 401, 'the session has ended');
    assert.equal((await context.cookies()).filter((c) => c.name === 'rs_session' && c.value).length, 0);
    // Pages of the account now lead to the login page.
    await page.evaluate(() => { location.hash = '#/account/tokens'; });
    await page.waitForFunction(() => location.hash === `#/login?next=${encodeURIComponent('#/account/tokens')}`);
    await waitForRoute(page, 'login');
    await page.click('button[data-lang="ko"]');
    await page.waitForFunction((t) => document.querySelector('#app-account')?.textContent === t, ko['account.login']);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The only console errors are the refused requests the browser logs (the pages opened
    // without a login, the wrong password, the stale tokens, the refused write, the other
    // organization's booth, the answers made up above, the password form's 422s).
    assert.ok(problems.console.every((m) => /status of (401|403|404|422|429)\b/.test(m)), problems.console.join('\n'));
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.foreign, []);
    assert.deepEqual(await cspViolations(page), []);
  });
});
