// outcome.test.mjs - outcome reports (issue 6) over the API: a pavilion's consultations and
// follow-ups counted and summed stage by stage (never across stages), converted into USD and
// KRW at the latest rate recorded on or before the event's last day (worked out here again in
// BigInt), amounts with no rate counted and left out, verified amounts apart, breakdowns that
// add up to the total, the drill-down list agreeing with the count, and bad requests refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, ok, assertProblem, csvObjects } from './helpers.mjs';
import { readXlsx } from '../lib/xlsx-read.mjs';
import { cli } from '../lib/server.mjs';

const { api, server } = await withServer();
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

describe('the consultations behind each number (the drill-down)', () => {
  const lines = (query) => api.get(`/api/v1/pavilions/${pav.id}/outcome/consultations?${query}`);
  it('lists, for every cell of every breakdown, consultations that add up to the cell', async () => {
    const groupsOf = { by_company: ['organization_id', (g) => g.organization_id], by_country: ['country', (g) => g.key ?? ''], by_category: ['category', (g) => g.key ?? ''] };
    let cells = 0;
    for (const stage of Object.keys(r.total.stages)) {
      const cases = [['', r.total.stages[stage]]];
      for (const [axis, [param, keyOf]] of Object.entries(groupsOf)) {
        for (const g of r[axis]) cases.push([`&${param}=${encodeURIComponent(keyOf(g))}`, g.stages[stage]]);
      }
      for (const [q, cell] of cases) {
        const d = ok(await lines(`stage=${stage}${q}&limit=1000`), 200, `${stage}${q}`);
        assert.deepEqual(d.total, cell, `${stage}${q}: the drill-down's total is the report's cell`);
        assert.equal(d.items.length, cell.count, `${stage}${q}`);
        const sum = (to, verifiedOnly) => d.items.reduce((s, x) => s + (x.converted && (!verifiedOnly || x.provenance === 'verified') ? x.converted[to] : 0), 0);
        assert.equal(sum('USD'), cell.amount.USD, `${stage}${q}: the lines sum to the amount`);
        assert.equal(sum('KRW', true), cell.verified.KRW, `${stage}${q}: the verified lines sum to the verified amount`);
        assert.equal(d.items.filter((x) => !x.converted).length, cell.unconverted, `${stage}${q}`);
        const v = ok(await lines(`stage=${stage}${q}&verified=true`), 200);
        assert.equal(v.total.amount.USD, cell.verified.USD, `${stage}${q}: verified only`);
        cells++;
      }
    }
    assert.ok(cells >= 30, `${cells} cells`);
    // each line says where its number comes from: consultation 1 is signed at its later follow-up
    const signed = ok(await lines('stage=signed'), 200);
    assert.deepEqual(signed.items.map((x) => [x.consultation.id, x.date, x.amount, x.currency, x.provenance]), [[c[0].id, '2024-06-01', 150000, 'USD', 'verified']]);
    assert.equal(signed.items[0].consultation.exhibitor.name_ko, '에이');
    const consulted = ok(await lines('stage=consulted&country='), 200);
    assert.deepEqual(consulted.items.map((x) => x.consultation.id), [c[3].id], 'country= names the consultations with none');
  });

  it('pages with limit and after, each consultation once', async () => {
    const seen = [];
    let after = null;
    do {
      const d = ok(await lines(`stage=consulted&limit=1${after ? `&after=${after}` : ''}`), 200);
      assert.ok(d.items.length <= 1);
      seen.push(...d.items.map((x) => x.consultation.id));
      after = d.next_after;
    } while (after);
    assert.deepEqual(seen, c.map((x) => x.id));
  });

  it('refuses a bad query, naming the parameter', async () => {
    assertProblem(await lines(''), 400, 'invalid_parameter', [['stage', 'required']]);
    assertProblem(await lines('stage=won'), 400, 'invalid_parameter', [['stage', 'invalid_value']]);
    assertProblem(await lines('stage=signed&country=US&category=AI'), 400, 'invalid_parameter', [['category', 'conflicting_parameter']]);
    assertProblem(await lines('stage=signed&organization_id=abc'), 400, 'invalid_parameter', [['organization_id', 'invalid_type']]);
    assertProblem(await lines('stage=signed&limit=0'), 400, 'invalid_parameter', [['limit', 'out_of_range']]);
    assertProblem(await lines('stage=signed&verified=yes'), 400, 'invalid_parameter', [['verified', 'invalid_type']]);
    assertProblem(await lines('stage=signed&sort=amount'), 400, 'invalid_parameter', [['sort', 'unknown_parameter']]);
    assertProblem(await api.get('/api/v1/pavilions/987654/outcome/consultations?stage=signed'), 404, 'not_found');
  });
});

