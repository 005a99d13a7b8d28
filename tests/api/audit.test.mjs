// audit.test.mjs - every change through the API, CLI import and demo is on the audit trail,
// with who, when, before and after; rejected requests leave no entry; the trail is read-only.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withServer, ok, assertProblem, client } from './helpers.mjs';
import { cli, startServer } from '../lib/server.mjs';

const { api } = await withServer();

describe('the audit trail', () => {
  const trail = async (q = '') => ok(await api.get(`/api/v1/audit${q}`)).items;

  it('records a create, an update and a delete with before and after', async () => {
    const org = ok(await api.post('/api/v1/organizations', { json: { kind: 'company', name_ko: '감사 대상', city: '전주' } }), 201);
    const upd = ok(await api.patch(`/api/v1/organizations/${org.id}`, {
      json: { city: '군산' }, headers: { 'If-Match': `"${org.version}"` } }));
    ok(await api.del(`/api/v1/organizations/${org.id}`, { headers: { 'If-Match': `"${upd.version}"` } }), 204);

    const items = await trail(`?resource=organizations&row_id=${org.id}`);
    assert.deepEqual(items.map((e) => e.action), ['delete', 'update', 'create']); // newest first
    const [del, up, cr] = items;
    for (const e of items) {
      assert.equal(e.actor, 'api');
      assert.equal(e.resource, 'organizations');
      assert.equal(e.row_id, org.id);
      assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    assert.equal(cr.before, null);
    assert.equal(cr.after.name_ko, '감사 대상');
    assert.equal(up.before.city, '전주');
    assert.equal(up.after.city, '군산');
    assert.equal(up.after.version, up.before.version + 1);
    assert.equal(del.before.city, '군산');
    assert.equal(del.after, null);
    assert.ok(items[0].id > items[1].id && items[1].id > items[2].id);
  });

  it('a delete records the children its cascade removes', async () => {
    const org = ok(await api.post('/api/v1/organizations', { json: { kind: 'government', name_ko: '협약 기관' } }), 201);
    const agr = ok(await api.post('/api/v1/agreements', { json: { kind: 'mou', title_ko: '삭제될 협약' } }), 201);
    ok(await api.post('/api/v1/agreement_parties', { json: { agreement_id: agr.id, organization_id: org.id } }), 201);
    ok(await api.del(`/api/v1/agreements/${agr.id}`), 204);
    const [del] = await trail(`?resource=agreements&row_id=${agr.id}`);
    assert.equal(del.action, 'delete');
    assert.equal(del.before.parties.length, 1);
    assert.equal(del.before.parties[0].organization_id, org.id);
  });

  it('an id is never reused, so the history of a row is its own', async () => {
    const a = ok(await api.post('/api/v1/people', { json: { name_ko: '첫 사람' } }), 201);
    ok(await api.del(`/api/v1/people/${a.id}`), 204);
    const b = ok(await api.post('/api/v1/people', { json: { name_ko: '둘째 사람' } }), 201);
    assert.ok(b.id > a.id);
    const items = await trail(`?resource=people&row_id=${b.id}`);
    assert.deepEqual(items.map((e) => e.action), ['create']);
  });

  it('a rejected request leaves no entry', async () => {
    const before = await trail('?limit=1');
    const bad = await api.post('/api/v1/organizations', { json: { kind: 'planet', name_ko: 'x' } });
    assertProblem(bad, 422, 'validation_failed');
    const org = ok(await api.post('/api/v1/organizations', { json: { kind: 'company', name_ko: '버전 시험' } }), 201);
    const stale = await api.patch(`/api/v1/organizations/${org.id}`, {
      json: { city: 'x' }, headers: { 'If-Match': `"${org.version + 5}"` } });
    assertProblem(stale, 412, 'version_mismatch');
    const after = await trail('?limit=3');
    // exactly one new entry: the successful create
    assert.equal(after[0].action, 'create');
    assert.equal(after[0].row_id, org.id);
    assert.equal(after[1].id, before[0].id);
  });

  it('an idempotent replay is not recorded twice', async () => {
    const key = `audit-${Date.now()}`;
    const body = { json: { kind: 'company', name_ko: '한 번만' }, headers: { 'Idempotency-Key': key } };
    const first = ok(await api.post('/api/v1/organizations', body), 201);
    ok(await api.post('/api/v1/organizations', body), 201);
    const items = await trail(`?resource=organizations&row_id=${first.id}`);
    assert.equal(items.length, 1);
  });

  it('pages newest first with a cursor, each entry once', async () => {
    for (let i = 0; i < 9; i++)
      ok(await api.post('/api/v1/places', { json: { kind: 'city', name_ko: `도시${i}`, timezone: 'Asia/Seoul' } }), 201);
    const seen = [];
    let cursor = null;
    do {
      const page = ok(await api.get(`/api/v1/audit?resource=places&limit=4${cursor ? `&cursor=${cursor}` : ''}`));
      seen.push(...page.items.map((e) => e.id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.equal(seen.length, 9);
    assert.deepEqual(seen, [...seen].sort((a, b) => b - a));
    assert.equal(new Set(seen).size, 9);
  });

  it('bad parameters are 400 naming the parameter', async () => {
    assertProblem(await api.get('/api/v1/audit?resource=nope'), 400, 'invalid_parameter', [['resource']]);
    assertProblem(await api.get('/api/v1/audit?row_id=abc'), 400, 'invalid_parameter', [['row_id']]);
    assertProblem(await api.get('/api/v1/audit?limit=0'), 400, 'invalid_parameter', [['limit']]);
    assertProblem(await api.get('/api/v1/audit?cursor=-3'), 400, 'invalid_parameter', [['cursor']]);
    assertProblem(await api.get('/api/v1/audit?bogus=1'), 400, 'invalid_parameter', [['bogus']]);
  });

  it('is read-only over HTTP', async () => {
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const r = await api.request(m, '/api/v1/audit', { json: {} });
      assert.equal(r.status, 405, m);
      assert.equal(r.headers.get('allow'), 'GET');
    }
  });
});

describe('changes from the CLI are on the trail too', () => {
  it('the demo load and an import record their actor, action and values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roadshow-audit-'));
    const db = join(dir, 'audit.db');
    try {
      assert.equal(cli(['demo', '--no-accounts', '--db', db]).status, 0);
      let r = cli(['import', 'organizations', '-', '--db', db], { input: 'kind,name_ko\ncompany,새 회사\n' });
      assert.equal(r.status, 0, r.stderr);
      r = cli(['import', 'organizations', '-', '--db', db], { input: 'id,kind,name_ko\n1,government,전북(수정)\n' });
      assert.equal(r.status, 0, r.stderr);

      const server = await startServer({ db });
      try {
        const get = async (q) => ok(await client(server.base).get(`/api/v1/audit${q}`)).items;
        const dele = await get('?resource=delegations');
        assert.equal(dele.length, 3);
        assert.ok(dele.every((e) => e.actor === 'demo' && e.action === 'create' && e.after.title_ko));
        const [upd] = await get('?resource=organizations&row_id=1');
        assert.equal(upd.actor, 'import');
        assert.equal(upd.action, 'update');
        assert.equal(upd.after.name_ko, '전북(수정)');
        assert.notEqual(upd.before.name_ko, '전북(수정)');
        const [created] = await get('?resource=organizations&limit=1&cursor=' + upd.id);
        assert.equal(created.actor, 'import');
        assert.equal(created.action, 'create');
        assert.equal(created.after.name_ko, '새 회사');
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
