// documents.test.mjs - a delegation's trip plan (출장 계획서) and result report (결과보고서), as
// printable HTML and as XLSX. The workbooks are read back by an independent reader (Debian's
// python3-openpyxl): sheets, numbers that are numbers, costs converted at their own recorded
// rates (worked out here again, in BigInt), lines without a rate listed but never summed,
// members by office and never by name. The HTML escapes what the database holds; both
// documents follow the day view's access rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../lib/server.mjs';
import { readXlsx } from '../lib/xlsx-read.mjs';
import { withServer, ok, assertProblem, bearer } from './helpers.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HOSTILE = '<script>alert(1)</script> & "quoted" \'single\'';
const HOSTILE_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;';
const DOCS = ['plan.html', 'plan.xlsx', 'report.html', 'report.xlsx'];

// ISO 4217 minor digits of the currencies this test uses.
const DIGITS = { KRW: 0, JPY: 0, USD: 2, EUR: 2 };

// amount (minor units of from) at rate (units of to per unit of from) in minor units of to,
// half away from zero; null without a rate in another currency.
function convert(amount, from, rate, to) {
  if (from === to && rate == null) return amount;
  if (rate == null) return null;
  const [int, frac = ''] = rate.split('.');
  const micro = BigInt(int + frac.padEnd(6, '0'));
  const num = BigInt(amount) * micro * 10n ** BigInt(DIGITS[to]);
  const den = 10n ** BigInt(DIGITS[from]) * 1000000n;
  let q = num / den;
  if ((num % den) * 2n >= den) q += 1n;
  return Number(q);
}

const grouped = (n) => n.toLocaleString('en-US');
const literally = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ctx = await withServer({ demo: true, accounts: true }, async ({ server, api }) => {
  const H = {};
  for (const login of ['admin', 'jeonbuk', 'jeonbuk.viewer', 'seongnam', 'vinatech']) {
    H[login] = await bearer(api, login, server.passwords[login]);
  }
  const as = (login) => (m, path, opts = {}) => api.request(m, path, { ...opts, headers: { ...H[login], ...(opts.headers || {}) } });
  const admin = as('admin');
  const trips = ok(await admin('GET', '/api/v1/delegations?limit=50')).items;
  const byHost = (name) => trips.find((d) => d._refs.host_organization_id.label_ko === name);
  const jb = ok(await admin('GET', `/api/v1/delegations/${byHost('전북특별자치도').id}`));
  const sn = byHost('성남시');

  // the members' people: their titles belong in the documents, their names never
  const people = [];
  for (const m of jb.members) people.push({ ...ok(await admin('GET', `/api/v1/people/${m.person_id}`)), role: m.role, member: m.id });
  const head = people.find((p) => p.role === 'head');

  const item = (en) => {
    const it = jb.items.find((x) => x.title_en === en);
    assert.ok(it, `no item "${en}" in the demo`);
    return it;
  };
  const patch = async (res, row, json) =>
    ok(await admin('PATCH', `/api/v1/${res}/${row.id}`, { json, headers: { 'If-Match': `"${row.version}"` } }), 200, `patch ${res}`);

  const mit = item('Visit to the MIT mechanobiology lab');
  const cancelled = await patch('itinerary_items', item('Tour of the main LVCC halls'), { status: 'cancelled' });
  const planned = await patch('itinerary_items', item('Tour of Eureka Park startups'), { status: 'planned' });
  await patch('itinerary_items', mit, { result: '기계생물학 공동연구 추진 합의\n후속 방문 예정' });
  const dlg = await patch('delegations', jb, { implications_ko: '현지 네트워크 상시화 필요 & <후속 과제>', implications_en: 'Keep the network alive' });

  // an institution whose name and purpose would break unescaped markup
  const org = ok(await admin('POST', '/api/v1/organizations', {
    json: { kind: 'company', name_ko: '보스턴 "바이오" & <파트너스>', name_en: 'Boston "Bio" & <Partners>', country: 'US', city: 'Boston' } }), 201);
  ok(await admin('POST', '/api/v1/trip_institutions', {
    json: { delegation_id: jb.id, organization_id: org.id, item_id: mit.id, purpose: HOSTILE, result: '공동연구 협의체 구성 합의' } }), 201);

  // costs in KRW and USD, one USD line without a rate
  const mine = {
    krw: { category: 'ground', description: '문서 시험 — 의전 차량', amount: 450000, currency: 'KRW', member_id: head.member },
    usd: { category: 'other', description: '문서 시험 — 전시 물품 운송', amount: 234567, currency: 'USD', rate: '1305.12' },
    norate: { category: 'interpreting', description: '문서 시험 — 환율 미정 통역', amount: 80000, currency: 'USD' },
  };
  for (const c of Object.values(mine)) ok(await admin('POST', '/api/v1/trip_costs', { json: { delegation_id: jb.id, ...c } }), 201);

  // what the totals must be, worked out here from every cost line of the trip
  const base = dlg.budget_currency;
  const lines = ok(await admin('GET', `/api/v1/trip_costs?delegation_id=${jb.id}&limit=500`)).items;
  let total = 0;
  let unconverted = 0;
  const byCategory = {};
  for (const l of lines) {
    const v = convert(l.amount, l.currency, l.rate, base);
    if (v === null) unconverted++;
    else {
      total += v;
      byCategory[l.category] = (byCategory[l.category] ?? 0) + v;
    }
  }
  return { H, admin, jb: dlg, sn, people, head, mit, cancelled, planned, org, mine, base, total, unconverted, byCategory };
});

