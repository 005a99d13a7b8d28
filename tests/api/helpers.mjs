// helpers.mjs - shared code of the black-box API tests: a small HTTP client, problem+json
// checks, whole-database dumps (to prove a rejected request changed nothing) and fixtures
// built from the field descriptors that /api/v1/meta publishes.
import assert from 'node:assert/strict';
import nodeHttp from 'node:http';
import { after } from 'node:test';
import { startServer } from '../lib/server.mjs';

export const ROOT = new URL('../../', import.meta.url).pathname;

function hasHeader(headers, name) {
  return Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase());
}

const agent = new nodeHttp.Agent({ keepAlive: true, maxSockets: 16 });

// One HTTP exchange (node:http with keep-alive: several times faster than fetch here).
// opts.json sends a JSON body (Content-Type: application/json unless given); opts.raw
// sends bytes as they are (no Content-Type unless given); opts.chunks sends its buffers
// with chunked transfer coding. Never throws on an HTTP status; returns
// { status, headers: { get(name) }, ct, text, json }.
export function http(base, method, path, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  let body;
  if (opts.json !== undefined) {
    body = Buffer.from(JSON.stringify(opts.json));
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
  } else if (opts.raw !== undefined) {
    body = typeof opts.raw === 'string' ? Buffer.from(opts.raw) : opts.raw;
  }
  if (body) headers['Content-Length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = nodeHttp.request(base + path, { method, headers, agent }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('error', reject);
      res.on('end', () => {
        const buf = Buffer.concat(parts);
        const text = buf.toString('utf8');
        const ct = res.headers['content-type'] || '';
        let json;
        if (/json/.test(ct)) {
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
        }
        const get = (n) => {
          const v = res.headers[n.toLowerCase()];
          return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
        };
        resolve({ status: res.statusCode, headers: { get, raw: res.headers }, ct, text, buf, json });
      });
    });
    req.on('error', reject);
    if (opts.chunks) for (const c of opts.chunks) req.write(c);
    req.end(body);
  });
}

// A client bound to one server.
export function client(base) {
  const call = (method) => (path, opts) => http(base, method, path, opts);
  return {
    base,
    get: call('GET'),
    post: call('POST'),
    patch: call('PATCH'),
    put: call('PUT'),
    del: call('DELETE'),
    request: (method, path, opts) => http(base, method, path, opts),
  };
}

const short = (r) => `${r.status} ${r.text.slice(0, 600)}`;

// Asserts a successful JSON answer and returns its body.
export function ok(r, status = 200, ctx = '') {
  assert.equal(r.status, status, `${ctx}: ${short(r)}`);
  if (status !== 204) assert.match(r.ct, /^application\/json/, `${ctx}: content type ${r.ct}`);
  return r.json;
}

// Asserts an RFC 9457 problem: status, stable code, and each [field, code] among errors
// (code undefined: any code for that field).
export function assertProblem(r, status, code, fieldErrors = [], ctx = '') {
  const where = `${ctx}: got ${short(r)}`;
  assert.equal(r.status, status, where);
  assert.match(r.ct, /^application\/problem\+json/, `${where} (content type ${r.ct})`);
  const p = r.json;
  assert.ok(p && typeof p === 'object' && !Array.isArray(p), where);
  assert.equal(p.status, status, where);
  if (code !== undefined) assert.equal(p.code, code, where);
  assert.equal(typeof p.type, 'string', where);
  assert.ok(typeof p.title === 'string' && p.title.length > 0, where);
  assert.equal(typeof p.detail, 'string', where);
  if (p.errors !== undefined) {
    assert.ok(Array.isArray(p.errors), where);
    for (const e of p.errors) {
      assert.equal(typeof e.field, 'string', where);
      assert.equal(typeof e.code, 'string', where);
      assert.ok(typeof e.message === 'string' && e.message.length > 0, where);
    }
  }
  for (const [field, fcode] of fieldErrors) {
    assert.ok(
      Array.isArray(p.errors) &&
        p.errors.some((e) => e.field === field && (fcode === undefined || e.code === fcode)),
      `${where}: expected an error {field: ${field}, code: ${fcode}}`,
    );
  }
  return p;
}

// Asserts a 4xx problem of any kind (used where two codes are defensible).
export function assert4xxProblem(r, ctx = '') {
  assert.ok(r.status >= 400 && r.status < 500, `${ctx}: got ${short(r)}`);
  return assertProblem(r, r.status, undefined, [], ctx);
}

