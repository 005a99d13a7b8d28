// cache.test.mjs - the answers a server keeps for GETs of resources (src/http/cache.c) and the
// accounts it keeps for API tokens (src/app/token_cache.c), both per data generation: a GET
// asked again is answered from the cache, the same answer; and nothing kept outlives a write —
// one through this server, through another server on the same database, or through the CLI —
// nor a revoked token, nor a disabled account; and each account gets its own answer. On SQLite
// and, with ROADSHOW_TEST_PG, on PostgreSQL.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, startServer } from '../lib/server.mjs';
import { client, ok, assertProblem, bearer } from './helpers.mjs';

const PASSWORD = 'a long enough password';
let server, other, api, api2;
const as = {};
let vinatech, jeonbuk;

// The two cache counters of /metrics (read from this machine, which may).
async function counts(s = api) {
  const r = await s.get('/metrics');
  assert.equal(r.status, 200, r.text);
  const value = (name) => Number(r.text.match(new RegExp(`^${name} (\\d+)$`, 'm'))[1]);
  return { hits: value('roadshow_http_cache_hits_total'), misses: value('roadshow_http_cache_misses_total') };
}

const get = (path, who, s = api) => s.get(path, { headers: as[who] });

before(async () => {
  server = await startServer({ demo: true });
  api = client(server.base);
  const orgs = JSON.parse(cli(['export', 'organizations', '--format', 'json', '--db', server.db]).stdout);
  vinatech = orgs.find((o) => o.name_ko.includes('비나텍')).id;
  jeonbuk = orgs.find((o) => o.name_ko === '전북특별자치도').id;
  // accounts added by the CLI while the server runs: a write of another process
  for (const [login, role, org] of [['c.admin', 'admin'], ['c.company', 'company', vinatech], ['c.jb', 'organizer', jeonbuk]]) {
    const args = ['user', 'add', login, '--role', role, '--password-stdin', '--db', server.db];
    if (org) args.push('--organization', String(org));
    const r = cli(args, { input: `${PASSWORD}\n` });
    assert.equal(r.status, 0, r.stderr);
  }
  for (const login of ['c.admin', 'c.company', 'c.jb']) as[login] = await bearer(api, login, PASSWORD, 'cache test');
  // a second server on the same database
  other = await startServer({ db: server.db });
  api2 = client(other.base);
});

after(async () => {
  await other?.stop();
  await server?.stop();
});

