// crud.test.mjs - every resource through every generic route: create, get (with _refs and
// children), list, filter, search, sort, patch, put, CSV export and delete; plus the
// service routes (/healthz, /, assets) and the router's 404/405 answers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  ROOT, ok, assertProblem, stored, csvObjects, cut, cmpCodePoints, utc, withServer,
} from './helpers.mjs';

const { api, meta, fx } = await withServer();

const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

// The default a descriptor promises, as the API shows it.
function defaultValue(f) {
  if (f.default === undefined) return null;
  if (f.type === 'bool') return f.default === '1' || f.default === 'true';
  if (f.type === 'int' || f.type === 'ref') return Number(f.default);
  return f.default;
}

// A value the list filter ?f=... should not match.
function otherValue(f, v) {
  switch (f.type) {
    case 'ref': return 999999999;
    case 'enum': return f.values.find((x) => x !== v);
    case 'country': return v === 'KR' ? 'JP' : 'KR';
    case 'timezone': return v === 'Asia/Seoul' ? 'Europe/Paris' : 'Asia/Seoul';
    case 'date': return '1999-01-01';
    case 'bool': return !v;
    default: return 'no-such-value-at-all';
  }
}

// A value as the CSV export writes it.
function csvCell(f, v) {
  if (v === null) return null;
  if (f.type === 'bool') return v ? 'true' : 'false';
  if (f.type === 'ref' || f.type === 'int' || f.type === 'money') return String(v);
  if (f.type === 'strlist') return v.join('; ');
  return v;
}

const childKeys = (e) => e.children.map((c) => c.key);
function withoutChildren(e, row) {
  const copy = { ...row };
  for (const k of childKeys(e)) delete copy[k];
  if (e.computed) delete copy[e.computed]; // worked out for one row's GET, not for lists
  return copy;
}

it('GET /api/v1/meta describes exactly the resources of src/core/entities.c', () => {
    const src = readFileSync(`${ROOT}src/core/entities.c`, 'utf8');
    const table = src.match(/const struct entity \*const entities\[\] = \{([^}]*)\}/);
    assert.ok(table, 'entities[] table not found in entities.c');
    const names = [...table[1].matchAll(/&(\w+)/g)].map((m) => m[1]);
    assert.deepEqual(meta.entities.map((e) => e.name), names);
    const types = new Set(['text', 'enum', 'ref', 'date', 'instant', 'timezone', 'bool', 'int',
      'country', 'email', 'strlist', 'money', 'currency', 'decimal']);
    for (const e of meta.entities) {
      assert.ok(e.fields.length > 0, e.name);
      assert.ok(e.label_ko && e.label_en, `${e.name} labels`);
      for (const f of e.fields) {
        assert.ok(types.has(f.type), `${e.name}.${f.name} type ${f.type}`);
        assert.ok(f.label_ko && f.label_en, `${e.name}.${f.name} labels`);
        if (f.type === 'ref') assert.ok(meta.entities.some((x) => x.name === f.ref), f.ref);
        if (f.type === 'enum') assert.ok(f.values.length > 0);
      }
    }
  });

