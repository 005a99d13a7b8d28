// pagination.test.mjs - cursor pagination over ~120 rows (every row exactly once, in
// order, with and without sort), Hangul sort order, limits and totals, and search (?q)
// with SQL metacharacters that must match literally.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { ok, assertProblem, dump, assertAlive, cmpCodePoints, withServer } from './helpers.mjs';

const { server, api, fx, names } = await withServer();

const CITY = '페이지시';
const N = 120;
const SYL = ['가', '나', '다', '라', '마', '바', '사', '아', '자', '차', '카', '타', '파', '하'];
let rows = []; // the N rows, as created

// 40 distinct names, each used three times, so ties must be broken by id.
function nameFor(i) {
  const k = i % 40;
  if (k === 0) return 'Alpha';
  if (k === 1) return 'zulu';
  if (k === 2) return '😀 이모지';
  return SYL[k % SYL.length] + SYL[(k * 5) % SYL.length] + (k % 3 ? '' : ' 주식회사');
}

before(async () => {
  for (let i = 0; i < N; i += 10) {
    const batch = [];
    for (let j = i; j < Math.min(N, i + 10); j++) {
      batch.push(api.post('/api/v1/organizations', { json: {
        kind: j % 2 ? 'company' : 'government',
        name_ko: nameFor(j),
        name_en: j % 5 === 0 ? null : `Org ${String(1000 - j)}`,
        city: CITY,
      } }));
    }
    for (const r of await Promise.all(batch)) rows.push(ok(r, 201, 'create'));
  }
  rows.sort((a, b) => a.id - b.id);
});

