// demo.test.mjs - the API over the CES 2024 demo (roadshow demo): the lists the issue
// names, every row readable with its reference labels, rows that pass the API's own
// validation, and an edit that persists.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ok, csvObjects, withServer } from './helpers.mjs';

const { api, meta } = await withServer({ demo: true });

const all = async (name) => {
  const r = ok(await api.get(`/api/v1/${name}?limit=500`), 200, name);
  assert.equal(r.next_cursor, null, `${name} has more than 500 rows; this test reads one page`);
  return r.items;
};

describe('the CES 2024 demo through the API', () => {
  it('GET /api/v1/delegations lists the three delegations', async () => {
    const r = ok(await api.get('/api/v1/delegations'));
    assert.equal(r.total, 3);
    assert.equal(r.items.length, 3);
  });

  it('the Jeonbuk pavilion (전북) at CES 2024 has 20 booths', async () => {
    const ces = (await all('events')).filter((e) => e.series === 'CES').sort((x, y) => x.start_date.localeCompare(y.start_date));
    assert.deepEqual(ces.map((e) => e.name_en), ['CES 2023', 'CES 2024'], 'the 2024 show and the edition before');
    const found = ok(await api.get(`/api/v1/pavilions?q=${encodeURIComponent('전북')}&event_id=${ces[1].id}`));
    assert.equal(found.total, 1, JSON.stringify(found.items.map((x) => x.name_ko)));
    const pavilion = ok(await api.get(`/api/v1/pavilions/${found.items[0].id}`));
    assert.equal(pavilion.booths.length, 20);
    const byFilter = ok(await api.get(`/api/v1/booths?pavilion_id=${pavilion.id}&limit=500`));
    assert.equal(byFilter.total, 20);
  });

  it('every resource lists as many rows as its CSV export holds', async () => {
    for (const e of meta.entities) {
      const list = ok(await api.get(`/api/v1/${e.name}?limit=1`));
      const csv = csvObjects((await api.get(`/api/v1/${e.name}.csv`)).text);
      assert.equal(list.total, csv.rows.length, e.name);
    }
  });

  it('every row of every resource: GET answers it, and each _refs label is the referenced row\'s',
    async () => {
      const byName = Object.fromEntries(meta.entities.map((e) => [e.name, e]));
      const cache = {};
      const rowsOf = async (n) => (cache[n] ??= new Map((await all(n)).map((x) => [x.id, x])));
      for (const e of meta.entities) {
        for (const item of (await rowsOf(e.name)).values()) {
          const one = ok(await api.get(`/api/v1/${e.name}/${item.id}`), 200, `${e.name}/${item.id}`);
          for (const f of e.fields.filter((x) => x.type === 'ref' && one[x.name] !== null)) {
            const target = (await rowsOf(f.ref)).get(one[f.name]);
            assert.ok(target, `${e.name}/${item.id}.${f.name} → missing ${f.ref}/${one[f.name]}`);
            const t = byName[f.ref];
            if (t.title_ko) assert.equal(one._refs[f.name].label_ko, target[t.title_ko]);
          }
        }
      }
    });

  it('demo rows pass the API\'s own validation (each PUT back unchanged: 200)', async () => {
    for (const e of meta.entities) {
      for (const row of (await all(e.name)).slice(0, 8)) {
        const body = {};
        for (const f of e.fields) if (row[f.name] !== null) body[f.name] = row[f.name];
        const r = await api.put(`/api/v1/${e.name}/${row.id}`, { json: body,
          headers: { 'If-Match': `"${row.version}"` } });
        const got = ok(r, 200, `PUT ${e.name}/${row.id}`);
        for (const f of e.fields) assert.deepEqual(got[f.name], row[f.name], `${e.name}/${row.id}.${f.name}`);
      }
    }
  });

  it('a booth edited through the API reads back changed', async () => {
    const [booth] = await all('booths');
    const r = await api.patch(`/api/v1/booths/${booth.id}`, { json: { category: '이차전지 소재 ✓' },
      headers: { 'If-Match': `"${booth.version}"` } });
    assert.equal(ok(r).category, '이차전지 소재 ✓');
    assert.equal(ok(await api.get(`/api/v1/booths/${booth.id}`)).category, '이차전지 소재 ✓');
  });

  it('every list of the demo pages through at limit 10, each row exactly once', async () => {
    for (const e of meta.entities) {
      const want = (await all(e.name)).map((x) => x.id);
      const seen = [];
      let cursor = null;
      do {
        const r = ok(await api.get(`/api/v1/${e.name}?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
          200, `${e.name} after ${seen.length}`);
        seen.push(...r.items.map((x) => x.id));
        cursor = r.next_cursor;
      } while (cursor && seen.length <= want.length);
      assert.deepEqual(seen, want, e.name);
    }
  });
});
