// proxy.test.mjs - behind a TLS front: with --trusted-proxy, login throttling counts the
// client address the proxy names in X-Forwarded-For (so one attacker does not lock out every
// user of the proxy), and a Secure cookie when it says https; without it, X-Forwarded-For is
// not believed (a client cannot dodge the address limit by writing the header itself).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, startServer } from '../lib/server.mjs';
import { client, ok, assertProblem } from './helpers.mjs';

const PASSWORD = 'correct horse battery';
const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

async function serverWithAccount(args) {
  const s = await startServer({ args });
  servers.push(s);
  const r = cli(['user', 'add', 'officer', '--role', 'admin', '--password-stdin', '--db', s.db], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
  return client(s.base);
}

const login = (api, xff, login = 'officer', password = PASSWORD) =>
  api.post('/api/v1/session', { json: { login, password }, headers: { 'X-Forwarded-For': xff, 'X-Forwarded-Proto': 'https' } });

async function failFrom(api, xff, n) {
  for (let i = 0; i < n; i++) assertProblem(await login(api, xff, `nobody${i}`, 'wrong password!'), 401, 'invalid_credentials');
}

describe('behind a trusted proxy', () => {
  it('throttles the address X-Forwarded-For names, not the proxy\'s', async () => {
    const api = await serverWithAccount(['--trusted-proxy', '127.0.0.1']);
    await failFrom(api, '198.51.100.7, 203.0.113.5', 20);
    assertProblem(await login(api, '203.0.113.5'), 429, 'too_many_attempts');
    const other = await login(api, '203.0.113.6');
    ok(other, 201);
    assert.match(other.headers.get('set-cookie'), /; Secure/);
  });
});

describe('without a trusted proxy', () => {
  it('ignores X-Forwarded-For: the connection\'s address is throttled', async () => {
    const api = await serverWithAccount([]);
    for (let i = 0; i < 20; i++) {
      assertProblem(await login(api, `203.0.113.${i + 1}`, `nobody${i}`, 'wrong password!'), 401, 'invalid_credentials');
    }
    assertProblem(await login(api, '192.0.2.99'), 429, 'too_many_attempts');
  });

  it('refuses a --trusted-proxy that is not an address', () => {
    const r = cli(['serve', '--trusted-proxy', 'nginx.local', '--db', ':memory:']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /trusted-proxy/);
  });
});
