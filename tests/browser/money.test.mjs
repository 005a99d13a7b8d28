// money.test.mjs - money fields in the generic form and display: a delegation's budget typed in
// major units of the currency of the same form (budget_currency), stored as integer minor
// units (12,500.50 USD -> 1250050; 5,000,000 KRW -> 5000000); amounts that are not numbers or
// have more decimals than the currency are refused at the field before anything is sent; a
// currency code the server does not know is its error at the field; the detail page and the
// change history show the amount in its currency.
import { describe, it as test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, gotoRoute, waitForRoute, apiGet, cspViolations, ko, en, demoBrowser } from './helpers.mjs';

const money = (loc, currency, major) => new Intl.NumberFormat(loc, { style: 'currency', currency }).format(major);

describe('money in forms', () => {
  let srv, browser, del;
  demoBrowser(async (s, b) => {
    [srv, browser] = [s, b];
    del = (await apiGet(srv.base, 'delegations?limit=1')).items[0];
  });

  test('a budget typed in major units round-trips as minor units, with errors at the field before sending', async () => {
    const { page, context, problems } = await openPage(browser, srv.base);
    const writes = [];
    page.on('request', (r) => { if (r.method() === 'PATCH') writes.push(r.postDataJSON()); });
    // Enter in the amount submits the form (and spares scrolling to its button).
    const submit = () => page.press('#f-budget', 'Enter');
    const fieldError = async (name) => {
      await page.waitForSelector(`#f-${name}-err`);
      assert.equal(await page.getAttribute(`#f-${name}`, 'aria-invalid'), 'true');
      assert.ok((await page.getAttribute(`#f-${name}`, 'aria-describedby')).split(' ').includes(`f-${name}-err`));
      return page.textContent(`#f-${name}-err`);
    };

    await gotoRoute(page, srv.base, `delegations/${del.id}/edit`);
    assert.equal(await page.inputValue('#f-budget_currency'), 'KRW');
    assert.equal(await page.getAttribute('#f-budget', 'inputmode'), 'decimal');
    // The hint under the amount names the currency it is typed in, and follows the currency field.
    assert.ok((await page.textContent('#f-budget-unit')).includes('KRW'));
    await page.fill('#f-budget_currency', 'usd');
    assert.ok((await page.textContent('#f-budget-unit')).includes('USD'));
    assert.equal(await page.getAttribute('label[for="f-budget_currency"]', 'for'), 'f-budget_currency');

    // Too many decimals for dollars; then not a number: refused at the field, nothing sent.
    await page.fill('#f-budget', '12500.505');
    await submit();
    assert.equal(await fieldError('budget'), ko['error.amount_decimals'].replace('{currency}', 'USD').replace('{digits}', '2'));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-budget');
    await page.fill('#f-budget', '12,5x0');
    await submit();
    assert.equal(await fieldError('budget'), ko['error.invalid_amount']);
    assert.deepEqual(writes, []);

    // 12,500.50 US dollars: stored as 1250050 cents, the code upper-cased.
    await page.fill('#f-budget', '12500.50');
    await submit();
    await waitForRoute(page, `delegations/${del.id}`);
    assert.deepEqual(writes, [{ budget: 1250050, budget_currency: 'USD' }]);
    let row = await apiGet(srv.base, `delegations/${del.id}`);
    assert.equal(row.budget, 1250050);
    assert.equal(row.budget_currency, 'USD');
    assert.ok((await page.textContent('.app-summary')).includes(money('ko-KR', 'USD', 12500.5)));

    // Back in the form in major units; now 5,000,000 won (no decimals in won).
    await gotoRoute(page, srv.base, `delegations/${del.id}/edit`);
    assert.equal(await page.inputValue('#f-budget'), '12,500.50');
    await page.fill('#f-budget_currency', 'KRW');
    await page.fill('#f-budget', '1.5');
    await submit();
    assert.equal(await fieldError('budget'), ko['error.amount_no_decimals'].replace('{currency}', 'KRW'));
    // A code that is not three letters is refused here; one the server does not know, there.
    await page.fill('#f-budget', '5,000,000');
    await page.fill('#f-budget_currency', 'KR1');
    await submit();
    assert.equal(await fieldError('budget_currency'), ko['error.invalid_currency']);
    assert.equal(writes.length, 1, 'nothing sent');
    await page.fill('#f-budget_currency', 'XQQ');
    await submit();
    assert.equal(await fieldError('budget_currency'), ko['error.invalid_currency']);
    assert.equal(writes.length, 2, 'sent, and refused by the server');
    assert.equal((await apiGet(srv.base, `delegations/${del.id}`)).budget_currency, 'USD', 'nothing changed');
    await page.fill('#f-budget_currency', 'KRW');
    await submit();
    await waitForRoute(page, `delegations/${del.id}`);
    row = await apiGet(srv.base, `delegations/${del.id}`);
    assert.equal(row.budget, 5000000);
    assert.equal(row.budget_currency, 'KRW');
    assert.ok((await page.textContent('.app-summary')).includes(money('ko-KR', 'KRW', 5000000)));

    // The history shows each amount in the currency it was in.
    await page.click('main .app-history .btn-accordion');
    const change = page.locator('.app-history-entry').first().locator('.app-history-change[data-field="budget"]');
    await change.waitFor();
    assert.equal(await change.locator('.app-history-old').textContent(), `${ko['history.before']}: ${money('ko-KR', 'USD', 12500.5)}`);
    assert.equal(await change.locator('.app-history-new').textContent(), ` ${ko['history.after']}: ${money('ko-KR', 'KRW', 5000000)}`);
    // And in English.
    await page.click('button[data-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForFunction((t) => document.querySelector('.app-summary')?.textContent.includes(t), money('en-US', 'KRW', 5000000));
    await gotoRoute(page, srv.base, `delegations/${del.id}/edit`);
    assert.equal(await page.inputValue('#f-budget'), '5,000,000');
    assert.ok((await page.textContent('#f-budget-unit')).includes('KRW'));
    assert.ok((await page.textContent('#f-budget-unit')).startsWith(en['form.hint_money_whole'].split('{')[0]));

    // The only refused request is the server's 422 for the unknown currency.
    assert.equal(problems.console.length, 1);
    assert.match(problems.console[0], /status of 422\b/);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    await context.close();
  });
});
