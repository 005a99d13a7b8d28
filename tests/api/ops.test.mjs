// ops.test.mjs - what the people who run the server rely on: /healthz and /readyz (also when
// the database's schema is behind or ahead of the binary), Prometheus metrics at /metrics
// (parsed, counted, bounded labels, who may read them), one JSON log line per request with its
// X-Request-Id, and a graceful stop on SIGTERM (the request in flight finishes, new connections
// are refused, the process exits 0).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { cli, dbExec, startServer } from '../lib/server.mjs';
import { client, ok, assertProblem, bearer, until } from './helpers.mjs';

const PASSWORD = 'a long enough password';
const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

// A server with one administrator (so that access is checked: no set-up mode) behind a
// trusted proxy at 127.0.0.1, whose X-Forwarded-For then names the client.
const server = await startServer({ args: ['--trusted-proxy', '127.0.0.1'] });
servers.push(server);
const api = client(server.base);
const added = cli(['user', 'add', 'ops.admin', '--role', 'admin', '--password-stdin', '--db', server.db], { input: `${PASSWORD}\n` });
assert.equal(added.status, 0, added.stderr);
const adminHeaders = await bearer(api, 'ops.admin', PASSWORD, 'ops test');


// The JSON lines the server wrote on stderr.
const logLines = (s) => s.stderr().split('\n').filter((l) => l.trim() !== '');
const logRecords = (s) => logLines(s).map((l) => JSON.parse(l));

// Runs SQL against the database from outside the server (its own shell: sqlite3 or psql).
const sql = (db, statement) => dbExec(db, statement);

// Text exposition format 0.0.4: samples as { name, labels, value }; every line is checked.
function parseMetrics(text) {
  const samples = [];
  const types = {};
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m = line.match(/^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/);
    if (m) {
      if (m[1] === 'TYPE') {
        assert.ok(['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(m[3]), line);
        types[m[2]] = m[3];
      }
      continue;
    }
    m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/);
    assert.ok(m, `not a sample line: ${JSON.stringify(line)}`);
    const labels = {};
    if (m[2]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
      let lm;
      while ((lm = re.exec(m[2]))) labels[lm[1]] = lm[2];
      assert.equal(re.lastIndex === 0 ? m[2].length : re.lastIndex, m[2].length, `labels of ${line}`);
    }
    const value = Number(m[3]);
    assert.ok(Number.isFinite(value) || m[3] === '+Inf', `value of ${line}`);
    samples.push({ name: m[1], labels, value });
  }
  return { samples, types };
}

const sample = (parsed, name, labels = {}) => parsed.samples.find((s) => s.name === name
  && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
const valueOf = (parsed, name, labels) => sample(parsed, name, labels)?.value ?? 0;
// (through the trusted proxy without X-Forwarded-For nobody is named: an admin's token)
const readMetrics = async () => {
  const r = await api.get('/metrics', { headers: adminHeaders });
  assert.equal(r.status, 200, r.text);
  return parseMetrics(r.text);
};

describe('health and readiness', () => {
  it('GET /healthz is 200 {"status":"ok"}, without looking at credentials', async () => {
    for (const headers of [{}, { Authorization: 'Bearer rst_not_a_token' }, { Cookie: 'rs_session=stale' }]) {
      const r = await api.get('/healthz', { headers });
      assert.deepEqual(ok(r, 200, JSON.stringify(headers)), { status: 'ok' });
    }
  });

  it('GET /readyz is 200 with the schema version this binary migrates to', async () => {
    const r = await api.get('/readyz', { headers: { Authorization: 'Bearer rst_not_a_token' } });
    const body = ok(r, 200);
    assert.equal(body.status, 'ready');
    const migrated = cli(['migrate', '--db', server.db]);
    assert.equal(migrated.status, 0, migrated.stderr);
    assert.equal(body.schema_version, Number(migrated.stdout.match(/schema version (\d+)/)[1]));
  });

  it('GET /readyz is 503 schema_ahead, then schema_behind, when the database says so, and 200 again once it is right', async () => {
    const { schema_version: v } = ok(await api.get('/readyz'));
    sql(server.db, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${v + 1}, '${v + 1}_from_a_newer_binary.sql', '2030-01-01T00:00:00Z')`);
    let p = assertProblem(await api.get('/readyz'), 503, 'schema_ahead');
    assert.match(p.detail, new RegExp(`${v + 1}.*${v}`));
    sql(server.db, `DELETE FROM schema_migrations WHERE version = ${v + 1}`);
    assert.equal(ok(await api.get('/readyz')).status, 'ready');

    const row = dbExec(server.db, `SELECT version || '|' || name || '|' || applied_at FROM schema_migrations WHERE version = ${v}`);
    const [version, name, appliedAt] = row.split('|');
    sql(server.db, `DELETE FROM schema_migrations WHERE version = ${v}`);
    p = assertProblem(await api.get('/readyz'), 503, 'schema_behind');
    assert.match(p.detail, /roadshow migrate/);
    sql(server.db, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${version}, '${name}', '${appliedAt}')`);
    assert.equal(ok(await api.get('/readyz')).schema_version, v);
  });
});

