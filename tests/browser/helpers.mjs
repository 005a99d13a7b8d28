// helpers.mjs - Debian's chromium driven by playwright-core, with guards that record console
// errors, CSP violations and any request to a host other than the test server.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { before, after } from 'node:test';
import { startServer } from '../lib/server.mjs';

export const ko = JSON.parse(readFileSync(new URL('../../web/i18n/ko.json', import.meta.url), 'utf8'));
export const en = JSON.parse(readFileSync(new URL('../../web/i18n/en.json', import.meta.url), 'utf8'));

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A fresh context (own localStorage) and page. Returns {page, context, problems}.
export async function openPage(browser, base, { viewport = { width: 1280, height: 900 }, timezoneId = 'Asia/Seoul' } = {}) {
  const context = await browser.newContext({ viewport, locale: 'ko-KR', timezoneId });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const origin = new URL(base).origin;
  const problems = { console: [], pageErrors: [], foreign: [], failed: [] };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // At start the app asks who is logged in (GET /api/v1/session); nobody is answered 401,
    // which the browser logs as a failed load. That answer is expected, not a problem.
    if (isSessionProbe(m)) return;
    problems.console.push(m.text());
  });
  page.on('pageerror', (e) => problems.pageErrors.push(e.message));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('data:') && new URL(u).origin !== origin) problems.foreign.push(u);
  });
  page.on('requestfailed', (r) => problems.failed.push(`${r.url()} ${r.failure()?.errorText}`));
  return { page, context, problems };
}

// The browser's log line for the 401 of GET /api/v1/session ("not logged in").
export function isSessionProbe(m) {
  return /status of 401\b/.test(m.text()) && /\/api\/v1\/session$/.test(m.location()?.url || '');
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__csp || []);
}

// Waits until the app has rendered the route ("" for home, "booths/3/edit", ...).
export async function waitForRoute(page, route) {
  await page.waitForSelector(`main[data-route="${route}"]:not([aria-busy])`, { timeout: 10000 });
}

export async function gotoRoute(page, base, route) {
  await page.goto(`${base}/#/${route}`);
  await waitForRoute(page, route.replace(/\?.*$/, ''));
}

// Waits for the error under field id and checks it is tied to the field (aria-invalid,
// aria-describedby) and has the focus; returns its text.
export async function fieldErrorAt(page, id) {
  await page.waitForSelector(`#${id}-err`);
  assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true');
  assert.ok((await page.getAttribute(`#${id}`, 'aria-describedby')).split(' ').includes(`${id}-err`));
  assert.equal(await page.evaluate(() => document.activeElement?.id), id, 'focus moves to the field');
  return page.textContent(`#${id}-err`);
}

// headers: e.g. { Authorization: 'Bearer rst_…' } once the database has accounts.
export async function apiGet(base, path, headers = {}) {
  const res = await fetch(`${base}/api/v1/${path}`, { headers });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return res.json();
}

// The Jeonbuk pavilion of the demo, found through the API.
export async function jeonbukPavilion(base, headers = {}) {
  const { items } = await apiGet(base, 'pavilions?limit=500', headers);
  const p = items.find((x) => /전북/.test(x.name_ko || '') || /jeonbuk/i.test(x.name_en || ''));
  if (!p) throw new Error('no Jeonbuk pavilion in the demo');
  return p;
}

// An API token for login (made through the API as the test, not the browser): the headers
// that carry it.
export async function bearerFor(base, login, password) {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }),
  });
  if (r.status !== 201) throw new Error(`login ${login}: ${r.status}`);
  const { csrf_token: csrf } = await r.json();
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const t = await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
    body: JSON.stringify({ name: 'browser test' }),
  });
  if (t.status !== 201) throw new Error(`token for ${login}: ${t.status}`);
  return { Authorization: `Bearer ${(await t.json()).token}` };
}

// Registers the hooks every demo suite needs: before, a server on the demo data and a browser,
// handed to ready(srv, browser) (which may do more set-up); after, both stopped.
export function demoBrowser(ready) {
  let srv, browser;
  before(async () => {
    srv = await startServer({ demo: true });
    browser = await launch();
    await ready(srv, browser);
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });
}

// Elements sticking out past the right edge, other than inside a horizontal scroller or a box
// that clips them (KRDS hides the middle of the breadcrumb on a phone that way). Runs in the
// page: page.evaluate(overflowing).
export function overflowing() {
  const w = document.documentElement.clientWidth;
  const bad = [];
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX !== 'visible' && a.getBoundingClientRect().right <= w + 1) return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.app-table-wrap, .sr-only, #krds-skip-link')) continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.right > w + 1 && !clipped(el)) bad.push(`${el.tagName}.${el.className} ${Math.round(r.right)}`);
  }
  return { scroll: document.documentElement.scrollWidth, width: w, bad: bad.slice(0, 10) };
}
