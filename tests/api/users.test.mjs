// users.test.mjs - accounts through the API: an administrator creates, renames, disables,
// re-enables and sets passwords; nobody else may; bad input names its field and changes
// nothing; a disabled account's sessions and tokens stop working; no secret is ever answered
// back or put on the audit trail.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { client, ok, assertProblem } from './helpers.mjs';

let server, api, admin, jeonbukOrg;

async function login(login, password) {
  const r = await api.post('/api/v1/session', { json: { login, password } });
  if (r.status !== 201) return { status: r.status };
  const me = r.json;
  const cookie = r.headers.get('set-cookie').split(';')[0];
  return { status: 201, cookie, csrf: me.csrf_token, me };
}

async function bearer(who, password) {
  const s = await login(who, password);
  assert.equal(s.status, 201, `login ${who}`);
  const t = ok(await api.post('/api/v1/tokens', {
    json: { name: 'users test' }, headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf } }), 201);
  return { Authorization: `Bearer ${t.token}` };
}

const as = (headers) => ({
  get: (p) => api.get(p, { headers }),
  post: (p, json) => api.post(p, { json, headers }),
  patch: (p, json) => api.patch(p, { json, headers }),
});

async function accounts() {
  return ok(await as(admin).get('/api/v1/users')).items;
}

before(async () => {
  server = await startServer({ demo: true, accounts: true });
  api = client(server.base);
  admin = await bearer('admin', server.passwords.admin);
  jeonbukOrg = ok(await as(admin).get(`/api/v1/organizations?q=${encodeURIComponent('전북특별자치도')}`)).items[0].id;
});

after(async () => {
  await server?.stop();
});

