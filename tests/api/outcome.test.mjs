// outcome.test.mjs - outcome reports (issue 6) over the API: a pavilion's consultations and
// follow-ups counted and summed stage by stage (never across stages), converted into USD and
// KRW at the latest rate recorded on or before the event's last day (worked out here again in
// BigInt), amounts with no rate counted and left out, verified amounts apart, breakdowns that
// add up to the total, the drill-down list agreeing with the count, and bad requests refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, ok, assertProblem } from './helpers.mjs';

const { api } = await withServer();
const post = async (res, json) => ok(await api.post(`/api/v1/${res}`, { json }), 201, `create ${res}`);

const DIGITS = { USD: 2, KRW: 0, JPY: 0, EUR: 2 };
// amount (minor units of from) at rate (units of to per unit of from), half away from zero
function convert(amount, from, rate, to) {
  if (from === to) return amount;
  const [int, frac = ''] = rate.split('.');
  const scale = 10n ** BigInt(frac.length);
  const num = BigInt(amount) * BigInt(int + frac) * 10n ** BigInt(DIGITS[to]);
  const den = 10n ** BigInt(DIGITS[from]) * scale;
  let q = num / den;
  if ((num % den) * 2n >= den) q += 1n;
  return Number(q);
}

// the pavilion, its consultations and follow-ups, and the rates
const host = await post('organizations', { kind: 'government', name_ko: '성과 주관' });
const event = await post('events', { name_ko: '성과 전시회', start_date: '2024-01-09', end_date: '2024-01-12' });
const pav = await post('pavilions', { event_id: event.id, host_organization_id: host.id, name_ko: '성과관' });
const a = await post('organizations', { kind: 'company', name_ko: '에이' });
const b = await post('organizations', { kind: 'company', name_ko: '비' });
// rates recorded before, on and after the event's last day: the one on or before counts
const RATES = { 'USD>KRW': '1300', 'JPY>USD': '0.0067', 'JPY>KRW': '8.9', 'KRW>USD': '0.00077' };
await post('exchange_rates', { date: '2024-01-01', currency: 'USD', to_currency: 'KRW', rate: '1200', source: 'older' });
await post('exchange_rates', { date: '2024-02-01', currency: 'USD', to_currency: 'KRW', rate: '1400', source: 'later' });
for (const [pair, rate] of Object.entries(RATES)) {
  const [currency, to] = pair.split('>');
  await post('exchange_rates', { date: '2024-01-12', currency, to_currency: to, rate, source: 'test desk' });
}
const c = [
  await post('consultations', { pavilion_id: pav.id, exhibitor_id: a.id, kind: 'walk_in', consulted_at: '2024-01-10T10:00:00-08:00', buyer_company: 'Acme', buyer_country: 'US', category: 'AI', amount: 100000, currency: 'USD' }),
  await post('consultations', { pavilion_id: pav.id, exhibitor_id: a.id, kind: 'scheduled', consulted_at: '2024-01-10T11:00:00-08:00', buyer_company: 'Kansai', buyer_country: 'JP', category: 'AI', amount: 5000000, currency: 'JPY' }),
  await post('consultations', { pavilion_id: pav.id, exhibitor_id: b.id, kind: 'interpreted', consulted_at: '2024-01-11T10:00:00-08:00', buyer_company: 'Desert', buyer_country: 'US', category: 'Food', amount: 2600000, currency: 'KRW' }),
  await post('consultations', { pavilion_id: pav.id, exhibitor_id: b.id, kind: 'online', consulted_at: '2024-01-11T12:00:00-08:00', buyer_company: 'Rhein', amount: 99999, currency: 'EUR' }),
];
const f = [
  [0, 'negotiating', '2024-02-01', 200000, 'USD', 'reported'],
  [0, 'signed', '2024-06-01', 150000, 'USD', 'verified'],
  [0, 'signed', '2024-04-01', 999999, 'USD', 'reported'], // earlier: the later one counts
  [1, 'negotiating', '2024-02-02', 1000000, 'JPY', 'verified'],
  [2, 'dropped', '2024-03-01', null, 'KRW', 'reported'],
];
for (const [k, stage, date, amount, currency, provenance] of f) await post('follow_ups', { consultation_id: c[k].id, stage, date, amount, currency, provenance });
const r = ok(await api.get(`/api/v1/pavilions/${pav.id}/outcome`));