describe('an edition against the one before, and the figures beside the consultations', async () => {
  // two editions of one show; the host's pavilion at each, and another host's at the later one
  const region = await post('organizations', { kind: 'government', name_ko: '비교 도' });
  const rival = await post('organizations', { kind: 'government', name_ko: '다른 도' });
  const y23 = await post('events', { name_ko: '쇼 2023', series: 'SHOW', start_date: '2023-01-05', end_date: '2023-01-08' });
  const y24 = await post('events', { name_ko: '쇼 2024', series: 'SHOW', start_date: '2024-01-09', end_date: '2024-01-12' });
  await post('events', { name_ko: '다른 쇼 2023', series: 'OTHER', start_date: '2023-06-01', end_date: '2023-06-03' });
  const p23 = await post('pavilions', { event_id: y23.id, host_organization_id: region.id, name_ko: '비교관 2023' });
  const p24 = await post('pavilions', { event_id: y24.id, host_organization_id: region.id, name_ko: '비교관 2024' });
  const r24 = await post('pavilions', { event_id: y24.id, host_organization_id: rival.id, name_ko: '다른관 2024' });
  const co = [];
  for (const n of ['가', '나', '다']) co.push(await post('organizations', { kind: 'company', name_ko: `비교${n}` }));
  // booths: 가 and 나 exhibit in 2024; 다 logs a consultation without a booth
  await post('booths', { pavilion_id: p24.id, code: 'C1', exhibitor_id: co[0].id });
  await post('booths', { pavilion_id: p24.id, code: 'C2', exhibitor_id: co[1].id });
  await post('booths', { pavilion_id: p23.id, code: 'B1', exhibitor_id: co[0].id });
  await post('exchange_rates', { date: '2023-01-08', currency: 'USD', to_currency: 'KRW', rate: '1250', source: 'yoy desk' });
  const log = (p, exhibitor, amount) => post('consultations', { pavilion_id: p.id, exhibitor_id: exhibitor.id, kind: 'walk_in', consulted_at: '2024-01-10T10:00:00-08:00', amount, currency: 'USD' });
  await log(p23, co[0], 100000);
  await log(p23, co[0], 200000);
  const x = await log(p24, co[0], 300000);
  await log(p24, co[2], 400000);
  await log(r24, co[1], 999900);
  await post('follow_ups', { consultation_id: x.id, stage: 'signed', date: '2024-05-01', amount: 250000, currency: 'USD', provenance: 'verified' });
  // B2B meetings at the host's programme: two held, one no-show; the rival's held one not counted
  const programme = async (host) => {
    const b = await post('b2b_events', { host_organization_id: host.id, event_id: y24.id, name_ko: `${host.name_ko} 상담회`, timezone: 'America/Los_Angeles' });
    const ex = await post('b2b_participants', { b2b_event_id: b.id, kind: 'exhibitor', name: '부스', organization_id: co[0].id });
    const buyers = [];
    for (let i = 0; i < 3; i++) buyers.push(await post('b2b_participants', { b2b_event_id: b.id, kind: 'buyer', name: `buyer ${i}` }));
    return { b, ex, buyers };
  };
  const mine = await programme(region), theirs = await programme(rival);
  for (const [k, status] of [[0, 'held'], [1, 'held'], [2, 'no_show']]) await post('b2b_meetings', { b2b_event_id: mine.b.id, host_id: mine.ex.id, visitor_id: mine.buyers[k].id, status });
  await post('b2b_meetings', { b2b_event_id: theirs.b.id, host_id: theirs.ex.id, visitor_id: theirs.buyers[0].id, status: 'held' });
  // agreements at the 2024 show: one binding contract-like MOU signed, one planned (not counted)
  const trip = await post('delegations', { host_organization_id: region.id, title_ko: '비교 출장' });
  await post('agreements', { kind: 'mou', title_ko: '체결 협약', status: 'signed', delegation_id: trip.id, event_id: y24.id, amount: 5000000, currency: 'USD', binding: true });
  await post('agreements', { kind: 'mou', title_ko: '예정 협약', status: 'planned', delegation_id: trip.id, event_id: y24.id, amount: 7000000, currency: 'USD' });
  const now = ok(await api.get(`/api/v1/pavilions/${p24.id}/outcome`));

  it('counts companies, meetings held and agreements signed, apart from the stages', () => {
    assert.deepEqual(now.summary, {
      companies: 3, // 가 and 나 with booths, 다 with a consultation only
      consultations: 2,
      meetings_held: 2,
      agreements: { count: 1, binding: 1, amount: { USD: 5000000, KRW: 5000000 * 13 }, unconverted: 0 },
    });
  });

  it('compares with the same host\'s pavilion at the previous edition, at that edition\'s rates', () => {
    assert.equal(now.previous.event_id, y23.id);
    assert.deepEqual(now.previous.pavilions, [p23.id]);
    assert.equal(now.previous.date, '2023-01-08');
    assert.equal(now.previous.summary.consultations, 2);
    assert.equal(now.previous.summary.companies, 1);
    assert.deepEqual(now.previous.total.consulted.amount, { USD: 300000, KRW: 300000 * 12.5 });
    assert.equal(now.previous.total.signed.count, 0);
    assert.deepEqual(now.total.stages.signed.amount, { USD: 250000, KRW: 250000 * 13 });
  });

  it('has no previous edition for the first one, nor for a show without a series', async () => {
    assert.equal(ok(await api.get(`/api/v1/pavilions/${p23.id}/outcome`)).previous, null);
    assert.equal(r.previous, null);
  });

  it('reports the whole event by pavilion, the pavilions adding up to the total', async () => {
    const ev = ok(await api.get(`/api/v1/events/${y24.id}/outcome`));
    assert.deepEqual(ev.by_pavilion.map((g) => g.pavilion_id), [p24.id, r24.id]);
    for (const stage of Object.keys(ev.total.stages)) {
      assert.equal(ev.by_pavilion.reduce((s, g) => s + g.stages[stage].amount.USD, 0), ev.total.stages[stage].amount.USD, stage);
    }
    assert.equal(ev.summary.consultations, 3);
    assert.equal(ev.summary.meetings_held, 3, 'both hosts\' programmes');
    assert.equal(ev.previous.event_id, y23.id);
    assert.equal(ev.previous.summary.consultations, 2);
    const d = ok(await api.get(`/api/v1/events/${y24.id}/outcome/consultations?stage=consulted&pavilion_id=${r24.id}`));
    assert.deepEqual(d.total, ev.by_pavilion[1].stages.consulted);
  });
});

