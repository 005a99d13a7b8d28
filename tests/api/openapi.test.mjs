// openapi.test.mjs - keeps /api/v1/openapi.json true: every documented operation is
// served (and answers as documented), every route of src/http/routes.c is documented,
// and the schemas describe what the API really sends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ROOT, ok, assertProblem, codePoints, withServer } from './helpers.mjs';

// The route table as src/http/routes.c writes it: { "METHOD", "/pattern", ... }.
const routeTable = [...readFileSync(`${ROOT}src/http/routes.c`, 'utf8')
  .matchAll(/\{\s*"(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)",\s*"([^"]+)"/g)]
  .map((m) => [m[1], m[2]]);

const { api, meta, fx, docAnswer } = await withServer({}, async (ctx) =>
  ({ docAnswer: await ctx.api.get('/api/v1/openapi.json') }));
const doc = docAnswer.json;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const operations = Object.entries(doc?.paths ?? {}).flatMap(([path, item]) =>
  Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => [path, m, item[m]]));

const resourceOf = (path) => meta.entities.find((e) => path.startsWith(`/api/v1/${e.name}`)
  && /^(\/|\.csv$|$)/.test(path.slice(`/api/v1/${e.name}`.length)));

const rows = {};
async function rowOf(name) {
  if (!rows[name]) rows[name] = await fx.create(name, { full: true });
  return ok(await api.get(`/api/v1/${name}/${rows[name].id}`));
}

const resolve = (ref) => {
  assert.match(ref, /^#\/components\/schemas\//);
  const s = doc.components.schemas[ref.slice('#/components/schemas/'.length)];
  assert.ok(s, `dangling $ref ${ref}`);
  return s;
};

// Checks a value against the subset of JSON Schema the document uses.
function conforms(schema, value, where) {
  if (schema.$ref) return conforms(resolve(schema.$ref), value, where);
  const types = [].concat(schema.type ?? []);
  const typeOf = value === null ? 'null' : Array.isArray(value) ? 'array'
    : Number.isInteger(value) ? 'integer' : typeof value;
  if (types.length) {
    assert.ok(types.includes(typeOf) || (typeOf === 'integer' && types.includes('number')),
      `${where}: ${JSON.stringify(value)} is ${typeOf}, schema says ${types}`);
  }
  if (value === null) return;
  if (schema.enum) assert.ok(schema.enum.includes(value), `${where}: ${value} not in enum`);
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined) {
      assert.ok(codePoints(value) <= schema.maxLength, `${where}: longer than maxLength`);
    }
    if (schema.pattern) assert.match(value, new RegExp(schema.pattern), where);
    if (schema.format === 'date') assert.match(value, /^\d{4}-\d\d-\d\d$/, where);
    if (schema.format === 'date-time') {
      assert.match(value, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, where);
    }
    if (schema.format === 'email') assert.match(value, /^[^@\s]+@[^@\s]+\.[^@\s]+$/, where);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined) assert.ok(value >= schema.minimum, `${where}: < minimum`);
    if (schema.maximum !== undefined) assert.ok(value <= schema.maximum, `${where}: > maximum`);
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined) assert.ok(value.length <= schema.maxItems, `${where}: maxItems`);
    if (schema.items) value.forEach((v, i) => conforms(schema.items, v, `${where}[${i}]`));
  }
  if (typeOf === 'object') {
    for (const r of schema.required ?? []) assert.ok(r in value, `${where}: required ${r} missing`);
    for (const [k, v] of Object.entries(value)) {
      if (schema.properties?.[k]) conforms(schema.properties[k], v, `${where}.${k}`);
    }
  }
}

describe('the document', () => {
  it('is served as JSON and is OpenAPI 3.1.0 with info, paths and schemas', () => {
    assert.equal(docAnswer.status, 200);
    assert.match(docAnswer.ct, /^application\/json/);
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(typeof doc.info?.title, 'string');
    assert.equal(typeof doc.info?.version, 'string');
    assert.ok(operations.length > 0);
    for (const e of meta.entities) assert.ok(doc.components.schemas[e.name], `schema ${e.name}`);
    assert.ok(doc.components.schemas.Problem, 'schema Problem');
  });

  it('every $ref resolves, and every operationId is unique', () => {
    const walk = (node) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        if (typeof node.$ref === 'string') resolve(node.$ref);
        Object.values(node).forEach(walk);
      }
    };
    walk(doc);
    const ids = operations.map(([, , op]) => op.operationId);
    assert.ok(ids.every((x) => typeof x === 'string' && x.length));
    assert.equal(new Set(ids).size, ids.length, 'duplicate operationId');
  });

  it('every path parameter in a path is declared, and every declared one is in the path', () => {
    for (const [path, m, op] of operations) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort();
      assert.deepEqual(declared, inPath, `${m.toUpperCase()} ${path}`);
    }
  });
});

