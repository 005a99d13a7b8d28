// concurrency.test.mjs - Idempotency-Key (replays, reuse with another body, parallel
// retries) and optimistic concurrency (If-Match / version: no lost update, one winner).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ok, assertProblem, dump, assertAlive, withServer } from './helpers.mjs';

const { server, api, meta, fx, names } = await withServer();

const count = async (e, q = '') => ok(await api.get(`/api/v1/${e}?limit=1${q}`)).total;

describe('Idempotency-Key', () => {
  for (const e of meta.entities) {
    it(`${e.name}: the same key and body twice creates one row and replays the first answer`,
      async () => {
        const body = await fx.body(e.name, { full: true });
        const key = randomUUID();
        const n0 = await count(e.name);
        const first = await api.post(`/api/v1/${e.name}`, { json: body, headers: { 'Idempotency-Key': key } });
        const row = ok(first, 201, 'first POST');
        assert.equal(first.headers.get('idempotent-replayed'), null);
        const before = await dump(api, names);
        const again = await api.post(`/api/v1/${e.name}`, { json: body, headers: { 'Idempotency-Key': key } });
        assert.deepEqual(ok(again, 201, 'replayed POST'), row);
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        assert.equal(again.headers.get('location'), `/api/v1/${e.name}/${row.id}`);
        assert.deepEqual(await dump(api, names), before, 'the replay changed the database');
        assert.equal(await count(e.name), n0 + 1, 'exactly one row created');
      });
  }

  it('the same key with a different body is 422 idempotency_key_reused and changes nothing',
    async () => {
      const key = randomUUID();
      const body = { kind: 'company', name_ko: '비나텍', city: '전주시' };
      ok(await api.post('/api/v1/organizations', { json: body, headers: { 'Idempotency-Key': key } }), 201);
      const before = await dump(api, names);
      for (const other of [{ ...body, city: '군산시' }, { kind: 'company', name_ko: '비나텍' }, {}]) {
        const r = await api.post('/api/v1/organizations', { json: other, headers: { 'Idempotency-Key': key } });
        assertProblem(r, 422, 'idempotency_key_reused', [], JSON.stringify(other));
      }
      // the same body to another resource is another request, too
      const r = await api.post('/api/v1/places', { json: body, headers: { 'Idempotency-Key': key } });
      assertProblem(r, 422, 'idempotency_key_reused', [], 'same key on /places');
      assert.deepEqual(await dump(api, names), before);
      await assertAlive(api, server);
    });

  it('the same body with the keys in another order and other spacing is the same request',
    async () => {
      const key = randomUUID();
      const a = await api.post('/api/v1/organizations', {
        raw: '{"kind":"company","name_ko":"순서시험","city":"전주시"}',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key } });
      const row = ok(a, 201);
      const b = await api.post('/api/v1/organizations', {
        raw: '{ "city" : "전주시",\n "name_ko":"순서시험", "kind":"company" }',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key } });
      assert.equal(ok(b, 201).id, row.id);
      assert.equal(b.headers.get('idempotent-replayed'), 'true');
      assert.equal(ok(await api.get(`/api/v1/organizations?q=${encodeURIComponent('순서시험')}`)).total, 1);
    });

  it('a rejected request does not use up its key: the corrected retry creates the row', async () => {
    const key = randomUUID();
    const bad = await api.post('/api/v1/organizations', { json: { kind: 'nope', name_ko: '재시도' },
      headers: { 'Idempotency-Key': key } });
    assertProblem(bad, 422, 'validation_failed', [['kind', 'invalid_choice']]);
    const good = await api.post('/api/v1/organizations', { json: { kind: 'company', name_ko: '재시도' },
      headers: { 'Idempotency-Key': key } });
    ok(good, 201);
    assert.equal(good.headers.get('idempotent-replayed'), null);
  });

  it('ten parallel retries with one key create exactly one row; nine are replays', async () => {
    const key = randomUUID();
    const body = { kind: 'company', name_ko: '동시 재시도', city: '동시시' };
    const answers = await Promise.all(Array.from({ length: 10 }, () =>
      api.post('/api/v1/organizations', { json: body, headers: { 'Idempotency-Key': key } })));
    for (const r of answers) ok(r, 201, 'parallel POST');
    const ids = new Set(answers.map((r) => r.json.id));
    assert.equal(ids.size, 1, `ids ${[...ids]}`);
    assert.equal(answers.filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 9);
    assert.equal(await count('organizations', `&city=${encodeURIComponent('동시시')}`), 1);
  });

  it('parallel requests with one key and different bodies: one row, the rest 422', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      api.post('/api/v1/organizations', { json: { kind: 'company', name_ko: `경합 ${i}`, city: '경합시' },
        headers: { 'Idempotency-Key': key } })));
    assert.equal(answers.filter((r) => r.status === 201).length, 1);
    for (const r of answers.filter((x) => x.status !== 201)) assertProblem(r, 422, 'idempotency_key_reused');
    assert.equal(await count('organizations', `&city=${encodeURIComponent('경합시')}`), 1);
  });
});