const { api, H, admin, jb, sn, people, cancelled, planned, mine, base, total, unconverted, byCategory } = ctx;

// A download as bytes (the helpers' client reads text).
async function download(path, headers = H.admin) {
  const r = await fetch(`${api.base}${path}`, { headers });
  const buf = Buffer.from(await r.arrayBuffer());
  return { status: r.status, ct: r.headers.get('content-type') ?? '', disposition: r.headers.get('content-disposition'), buf, text: buf.toString('utf8') };
}

const docs = {};
async function doc(name, lang) {
  const key = `${name}${lang ? `?lang=${lang}` : ''}`;
  if (!docs[key]) {
    const r = await download(`/api/v1/delegations/${jb.id}/${key}`);
    assert.equal(r.status, 200, `${key}: ${r.text.slice(0, 300)}`);
    docs[key] = r;
  }
  return docs[key];
}

describe('the plan as XLSX', () => {
  let book;
  it('is a workbook an independent reader opens, with one sheet per section', async () => {
    const r = await doc('plan.xlsx');
    assert.equal(r.ct, XLSX);
    assert.equal(r.disposition, `attachment; filename="delegation-${jb.id}-plan.xlsx"`);
    assert.equal(r.buf.subarray(0, 2).toString('latin1'), 'PK', 'a zip container');
    book = readXlsx(r.buf);
    assert.deepEqual(book.sheets, ['개요', '출장단', '방문기관', '일정', '경비']);
  });

  it('has the overview: title, trip length 5박7일, dates as dates, budget and total as numbers', () => {
    const s = book.sheet('개요');
    assert.ok(s.some((c) => c.v === '국외출장 계획서'));
    assert.equal(book.rowOf('개요', '출장명')[2].v, jb.title_ko);
    assert.equal(book.rowOf('개요', '출장 일수')[2].v, '5박7일');
    const depart = book.rowOf('개요', '출발일')[2];
    assert.equal(depart.t, 'datetime');
    assert.equal(depart.v.slice(0, 10), jb.depart_date);
    const budget = book.rowOf('개요', `예산 (${base})`)[2];
    assert.equal(typeof budget.v, 'number');
    assert.equal(budget.v, jb.budget);
    const sum = book.rowOf('개요', `총 경비 (${base})`)[2];
    assert.equal(typeof sum.v, 'number');
    assert.equal(sum.v, total);
    assert.equal(book.rowOf('개요', '환산 불가 경비')[2].v, unconverted);
    assert.ok(unconverted >= 1);
  });

  it('lists the members by role and title, head first, and never their names', () => {
    const s = book.sheet('출장단');
    const titles = s.filter((c) => c.col === 3 && c.row > 3).map((c) => c.v);
    for (const p of people) assert.ok(titles.includes(p.title_ko), `title ${p.title_ko}`);
    assert.equal(book.rowOf('출장단', '단장')[3].v, ctx.head.title_ko);
    assert.equal(book.rowOf('출장단', '단장')[1].v, 1);
    const strings = book.strings().join('\n');
    for (const p of people) {
      assert.ok(!strings.includes(p.name_ko), `name ${p.name_ko} in the plan`);
      assert.ok(!strings.includes(p.name_en), `name ${p.name_en} in the plan`);
    }
  });

  it('lists the institutions, as they were typed', () => {
    const row = book.rowOf('방문기관', HOSTILE);
    assert.equal(row[2].v, ctx.org.name_ko);
    assert.equal(row[6].v, ctx.mit.title_ko);
    assert.equal(row[7].t, 'datetime');
    assert.ok(book.sheet('방문기관').some((c) => c.v === 'MIT 기계생물학 연구실'));
  });

  it('has the itinerary without the cancelled item', () => {
    const s = book.sheet('일정');
    assert.ok(s.some((c) => c.v === ctx.mit.title_ko));
    assert.ok(s.some((c) => c.v === planned.title_ko), 'a planned item is in the plan');
    assert.ok(!s.some((c) => c.v === cancelled.title_ko), 'the cancelled item is in the plan');
    const first = s.find((c) => c.col === 2 && c.row > 3);
    assert.equal(first.t, 'datetime');
  });

  it('has the costs as numbers in major units, converted at their own rate, the one without a rate left out', () => {
    const usd = book.rowOf('경비', mine.usd.description);
    assert.equal(usd[6].v, 2345.67);
    assert.equal(typeof usd[6].v, 'number');
    assert.equal(usd[6].fmt, '#,##0.00');
    assert.equal(usd[7].v, 'USD');
    assert.equal(usd[8].v, 1305.12);
    assert.equal(usd[9].v, convert(234567, 'USD', '1305.12', 'KRW'));
    assert.equal(usd[9].v, 3061381);
    assert.equal(usd[9].fmt, '#,##0');

    const krw = book.rowOf('경비', mine.krw.description);
    assert.equal(krw[6].v, 450000);
    assert.equal(krw[6].fmt, '#,##0');
    assert.equal(krw[9].v, 450000);
    assert.match(krw[5].v, new RegExp(ctx.head.title_ko));

    const norate = book.rowOf('경비', mine.norate.description);
    assert.equal(norate[6].v, 800);
    assert.equal(norate[9], undefined, 'a line without a rate has no converted amount');
    assert.match(norate[10].v, /환율 없음/);

    assert.equal(book.rowOf('경비', '합계')[3].v, total);
    assert.equal(book.rowOf('경비', '기타')[3].v, byCategory.other);
    assert.equal(book.rowOf('경비', '통역비')[3].v, byCategory.interpreting ?? 0);
    assert.equal(book.rowOf('경비', '예산')[3].v, jb.budget);
    assert.equal(book.rowOf('경비', '잔액(예산 − 합계)')[3].v, jb.budget - total);
    assert.equal(book.rowOf('경비', '환산 불가 경비')[3].v, unconverted);
  });
});

