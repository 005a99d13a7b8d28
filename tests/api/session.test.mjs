// session.test.mjs - logging in and out, cookies, CSRF, fixation, expiry, password change,
// API tokens and login throttling, against a real server with accounts made by the CLI.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, dbExec, PG, pgDatabase, startServer } from '../lib/server.mjs';
import { client, ok, assertProblem } from './helpers.mjs';

const PASSWORD = 'correct horse battery';
const dir = mkdtempSync(join(tmpdir(), 'roadshow-session-'));
const pg = PG ? pgDatabase() : null; // on PostgreSQL, a database of its own there
const db = pg ? pg.url : join(dir, 'session.db');
let server, api;

function addUser(login, role, org) {
  const args = ['user', 'add', login, '--role', role, '--password-stdin', '--db', db];
  if (org) args.push('--organization', String(org));
  const r = cli(args, { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
}

// The session cookie's value from a response, or null.
function cookieOf(r) {
  const set = r.headers.get('set-cookie');
  const m = set && set.match(/rs_session=([^;]*)/);
  return m ? m[1] : null;
}

async function login(user, password = PASSWORD, headers = {}) {
  return api.post('/api/v1/session', { json: { login: user, password }, headers });
}

// Logs in; returns { cookie, csrf, headers(extra) } for later requests.
async function session(user) {
  const r = await login(user);
  const me = ok(r, 201);
  const cookie = cookieOf(r);
  assert.ok(cookie);
  return { cookie, csrf: me.csrf_token, h: (more = {}) => ({ Cookie: `rs_session=${cookie}`, ...more }) };
}

before(async () => {
  assert.equal(cli(['migrate', '--db', db]).status, 0);
  const org = cli(['import', 'organizations', '-', '--db', db], { input: 'kind,name_ko\ngovernment,전북특별자치도\ngovernment,성남시\n' });
  assert.equal(org.status, 0, org.stderr);
  addUser('admin', 'admin');
  addUser('jb.officer', 'organizer', 1);
  addUser('sn.officer', 'organizer', 2);
  addUser('throttled', 'viewer', 1);
  addUser('to.disable', 'viewer', 1);
  addUser('changer', 'viewer', 1);
  server = await startServer({ db });
  api = recording(client(server.base));
});

// Every secret the server handed out in this file (session cookies, CSRF and API tokens),
// for the last test to look for in the server's output and the database file.
const secrets = new Set([PASSWORD]);
const csrfTokens = new Set(); // kept by the server beside the session's hash: not a credential alone
function recording(c) {
  const keep = (r) => {
    const cookie = cookieOf(r);
    if (cookie) secrets.add(cookie);
    if (typeof r.json?.token === 'string') secrets.add(r.json.token);
    if (typeof r.json?.csrf_token === 'string') csrfTokens.add(r.json.csrf_token);
    return r;
  };
  const wrap = (fn) => async (...args) => keep(await fn(...args));
  return { ...c, get: wrap(c.get), post: wrap(c.post), patch: wrap(c.patch), put: wrap(c.put), del: wrap(c.del), request: wrap(c.request) };
}

after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
  pg?.drop();
});