describe('answers kept per data generation', () => {
  it('answers a GET asked again from the cache, with the same body and ETag', async () => {
    const path = `/api/v1/organizations/${jeonbuk}`;
    const first = await get(path, 'c.admin');
    ok(first);
    const before = await counts();
    const again = await get(path, 'c.admin');
    ok(again);
    const after = await counts();
    assert.equal(after.hits, before.hits + 1, 'the second GET is a hit');
    assert.equal(again.text, first.text);
    assert.ok(first.headers.get('etag'));
    assert.equal(again.headers.get('etag'), first.headers.get('etag'));
    // another query is another answer
    const page = ok(await get('/api/v1/organizations?limit=2', 'c.admin'));
    const page2 = ok(await get('/api/v1/organizations?limit=3', 'c.admin'));
    assert.equal(page.items.length, 2);
    assert.equal(page2.items.length, 3);
  });

  it('shows a write through this server at once', async () => {
    const path = `/api/v1/organizations/${jeonbuk}`;
    const before = ok(await get(path, 'c.admin'));
    ok(await get(path, 'c.admin'));
    const changed = ok(await api.patch(path, { json: { city: 'Jeonju (cache 1)' }, headers: { ...as['c.admin'], 'If-Match': `"${before.version}"` } }));
    assert.equal(changed.city, 'Jeonju (cache 1)');
    const now = ok(await get(path, 'c.admin'));
    assert.equal(now.city, 'Jeonju (cache 1)');
    assert.equal(now.version, before.version + 1);
    const list = ok(await get('/api/v1/organizations?limit=500', 'c.admin'));
    assert.equal(list.items.find((o) => o.id === jeonbuk).city, 'Jeonju (cache 1)');
  });

  it('shows a write through another server on the same database at once, both ways', async () => {
    const path = `/api/v1/organizations/${jeonbuk}`;
    const here = ok(await get(path, 'c.admin'));
    ok(await get(path, 'c.admin'));
    ok(await get(path, 'c.admin', api2));
    ok(await api2.patch(path, { json: { city: 'Jeonju (cache 2)' }, headers: { ...as['c.admin'], 'If-Match': `"${here.version}"` } }));
    assert.equal(ok(await get(path, 'c.admin')).city, 'Jeonju (cache 2)');
    const total = ok(await get('/api/v1/organizations?limit=1', 'c.admin', api2)).total;
    ok(await api.post('/api/v1/organizations', { json: { kind: 'company', name_ko: '캐시 시험 회사' }, headers: as['c.admin'] }), 201);
    assert.equal(ok(await get('/api/v1/organizations?limit=1', 'c.admin', api2)).total, total + 1);
  });

  it('shows a write of the CLI at once', async () => {
    const path = `/api/v1/organizations?limit=1`;
    const total = ok(await get(path, 'c.admin')).total;
    ok(await get(path, 'c.admin'));
    const r = cli(['user', 'add', 'c.later', '--role', 'viewer', '--organization', String(jeonbuk), '--password-stdin', '--db', server.db], { input: `${PASSWORD}\n` });
    assert.equal(r.status, 0, r.stderr);
    const before = await counts();
    assert.equal(ok(await get(path, 'c.admin')).total, total);
    assert.equal((await counts()).misses, before.misses + 1, 'worked out again after the CLI wrote');
  });

  it('gives each account its own answer to the same GET', async () => {
    const path = '/api/v1/consultations?limit=500';
    const all = ok(await get(path, 'c.admin'));
    const own = ok(await get(path, 'c.company'));
    const region = ok(await get(path, 'c.jb'));
    assert.ok(all.total > own.total && own.total > 0, `admin ${all.total}, company ${own.total}`);
    assert.ok(own.items.every((c) => c.exhibitor_id === vinatech));
    assert.ok(region.total < all.total);
    // and again, now from the cache, in the other order
    assert.deepEqual(ok(await get(path, 'c.company')), own);
    assert.deepEqual(ok(await get(path, 'c.admin')), all);
    assertProblem(await get('/api/v1/delegations', 'c.company'), 403, 'forbidden');
    assertProblem(await get('/api/v1/delegations', 'c.company'), 403, 'forbidden');
  });

  it('refuses a revoked token at once, on every server', async () => {
    const t = await bearer(api, 'c.admin', PASSWORD, 'to revoke');
    const path = '/api/v1/organizations?limit=1';
    ok(await api.get(path, { headers: t }));
    ok(await api.get(path, { headers: t }));
    ok(await api2.get(path, { headers: t }));
    const mine = ok(await api.get('/api/v1/tokens', { headers: t }));
    const id = (mine.items ?? mine).find((x) => x.name === 'to revoke').id;
    const del = await api.del(`/api/v1/tokens/${id}`, { headers: as['c.admin'] });
    assert.ok(del.status === 200 || del.status === 204, del.text);
    assertProblem(await api.get(path, { headers: t }), 401, 'invalid_token');
    assertProblem(await api2.get(path, { headers: t }), 401, 'invalid_token');
  });

  it('refuses the token of a disabled account at once', async () => {
    const path = '/api/v1/organizations?limit=1';
    ok(await get(path, 'c.jb'));
    ok(await get(path, 'c.jb'));
    const users = ok(await get('/api/v1/users', 'c.admin'));
    const jb = (users.items ?? users).find((u) => u.login === 'c.jb');
    ok(await api.patch(`/api/v1/users/${jb.id}`, { json: { disabled: true }, headers: as['c.admin'] }));
    assertProblem(await get(path, 'c.jb'), 401, 'invalid_token');
    assertProblem(await get(path, 'c.jb', api2), 401, 'invalid_token');
  });
});