describe('every documented operation is served as documented', () => {
  for (const [path, method, op] of operations) {
    const M = method.toUpperCase();
    it(`${M} ${path}`, async () => {
      const e = resourceOf(path);
      let target = path;
      let opts = {};
      if (!e && path !== '/api/v1/{resource}') {
        // account routes: called as nobody, they must answer as documented (mostly 401)
        target = path.replace('{id}', '1');
        if (M === 'POST' || M === 'PUT' || M === 'PATCH') opts = { json: {} };
      } else if (path.includes('{id}')) {
        assert.ok(e, `no resource for ${path}`);
        let row = await rowOf(e.name);
        if (M === 'DELETE') row = await fx.create(e.name, { full: false });
        target = path.replace('{id}', String(row.id));
        if (M === 'PATCH') opts = { json: { notes: 'openapi' }, headers: { 'If-Match': `"${row.version}"` } };
        if (M === 'PUT') {
          const body = {};
          for (const f of e.fields) if (f.required) body[f.name] = row[f.name];
          opts = { json: body, headers: { 'If-Match': `"${row.version}"` } };
        }
        if (M === 'DELETE') opts = { headers: { 'If-Match': `"${row.version}"` } };
      } else if (path.includes('{path}')) {
        // a real asset of this build: the first one the page links
        const page = await api.request('GET', '/');
        const asset = page.text.match(/\/assets\/([^"']+)/);
        assert.ok(asset, 'the page links an asset');
        target = path.replace('{path}', asset[1]);
      } else if (M === 'POST') {
        assert.ok(e, `no resource for ${path}`);
        opts = { json: await fx.body(e.name, { full: true }) };
      }
      const r = await api.request(M, target, opts);
      assert.notEqual(r.status, 405, `${M} ${target} is not served: ${r.text}`);
      assert.ok(!(r.status === 404 && r.json?.detail === 'no such path'), `${M} ${target} has no route`);
      const documented = Object.keys(op.responses ?? {});
      const key = documented.includes(String(r.status)) ? String(r.status) : `${String(r.status)[0]}XX`;
      assert.ok(documented.includes(key),
        `${M} ${target} answered ${r.status}, documented ${documented}: ${r.text.slice(0, 300)}`);
      const content = op.responses[key].content;
      if (content) {
        const types = Object.keys(content);
        assert.ok(types.some((t) => t === '*/*' || r.ct.startsWith(t)), `${M} ${target}: ${r.ct} not in ${types}`);
        const schema = content[types.find((t) => t === '*/*' || r.ct.startsWith(t))].schema;
        if (r.json !== undefined && schema) conforms(schema, r.json, `${M} ${path}`);
      } else {
        assert.equal(r.text, '', `${M} ${target}: undocumented body`);
      }
    });
  }

  it('problems are documented as 4XX application/problem+json, and 4xx answers are that', async () => {
    for (const [path, method, op] of operations.filter(([p]) => p.includes('{id}') && resourceOf(p))) {
      const M = method.toUpperCase();
      assert.ok(op.responses['4XX']?.content?.['application/problem+json'], `${M} ${path}`);
      const r = await api.request(M, path.replace('{id}', '987654321'),
        M === 'GET' || M === 'DELETE' ? {} : { json: {}, headers: { 'If-Match': '"1"' } });
      assertProblem(r, 404, 'not_found', [], `${M} ${path}`);
      conforms(op.responses['4XX'].content['application/problem+json'].schema, r.json, `${M} ${path} 404`);
    }
  });
});

describe('every route of src/http/routes.c is documented', () => {
  it('the route table was found', () => assert.ok(routeTable.length >= 8, JSON.stringify(routeTable)));

  for (const [method, pattern] of routeTable) {
    const expanded = pattern.includes('{resource}') ? `for every resource` : '';
    it(`${method} ${pattern} ${expanded}`.trim(), () => {
      const paths = pattern.includes('{resource}')
        ? meta.entities.map((e) => pattern.replace('{resource}', e.name))
        : [pattern];
      for (const p of paths) {
        let found;
        if (p.endsWith('{*}')) {
          const prefix = p.slice(0, -3);
          found = Object.keys(doc.paths).find((d) => d.startsWith(prefix) && /^\{\w+\}/.test(d.slice(prefix.length)));
        } else {
          found = doc.paths[p] ? p : undefined;
        }
        assert.ok(found && doc.paths[found][method.toLowerCase()], `${method} ${p} is not in the document`);
      }
    });
  }

  it('and the document has no operation the table does not serve', () => {
    const served = new Set(routeTable.flatMap(([m, p]) => (p.includes('{resource}')
      ? meta.entities.map((e) => `${m} ${p.replace('{resource}', e.name)}`) : [`${m} ${p}`])));
    for (const [path, method] of operations) {
      const key = `${method.toUpperCase()} ${path}`;
      const viaStar = [...served].some((s) => s.endsWith('{*}') && key.startsWith(s.slice(0, -3)));
      assert.ok(served.has(key) || viaStar, `${key} is documented but not in the route table`);
    }
  });
});

describe('schemas match the resources', () => {
  it("every key of every resource's GET answer is documented in its schema (_refs included)",
    async () => {
      const missing = [];
      for (const e of meta.entities) {
        const row = await rowOf(e.name);
        const props = doc.components.schemas[e.name].properties;
        for (const k of Object.keys(row)) if (!props[k]) missing.push(`${e.name}.${k}`);
      }
      assert.deepEqual(missing, [], `sent but not documented: ${missing.join(', ')}`);
    });

  for (const e of meta.entities) {
    it(`${e.name}: properties, types, enums and required fields follow /api/v1/meta`, () => {
      const s = doc.components.schemas[e.name];
      const want = ['id', 'version', ...e.fields.map((f) => f.name), 'created_at', 'updated_at',
        ...e.children.map((c) => c.key)];
      for (const k of want) assert.ok(s.properties[k], `${e.name}.${k} not documented`);
      assert.deepEqual([...s.required].sort(), e.fields.filter((f) => f.required).map((f) => f.name).sort());
      for (const f of e.fields) {
        const p = s.properties[f.name];
        const types = [].concat(p.type);
        assert.equal(types.includes('null'), !f.required, `${f.name} nullable iff optional`);
        const base = { text: 'string', enum: 'string', ref: 'integer', date: 'string', instant: 'string',
          timezone: 'string', bool: 'boolean', int: 'integer', country: 'string', email: 'string',
          strlist: 'array', money: 'integer', currency: 'string', decimal: 'string' }[f.type];
        assert.ok(types.includes(base), `${f.name}: ${types} lacks ${base}`);
        if (f.type === 'enum') assert.deepEqual(p.enum, f.values, f.name);
        if (f.type === 'text') assert.equal(p.maxLength, f.max, f.name);
      }
    });

    it(`${e.name}: GET and list answers conform to the schema`, async () => {
      const row = await rowOf(e.name);
      conforms({ $ref: `#/components/schemas/${e.name}` }, row, `GET ${e.name}`);
      const minimal = await fx.create(e.name, { full: false });
      conforms({ $ref: `#/components/schemas/${e.name}` }, minimal, `POST ${e.name}`);
      const list = ok(await api.get(`/api/v1/${e.name}?limit=5`));
      const op = doc.paths[`/api/v1/${e.name}`].get;
      conforms(op.responses['200'].content['application/json'].schema, list, `list ${e.name}`);
    });

    it(`${e.name}: the list's documented query parameters are the ones it takes`, async () => {
      const op = doc.paths[`/api/v1/${e.name}`].get;
      const params = op.parameters.filter((p) => p.in === 'query').map((p) => p.name).sort();
      const want = ['q', 'sort', 'limit', 'cursor', ...e.fields.filter((f) => f.filter).map((f) => f.name)].sort();
      assert.deepEqual(params, want);
      const row = await fx.create(e.name, { full: true });
      for (const f of e.fields.filter((x) => x.filter && row[x.name] !== null)) {
        ok(await api.get(`/api/v1/${e.name}?${f.name}=${encodeURIComponent(String(row[f.name]))}`), 200, f.name);
      }
    });
  }
});