describe('If-Match and versions', () => {
  it('no lost update: a write based on an old read is 412 and the newer value stays', async () => {
    const row = await fx.create('organizations', { full: false });
    const a = ok(await api.patch(`/api/v1/organizations/${row.id}`, { json: { city: '보스턴' },
      headers: { 'If-Match': '"1"' } }));
    assert.equal(a.version, 2);
    const before = await dump(api, names);
    assertProblem(await api.patch(`/api/v1/organizations/${row.id}`, { json: { city: '피츠버그' },
      headers: { 'If-Match': '"1"' } }), 412, 'version_mismatch');
    assertProblem(await api.put(`/api/v1/organizations/${row.id}`, {
      json: { kind: row.kind, name_ko: row.name_ko, version: 1 } }), 412, 'version_mismatch');
    assertProblem(await api.del(`/api/v1/organizations/${row.id}`, { headers: { 'If-Match': '"1"' } }),
      412, 'version_mismatch');
    assert.deepEqual(await dump(api, names), before);
    const now = ok(await api.get(`/api/v1/organizations/${row.id}`));
    assert.equal(now.city, '보스턴');
    assert.equal(now.version, 2);
  });

  it('If-Match wins over a "version" in the body', async () => {
    const row = await fx.create('organizations', { full: false });
    assertProblem(await api.patch(`/api/v1/organizations/${row.id}`, { json: { version: 1, city: 'x' },
      headers: { 'If-Match': '"7"' } }), 412, 'version_mismatch');
    const r = ok(await api.patch(`/api/v1/organizations/${row.id}`, { json: { version: 7, city: 'y' },
      headers: { 'If-Match': '"1"' } }));
    assert.equal(r.city, 'y');
  });

  it('the ETag of each answer is the If-Match of the next write', async () => {
    const row = await fx.create('places', { full: false });
    let etag = (await api.get(`/api/v1/places/${row.id}`)).headers.get('etag');
    assert.equal(etag, '"1"');
    for (const city of ['서울', '라스베이거스', '풀러턴']) {
      const r = await api.patch(`/api/v1/places/${row.id}`, { json: { name_ko: city }, headers: { 'If-Match': etag } });
      ok(r, 200, city);
      assert.notEqual(r.headers.get('etag'), etag);
      etag = r.headers.get('etag');
    }
    assert.equal(etag, '"4"');
    assert.equal((await api.del(`/api/v1/places/${row.id}`, { headers: { 'If-Match': etag } })).status, 204);
  });

  it('twenty parallel PATCHes from one read: exactly one wins, the rest are 412', async () => {
    const row = await fx.create('organizations', { full: false });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      api.patch(`/api/v1/organizations/${row.id}`, { json: { city: `도시 ${i}` }, headers: { 'If-Match': '"1"' } })));
    const won = answers.filter((r) => r.status === 200);
    assert.equal(won.length, 1, answers.map((r) => r.status).join(' '));
    for (const r of answers.filter((x) => x.status !== 200)) assertProblem(r, 412, 'version_mismatch');
    const now = ok(await api.get(`/api/v1/organizations/${row.id}`));
    assert.equal(now.version, 2);
    assert.equal(now.city, won[0].json.city);
  });

  it('parallel PUT and DELETE from one read: one wins', async () => {
    const row = await fx.create('organizations', { full: false });
    const [p, d] = await Promise.all([
      api.put(`/api/v1/organizations/${row.id}`, { json: { kind: 'other', name_ko: 'PUT' }, headers: { 'If-Match': '"1"' } }),
      api.del(`/api/v1/organizations/${row.id}`, { headers: { 'If-Match': '"1"' } }),
    ]);
    assert.ok((p.status === 200) !== (d.status === 204), `PUT ${p.status}, DELETE ${d.status}`);
    const g = await api.get(`/api/v1/organizations/${row.id}`);
    if (p.status === 200) {
      assert.equal(ok(g).name_ko, 'PUT');
      assertProblem(d, 412, 'version_mismatch');
    } else {
      assertProblem(g, 404, 'not_found');
      assert.ok([404, 412].includes(p.status), `PUT after DELETE: ${p.status}`);
    }
  });
});

describe('parallel writes', () => {
  it('fifty parallel creates: fifty rows, fifty distinct ids', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      api.post('/api/v1/organizations', { json: { kind: 'company', name_ko: `병렬 ${i}`, city: '병렬시' } })));
    for (const r of answers) ok(r, 201);
    assert.equal(new Set(answers.map((r) => r.json.id)).size, 50);
    assert.equal(await count('organizations', `&city=${encodeURIComponent('병렬시')}`), 50);
  });

  it('ten parallel creates of one booth code in one pavilion: one row, nine 409 duplicate', async () => {
    const pavilion = await fx.create('pavilions', { full: false });
    const answers = await Promise.all(Array.from({ length: 10 }, () =>
      api.post('/api/v1/booths', { json: { pavilion_id: pavilion.id, code: 'B-07' } })));
    assert.equal(answers.filter((r) => r.status === 201).length, 1);
    for (const r of answers.filter((x) => x.status !== 201)) assertProblem(r, 409, 'duplicate');
    assert.equal(await count('booths', `&pavilion_id=${pavilion.id}`), 1);
  });

  it('bad requests mixed among good ones in parallel do not disturb them', async () => {
    const jobs = [];
    for (let i = 0; i < 30; i++) {
      if (i % 3 === 0) jobs.push(api.post('/api/v1/organizations', { raw: '{"kind":', headers: { 'Content-Type': 'application/json' } }));
      else if (i % 3 === 1) jobs.push(api.post('/api/v1/organizations', { json: { kind: 'company', name_ko: '가'.repeat(201) } }));
      else jobs.push(api.post('/api/v1/organizations', { json: { kind: 'company', name_ko: `혼합 ${i}`, city: '혼합시' } }));
    }
    const answers = await Promise.all(jobs);
    answers.forEach((r, i) => {
      if (i % 3 === 0) assertProblem(r, 400, 'malformed_json');
      else if (i % 3 === 1) assertProblem(r, 422, 'validation_failed', [['name_ko', 'too_long']]);
      else ok(r, 201);
    });
    assert.equal(await count('organizations', `&city=${encodeURIComponent('혼합시')}`), 10);
    await assertAlive(api, server);
  });
});