describe('an administrator', () => {
  it('lists every account, without password hashes', async () => {
    const r = await as(admin).get('/api/v1/users');
    const list = ok(r);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.deepEqual(list.items.map((u) => u.login).sort(),
      ['admin', 'changwon', 'jeonbuk', 'jeonbuk.viewer', 'seongnam', 'vinatech']);
    assert.equal(list.total, 6);
    assert.ok(!/argon2|password_hash/.test(r.text));
    const jb = list.items.find((u) => u.login === 'jeonbuk');
    assert.equal(jb.role, 'organizer');
    assert.equal(jb.organization_id, jeonbukOrg);
    assert.equal(jb.disabled, false);
  });

  it('creates an account with a password it gives, which then logs in', async () => {
    const u = ok(await as(admin).post('/api/v1/users', {
      login: 'jb.staff', role: 'viewer', organization_id: jeonbukOrg, name: '전북 직원', password: 'a long enough password' }), 201);
    assert.equal(u.login, 'jb.staff');
    assert.equal(u.name, '전북 직원');
    assert.ok(!('password' in u), 'a password the admin chose is not echoed');
    assert.equal((await login('jb.staff', 'a long enough password')).status, 201);
  });

  it('creates an account without a password: one is made and shown in that answer only', async () => {
    const r = await as(admin).post('/api/v1/users', { login: 'sn.guest', role: 'viewer', organization_id: (await accounts()).find((x) => x.login === 'seongnam').organization_id });
    const u = ok(r, 201);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.match(u.password, /^[A-Za-z0-9]{16}$/);
    assert.equal((await login('sn.guest', u.password)).status, 201);
    assert.ok(!(await accounts()).some((x) => 'password' in x));
  });

  it('disables an account: it cannot log in, its sessions and tokens stop; enabling lets it back', async () => {
    const user = (await accounts()).find((x) => x.login === 'jb.staff');
    const session = await login('jb.staff', 'a long enough password');
    const token = await bearer('jb.staff', 'a long enough password');
    ok(await as(token).get('/api/v1/delegations'));
    const off = ok(await as(admin).patch(`/api/v1/users/${user.id}`, { disabled: true }));
    assert.equal(off.disabled, true);
    assert.equal((await login('jb.staff', 'a long enough password')).status, 401);
    assertProblem(await api.get('/api/v1/session', { headers: { Cookie: session.cookie } }), 401, 'login_required');
    assertProblem(await as(token).get('/api/v1/delegations'), 401);
    const on = ok(await as(admin).patch(`/api/v1/users/${user.id}`, { disabled: false }));
    assert.equal(on.disabled, false);
    assert.equal((await login('jb.staff', 'a long enough password')).status, 201);
  });

  it('sets a new password: the old one fails, the account\'s sessions end', async () => {
    const user = (await accounts()).find((x) => x.login === 'jb.staff');
    const session = await login('jb.staff', 'a long enough password');
    const u = ok(await as(admin).patch(`/api/v1/users/${user.id}`, { password: 'another long password', name: '전북 직원 2' }));
    assert.equal(u.name, '전북 직원 2');
    assert.notEqual(u.password_changed_at, user.password_changed_at === u.password_changed_at ? null : user.password_changed_at);
    assertProblem(await api.get('/api/v1/session', { headers: { Cookie: session.cookie } }), 401, 'login_required');
    assert.equal((await login('jb.staff', 'a long enough password')).status, 401);
    assert.equal((await login('jb.staff', 'another long password')).status, 201);
  });

  it('keeps roles to their kind of organization, and an empty name as none', async () => {
    const company = (await accounts()).find((x) => x.login === 'vinatech').organization_id;
    assertProblem(await as(admin).post('/api/v1/users', { login: 'x.org2', role: 'organizer', organization_id: company }),
      422, 'validation_failed', [['organization_id', 'wrong_kind']]);
    const u = ok(await as(admin).post('/api/v1/users', { login: 'vt.staff', role: 'company', organization_id: company, name: '' }), 201);
    assert.equal(u.name, null);
  });

  it('cannot disable the account it is logged in with', async () => {
    const me = (await accounts()).find((x) => x.login === 'admin');
    assertProblem(await as(admin).patch(`/api/v1/users/${me.id}`, { disabled: true }), 409, 'own_account');
    assert.equal((await accounts()).find((x) => x.login === 'admin').disabled, false);
  });

  it('puts every change on the audit trail without any password or hash', async () => {
    const r = await as(admin).get('/api/v1/audit?resource=users&limit=100');
    const trail = ok(r).items;
    const staff = trail.filter((e) => e.after?.login === 'jb.staff');
    assert.deepEqual(staff.map((e) => e.action).reverse(), ['create', 'update', 'update', 'update']);
    assert.ok(staff.every((e) => e.actor === 'user:admin'));
    assert.ok(!/long enough|another long|argon2|password_hash/.test(r.text));
    assert.ok(trail.some((e) => e.actor === 'demo' && e.after.login === 'vinatech'));
  });
});