for (const e of meta.entities) {
  describe(`resource ${e.name}`, () => {
    let body;
    let row;
    const url = `/api/v1/${e.name}`;

    it('POST creates a row holding every field (201, Location, ETag)', async () => {
      body = await fx.body(e.name, { full: true, rich: true });
      const r = await api.post(url, { json: body });
      row = ok(r, 201, `POST ${url}`);
      assert.ok(Number.isInteger(row.id) && row.id > 0);
      assert.equal(row.version, 1);
      assert.equal(r.headers.get('location'), `${url}/${row.id}`);
      assert.equal(r.headers.get('etag'), '"1"');
      assert.equal(r.headers.get('idempotent-replayed'), null);
      // a read-only field is Roadshow's to set: a new row holds its default
      const initial = (f) => (f.default === undefined ? null : ['int', 'ref', 'money'].includes(f.type) ? Number(f.default) : f.default);
      for (const f of e.fields) assert.deepEqual(row[f.name], f.readonly ? initial(f) : stored(f, body[f.name]), f.name);
      assert.match(row.created_at, STAMP);
      assert.match(row.updated_at, STAMP);
      for (const k of childKeys(e)) assert.deepEqual(row[k], [], `child list ${k}`);
    });

    it('GET /{id} answers the same row, its ETag and the labels of the rows it refers to',
      async () => {
        const r = await api.get(`${url}/${row.id}`);
        assert.deepEqual(ok(r, 200, 'GET'), row);
        assert.equal(r.headers.get('etag'), '"1"');
        const refs = row._refs;
        assert.equal(typeof refs, 'object');
        for (const f of e.fields.filter((x) => x.type === 'ref' && row[x.name] !== null)) {
          const target = fx.entity(f.ref);
          assert.equal(refs[f.name].id, row[f.name], `_refs.${f.name}.id`);
          if (target.title_ko) {
            const t = ok(await api.get(`/api/v1/${f.ref}/${row[f.name]}`));
            assert.equal(refs[f.name].label_ko, t[target.title_ko], `_refs.${f.name}.label_ko`);
            assert.equal(refs[f.name].label_en, t[target.title_en], `_refs.${f.name}.label_en`);
          }
        }
        assert.deepEqual(Object.keys(refs).sort(),
          e.fields.filter((x) => x.type === 'ref' && row[x.name] !== null).map((x) => x.name).sort());
      });

    it('GET list holds it, without children, and counts every row', async () => {
      const list = ok(await api.get(`${url}?limit=500`));
      assert.ok(Array.isArray(list.items));
      assert.equal(list.total, list.items.length);
      assert.equal(list.next_cursor, null);
      const item = list.items.find((x) => x.id === row.id);
      assert.deepEqual(item, withoutChildren(e, row));
      assert.deepEqual(ok(await api.get(url)).items.length, Math.min(50, list.total));
    });

    it('every filter field finds it, and a different value leaves it out', async () => {
      for (const f of e.fields.filter((x) => x.filter)) {
        const v = row[f.name];
        if (f.readonly && v === null) continue; // only Roadshow fills it (a meeting's interpreter)
        assert.notEqual(v, null, `fixture should fill ${f.name}`);
        const hit = ok(await api.get(`${url}?${f.name}=${encodeURIComponent(String(v))}&limit=500`),
          200, `filter ${f.name}`);
        assert.ok(hit.items.some((x) => x.id === row.id), `?${f.name}=${v} misses the row`);
        for (const x of hit.items) assert.deepEqual(x[f.name], v, `?${f.name} let through ${x.id}`);
        assert.equal(hit.total, hit.items.length);
        const miss = ok(await api.get(
          `${url}?${f.name}=${encodeURIComponent(String(otherValue(f, v)))}&limit=500`));
        assert.ok(!miss.items.some((x) => x.id === row.id), `?${f.name}=other finds the row`);
      }
    });

    const searchable = e.fields.filter((x) => x.search);
    if (searchable.length) it('?q finds it through every searchable field', async () => {
      for (const f of searchable) {
        const needle = Array.from(row[f.name]).slice(1, 7).join('');
        const r = ok(await api.get(`${url}?q=${encodeURIComponent(needle)}&limit=500`), 200,
          `q via ${f.name}`);
        assert.ok(r.items.some((x) => x.id === row.id), `q=${needle} (${f.name}) misses the row`);
      }
      const none = ok(await api.get(`${url}?q=${encodeURIComponent('없는말 nowhere')}`));
      assert.equal(none.total, 0);
    });

    it('every sortable field orders the list both ways (ties by id)', async () => {
      await fx.create(e.name, { full: true }); // a second row, so there is an order to check
      for (const f of e.fields.filter((x) => x.sort)) {
        for (const desc of [false, true]) {
          const list = ok(await api.get(`${url}?sort=${desc ? '-' : ''}${f.name}&limit=500`));
          const key = (x) => (x[f.name] === null ? '' : String(x[f.name]));
          for (let i = 1; i < list.items.length; i++) {
            const a = list.items[i - 1];
            const b = list.items[i];
            let c = cmpCodePoints(key(a), key(b)) || a.id - b.id;
            if (desc) c = -c;
            assert.ok(c < 0, `sort=${desc ? '-' : ''}${f.name}: ${a.id} before ${b.id}`);
          }
        }
      }
    });

    it('PATCH with If-Match changes only the fields sent (version 2)', async () => {
      const f = e.fields.find((x) => x.type === 'text' && !x.multiline) ||
        e.fields.find((x) => x.type === 'text');
      const value = cut(`바뀐 값 ✓${row.id}`, f.max);
      const r = await api.patch(`${url}/${row.id}`, {
        json: { [f.name]: value },
        headers: { 'If-Match': '"1"' },
      });
      const got = ok(r, 200, 'PATCH');
      assert.equal(r.headers.get('etag'), '"2"');
      assert.equal(got.version, 2);
      assert.equal(got[f.name], value);
      for (const g of e.fields) if (g !== f) assert.deepEqual(got[g.name], row[g.name], g.name);
      assert.equal(got.created_at, row.created_at);
      assert.ok(got.updated_at >= row.created_at);
      assert.deepEqual(ok(await api.get(`${url}/${row.id}`)), got);
      row = got;
    });

    it('PATCH with "version" in the body works like If-Match (version 3)', async () => {
      const f = e.fields.find((x) => !x.required && x.default === undefined);
      const got = ok(await api.patch(`${url}/${row.id}`, {
        json: { version: 2, [f.name]: null },
      }), 200, 'PATCH version in body');
      assert.equal(got.version, 3);
      assert.equal(got[f.name], null);
      row = got;
    });

    it('PUT replaces the row: fields left out become null or their default (version 4)',
      async () => {
        const minimal = {};
        for (const f of e.fields) if (f.required) minimal[f.name] = row[f.name];
        const r = await api.put(`${url}/${row.id}`, { json: minimal, headers: { 'If-Match': '"3"' } });
        const got = ok(r, 200, 'PUT');
        assert.equal(got.version, 4);
        assert.equal(r.headers.get('etag'), '"4"');
        for (const f of e.fields) {
          const want = f.required ? row[f.name] : defaultValue(f);
          assert.deepEqual(got[f.name], want, f.name);
        }
        row = got;
      });

    it('GET .csv exports it with every column', async () => {
      const r = await api.get(`${url}.csv`);
      assert.equal(r.status, 200);
      assert.match(r.ct, /^text\/csv/);
      assert.equal(r.headers.get('content-disposition'), `attachment; filename="${e.name}.csv"`);
      const csv = csvObjects(r.text);
      assert.deepEqual(csv.header,
        ['id', ...e.fields.map((f) => f.name), 'version', 'created_at', 'updated_at']);
      const line = csv.rows.find((x) => x.id === String(row.id));
      assert.ok(line, 'row missing from the CSV');
      for (const f of e.fields) assert.equal(line[f.name], csvCell(f, row[f.name]), f.name);
      assert.equal(line.version, String(row.version));
      assert.equal(line.created_at, row.created_at);
      assert.equal(line.updated_at, row.updated_at);
      const list = ok(await api.get(`${url}?limit=500`));
      assert.equal(csv.rows.length, list.total);
    });

    it('DELETE with a stale If-Match is refused (412) and the row stays', async () => {
      const r = await api.del(`${url}/${row.id}`, { headers: { 'If-Match': '"1"' } });
      assertProblem(r, 412, 'version_mismatch', [], 'DELETE stale');
      assert.equal((await api.get(`${url}/${row.id}`)).status, 200);
    });

    it('DELETE removes it (204, empty); then GET and DELETE answer 404', async () => {
      const r = await api.del(`${url}/${row.id}`, { headers: { 'If-Match': '"4"' } });
      assert.equal(r.status, 204);
      assert.equal(r.text, '');
      assertProblem(await api.get(`${url}/${row.id}`), 404, 'not_found', [], 'GET deleted');
      assertProblem(await api.del(`${url}/${row.id}`), 404, 'not_found', [], 'DELETE deleted');
      const list = ok(await api.get(`${url}?limit=500`));
      assert.ok(!list.items.some((x) => x.id === row.id));
    });
  });
}

