// scale_out.test.mjs - two `roadshow serve` processes on one PostgreSQL database, as one
// (issue 7): a session made on one is good on the other, a version conflict (If-Match) and an
// Idempotency-Key replay cross them, failed logins count on both, and nginx with
// deploy/nginx/roadshow.conf (its ports filled in) spreads requests over both, which answer
// alike.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, ok, assertProblem } from './helpers.mjs';
import { BIN, cli, dbExec, pgDatabase, pgServer, startServer } from '../lib/server.mjs';

const run = promisify(execFile);

const ROOT = new URL('../../', import.meta.url).pathname;
const PASSWORD = 'scale-out-pass-2024';
let pg, database, a, b, nginx, dir, proxied;
let A, B, token; // clients of each server, with the account's API token

const freePort = () => new Promise((resolve) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const { port } = srv.address();
    srv.close(() => resolve(port));
  });
});

async function tokenFor(base) {
  const api = client(base);
  const login = await api.post('/api/v1/session', { json: { login: 'scaleadmin', password: PASSWORD } });
  assert.equal(login.status, 201, login.text);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const t = await api.post('/api/v1/tokens', { json: { name: 'scale-out' }, headers: { Cookie: cookie, 'X-CSRF-Token': login.json.csrf_token } });
  assert.equal(t.status, 201, t.text);
  return { cookie, csrf: login.json.csrf_token, token: t.json.token };
}

function withToken(base, token) {
  const api = client(base);
  const h = (more = {}) => ({ Authorization: `Bearer ${token}`, ...more });
  return {
    get: (p, o = {}) => api.get(p, { ...o, headers: h(o.headers) }),
    post: (p, o = {}) => api.post(p, { ...o, headers: h(o.headers) }),
    patch: (p, o = {}) => api.patch(p, { ...o, headers: h(o.headers) }),
  };
}