// the figures worked out here: per stage the consultations there, each at its latest
// follow-up of that stage (consulted: the consultation itself)
const at = (k, stage) => {
  if (stage === 'consulted') return { amount: c[k].amount, currency: c[k].currency, verified: false };
  const xs = f.filter((x) => x[0] === k && x[1] === stage).sort((x, y) => x[2].localeCompare(y[2]));
  return xs.length ? { amount: xs.at(-1)[3] ?? 0, currency: xs.at(-1)[4], verified: xs.at(-1)[5] === 'verified' } : null;
};
const rateOf = (from, to) => RATES[`${from}>${to}`];
const expect = (stage) => {
  const e = { count: 0, amount: { USD: 0, KRW: 0 }, verified: { USD: 0, KRW: 0 }, unconverted: 0 };
  for (let k = 0; k < c.length; k++) {
    const x = at(k, stage);
    if (!x) continue;
    e.count++;
    if (x.currency !== 'USD' && !rateOf(x.currency, 'USD')) { e.unconverted++; continue; }
    for (const to of ['USD', 'KRW']) {
      const v = convert(x.amount, x.currency, rateOf(x.currency, to) ?? '1', to);
      e.amount[to] += v;
      if (x.verified) e.verified[to] += v;
    }
  }
  return e;
};

describe('a pavilion\'s outcome report', () => {
  it('counts and sums each stage on its own, at the rates of the event\'s last day', () => {
    assert.equal(r.date, '2024-01-12');
    assert.deepEqual(r.currencies, ['USD', 'KRW']);
    for (const stage of ['consulted', 'negotiating', 'provisional', 'signed', 'exported', 'dropped']) {
      assert.deepEqual(r.total.stages[stage], expect(stage), stage);
    }
    // the checks that matter, spelled out: 1,500.00 USD signed (the later follow-up, verified),
    // never 9,999.99; the USD→KRW rate is 1300, not the older 1200 or the later 1400
    assert.equal(r.total.stages.signed.amount.USD, 150000);
    assert.equal(r.total.stages.signed.verified.KRW, 1950000);
    assert.equal(r.total.stages.consulted.unconverted, 1, 'the EUR amount has no rate: counted, not summed');
    assert.ok(r.rates.some((x) => x.currency === 'USD' && x.to_currency === 'KRW' && x.rate === '1300' && x.source === 'test desk'));
    assert.ok(!r.rates.some((x) => x.rate === '1200' || x.rate === '1400'));
  });

  it('breaks down by company, buyer country and category, each adding up to the total', () => {
    for (const axis of ['by_company', 'by_country', 'by_category']) {
      for (const stage of Object.keys(r.total.stages)) {
        const sum = (k, cur) => r[axis].reduce((s, g) => s + (cur ? g.stages[stage][k][cur] : g.stages[stage][k]), 0);
        assert.equal(sum('count'), r.total.stages[stage].count, `${axis} ${stage} count`);
        assert.equal(sum('amount', 'USD'), r.total.stages[stage].amount.USD, `${axis} ${stage} USD`);
        assert.equal(sum('verified', 'KRW'), r.total.stages[stage].verified.KRW, `${axis} ${stage} verified KRW`);
      }
    }
    assert.deepEqual(r.by_company.map((g) => g.organization_id), [a.id, b.id]);
    assert.deepEqual(r.by_country.map((g) => g.key), [null, 'JP', 'US']);
    assert.deepEqual(r.by_category.map((g) => g.key), [null, 'AI', 'Food']);
  });

  it('agrees with the consultations it is made of (the drill-down)', async () => {
    const list = ok(await api.get(`/api/v1/consultations?pavilion_id=${pav.id}&limit=500`));
    assert.equal(list.total, r.total.stages.consulted.count);
    const us = ok(await api.get(`/api/v1/consultations?pavilion_id=${pav.id}&buyer_country=US`));
    assert.equal(us.total, r.by_country.find((g) => g.key === 'US').stages.consulted.count);
  });

  it('refuses an unknown pavilion (404) and query parameters (400)', async () => {
    assertProblem(await api.get('/api/v1/pavilions/987654/outcome'), 404, 'not_found');
    assertProblem(await api.get(`/api/v1/pavilions/${pav.id}/outcome?stage=signed`), 400, 'invalid_parameter', [['stage', 'unknown_parameter']]);
  });

  it('a company\'s report holds its consultations only', async () => {
    const ra = ok(await api.get(`/api/v1/organizations/${a.id}/outcome`));
    assert.equal(ra.total.stages.consulted.count, 2);
    assert.deepEqual(ra.by_company.map((g) => g.organization_id), [a.id]);
    assert.equal(ra.total.stages.signed.amount.USD, 150000);
  });
});