describe('children, defaults and values', () => {
  for (const e of meta.entities.filter((x) => x.children.length)) {
    it(`GET ${e.name}/{id} embeds its children (${e.children.map((c) => c.key).join(', ')})`,
      async () => {
        const parent = await fx.create(e.name, { full: false });
        const made = {};
        for (const c of e.children) {
          made[c.key] = [
            await fx.create(c.entity, { full: true, overrides: { [c.fk]: parent.id } }),
            await fx.create(c.entity, { full: false, overrides: { [c.fk]: parent.id } }),
          ];
        }
        const got = ok(await api.get(`/api/v1/${e.name}/${parent.id}`));
        for (const c of e.children) {
          assert.ok(Array.isArray(got[c.key]), c.key);
          // every child of the parent, as the filtered list has them: those made here, and
          // those a sibling needed (a cost's member is a member of the same delegation)
          const all = ok(await api.get(`/api/v1/${c.entity}?${c.fk}=${parent.id}&limit=500`)).items;
          const ids = (rows) => rows.map((x) => x.id).sort((a, b) => a - b);
          assert.deepEqual(ids(got[c.key]), ids(all), c.key);
          for (const m of made[c.key]) assert.ok(ids(all).includes(m.id), `${c.key}: ${m.id} missing`);
          for (const child of got[c.key]) {
            const own = ok(await api.get(`/api/v1/${c.entity}/${child.id}`));
            assert.deepEqual(child, withoutChildren(fx.entity(c.entity), own));
            assert.equal(child._refs[c.fk].id, parent.id);
          }
        }
      });
  }

  const unsearchable = meta.entities.filter((x) => !x.fields.some((f) => f.search));
  it(`?q on a list with no searchable field does not answer every row (${
    unsearchable.map((x) => x.name).join(', ')})`, async () => {
    const wrong = [];
    for (const e of unsearchable) {
      await fx.create(e.name, { full: false });
      const r = await api.get(`/api/v1/${e.name}?q=${encodeURIComponent('없는말 nowhere')}`);
      // Either the list refuses q (400) or q matches nothing; a q that is silently
      // ignored hands back every row as if it had matched.
      if (r.status === 400) assertProblem(r, 400, 'invalid_parameter', [['q']], e.name);
      else if (ok(r).total !== 0) wrong.push(`${e.name}: q=nowhere matched ${r.json.total} rows`);
    }
    assert.deepEqual(wrong, []);
  });

  it('a create that leaves fields out stores each descriptor default', async () => {
    for (const e of meta.entities) {
      const row = await fx.create(e.name, { full: false });
      for (const f of e.fields) {
        if (!f.required) assert.deepEqual(row[f.name], defaultValue(f), `${e.name}.${f.name}`);
      }
    }
  });

  it('Hangul, emoji, quotes and line breaks round-trip through POST, GET, list, q and CSV',
    async () => {
      const body = {
        kind: 'government',
        name_ko: '전북특별자치도',
        name_en: 'Jeonbuk 🐯 State, "Special" — Self-Governing',
        city: '전주시',
        sector: '바이오·헬스 👩‍🔬',
        notes: '첫 줄\n둘째 줄 \'작은따옴표\' "큰따옴표", 쉼표\r\n백슬래시 \\ 😀👨‍👩‍👧',
      };
      const row = ok(await api.post('/api/v1/organizations', { json: body }), 201);
      for (const [k, v] of Object.entries(body)) assert.equal(row[k], v, k);
      const got = ok(await api.get(`/api/v1/organizations/${row.id}`));
      for (const [k, v] of Object.entries(body)) assert.equal(got[k], v, k);
      const found = ok(await api.get(`/api/v1/organizations?q=${encodeURIComponent('특별자치')}`));
      assert.ok(found.items.some((x) => x.id === row.id));
      const byCity = ok(await api.get(`/api/v1/organizations?city=${encodeURIComponent('전주시')}`));
      assert.deepEqual(byCity.items.map((x) => x.id), [row.id]);
      const csv = csvObjects((await api.get('/api/v1/organizations.csv')).text);
      const line = csv.rows.find((x) => x.id === String(row.id));
      for (const [k, v] of Object.entries(body)) assert.equal(line[k], v, `CSV ${k}`);
    });

  it('instants are stored and shown in UTC, whatever offset they came with', async () => {
    const cases = [
      ['2024-01-09T10:00:00-08:00', '2024-01-09T18:00:00Z'],
      ['2024-01-11T09:30:00+09:00', '2024-01-11T00:30:00Z'],
      ['2024-01-09T23:30:00-08:00', '2024-01-10T07:30:00Z'],
      ['2024-01-09T10:00:00.250Z', '2024-01-09T10:00:00Z'],
      ['2024-01-09T10:00:00z', '2024-01-09T10:00:00Z'],
    ];
    for (const [given, want] of cases) {
      assert.equal(utc(given), want); // the expectation itself is right
      const row = await fx.create('itinerary_items', {
        full: false,
        overrides: { starts_at: given, ends_at: '2024-01-12T00:00:00Z' },
      });
      assert.equal(row.starts_at, want, given);
    }
  });

  it('PATCH accepts Content-Type application/merge-patch+json and a charset parameter',
    async () => {
      const row = await fx.create('organizations', { full: false });
      const a = await api.patch(`/api/v1/organizations/${row.id}`, {
        raw: JSON.stringify({ city: '라스베이거스' }),
        headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': '"1"' },
      });
      assert.equal(ok(a).city, '라스베이거스');
      const b = await api.patch(`/api/v1/organizations/${row.id}`, {
        raw: JSON.stringify({ city: '보스턴' }),
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'If-Match': '"2"' },
      });
      assert.equal(ok(b).city, '보스턴');
    });
});