describe('the report as a workbook and as CSV', () => {
  it('is an XLSX an independent reader opens: a sheet per breakdown, numbers as numbers, native charts', async () => {
    for (const [lang, names] of [['ko', ['요약', '기업별', '국가별', '품목별', '환율', '상담일지']], ['en', ['Summary', 'By company', 'By country', 'By category', 'Rates', 'Consultations']]]) {
      const x = await api.get(`/api/v1/pavilions/${pav.id}/outcome.xlsx?lang=${lang}`);
      assert.equal(x.status, 200);
      assert.equal(x.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.match(x.headers.get('content-disposition'), /attachment; filename="outcome-pavilion-\d+\.xlsx"/);
      const book = readXlsx(x.buf);
      assert.deepEqual(book.sheets, names);
      // the summary: each stage's count and amounts, as numbers, as the API gives them
      const [summary, byCompany, byCountry, byCategory, , lines] = names;
      for (const stage of Object.keys(r.total.stages)) {
        const label = { ko: { consulted: '상담', negotiating: '협상 중', provisional: '가계약', signed: '계약 체결', exported: '수출 완료', dropped: '중단' }, en: { consulted: 'Consulted', negotiating: 'Negotiating', provisional: 'Provisional contract', signed: 'Contract signed', exported: 'Exported', dropped: 'Dropped' } }[lang][stage];
        const row = book.rowOf(summary, label);
        const cell = r.total.stages[stage];
        assert.equal(row[2].v, cell.count, `${stage} count`);
        assert.equal(row[2].t, 'int');
        assert.equal(row[3].v, cell.amount.USD / 100, `${stage} USD`);
        assert.equal(row[3].fmt, '#,##0.00');
        assert.equal(row[4].v, cell.amount.KRW, `${stage} KRW`);
        assert.equal(row[5].v, cell.verified.USD / 100, `${stage} verified USD`);
      }
      assert.equal(book.charts[summary].length, 1, 'the summary has a chart of the stages');
      assert.equal(book.charts[summary][0].type, 'barChart');
      for (const s of [byCompany, byCountry, byCategory]) assert.equal(book.charts[s].length, 1, `${s} has a chart`);
      // a row per company, its consulted amount as in the report
      const a1 = r.by_company.find((g) => g.organization_id === a.id);
      assert.equal(book.rowOf(byCompany, '에이')[3].v, a1.stages.consulted.amount.USD / 100);
      assert.equal(book.sheet(byCountry).filter((c) => c.col === 1 && c.row > 1).length, r.by_country.length);
      // every consultation, each stage's column summing to the report's figure
      const ids = book.sheet(lines).filter((c) => c.col === 1 && c.row > 1 && c.t === 'int').map((c) => c.v);
      assert.deepEqual(ids.sort((p, q) => p - q), c.map((x) => x.id));
      for (const [k, stage] of Object.keys(r.total.stages).entries()) {
        const col = 9 + k;
        const sum = book.sheet(lines).filter((c) => c.col === col && c.t === 'float' || (c.col === col && c.t === 'int')).reduce((s, c) => s + Math.round(c.v * 100), 0);
        assert.equal(sum, r.total.stages[stage].amount.USD, `${stage}: the consultations' column sums to the report`);
      }
      assert.ok(book.sheet(lines).some((c) => typeof c.v === 'string' && c.v.startsWith('=SUM(')), 'a total row of formulas');
    }
    assertProblem(await api.get(`/api/v1/pavilions/${pav.id}/outcome.xlsx?lang=fr`), 400, 'invalid_parameter', [['lang', 'invalid_choice']]);
    assertProblem(await api.get(`/api/v1/pavilions/${pav.id}/outcome.xlsx?sheet=1`), 400, 'invalid_parameter', [['sheet', 'unknown_parameter']]);
    assertProblem(await api.get('/api/v1/pavilions/987654/outcome.xlsx'), 404, 'not_found');
  });

  it('is a CSV of every figure, one line per group and stage, in major units', async () => {
    const res = await api.get(`/api/v1/pavilions/${pav.id}/outcome.csv`);
    assert.equal(res.status, 200);
    assert.match(res.ct, /^text\/csv/);
    const { rows } = csvObjects(res.text);
    const line = (section, group, stage) => rows.find((x) => x.section === section && (x.group ?? '') === group && (x.stage ?? '') === stage);
    for (const stage of Object.keys(r.total.stages)) {
      const t = line('total', '', stage), cell = r.total.stages[stage];
      assert.equal(Number(t.count), cell.count);
      assert.equal(t.amount_usd, (cell.amount.USD / 100).toFixed(2), `${stage}`);
      assert.equal(t.amount_krw, String(cell.amount.KRW));
      assert.equal(t.verified_usd, (cell.verified.USD / 100).toFixed(2));
      assert.equal(Number(t.unconverted), cell.unconverted);
    }
    assert.equal(line('company', '비', 'consulted').group_id, String(b.id));
    assert.equal(rows.filter((x) => x.section === 'country').length, r.by_country.length * 6);
    assert.equal(line('summary', 'consultations', '').count, String(r.summary.consultations));
  });
});

describe('roadshow outcome (the command line)', () => {
  it('prints the same report as the API, and writes the same files', () => {
    const json = cli(['outcome', '--db', server.db, 'pavilion', String(pav.id)]);
    assert.equal(json.status, 0, json.stderr);
    const fromCli = JSON.parse(json.stdout);
    assert.deepEqual(fromCli.total, r.total);
    assert.deepEqual(fromCli.summary, r.summary);
    const csv = cli(['outcome', '--db', server.db, '--format', 'csv', 'pavilion', String(pav.id)]);
    assert.equal(csv.status, 0, csv.stderr);
    assert.equal(csvObjects(csv.stdout).rows.filter((x) => x.section === 'total').length, 6);
  });

  it('exits 1 for an unknown subject and 2 for a bad argument', () => {
    const none = cli(['outcome', '--db', server.db, 'pavilion', '987654']);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /no such record/);
    for (const args of [['booth', '1'], ['pavilion', 'x'], ['--format', 'pdf', 'pavilion', '1'], ['pavilion']]) {
      assert.equal(cli(['outcome', '--db', server.db, ...args]).status, 2, args.join(' '));
    }
  });
});