export async function getMeta(api) {
  const r = await api.get('/api/v1/meta');
  const meta = ok(r, 200, 'GET /api/v1/meta');
  assert.ok(Array.isArray(meta.entities) && meta.entities.length > 0);
  return meta;
}

// The whole database as the API sees it: every resource's CSV export (all columns, all rows).
export async function dump(api, names) {
  const out = {};
  await Promise.all(
    names.map(async (n) => {
      const r = await api.get(`/api/v1/${n}.csv`);
      assert.equal(r.status, 200, `dump ${n}: ${short(r)}`);
      out[n] = r.text;
    }),
  );
  return out;
}

export async function assertAlive(api, server) {
  const r = await api.get('/healthz');
  assert.equal(r.status, 200, `server not healthy: ${short(r)}`);
  assert.deepEqual(r.json, { status: 'ok' });
  if (server) assert.ok(server.alive(), 'server process exited');
}

// Runs fn, then checks (not assumes) that every table is exactly as before and that the
// server still answers. Returns what fn returned.
export async function unchanged(api, names, fn, server) {
  const before = await dump(api, names);
  const result = await fn();
  const after = await dump(api, names);
  for (const n of names) assert.equal(after[n], before[n], `table ${n} changed`);
  await assertAlive(api, server);
  return result;
}

// RFC 4180 reader: returns records of cells; an unquoted empty cell is null, a quoted
// empty cell is ''.
export function parseCsv(text) {
  const records = [];
  let rec = [];
  let cell = '';
  let quoted = false;
  let inQuotes = false;
  let started = false;
  const endCell = () => {
    rec.push(cell === '' && !quoted ? null : cell);
    cell = '';
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    started = true;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
      } else cell += c;
    } else if (c === '"') {
      inQuotes = true;
      quoted = true;
    } else if (c === ',') endCell();
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endCell();
      records.push(rec);
      rec = [];
      started = false;
    } else cell += c;
  }
  if (started) {
    endCell();
    records.push(rec);
  }
  return records;
}

// CSV text → { header, rows: [{column: value}] }.
export function csvObjects(text) {
  const [header, ...rest] = parseCsv(text);
  return {
    header,
    rows: rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? null]))),
  };
}