describe('service routes and the router', () => {
  it('GET /healthz answers {"status":"ok"}', async () => {
    const r = await api.get('/healthz');
    assert.deepEqual(ok(r), { status: 'ok' });
  });

  it('GET / serves the web UI, and its assets are served with long-lived caching', async () => {
    const r = await api.get('/');
    assert.equal(r.status, 200);
    assert.match(r.ct, /^text\/html/);
    assert.match(r.headers.get('x-content-type-options') || '', /nosniff/);
    const assets = [...r.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    assert.ok(assets.length > 0, 'index.html refers to no asset');
    for (const a of assets) {
      const x = await api.get(a);
      assert.equal(x.status, 200, a);
      assert.match(x.headers.get('cache-control') || '', /max-age=\d+/, a);
    }
    const stale = assets[0].replace(/^\/assets\/[^/]+\//, '/assets/0000000000000000/');
    assertProblem(await api.get(stale), 404, 'not_found', [], stale);
    assertProblem(await api.get('/assets/'), 404, 'not_found', [], '/assets/');
  });

  it('an unknown path is 404 not_found (problem+json)', async () => {
    for (const p of ['/nope', '/api', '/api/v1', '/api/v2/organizations', '/api/v1/organizations/1/x',
      '/api/v1/organizations/', '/healthz/x']) {
      assertProblem(await api.get(p), 404, 'not_found', [], p);
    }
  });

  it('an unknown resource is 404 (problem+json) on every resource route', async () => {
    const cases = [['GET', '/api/v1/nope'], ['POST', '/api/v1/nope'], ['GET', '/api/v1/nope.csv'],
      ['GET', '/api/v1/nope/1'], ['PATCH', '/api/v1/nope/1'], ['PUT', '/api/v1/nope/1'],
      ['DELETE', '/api/v1/nope/1'], ['GET', '/api/v1/Organizations'],
      ['GET', '/api/v1/schema_migrations'], ['GET', '/api/v1/idempotency_keys']];
    for (const [m, p] of cases) {
      const r = await api.request(m, p, m === 'GET' ? {} : { json: {}, headers: { 'If-Match': '"1"' } });
      const pr = assertProblem(r, 404, undefined, [], `${m} ${p}`);
      assert.ok(['unknown_resource', 'not_found'].includes(pr.code), `${m} ${p}: code ${pr.code}`);
    }
  });

  it('a known path with a method it does not take is 405 with an Allow header', async () => {
    const cases = [
      ['DELETE', '/api/v1/organizations', 'GET, POST'],
      ['PUT', '/api/v1/organizations', 'GET, POST'],
      ['POST', '/api/v1/organizations/1', 'GET, PATCH, PUT, DELETE'],
      ['POST', '/api/v1/organizations.csv', 'GET'],
      ['POST', '/healthz', 'GET'],
      ['DELETE', '/api/v1/meta', 'GET'],
      ['POST', '/api/v1/openapi.json', 'GET'],
      ['DELETE', '/', 'GET'],
    ];
    for (const [m, p, allow] of cases) {
      const r = await api.request(m, p);
      assertProblem(r, 405, 'method_not_allowed', [], `${m} ${p}`);
      const got = (r.headers.get('allow') || '').split(/,\s*/).sort();
      assert.deepEqual(got, allow.split(', ').sort(), `Allow for ${m} ${p}`);
    }
  });

  it('the CSV export takes no query parameters (400)', async () => {
    assertProblem(await api.get('/api/v1/organizations.csv?limit=5'), 400, 'invalid_parameter');
  });
});