describe('metrics', () => {
  it('are Prometheus text 0.0.4, and the request count of a route goes up by the request made', async () => {
    const labels = { method: 'GET', route: '/api/v1/{resource}', status: '200' };
    const before = await readMetrics();
    ok(await api.get('/api/v1/organizations', { headers: adminHeaders }));
    const afterwards = await readMetrics();
    assert.equal(valueOf(afterwards, 'roadshow_http_requests_total', labels), valueOf(before, 'roadshow_http_requests_total', labels) + 1);
    assert.equal(afterwards.types.roadshow_http_requests_total, 'counter');
    assert.equal(afterwards.types.roadshow_http_request_duration_seconds, 'histogram');
    assert.equal(afterwards.types.roadshow_app_seconds_total, 'counter');
    assert.ok(valueOf(afterwards, 'roadshow_app_seconds_total', { route: '/api/v1/{resource}' }) > 0);
  });

  it('the latency histogram is cumulative, from 0.5 ms to 10 s, its +Inf bucket equal to its count', async () => {
    const m = await readMetrics();
    const route = { method: 'GET', route: '/healthz' };
    const buckets = m.samples.filter((s) => s.name === 'roadshow_http_request_duration_seconds_bucket'
      && s.labels.route === route.route && s.labels.method === route.method);
    assert.deepEqual(buckets.map((b) => b.labels.le),
      ['0.0005', '0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']);
    for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i].value >= buckets[i - 1].value);
    assert.equal(buckets.at(-1).value, valueOf(m, 'roadshow_http_request_duration_seconds_count', route));
    assert.ok(valueOf(m, 'roadshow_http_request_duration_seconds_sum', route) > 0);
  });

  it('label a request by its route pattern, never by the path or query it carried', async () => {
    await api.get('/api/v1/organizations/987654321?q=secret-search-term', { headers: adminHeaders });
    await api.get('/no/such/path/424242');
    const r = await api.get('/metrics', { headers: adminHeaders });
    assert.ok(!r.text.includes('987654321') && !r.text.includes('secret-search-term') && !r.text.includes('424242'));
    const m = parseMetrics(r.text);
    assert.ok(valueOf(m, 'roadshow_http_requests_total', { route: '/api/v1/{resource}/{id}', status: '404' }) >= 1);
    assert.ok(valueOf(m, 'roadshow_http_requests_total', { route: 'unmatched', status: '404' }) >= 1);
  });

  it('are for administrators and clients on this machine: a remote client (named by the trusted proxy) needs an admin', async () => {
    const remote = { 'X-Forwarded-For': '203.0.113.7' };
    assertProblem(await api.get('/metrics', { headers: remote }), 401, 'login_required');
    const r = await api.get('/metrics', { headers: { ...remote, ...adminHeaders } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    // the proxy naming a client on its own machine, and a direct loopback client
    assert.equal((await api.get('/metrics', { headers: { 'X-Forwarded-For': '127.0.0.1' } })).status, 200);
    // the proxy's own address naming nobody is not taken for a local client
    assertProblem(await api.get('/metrics', { headers: { 'X-Forwarded-For': 'garbage' } }), 401, 'login_required');
  });
});