describe('the report as XLSX', () => {
  let book;
  it('has the report\'s sheets', async () => {
    const r = await doc('report.xlsx');
    assert.equal(r.ct, XLSX);
    assert.equal(r.disposition, `attachment; filename="delegation-${jb.id}-report.xlsx"`);
    book = readXlsx(r.buf);
    assert.deepEqual(book.sheets, ['개요', '출장단', '방문기관', '일정', '활동', '협약', '경비']);
  });

  it('has the overview with the outcome and implications, 5박7일, and the same total', () => {
    assert.ok(book.sheet('개요').some((c) => c.v === '국외출장 결과보고서'));
    assert.equal(book.rowOf('개요', '출장 일수')[2].v, '5박7일');
    assert.equal(book.rowOf('개요', '출장 결과 요약')[2].v, jb.outcome_ko);
    assert.equal(book.rowOf('개요', '시사점')[2].v, jb.implications_ko);
    assert.equal(book.rowOf('개요', `총 경비 (${base})`)[2].v, total);
  });

  it('has the itinerary as travelled: done items, the cancelled one marked, the planned one not', () => {
    const row = book.rowOf('일정', cancelled.title_ko);
    assert.equal(row[11].v, '취소');
    assert.ok(!book.sheet('일정').some((c) => c.v === planned.title_ko));
    assert.equal(book.rowOf('일정', ctx.mit.title_ko)[11].v, '완료');
  });

  it('has the activities by task, with their results, and the institutions\' results', () => {
    const row = book.rowOf('활동', ctx.mit.title_ko);
    assert.equal(row[1].v, '바이오헬스 협력');
    assert.equal(row[2].t, 'datetime');
    assert.equal(row[4].v, '기계생물학 공동연구 추진 합의\n후속 방문 예정');
    assert.equal(book.rowOf('방문기관', HOSTILE)[8].v, '공동연구 협의체 구성 합의');
  });

  it('never names the members', () => {
    const strings = book.strings().join('\n');
    for (const p of people) assert.ok(!strings.includes(p.name_ko) && !strings.includes(p.name_en), p.name_ko);
  });

  it('lists a trip\'s agreements with their parties and signing dates', async () => {
    const r = await download(`/api/v1/delegations/${sn.id}/report.xlsx`);
    assert.equal(r.status, 200);
    const b = readXlsx(r.buf);
    const ags = ok(await admin('GET', `/api/v1/agreements?delegation_id=${sn.id}&limit=50`)).items;
    assert.ok(ags.length >= 3);
    for (const ag of ags) {
      const row = b.rowOf('협약', ag.title_ko);
      if (ag.signed_date) {
        assert.equal(row[5].t, 'datetime');
        assert.equal(row[5].v.slice(0, 10), ag.signed_date);
      }
    }
    assert.equal(b.rowOf('개요', '체결 협약')[2].v, ags.filter((a) => !['planned', 'lapsed'].includes(a.status)).length);
    assert.ok(b.sheet('협약').some((c) => typeof c.v === 'string' && /링크원/.test(c.v)));
  });
});