// An instant as the server stores it: UTC, whole seconds, "Z".
export function utc(s) {
  return new Date(s).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function codePoints(s) {
  return Array.from(s).length;
}

export function cut(s, max) {
  return max ? Array.from(s).slice(0, max).join('') : s;
}

// Compares strings by Unicode code point (the order of UTF-8 bytes, which SQLite's
// binary collation uses); JS's < compares UTF-16 units instead.
export function cmpCodePoints(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
}

// Builds valid rows for any resource from its descriptor, creating the rows it refers to
// first. `full` fills every optional field too; `rich` uses Hangul, emoji, quotes, commas
// and line breaks so that encoders are exercised.
export class Fixtures {
  constructor(api, meta) {
    this.api = api;
    this.meta = meta;
    this.byName = new Map(meta.entities.map((e) => [e.name, e]));
    this.n = 0;
  }

  entity(name) {
    const e = this.byName.get(name);
    assert.ok(e, `no entity ${name} in meta`);
    return e;
  }

  text(f, n, rich) {
    let s;
    if (rich && f.multiline) s = `${n}번째 메모: 첫 줄, "인용" 😀\n둘째 줄\t탭`;
    else if (rich) s = `${n}전북특별자치도, "공동관" 🐯 ${f.name}`;
    else if (/_ko$/.test(f.name)) s = `시험${n} ${f.name}`;
    else s = `t${n}-${f.name}`;
    return cut(s, f.max);
  }

  // A valid body; overrides replace values (undefined removes the field).
  async body(name, { full = true, rich = false, overrides = {} } = {}) {
    const e = this.entity(name);
    const n = ++this.n;
    const body = {};
    let dates = 0;
    let instants = 0;
    // references that must agree on one parent (meta "same"): the first one given or made
    // decides it, the others are made under it
    const same = e.same ? new Set(e.same.fields) : new Set();
    const via = e.same?.via;
    let anchor;
    for (const k of Object.keys(overrides)) {
      if (!same.has(k) || overrides[k] === undefined || overrides[k] === null || anchor !== undefined) continue;
      if (k === via) anchor = overrides[k];
      else {
        const ref = e.fields.find((x) => x.name === k).ref;
        const r = await this.api.get(`/api/v1/${ref}/${overrides[k]}`);
        assert.equal(r.status, 200, `read ${ref}/${overrides[k]}: ${short(r)}`);
        anchor = r.json[via];
      }
    }
    for (const f of e.fields) {
      if (f.name in overrides) continue;
      if (!f.required && !full) continue;
      if (f.readonly) continue; // Roadshow sets it; a client's value is ignored
      switch (f.type) {
        case 'text':
          body[f.name] = this.text(f, n, rich);
          break;
        case 'enum':
          body[f.name] = f.values[0];
          break;
        case 'ref':
          if (same.has(f.name) && anchor !== undefined) {
            body[f.name] = f.name === via ? anchor : (await this.create(f.ref, { full: false, overrides: { [via]: anchor } })).id;
          } else {
            const row = await this.create(f.ref, { full: false });
            body[f.name] = row.id;
            if (same.has(f.name)) anchor = f.name === via ? row.id : row[via];
          }
          break;
        case 'date':
          body[f.name] = `2024-01-${String(8 + dates++).padStart(2, '0')}`;
          break;
        case 'instant':
          body[f.name] = `2024-01-09T${10 + instants++}:00:00-08:00`;
          break;
        case 'timezone':
          body[f.name] = 'America/Los_Angeles';
          break;
        case 'bool':
          body[f.name] = true;
          break;
        case 'int':
          body[f.name] = Math.min(1, f.max ?? 1);
          break;
        case 'country':
          body[f.name] = 'US';
          break;
        case 'money':
          body[f.name] = 12345000 + n;
          break;
        case 'currency':
          body[f.name] = 'USD';
          break;
        case 'decimal':
          body[f.name] = `1305.${String(n % 100).padStart(2, '0')}`;
          break;
        case 'email':
          body[f.name] = `user${n}@example.kr`;
          break;
        case 'strlist':
          body[f.name] = rich ? ['AI', '모빌리티', 'food, agri-tech', '"wellness"'] : ['AI', '모빌리티'];
          break;
        default:
          throw new Error(`no generator for field type ${f.type} (${name}.${f.name})`);
      }
    }
    for (const [k, v] of Object.entries(overrides)) if (v !== undefined) body[k] = v;
    return body;
  }

  async create(name, opts = {}) {
    const body = await this.body(name, opts);
    const r = await this.api.post(`/api/v1/${name}`, { json: body });
    assert.equal(r.status, 201, `create ${name} ${JSON.stringify(body)}: ${short(r)}`);
    return r.json;
  }
}

// The value the server should hand back for a value it accepted.
export function stored(f, v) {
  if (v === null || v === undefined) return null;
  if (f.type === 'instant') return utc(v);
  return v;
}

export function entityNames(meta) {
  return meta.entities.map((e) => e.name);
}

// Starts a server for this test file and stops it after the file's last test, also when
// the rest of the set-up fails (a module that throws runs no after() hook).
// more(ctx) may add to the set-up. Returns { server, api, meta, fx, names, ...more }.
// Headers that authenticate as login: a session opened with password, and a Bearer token
// (named name) made in it.
export async function bearer(api, login, password, name = 'test') {
  const r = await api.post('/api/v1/session', { json: { login, password } });
  const me = ok(r, 201, `log in ${login}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const t = ok(await api.post('/api/v1/tokens', {
    json: { name }, headers: { Cookie: cookie, 'X-CSRF-Token': me.csrf_token } }), 201, `a token of ${login}`);
  return { Authorization: `Bearer ${t.token}` };
}

export async function withServer(opts = {}, more = async () => ({})) {
  const server = await startServer(opts);
  try {
    const api = client(server.base);
    const meta = await getMeta(api);
    const ctx = { server, api, meta, fx: new Fixtures(api, meta), names: entityNames(meta) };
    Object.assign(ctx, await more(ctx));
    after(() => server.stop());
    return ctx;
  } catch (e) {
    await server.stop();
    throw e;
  }
}

// Waits (polling, bounded) until cond() gives a truthy value, which it returns; fails naming
// what otherwise.
export async function until(cond, what, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