before(async () => {
  pg = pgServer();
  database = pgDatabase(pg.base);
  const added = cli(['user', 'add', 'scaleadmin', '--role', 'admin', '--password-stdin', '--db', database.url], { input: `${PASSWORD}\n` });
  assert.equal(added.status, 0, added.stderr);
  a = await startServer({ db: database.url, args: ['--trusted-proxy', '127.0.0.1'] });
  b = await startServer({ db: database.url, args: ['--trusted-proxy', '127.0.0.1'] });
  ({ token } = await tokenFor(a.base));
  A = withToken(a.base, token);
  B = withToken(b.base, token);

  // nginx with the documented configuration, the upstream's ports and its own listen port
  dir = mkdtempSync(join(tmpdir(), 'roadshow-nginx-'));
  const port = await freePort();
  const portOf = (s) => s.base.match(/:(\d+)$/)[1];
  const site = readFileSync(join(ROOT, 'deploy/nginx/roadshow.conf'), 'utf8')
    .replace('server 127.0.0.1:8081;', `server 127.0.0.1:${portOf(a)};`)
    .replace('server 127.0.0.1:8082;', `server 127.0.0.1:${portOf(b)};`)
    .replace('listen 127.0.0.1:8080;', `listen 127.0.0.1:${port};`);
  writeFileSync(join(dir, 'roadshow.conf'), site);
  writeFileSync(join(dir, 'nginx.conf'), `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  include ${dir}/roadshow.conf;
}
`);
  execFileSync('/usr/sbin/nginx', ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' });
  nginx = spawn('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  proxied = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${proxied}/healthz`)).ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
});

after(async () => {
  nginx?.kill('SIGTERM');
  await a?.stop();
  await b?.stop();
  database?.drop();
  pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('two servers on one PostgreSQL', () => {
  it('start on an empty database at once: each migrates it or finds it migrated, none fails', async () => {
    const empty = pgDatabase(pg.base);
    try {
      const runs = await Promise.all(Array.from({ length: 4 }, () => run(BIN, ['migrate', '--db', empty.url]).then(
        (r) => ({ status: 0, out: r.stdout }), (e) => ({ status: e.code, out: `${e.stdout}${e.stderr}` }))));
      for (const r of runs) assert.equal(r.status, 0, r.out);
      const versions = new Set(runs.map((r) => r.out.match(/schema version (\d+)/)[1]));
      assert.equal(versions.size, 1);
      assert.equal(dbExec(empty.url, 'SELECT count(*) FROM schema_migrations'), [...versions][0]);
    } finally {
      empty.drop();
    }
  });

  it('share sessions: a cookie made on one is good on the other, and logging out ends it on both', async () => {
    const s = await tokenFor(a.base);
    const me = await client(b.base).get('/api/v1/session', { headers: { Cookie: s.cookie } });
    assert.equal(ok(me).login, 'scaleadmin');
    ok(await client(b.base).del('/api/v1/session', { headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf } }), 204);
    assertProblem(await client(a.base).get('/api/v1/session', { headers: { Cookie: s.cookie } }), 401, 'login_required');
  });

  it('keep one version of a row: a stale If-Match on one after a write on the other is 412', async () => {
    const org = ok(await A.post('/api/v1/organizations', { json: { kind: 'company', name_ko: '확장 기업' } }), 201);
    const seen = ok(await B.get(`/api/v1/organizations/${org.id}`));
    assert.equal(seen.version, org.version);
    const changed = ok(await B.patch(`/api/v1/organizations/${org.id}`, { json: { name_en: 'Scale Co' }, headers: { 'If-Match': `"${org.version}"` } }));
    assert.equal(changed.version, org.version + 1);
    assertProblem(await A.patch(`/api/v1/organizations/${org.id}`, { json: { name_en: 'Lost update' }, headers: { 'If-Match': `"${org.version}"` } }), 412, 'version_mismatch');
    assert.equal(ok(await A.get(`/api/v1/organizations/${org.id}`)).name_en, 'Scale Co');
  });

  it('replay an Idempotency-Key made on one from the other, and refuse it for another body', async () => {
    const json = { kind: 'company', name_ko: '멱등 기업' };
    const first = await A.post('/api/v1/organizations', { json, headers: { 'Idempotency-Key': 'scale-out-key-1' } });
    assert.equal(first.status, 201);
    const again = await B.post('/api/v1/organizations', { json, headers: { 'Idempotency-Key': 'scale-out-key-1' } });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.json.id, first.json.id);
    assertProblem(await B.post('/api/v1/organizations', { json: { ...json, name_ko: '다른 기업' }, headers: { 'Idempotency-Key': 'scale-out-key-1' } }), 422, 'idempotency_key_reused');
    const list = ok(await B.get('/api/v1/organizations?limit=500')).items.filter((o) => o.name_ko === '멱등 기업');
    assert.equal(list.length, 1, 'made once');
  });

  it('count failed logins on both: the throttle made on one holds on the other', async () => {
    const bad = { json: { login: 'scaleadmin', password: 'wrong-password-0000' } };
    let throttled = null;
    for (let i = 0; i < 30 && !throttled; i++) {
      const r = await client(i % 2 ? b.base : a.base).post('/api/v1/session', bad);
      if (r.status === 429) throttled = i;
      else assert.equal(r.status, 401);
    }
    assert.ok(throttled !== null && throttled > 1, 'throttled after failures spread over both servers');
  });

  it('behind nginx (deploy/nginx/roadshow.conf) answer alike, each taking its share', async () => {
    const lines = (s) => s.stderr().split('\n').filter((l) => l.includes('"route":"/api/v1/{resource}/{id}"')).length;
    const [la, lb] = [lines(a), lines(b)];
    const org = ok(await A.post('/api/v1/organizations', { json: { kind: 'company', name_ko: '프록시 기업' } }), 201);
    const P = withToken(proxied, token);
    for (let i = 0; i < 10; i++) assert.equal(ok(await P.get(`/api/v1/organizations/${org.id}`)).name_ko, '프록시 기업');
    assert.ok(lines(a) > la && lines(b) > lb, 'both servers answered some of the requests');
  });
});