describe('logging in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and answers who you are', async () => {
    const r = await login('jb.officer');
    const me = ok(r, 201);
    assert.equal(me.login, 'jb.officer');
    assert.equal(me.role, 'organizer');
    assert.equal(me.organization_id, 1);
    assert.match(me.csrf_token, /^[A-Za-z0-9_-]{43}$/);
    const set = r.headers.get('set-cookie');
    assert.match(set, /^rs_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const who = ok(await api.get('/api/v1/session', { headers: { Cookie: `rs_session=${cookieOf(r)}` } }));
    assert.equal(who.login, 'jb.officer');
    assert.equal(who.csrf_token, me.csrf_token);
  });

  it('marks the cookie Secure behind a TLS front', async () => {
    const r = await login('jb.officer', PASSWORD, { 'X-Forwarded-Proto': 'https' });
    assert.match(r.headers.get('set-cookie'), /; Secure$/);
  });

  it('a wrong password, an unknown login and a disabled account get the same 401', async () => {
    assertProblem(await login('jb.officer', 'not the password'), 401, 'invalid_credentials');
    assertProblem(await login('nobody.here'), 401, 'invalid_credentials');
    assert.equal(cli(['user', 'disable', 'to.disable', '--db', db]).status, 0);
    assertProblem(await login('to.disable'), 401, 'invalid_credentials');
  });

  it('bad bodies are refused naming the field', async () => {
    assertProblem(await api.post('/api/v1/session', { json: { login: 'jb.officer' } }), 422, 'validation_failed', [['password', 'required']]);
    assertProblem(await api.post('/api/v1/session', { json: { login: 7, password: PASSWORD } }), 422, 'validation_failed', [['login', 'invalid_type']]);
    assertProblem(await api.post('/api/v1/session', { json: [] }), 400, 'invalid_body');
    assertProblem(await api.post('/api/v1/session', { raw: '{bad', headers: { 'Content-Type': 'application/json' } }), 400, 'malformed_json');
  });

  it('is throttled per account after 5 failures, even for the right password; other accounts are not', async () => {
    for (let i = 0; i < 5; i++) assertProblem(await login('throttled', 'wrong password!'), 401, 'invalid_credentials');
    assertProblem(await login('throttled'), 429, 'too_many_attempts');
    ok(await login('sn.officer'), 201);
  });

  it('a cookie planted before login does not become the session (no fixation)', async () => {
    const planted = 'A'.repeat(43);
    const r = await login('jb.officer', PASSWORD, { Cookie: `rs_session=${planted}` });
    ok(r, 201);
    assert.notEqual(cookieOf(r), planted);
    assertProblem(await api.get('/api/v1/session', { headers: { Cookie: `rs_session=${planted}` } }), 401, 'login_required');
  });

  it('an expired session is no session', async () => {
    const s = await session('sn.officer');
    dbExec(db, "UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z'");
    assertProblem(await api.get('/api/v1/session', { headers: s.h() }), 401, 'login_required');
  });
});

describe('writes with the cookie need the CSRF token', () => {
  it('refuses a cookie write without or with a wrong token, and changes nothing', async () => {
    const s = await session('jb.officer');
    const admin = await session('admin');
    const before = ok(await api.get('/api/v1/organizations?limit=500', { headers: s.h() })).total;
    const body = { json: { kind: 'company', name_ko: 'CSRF 시험' } };
    assertProblem(await api.post('/api/v1/organizations', { ...body, headers: s.h() }), 403, 'csrf_failed');
    assertProblem(await api.post('/api/v1/organizations', { ...body, headers: s.h({ 'X-CSRF-Token': 'x'.repeat(43) }) }), 403, 'csrf_failed');
    assert.equal(ok(await api.get('/api/v1/organizations?limit=500', { headers: s.h() })).total, before);
    const created = ok(await api.post('/api/v1/organizations', { ...body, headers: s.h({ 'X-CSRF-Token': s.csrf }) }), 201);
    const [entry] = ok(await api.get(`/api/v1/audit?resource=organizations&row_id=${created.id}`, { headers: admin.h() })).items;
    assert.equal(entry.actor, 'user:jb.officer');
  });

  it('reads need no CSRF token', async () => {
    const s = await session('jb.officer');
    ok(await api.get('/api/v1/delegations', { headers: s.h() }));
  });
});

describe('logging out and changing the password', () => {
  it('logout ends the session and clears the cookie', async () => {
    const s = await session('jb.officer');
    assertProblem(await api.del('/api/v1/session', { headers: s.h() }), 403, 'csrf_failed');
    const r = await api.del('/api/v1/session', { headers: s.h({ 'X-CSRF-Token': s.csrf }) });
    assert.equal(r.status, 204);
    assert.match(r.headers.get('set-cookie'), /rs_session=; Path=\/; Max-Age=0/);
    assertProblem(await api.get('/api/v1/session', { headers: s.h() }), 401, 'login_required');
  });

  it('a new password ends every session and opens a new one', async () => {
    const a = await session('changer');
    const b = await session('changer');
    assertProblem(await api.post('/api/v1/session/password', {
      json: { current_password: 'wrong one!!', new_password: 'a new password 2' }, headers: a.h({ 'X-CSRF-Token': a.csrf }) }),
    422, 'validation_failed', [['current_password', 'wrong_password']]);
    assertProblem(await api.post('/api/v1/session/password', {
      json: { current_password: PASSWORD, new_password: 'short' }, headers: a.h({ 'X-CSRF-Token': a.csrf }) }),
    422, 'validation_failed', [['new_password', 'weak_password']]);
    const r = await api.post('/api/v1/session/password', {
      json: { current_password: PASSWORD, new_password: 'a new password 2' }, headers: a.h({ 'X-CSRF-Token': a.csrf }) });
    ok(r);
    const fresh = cookieOf(r);
    assert.ok(fresh && fresh !== a.cookie);
    assertProblem(await api.get('/api/v1/session', { headers: a.h() }), 401, 'login_required');
    assertProblem(await api.get('/api/v1/session', { headers: b.h() }), 401, 'login_required');
    ok(await api.get('/api/v1/session', { headers: { Cookie: `rs_session=${fresh}` } }));
    assertProblem(await login('changer'), 401, 'invalid_credentials');
    ok(await login('changer', 'a new password 2'), 201);
  });
});