describe('bad account input', () => {
  const bad = [
    ['no login', { role: 'viewer', organization_id: 1 }, 422, 'login', 'required'],
    ['a login with spaces', { login: 'a b', role: 'admin' }, 422, 'login', 'invalid_login'],
    ['a login that is a number', { login: 42, role: 'admin' }, 422, 'login', 'invalid_type'],
    ['an unknown role', { login: 'x.role', role: 'root' }, 422, 'role', 'invalid_choice'],
    ['an organizer without organization', { login: 'x.org', role: 'organizer' }, 422, 'organization_id', 'required'],
    ['an admin with an organization', { login: 'x.adm', role: 'admin', organization_id: 1 }, 422, 'organization_id', 'not_allowed'],
    ['an organization that does not exist', { login: 'x.none', role: 'viewer', organization_id: 999999 }, 422, 'organization_id', 'unknown_reference'],
    ['an organization id that is text', { login: 'x.text', role: 'viewer', organization_id: '1' }, 422, 'organization_id', 'invalid_type'],
    ['a short password', { login: 'x.pw', role: 'admin', password: 'short' }, 422, 'password', 'weak_password'],
    ['an unknown field', { login: 'x.f', role: 'admin', is_root: true }, 422, 'is_root', 'unknown_field'],
    ['a login taken', { login: 'jeonbuk', role: 'admin' }, 409, 'login', 'duplicate'],
    ['a company member of a region', { login: 'x.kind', role: 'company', organization_id: 1 }, 422, 'organization_id', 'wrong_kind'],
    ['a name with a control character', { login: 'x.ctl', role: 'admin', name: 'a\u0001b' }, 422, 'name', 'invalid_character'],
    ['a name too long', { login: 'x.long', role: 'admin', name: '가'.repeat(201) }, 422, 'name', 'too_long'],
  ];
  for (const [what, body, status, field, code] of bad) {
    it(`POST with ${what} is ${status} naming ${field}, and creates nothing`, async () => {
      const before = await accounts();
      assertProblem(await as(admin).post('/api/v1/users', body), status, undefined, [[field, code]]);
      assert.deepEqual(await accounts(), before);
    });
  }

  it('malformed JSON, a non-object and the wrong content type are refused', async () => {
    const before = await accounts();
    assertProblem(await api.post('/api/v1/users', { raw: '{"login":', headers: { ...admin, 'Content-Type': 'application/json' } }), 400, 'malformed_json');
    assertProblem(await as(admin).post('/api/v1/users', ['admin']), 400, 'invalid_body');
    assertProblem(await api.post('/api/v1/users', { raw: 'login=x', headers: { ...admin, 'Content-Type': 'application/x-www-form-urlencoded' } }), 415);
    assert.deepEqual(await accounts(), before);
  });

  it('PATCH with wrong types, nothing to change or an unknown account changes nothing', async () => {
    const user = (await accounts()).find((x) => x.login === 'vinatech');
    const before = await accounts();
    assertProblem(await as(admin).patch(`/api/v1/users/${user.id}`, { disabled: 'yes' }), 422, 'validation_failed', [['disabled', 'invalid_type']]);
    assertProblem(await as(admin).patch(`/api/v1/users/${user.id}`, {}), 422, 'validation_failed');
    assertProblem(await as(admin).patch(`/api/v1/users/${user.id}`, { role: 'admin' }), 422, 'validation_failed', [['role', 'unknown_field']]);
    assertProblem(await as(admin).patch(`/api/v1/users/${user.id}`, { password: 'short' }), 422, undefined, [['password', 'weak_password']]);
    assertProblem(await as(admin).patch(`/api/v1/users/${user.id}`, { name: '가'.repeat(201) }), 422, undefined, [['name', 'too_long']]);
    assertProblem(await as(admin).patch('/api/v1/users/999999', { disabled: true }), 404, 'not_found');
    assertProblem(await as(admin).patch('/api/v1/users/abc', { disabled: true }), 404, 'not_found');
    assert.deepEqual(await accounts(), before);
  });
});

describe('anyone but an administrator', () => {
  it('is refused (401 nobody, 403 the roles) with no account data, and changes nothing', async () => {
    const before = await accounts();
    const target = before.find((x) => x.login === 'vinatech');
    const roles = { nobody: {} };
    for (const l of ['jeonbuk', 'jeonbuk.viewer', 'vinatech']) roles[l] = await bearer(l, server.passwords[l]);
    for (const [who, headers] of Object.entries(roles)) {
      const status = who === 'nobody' ? 401 : 403;
      for (const r of [await as(headers).get('/api/v1/users'),
        await as(headers).post('/api/v1/users', { login: `by.${who}`, role: 'admin', password: 'a long enough password' }),
        await as(headers).patch(`/api/v1/users/${target.id}`, { disabled: true })]) {
        assertProblem(r, status, undefined, [], who);
        assert.ok(!r.text.includes('jeonbuk.viewer') && !r.text.includes('organization_id'), who);
      }
    }
    assert.deepEqual(await accounts(), before);
  });
});