describe('a report follows every change (where each consultation stands is kept as rows change)', () => {
  it('counts a follow-up moved to another stage, deleted, and a consultation re-categorized', async () => {
    const hostK = await post('organizations', { kind: 'government', name_ko: '변경 도' });
    const pk = await post('pavilions', { event_id: event.id, host_organization_id: hostK.id, name_ko: '변경관' });
    const cx = await post('consultations', { pavilion_id: pk.id, exhibitor_id: a.id, kind: 'walk_in', consulted_at: '2024-01-10T10:00:00-08:00', category: 'Old', amount: 50000, currency: 'USD' });
    const fx = await post('follow_ups', { consultation_id: cx.id, stage: 'signed', date: '2024-03-01', amount: 40000, currency: 'USD' });
    const rep = async () => ok(await api.get(`/api/v1/pavilions/${pk.id}/outcome`));
    let now = await rep();
    assert.equal(now.total.stages.signed.count, 1);
    assert.equal(now.total.stages.signed.amount.USD, 40000);
    const moved = ok(await api.patch(`/api/v1/follow_ups/${fx.id}`, { json: { stage: 'dropped', amount: 0 }, headers: { 'If-Match': `"${fx.version}"` } }));
    now = await rep();
    assert.equal(now.total.stages.signed.count, 0, 'no longer signed');
    assert.equal(now.total.stages.dropped.count, 1);
    ok(await api.del(`/api/v1/follow_ups/${fx.id}`, { headers: { 'If-Match': `"${moved.version}"` } }), 204);
    now = await rep();
    assert.equal(now.total.stages.dropped.count, 0, 'the follow-up is gone');
    assert.equal(now.total.stages.consulted.amount.USD, 50000);
    ok(await api.patch(`/api/v1/consultations/${cx.id}`, { json: { category: 'New', amount: 70000 }, headers: { 'If-Match': `"${cx.version}"` } }));
    now = await rep();
    assert.deepEqual(now.by_category.map((g) => g.key), ['New']);
    assert.equal(now.total.stages.consulted.amount.USD, 70000);
  });
});