describe('the log', () => {
  it('echoes a sane X-Request-Id, and logs it with the route, status, duration, bytes and client', async () => {
    const id = 'ops-test.4f1c:9e2a_77';
    const r = await api.get('/api/v1/organizations', { headers: { ...adminHeaders, 'X-Request-Id': id, 'X-Forwarded-For': '198.51.100.23' } });
    ok(r);
    assert.equal(r.headers.get('x-request-id'), id);
    const line = await until(() => logRecords(server).find((x) => x.request_id === id), 'the log line');
    assert.equal(line.method, 'GET');
    assert.equal(line.route, '/api/v1/{resource}');
    assert.equal(line.status, 200);
    assert.equal(line.client, '198.51.100.23');
    assert.equal(line.bytes, Buffer.byteLength(r.text));
    assert.equal(typeof line.duration_ms, 'number');
    assert.ok(line.duration_ms >= 0);
    assert.match(line.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Math.abs(Date.parse(line.time) - Date.now()) < 3600e3, 'the time is now, in UTC');
  });

  it('makes its own id when none, or one that is not sane, is sent', async () => {
    const ids = [];
    for (const sent of [undefined, 'has spaces in it', 'x'.repeat(129), 'quote"d', '']) {
      const r = await api.get('/healthz', { headers: sent === undefined ? {} : { 'X-Request-Id': sent } });
      const id = r.headers.get('x-request-id');
      assert.match(id, /^[0-9a-f]{32}$/, `sent ${sent}`);
      ids.push(id);
    }
    assert.equal(new Set(ids).size, ids.length, 'ids repeat');
    await until(() => ids.every((id) => logRecords(server).some((x) => x.request_id === id)), 'their log lines');
  });

  it('writes one valid JSON line per request on stderr, and nothing else there', async () => {
    const before = logLines(server).length;
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await api.get('/api/v1/meta')).headers.get('x-request-id'));
    await until(() => logLines(server).length >= before + 5, 'five more lines');
    const records = logRecords(server); // throws on a line that is not JSON
    for (const id of ids) assert.equal(records.filter((x) => x.request_id === id).length, 1, id);
    for (const x of records.filter((y) => y.request_id)) {
      assert.deepEqual(Object.keys(x).filter((k) => k !== 'end').sort(),
        ['bytes', 'client', 'duration_ms', 'method', 'request_id', 'route', 'status', 'time']);
    }
  });
});

describe('a graceful stop', () => {
  it('on SIGTERM, the request in flight completes with 200, a new connection is refused, and the process exits 0', async () => {
    const s = await startServer();
    servers.push(s);
    const sapi = client(s.base);
    const org = ok(await sapi.post('/api/v1/organizations', { json: { kind: 'other', name_ko: '느린 요청' } }), 201);
    const { port } = new URL(s.base);
    const body = Buffer.from(JSON.stringify({ notes: 'sent slowly, across the stop' }));
    // a PATCH whose body is still on its way: headers and a few bytes now, the rest later
    const sock = net.connect({ host: '127.0.0.1', port: Number(port) });
    let answer = '';
    sock.on('data', (d) => { answer += d; });
    const closed = new Promise((r) => sock.on('close', r));
    sock.on('error', () => {});
    await new Promise((r) => sock.once('connect', r));
    sock.write(`PATCH /api/v1/organizations/${org.id} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n`
      + `If-Match: "${org.version}"\r\nX-Request-Id: slow-one\r\nContent-Length: ${body.length}\r\n\r\n`);
    sock.write(body.subarray(0, 5));
    // the server has it: in flight are it and the metrics request asking
    await until(async () => {
      const t = (await sapi.get('/metrics')).text;
      return Number(t.match(/^roadshow_http_requests_in_flight (\d+)$/m)[1]) >= 2;
    }, 'the slow request to be in flight');

    const exited = new Promise((r) => s.child.once('exit', (code, signal) => r({ code, signal })));
    s.child.kill('SIGTERM');
    await until(() => logRecords(s).some((x) => x.event === 'stopping'), 'the stopping line');
    const refused = await new Promise((resolve) => {
      const c = net.connect({ host: '127.0.0.1', port: Number(port) });
      c.on('connect', () => { c.destroy(); resolve(null); });
      c.on('error', (e) => resolve(e.code));
    });
    assert.equal(refused, 'ECONNREFUSED');
    assert.equal(s.alive(), true, 'the server waits for the request in flight');

    sock.write(body.subarray(5));
    await closed;
    assert.match(answer, /^HTTP\/1\.1 200 /);
    assert.match(answer, /\r\nConnection: close\r\n/i);
    assert.equal(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).notes, 'sent slowly, across the stop');
    assert.deepEqual(await exited, { code: 0, signal: null });
    const records = logRecords(s);
    assert.equal(records.find((x) => x.request_id === 'slow-one')?.status, 200);
    assert.ok(records.some((x) => x.event === 'stopped'), 'the stopped line');
  });
});
