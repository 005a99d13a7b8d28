// outcome.test.mjs - the outcome report in the UI, on the demo: 창원관's report is reached from
// its pavilion page; it shows the summary against CES 2023 (the demo's illustrative edition before), each stage's count and amount as
// the API gives them, a chart per stage with a bar for this and for the previous edition, the
// breakdowns; a count leads to the consultations behind it, whose total is that count; the
// workbook and CSV links download; the page speaks English on the switch and fits a phone.
import { describe, it as test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, gotoRoute, waitForRoute, apiGet, cspViolations, ko, en, demoBrowser, overflowing } from './helpers.mjs';

const STAGES = ['consulted', 'negotiating', 'provisional', 'signed', 'exported', 'dropped'];

async function clean(page, problems) {
  assert.deepEqual(problems.console, []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.foreign, []);
  assert.deepEqual(await cspViolations(page), []);
}

describe('the outcome report', () => {
  let srv, browser, pav, report;
  demoBrowser(async (s, b) => {
    [srv, browser] = [s, b];
    pav = (await apiGet(srv.base, 'pavilions?limit=500')).items.find((p) => p.name_ko === '창원관');
    report = await apiGet(srv.base, `pavilions/${pav.id}/outcome`);
  });

  test('from the pavilion page: figures against the previous edition, stages apart, charts', async () => {
    const { page, problems } = await openPage(browser, srv.base);
    await gotoRoute(page, srv.base, `pavilions/${pav.id}`);
    await page.click('a.outcome-link');
    await waitForRoute(page, `pavilions/${pav.id}/outcome`);
    assert.equal((await page.textContent('h1')).trim(), ko['outcome.title'].replace('{name}', pav.name_ko));
    assert.ok(report.previous, 'the demo has CES 2023 for 창원관');
    const figure = (k) => page.textContent(`[data-figure="${k}"] .outcome-figure`);
    assert.equal(await figure('consultations'), String(report.summary.consultations));
    assert.equal(await figure('companies'), String(report.summary.companies));
    assert.ok((await page.textContent('[data-figure="consultations"]')).includes(`${ko['outcome.previous_short']} ${report.previous.summary.consultations}`));
    // each stage's count as the API has it, and a link to its consultations
    for (const s of STAGES) {
      assert.equal((await page.textContent(`.outcome-stages a.outcome-drill[data-stage="${s}"]`)).trim(), String(report.total.stages[s].count), s);
    }
    // the stage chart: a row per stage with this edition's and the previous one's bar
    assert.equal(await page.locator('.outcome-figure-chart').first().locator('rect.outcome-bar-0').count(), STAGES.length + 1);
    assert.equal(await page.locator('.outcome-figure-chart').first().locator('rect.outcome-bar-1').count(), STAGES.length + 1);
    // breakdowns: a row per company and per country
    assert.equal(await page.locator('.outcome-by_company tbody tr').count(), report.by_company.length);
    assert.equal(await page.locator('.outcome-by_country tbody tr').count(), report.by_country.length);
    await clean(page, problems);
  });

  test('a count leads to the consultations behind it, their total that count', async () => {
    const { page, problems } = await openPage(browser, srv.base);
    await gotoRoute(page, srv.base, `pavilions/${pav.id}/outcome`);
    const us = report.by_country.find((g) => g.key === 'US');
    await page.click(`.outcome-by_country tbody tr:has-text("${ko['country.US'] ?? '미국'}") a.outcome-drill[data-stage="consulted"]`);
    await page.waitForSelector('.outcome-drill-section');
    assert.match(page.url(), /stage=consulted&country=US/);
    assert.equal(await page.locator('.outcome-lines tbody tr').count(), us.stages.consulted.count);
    assert.equal(await page.getAttribute('.outcome-drill-total', 'data-count'), String(us.stages.consulted.count));
    assert.equal(await page.getAttribute('.outcome-drill-total', 'data-usd'), String(us.stages.consulted.amount.USD));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'outcome-drill-title');
    // a line opens its consultation
    await page.click('.outcome-lines tbody tr:first-child a');
    await page.waitForSelector('main[data-route^="consultations/"]:not([aria-busy])');
    await clean(page, problems);
  });

  test('downloads the workbook and the CSV; English on the switch; fits a phone', async () => {
    const { page, problems } = await openPage(browser, srv.base, { viewport: { width: 375, height: 800 } });
    await gotoRoute(page, srv.base, `pavilions/${pav.id}/outcome`);
    for (const [sel, type] of [['a.outcome-xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], ['a.outcome-csv', 'text/csv']]) {
      const url = new URL(await page.getAttribute(sel, 'href'), srv.base);
      const r = await fetch(url);
      assert.equal(r.status, 200, sel);
      assert.ok(r.headers.get('content-type').startsWith(type), sel);
    }
    const o = await page.evaluate(overflowing);
    assert.deepEqual(o.bad, [], 'nothing sticks out past a 375 px screen');
    assert.ok(o.scroll <= o.width, 'no sideways scrolling');
    await page.click('button[data-lang="en"], a[data-lang="en"]');
    await page.waitForFunction((title) => document.querySelector('h1')?.textContent.includes(title), en['outcome.report']);
    assert.ok((await page.textContent('.outcome-stages')).includes(en['outcome.stage.signed']));
    assert.match(await page.getAttribute('a.outcome-xlsx', 'href'), /lang=en/);
    await clean(page, problems);
  });

  test('the follow-ups due: as the API lists them, the most late first, each leading to a new follow-up', async () => {
    const { page, problems } = await openPage(browser, srv.base);
    const due = await apiGet(srv.base, 'consultations/due?as_of=2025-06-30');
    assert.ok(due.items.length > 0, 'the demo has next steps due by mid-2025');
    await gotoRoute(page, srv.base, 'consultations/due?as_of=2025-06-30');
    assert.equal(await page.inputValue('#due-as-of'), '2025-06-30');
    assert.equal(await page.locator('.due-list tbody tr').count(), due.items.length);
    const late = [...due.items].sort((a, b) => b.days_overdue - a.days_overdue)[0];
    assert.ok((await page.textContent('.due-list tbody tr:first-child')).includes(ko['due.days_late'].replace('{n}', String(late.days_overdue))));
    await page.click('.due-list tbody tr:first-child a.due-add');
    await waitForRoute(page, 'follow_ups/new');
    assert.equal(await page.inputValue('#f-consultation_id'), String(late.id), 'the consultation is chosen');
    await clean(page, problems);
  });

  test('a business centre\'s status: members by mode, services by month, its members\' outcome and report', async () => {
    const { page, problems } = await openPage(browser, srv.base);
    const centre = (await apiGet(srv.base, 'business_centres?limit=5')).items[0];
    const st = await apiGet(srv.base, `business_centres/${centre.id}/status`);
    await gotoRoute(page, srv.base, `business_centres/${centre.id}`);
    await page.click('a.centre-status-link');
    await waitForRoute(page, `business_centres/${centre.id}/status`);
    assert.equal(await page.textContent('[data-figure="members"] dd'), String(st.members.total));
    assert.equal(await page.textContent('[data-figure="online"] dd'), String(st.members.by_mode.online));
    assert.equal(await page.locator('.centre-months tbody tr').count(), st.services.by_month.length);
    assert.equal(await page.locator('.centre-members tbody tr').count(), st.members.total);
    await page.click('a.centre-report');
    await waitForRoute(page, `business_centres/${centre.id}/outcome`);
    assert.equal((await page.textContent('.outcome-stages a.outcome-drill[data-stage="consulted"]')).trim(), String(st.outcome.total.stages.consulted.count));
    await clean(page, problems);
  });
});