// Follows next_cursor from the first page to the last; checks each page's shape.
async function walk(query, limit) {
  const seen = [];
  let cursor = null;
  let pages = 0;
  for (;;) {
    const q = `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await api.get(`/api/v1/organizations?${q}`);
    const page = ok(r, 200, `page ${pages + 1} of ?${q}`);
    pages++;
    assert.ok(pages <= Math.ceil(N / limit) + 1, 'more pages than rows');
    assert.ok(page.items.length <= limit);
    seen.push(...page.items);
    if (page.next_cursor === null) break;
    assert.equal(typeof page.next_cursor, 'string');
    assert.equal(page.items.length, limit, 'a page before the last is full');
    cursor = page.next_cursor;
  }
  return { seen, pages };
}

function assertOrder(seen, expected) {
  const ids = seen.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, 'a row was seen twice');
  assert.deepEqual(ids, expected.map((x) => x.id));
}

const byName = (field, desc) => (a, b) => {
  const c = cmpCodePoints(a[field] ?? '', b[field] ?? '') || a.id - b.id;
  return desc ? -c : c;
};

describe('cursor pagination', () => {
  it(`walks all ${N} rows at limit 7, each exactly once, in id order`, async () => {
    const { seen, pages } = await walk(`city=${encodeURIComponent(CITY)}`, 7);
    assertOrder(seen, rows);
    assert.equal(pages, Math.ceil(N / 7));
  });

  it(`walks all ${N} rows at limit 7 with sort=-name_ko (ties by id, descending)`, async () => {
    const { seen } = await walk(`city=${encodeURIComponent(CITY)}&sort=-name_ko`, 7);
    assertOrder(seen, [...rows].sort(byName('name_ko', true)));
  });

  it(`walks all ${N} rows at limit 7 with sort=name_ko`, async () => {
    const { seen } = await walk(`city=${encodeURIComponent(CITY)}&sort=name_ko`, 7);
    assertOrder(seen, [...rows].sort(byName('name_ko', false)));
  });

  it('walks rows whose sort key is null (name_en) at limit 7, both directions', async () => {
    for (const desc of [false, true]) {
      const { seen } = await walk(`city=${encodeURIComponent(CITY)}&sort=${desc ? '-' : ''}name_en`, 7);
      assertOrder(seen, [...rows].sort(byName('name_en', desc)));
    }
  });

  it('walks a filtered and searched list (kind=company, q=<a syllable>) at limit 4', async () => {
    const match = (s) => rows.filter((x) => x.kind === 'company' && x.name_ko.includes(s));
    const syl = SYL.reduce((best, s) => (match(s).length > match(best).length ? s : best));
    const want = match(syl);
    assert.ok(want.length > 4, 'fixture gives more than one page');
    const { seen } = await walk(`city=${encodeURIComponent(CITY)}&kind=company&q=${encodeURIComponent(syl)}`, 4);
    assertOrder(seen, want);
  });

  it('the first page holds the first rows, total counts all, next_cursor only when more remain',
    async () => {
      const first = ok(await api.get(`/api/v1/organizations?city=${encodeURIComponent(CITY)}&limit=7`));
      assert.deepEqual(first.items.map((x) => x.id), rows.slice(0, 7).map((x) => x.id));
      assert.equal(first.total, N);
      assert.equal(typeof first.next_cursor, 'string');
      const all = ok(await api.get(`/api/v1/organizations?city=${encodeURIComponent(CITY)}&limit=500`));
      assert.equal(all.items.length, N);
      assert.equal(all.next_cursor, null);
      const exact = ok(await api.get(`/api/v1/organizations?city=${encodeURIComponent(CITY)}&limit=${N}`));
      assert.equal(exact.items.length, N);
      assert.equal(exact.next_cursor, null, 'a full last page announces no further page');
      const dflt = ok(await api.get(`/api/v1/organizations?city=${encodeURIComponent(CITY)}`));
      assert.equal(dflt.items.length, 50, 'default limit is 50');
      assert.equal(dflt.total, N);
    });

  it('a cursor is refused (400 invalid_cursor) under another sort or direction', async () => {
    const base = `/api/v1/organizations?city=${encodeURIComponent(CITY)}&limit=7`;
    const plain = ok(await api.get(base)).next_cursor;
    const asc = ok(await api.get(`${base}&sort=name_ko`)).next_cursor;
    const before = await dump(api, names);
    for (const [sort, cursor] of [['name_ko', plain], ['-name_ko', asc], ['name_en', asc], ['', asc]]) {
      const r = await api.get(`${base}${sort ? `&sort=${sort}` : ''}&cursor=${encodeURIComponent(cursor)}`);
      assertProblem(r, 400, 'invalid_parameter', [['cursor', 'invalid_cursor']], `sort=${sort}`);
    }
    assert.deepEqual(await dump(api, names), before);
  });
});

describe('sort order', () => {
  it('Hangul sorts in dictionary order (가 < 가나 < 나 < 다), after Latin letters', async () => {
    const city = '가나다순';
    const made = [];
    for (const name of ['다', '가나', 'Zebra', '나', '가', '하늘']) {
      made.push(ok(await api.post('/api/v1/organizations', { json: { kind: 'other', name_ko: name, city } }), 201));
    }
    const asc = ok(await api.get(`/api/v1/organizations?city=${encodeURIComponent(city)}&sort=name_ko`));
    assert.deepEqual(asc.items.map((x) => x.name_ko), ['Zebra', '가', '가나', '나', '다', '하늘']);
    const desc = ok(await api.get(`/api/v1/organizations?city=${encodeURIComponent(city)}&sort=-name_ko`));
    assert.deepEqual(desc.items.map((x) => x.name_ko), ['하늘', '다', '나', '가나', '가', 'Zebra']);
  });

  it('dates sort chronologically (events by start_date)', async () => {
    const venue = await fx.create('places', { full: false });
    const made = [];
    for (const d of ['2024-03-01', '2023-12-31', '2024-01-09', '2024-01-10']) {
      made.push(ok(await api.post('/api/v1/events', { json: { name_ko: `전시 ${d}`, start_date: d, end_date: d,
        venue_id: venue.id } }), 201));
    }
    const list = ok(await api.get(`/api/v1/events?venue_id=${venue.id}&sort=start_date`));
    assert.deepEqual(list.items.map((x) => x.start_date), ['2023-12-31', '2024-01-09', '2024-01-10', '2024-03-01']);
  });
});

describe('search and filters with SQL metacharacters', () => {
  const CITY2 = '검색시험';
  const NAMES = ["'; DROP TABLE organizations; --", '100% 국산', '100 퍼센트', 'a_b', 'axb',
    'back\\slash', 'quote " double', "It's", '%', '_', '전북특별자치도 🐯', 'Robert"); DROP TABLE people;--'];
  const made = {};
  before(async () => {
    for (const n of NAMES) {
      made[n] = ok(await api.post('/api/v1/organizations', { json: { kind: 'other', name_ko: n, city: CITY2 } }), 201);
      assert.equal(made[n].name_ko, n);
    }
  });

  const search = async (q) => {
    const r = ok(await api.get(`/api/v1/organizations?city=${encodeURIComponent(CITY2)}&q=${encodeURIComponent(q)}&limit=500`),
      200, `q=${q}`);
    assert.equal(r.total, r.items.length);
    return r.items.map((x) => x.name_ko).sort();
  };

  const cases = [
    ["'; DROP TABLE organizations; --", ["'; DROP TABLE organizations; --"]],
    ['%', ['%', '100% 국산']],
    ['_', ['_', 'a_b']],
    ['a_b', ['a_b']],
    ['100%', ['100% 국산']],
    ['\\', ['back\\slash']],
    ['"', ['Robert"); DROP TABLE people;--', 'quote " double']],
    ["'", ["'; DROP TABLE organizations; --", "It's"]],
    ['%%', []],
    ['국산', ['100% 국산']],
    ['특별자치', ['전북특별자치도 🐯']],
    ['🐯', ['전북특별자치도 🐯']],
    ['DROP TABLE', ["'; DROP TABLE organizations; --", 'Robert"); DROP TABLE people;--']],
  ];
  for (const [q, want] of cases) {
    it(`q=${q} matches literally: ${JSON.stringify(want)}`, async () => {
      assert.deepEqual(await search(q), [...want].sort());
    });
  }

  it('the tables are all still there, with every row', async () => {
    for (const n of names) ok(await api.get(`/api/v1/${n}?limit=1`), 200, n);
    const all = ok(await api.get(`/api/v1/organizations?city=${encodeURIComponent(CITY2)}&limit=500`));
    assert.equal(all.total, NAMES.length);
    for (const n of NAMES) {
      assert.equal(ok(await api.get(`/api/v1/organizations/${made[n].id}`)).name_ko, n);
    }
    await assertAlive(api, server);
  });

  it('filters compare whole values: metacharacters in a filter match nothing', async () => {
    for (const v of ["' OR '1'='1", '%', '_', '검색%', "검색시험' --"]) {
      const r = ok(await api.get(`/api/v1/organizations?city=${encodeURIComponent(v)}&limit=500`));
      assert.equal(r.total, 0, `city=${v} matched ${r.total}`);
    }
    const exact = ok(await api.get(`/api/v1/organizations?city=${encodeURIComponent(CITY2)}&limit=500`));
    assert.equal(exact.total, NAMES.length);
  });

  it('SQL in sort or a reference filter is refused (400), nothing changes', async () => {
    const before = await dump(api, names);
    assertProblem(await api.get(`/api/v1/organizations?sort=${encodeURIComponent('name_ko; DROP TABLE organizations')}`),
      400, 'invalid_parameter', [['sort', 'invalid_choice']]);
    assertProblem(await api.get(`/api/v1/people?organization_id=${encodeURIComponent('1 OR 1=1')}`),
      400, 'invalid_parameter', [['organization_id', 'invalid_type']]);
    assert.deepEqual(await dump(api, names), before);
  });
});