describe('the HTML documents', () => {
  it('the plan: a page with the title, institutions, converted total, and no cancelled item', async () => {
    const r = await doc('plan.html');
    assert.equal(r.ct, 'text/html; charset=utf-8');
    assert.equal(r.disposition, `attachment; filename="delegation-${jb.id}-plan.html"`);
    assert.match(r.text, /^<!DOCTYPE html>\n<html lang="ko">/);
    assert.match(r.text, /@page\{size:A4/);
    assert.ok(r.text.includes('국외출장 계획서'));
    assert.ok(r.text.includes(jb.title_ko));
    assert.ok(r.text.includes('5박7일'));
    assert.ok(r.text.includes('MIT 기계생물학 연구실'));
    assert.ok(r.text.includes(`<td class="num">${grouped(total)}</td>`), `total ${grouped(total)}`);
    assert.ok(r.text.includes(`${grouped(convert(234567, 'USD', '1305.12', 'KRW'))} KRW`));
    assert.ok(r.text.includes('2,345.67 USD'));
    assert.ok(!r.text.includes(cancelled.title_ko), 'the cancelled item is in the plan');
    for (const p of people) assert.ok(!r.text.includes(p.name_ko) && !r.text.includes(p.name_en), p.name_ko);
    for (const p of people) assert.ok(r.text.includes(p.title_ko), p.title_ko);
  });

  it('escapes every string from the database', async () => {
    for (const name of ['plan.html', 'report.html']) {
      const r = await doc(name);
      assert.ok(r.text.includes(HOSTILE_ESCAPED), `${name}: the purpose escaped`);
      assert.ok(!/<script/i.test(r.text), `${name}: raw markup from the database`);
      assert.ok(!r.text.includes('<파트너스>') && r.text.includes('보스턴 &quot;바이오&quot; &amp; &lt;파트너스&gt;'), `${name}: the name escaped`);
    }
    const report = await doc('report.html');
    assert.ok(report.text.includes('현지 네트워크 상시화 필요 &amp; &lt;후속 과제&gt;'));
  });

  it('the report: as travelled, the cancelled item marked, activities by task, implications, costs', async () => {
    const r = await doc('report.html');
    assert.equal(r.disposition, `attachment; filename="delegation-${jb.id}-report.html"`);
    assert.ok(r.text.includes('국외출장 결과보고서'));
    assert.match(r.text, new RegExp(`<tr class="cancelled">.*<span class="badge">취소</span><span class="item-title">${literally(cancelled.title_ko)}</span>`));
    assert.ok(!r.text.includes(planned.title_ko), 'an item neither done nor cancelled');
    assert.match(r.text, /완료나 취소로 표시되지 않은 일정 1건은 싣지 않았습니다/);
    const activities = r.text.slice(r.text.indexOf('id="activities"'), r.text.indexOf('id="agreements"'));
    assert.match(activities, /<h3>바이오헬스 협력<\/h3>[^]*기계생물학 공동연구 추진 합의\n후속 방문 예정/);
    assert.ok(activities.includes('공동연구 협의체 구성 합의'));
    assert.ok(r.text.includes(jb.outcome_ko));
    assert.ok(r.text.includes(`<td class="num">${grouped(total)}</td>`));
    assert.match(r.text, /환율이 없어 합계에서 뺀 경비: \d+건/);
  });

  it('in English with ?lang=en', async () => {
    const r = await doc('plan.html', 'en');
    assert.equal(r.disposition, `attachment; filename="delegation-${jb.id}-plan-en.html"`);
    assert.match(r.text, /<html lang="en">/);
    for (const h of ['Overseas Trip Plan', 'Overview', 'Delegation', 'Institutions', 'Itinerary', 'Costs', '5 nights, 7 days']) {
      assert.ok(r.text.includes(h), h);
    }
    assert.ok(r.text.includes(jb.title_en));
    assert.ok(!r.text.includes('출장 개요'));
    const report = await doc('report.html', 'en');
    for (const h of ['Overseas Trip Report', 'Itinerary as travelled', 'Main activities', 'Agreements', 'Implications', 'Keep the network alive']) {
      assert.ok(report.text.includes(h), h);
    }
    const book = readXlsx((await doc('plan.xlsx', 'en')).buf);
    assert.deepEqual(book.sheets, ['Overview', 'Members', 'Institutions', 'Itinerary', 'Costs']);
    assert.equal(book.rowOf('Overview', 'Length')[2].v, '5 nights, 7 days');
    assert.equal(book.rowOf('Overview', `Total cost (${base})`)[2].v, total);
    const rb = readXlsx((await doc('report.xlsx', 'en')).buf);
    assert.deepEqual(rb.sheets, ['Overview', 'Members', 'Institutions', 'Itinerary', 'Activities', 'Agreements', 'Costs']);
  });
});

describe('parameters and access', () => {
  it('?lang other than ko or en, or another parameter, is 400 naming it', async () => {
    for (const name of DOCS) {
      assertProblem(await api.get(`/api/v1/delegations/${jb.id}/${name}?lang=xx`, { headers: H.admin }), 400, 'invalid_parameter', [['lang', 'invalid_choice']], name);
      assertProblem(await api.get(`/api/v1/delegations/${jb.id}/${name}?lang=`, { headers: H.admin }), 400, 'invalid_parameter', [['lang']], name);
      assertProblem(await api.get(`/api/v1/delegations/${jb.id}/${name}?member=1`, { headers: H.admin }), 400, 'invalid_parameter', [['member', 'unknown_parameter']], name);
    }
  });

  it('the trip\'s own organizer and viewer read them', async () => {
    for (const name of DOCS) {
      for (const login of ['jeonbuk', 'jeonbuk.viewer']) {
        const r = await download(`/api/v1/delegations/${jb.id}/${name}`, H[login]);
        assert.equal(r.status, 200, `${login} ${name}`);
      }
    }
  });

  it('another region\'s organizer gets 404 without the trip\'s data, a company member 403, nobody 401', async () => {
    for (const name of DOCS) {
      const path = `/api/v1/delegations/${jb.id}/${name}`;
      const other = await api.get(path, { headers: H.seongnam });
      assertProblem(other, 404, 'not_found', [], `seongnam ${name}`);
      assert.ok(!other.text.includes(jb.title_ko));
      assertProblem(await api.get(path, { headers: H.vinatech }), 403, 'forbidden', [], `vinatech ${name}`);
      assertProblem(await api.get(path), 401, 'login_required', [], `anonymous ${name}`);
      assertProblem(await api.get(`/api/v1/delegations/987654/${name}`, { headers: H.admin }), 404, 'not_found', [], `no trip ${name}`);
    }
  });
});

describe('the command line', () => {
  it('roadshow document writes the same documents the API serves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roadshow-doc-'));
    try {
      const file = join(dir, 'report.xlsx');
      const r = cli(['document', String(jb.id), 'report', '--out', file, '--db', ctx.server.db]);
      assert.equal(r.status, 0, r.stderr);
      const fromCli = readXlsx(readFileSync(file));
      const fromApi = readXlsx((await doc('report.xlsx')).buf);
      assert.deepEqual(fromCli.sheets, fromApi.sheets);
      assert.deepEqual(fromCli.cells, fromApi.cells, 'the same cells, values and types');
      const html = cli(['document', String(jb.id), 'plan', '--lang', 'en', '--db', ctx.server.db]);
      assert.equal(html.status, 0, html.stderr);
      assert.match(html.stdout, /^<!DOCTYPE html>/);
      assert.match(html.stdout, /Overseas Trip Plan/);
      assert.equal(cli(['document', String(jb.id), 'memo', '--db', ctx.server.db]).status, 2);
      assert.equal(cli(['document', '987654', 'plan', '--db', ctx.server.db]).status, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