describe('API tokens', () => {
  it('are created once with their secret, work as Bearer, list without secrets and stop when revoked', async () => {
    const s = await session('sn.officer');
    const h = s.h({ 'X-CSRF-Token': s.csrf });
    assertProblem(await api.post('/api/v1/tokens', { json: { name: '' }, headers: h }), 422, 'validation_failed', [['name']]);
    assertProblem(await api.post('/api/v1/tokens', { json: { name: 'x', scope: 'all' }, headers: h }), 422, 'validation_failed', [['scope', 'unknown_field']]);
    const t = ok(await api.post('/api/v1/tokens', { json: { name: '야간 동기화' }, headers: h }), 201);
    assert.match(t.token, /^rst_[A-Za-z0-9_-]{43}$/);
    const bearer = { Authorization: `Bearer ${t.token}` };
    const me = ok(await api.get('/api/v1/session', { headers: bearer }));
    assert.equal(me.login, 'sn.officer');
    assert.equal(me.csrf_token, null);
    // a token write needs no CSRF token: no cookie rides along
    ok(await api.post('/api/v1/places', { json: { kind: 'city', name_ko: '오로라', timezone: 'America/Denver' }, headers: bearer }), 201);
    const list = ok(await api.get('/api/v1/tokens', { headers: bearer }));
    assert.equal(list.items[0].name, '야간 동기화');
    assert.ok(!JSON.stringify(list).includes(t.token.slice(4)));
    // someone else cannot revoke it
    const other = await session('jb.officer');
    assertProblem(await api.del(`/api/v1/tokens/${t.id}`, { headers: other.h({ 'X-CSRF-Token': other.csrf }) }), 404, 'not_found');
    assert.equal((await api.del(`/api/v1/tokens/${t.id}`, { headers: bearer })).status, 204);
    assertProblem(await api.get('/api/v1/session', { headers: bearer }), 401, 'invalid_token');
    assertProblem(await api.get('/api/v1/organizations', { headers: bearer }), 401, 'invalid_token');
  });

  it('a malformed Authorization header is refused, not ignored', async () => {
    assertProblem(await api.get('/api/v1/organizations', { headers: { Authorization: 'Basic Zm9vOmJhcg==' } }), 401, 'invalid_token');
    assertProblem(await api.get('/api/v1/organizations', { headers: { Authorization: 'Bearer ' } }), 401, 'invalid_token');
  });

  it('account routes need a login', async () => {
    assertProblem(await api.get('/api/v1/session'), 401, 'login_required');
    assertProblem(await api.get('/api/v1/tokens'), 401, 'login_required');
    assertProblem(await api.post('/api/v1/tokens', { json: { name: 'x' } }), 401, 'login_required');
  });
});

describe('throttling per client address', () => {
  // last in this file: afterwards this address can log in to nothing for 15 minutes
  it('at most 20 failures from one address, spread over logins, then every login from it is refused', async () => {
    // earlier tests in this file already failed from this address; the limit counts them too
    let refused = false;
    for (let i = 0; i < 21 && !refused; i++) {
      const r = await login(`guess${i}`, 'wrong password!');
      if (r.status === 429) refused = true;
      else assertProblem(r, 401, 'invalid_credentials');
    }
    assert.ok(refused, 'the 21st failure from one address is refused');
    assertProblem(await login('admin'), 429, 'too_many_attempts');
  });
});

describe('secrets stay out of the server output and the database', () => {
  it('no password, cookie or token appears in what the server printed or in the database file', () => {
    assert.ok(secrets.size > 10, `only ${secrets.size} secrets were seen`);
    const out = server.stderr();
    assert.ok(!/rs_session=|rst_/.test(out));
    const files = [db, `${db}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f).toString('latin1'));
    for (const csrf of csrfTokens) assert.ok(!out.includes(csrf), 'a CSRF token in the server output');
    for (const secret of secrets) {
      assert.ok(!out.includes(secret), 'a secret in the server output');
      const raw = Buffer.from(secret, 'utf8').toString('latin1');
      for (const f of files) assert.ok(!f.includes(raw), 'a secret stored in plain text');
    }
  });
});
