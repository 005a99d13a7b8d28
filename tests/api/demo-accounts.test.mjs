// demo-accounts.test.mjs - `roadshow demo` makes the demo's accounts (an administrator, an
// organizer per region, a viewer, a company member) with random passwords it prints once,
// and writes them to --accounts-out readable by its owner only; --no-accounts makes none.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, demoPasswords, startServer } from '../lib/server.mjs';
import { client, ok, assertProblem } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'roadshow-demo-accounts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo accounts', () => {
  it('are printed once, saved 0600 with --accounts-out, and each logs in as its role and region', async () => {
    const db = join(dir, 'a.db');
    const file = join(dir, 'a.db.accounts');
    const r = cli(['demo', '--db', db, '--accounts-out', file]);
    assert.equal(r.status, 0, r.stderr);
    const printed = demoPasswords(r.stdout);
    assert.deepEqual(Object.keys(printed).sort(),
      ['admin', 'changwon', 'jeonbuk', 'jeonbuk.viewer', 'seongnam', 'vinatech']);
    assert.ok(Object.values(printed).every((p) => /^[A-Za-z0-9]{16}$/.test(p)));
    assert.equal(new Set(Object.values(printed)).size, 6, 'every password its own');
    assert.deepEqual(demoPasswords(readFileSync(file, 'utf8')), printed);
    assert.equal(statSync(file).mode & 0o777, 0o600);

    const again = cli(['demo', '--db', db, '--if-empty']);
    assert.equal(again.status, 0);
    assert.deepEqual(demoPasswords(again.stdout), {}, 'a database with data is left alone, no new passwords');

    const server = await startServer({ db });
    try {
      const api = client(server.base);
      assertProblem(await api.get('/api/v1/delegations'), 401, 'login_required');
      const want = { admin: ['admin', null], jeonbuk: ['organizer', '전북특별자치도'], seongnam: ['organizer', '성남시'],
        changwon: ['organizer', '창원시'], 'jeonbuk.viewer': ['viewer', '전북특별자치도'], vinatech: ['company', '비나텍'] };
      for (const [login, [role, org]] of Object.entries(want)) {
        const s = await api.post('/api/v1/session', { json: { login, password: printed[login] } });
        const me = ok(s, 201, login);
        assert.equal(me.role, role, login);
        const cookie = s.headers.get('set-cookie').split(';')[0];
        if (org) {
          const o = ok(await api.get(`/api/v1/organizations/${me.organization_id}`, { headers: { Cookie: cookie } }));
          assert.equal(o.name_ko, org, login);
        } else {
          assert.equal(me.organization_id, null);
        }
        if (role === 'organizer') {
          const d = ok(await api.get('/api/v1/delegations', { headers: { Cookie: cookie } }));
          assert.equal(d.total, 1, `${login} sees its own delegation only`);
        }
      }
    } finally {
      await server.stop();
    }
  });

  it('are not made with --no-accounts: the database stays in set-up mode', async () => {
    const db = join(dir, 'b.db');
    const r = cli(['demo', '--no-accounts', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /password/);
    const users = cli(['user', 'list', '--db', db]);
    assert.equal(users.stdout.trim(), '');
    const server = await startServer({ db });
    try {
      assert.equal(ok(await client(server.base).get('/api/v1/delegations')).total, 3);
    } finally {
      await server.stop();
    }
  });
});
