// references.test.mjs - keys between rows: unique keys (duplicate booth codes and the
// other composite keys) answer 409 duplicate; deleting a row that others refer to answers
// 409 referenced, except that a parent's children may instead be deleted with it (never
// left pointing at a row that is gone).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ROOT, ok, assertProblem, dump, assertAlive, withServer } from './helpers.mjs';

// Each entity's unique key, read from its descriptor in src/core/entities.c (the API does
// not publish it): the brace list of quoted field names after .unique.
function uniqueKeys() {
  const src = readFileSync(`${ROOT}src/core/entities.c`, 'utf8');
  const out = {};
  for (const m of src.matchAll(/static const struct entity \w+ = \{([\s\S]*?)\};/g)) {
    const name = m[1].match(/"(\w+)"/)[1];
    const key = m[1].match(/\.unique = \{\s*((?:"\w+",\s*)*"\w+")\s*(?:,\s*NULL\s*)?\}/);
    if (key) out[name] = [...key[1].matchAll(/"(\w+)"/g)].map((x) => x[1]);
  }
  return out;
}
const UNIQUE = uniqueKeys();

const { server, api, meta, fx, names } = await withServer();


async function expectUnchanged(fn) {
  const before = await dump(api, names);
  await fn();
  const after = await dump(api, names);
  for (const n of names) assert.equal(after[n], before[n], `table ${n} changed`);
  await assertAlive(api, server);
}

describe('unique keys', () => {
  it('src/core/entities.c declares the unique keys this file tests', () => {
    assert.deepEqual(UNIQUE.booths, ['pavilion_id', 'code']);
    assert.ok(Object.keys(UNIQUE).length >= 6, JSON.stringify(UNIQUE));
    for (const [e, key] of Object.entries(UNIQUE)) {
      for (const f of key) assert.ok(fx.entity(e).fields.some((x) => x.name === f), `${e}.${f}`);
    }
  });

  it('a duplicate booth code within one pavilion is 409 duplicate; other pavilions may reuse it',
    async () => {
      const pavilion = await fx.create('pavilions', { full: false });
      const other = await fx.create('pavilions', { full: false });
      const a = ok(await api.post('/api/v1/booths', { json: { pavilion_id: pavilion.id, code: 'A-01' } }), 201);
      const b = ok(await api.post('/api/v1/booths', { json: { pavilion_id: pavilion.id, code: 'A-02' } }), 201);
      await expectUnchanged(async () => {
        const r = await api.post('/api/v1/booths', {
          json: { pavilion_id: pavilion.id, code: 'A-01', category: 'AI' } });
        assertProblem(r, 409, 'duplicate', [['pavilion_id', 'duplicate'], ['code', 'duplicate']], 'POST');
        const p = await api.patch(`/api/v1/booths/${b.id}`, { json: { code: 'A-01' },
          headers: { 'If-Match': '"1"' } });
        assertProblem(p, 409, 'duplicate', [['code', 'duplicate']], 'PATCH');
        const q = await api.put(`/api/v1/booths/${b.id}`, { json: { pavilion_id: pavilion.id, code: 'A-01' },
          headers: { 'If-Match': '"1"' } });
        assertProblem(q, 409, 'duplicate', [['code', 'duplicate']], 'PUT');
      });
      const c = ok(await api.post('/api/v1/booths', { json: { pavilion_id: other.id, code: 'A-01' } }), 201);
      assert.equal(c.code, a.code);
      const list = ok(await api.get(`/api/v1/booths?pavilion_id=${pavilion.id}`));
      assert.deepEqual(list.items.map((x) => x.code).sort(), ['A-01', 'A-02']);
    });

  for (const [e, key] of Object.entries(UNIQUE)) {
    it(`${e}: a second row with the same ${key.join(' + ')} is 409 duplicate (POST, PATCH, PUT)`,
      async () => {
        const a = await fx.create(e, { full: false });
        const b = await fx.create(e, { full: false });
        const same = Object.fromEntries(key.map((f) => [f, a[f]]));
        await expectUnchanged(async () => {
          const r = await api.post(`/api/v1/${e}`, { json: await fx.body(e, { full: false, overrides: same }) });
          assertProblem(r, 409, 'duplicate', key.map((f) => [f, 'duplicate']), `POST ${e}`);
          const p = await api.patch(`/api/v1/${e}/${b.id}`, { json: same, headers: { 'If-Match': '"1"' } });
          assertProblem(p, 409, 'duplicate', [], `PATCH ${e}`);
          const putBody = {};
          for (const f of fx.entity(e).fields) if (f.required) putBody[f.name] = b[f.name];
          const q = await api.put(`/api/v1/${e}/${b.id}`, { json: { ...putBody, ...same },
            headers: { 'If-Match': '"1"' } });
          assertProblem(q, 409, 'duplicate', [], `PUT ${e}`);
        });
      });
  }

  it('a tie between an organization and itself is refused (422)', async () => {
    const org = await fx.create('organizations', { full: false });
    await expectUnchanged(async () => {
      const r = await api.post('/api/v1/ties', {
        json: { kind: 'sister_city', organization_id: org.id, partner_id: org.id } });
      assertProblem(r, 422, 'validation_failed', [['partner_id']], 'POST ties self');
    });
  });
});

describe('deleting rows that others refer to', () => {
  // a read-only reference (a meeting's interpreter) is Roadshow's to set: b2b.test.mjs
  // deletes what the scheduler made one point at
  const refs = meta.entities.flatMap((e) => e.fields.filter((f) => f.type === 'ref' && !f.readonly)
    .map((f) => [e, f]));
  const isChild = (e, f) => fx.entity(f.ref).children
    .some((c) => c.entity === e.name && c.fk === f.name);

  for (const [e, f] of refs) {
    const child = isChild(e, f);
    const title = child
      ? `deleting a row of ${f.ref} with a ${e.name} child (${f.name}): 409 with nothing changed, or 204 with the child gone`
      : `deleting a row of ${f.ref} that ${e.name}.${f.name} refers to is 409 referenced`;
    it(title, async () => {
      const target = await fx.create(f.ref, { full: false });
      const referrer = await fx.create(e.name, { full: false, overrides: { [f.name]: target.id } });
      assert.equal(referrer[f.name], target.id);
      if (child) {
        // A parent's children may go with it (ON DELETE CASCADE) or hold it (RESTRICT);
        // either way nothing may be left pointing at a row that is gone.
        const before = await dump(api, names);
        const r = await api.del(`/api/v1/${f.ref}/${target.id}`, { headers: { 'If-Match': '"1"' } });
        if (r.status === 204) {
          assertProblem(await api.get(`/api/v1/${e.name}/${referrer.id}`), 404, 'not_found', [],
            'the child after its parent was deleted');
        } else {
          assertProblem(r, 409, 'referenced', [], `DELETE ${f.ref}/${target.id}`);
          assert.deepEqual(await dump(api, names), before);
        }
        await assertAlive(api, server);
        return;
      }
      await expectUnchanged(async () => {
        assertProblem(await api.del(`/api/v1/${f.ref}/${target.id}`), 409, 'referenced', [],
          `DELETE ${f.ref}/${target.id}`);
        assertProblem(await api.del(`/api/v1/${f.ref}/${target.id}`, { headers: { 'If-Match': '"1"' } }),
          409, 'referenced', [], `DELETE ${f.ref}/${target.id} If-Match "1"`);
      });
      // once the referrer is gone, the row can go
      assert.equal((await api.del(`/api/v1/${e.name}/${referrer.id}`)).status, 204);
      assert.equal((await api.del(`/api/v1/${f.ref}/${target.id}`)).status, 204);
    });
  }

  it('a reference to a row that does not exist is 422 unknown_reference on POST, PATCH and PUT',
    async () => {
      const booth = await fx.create('booths', { full: false });
      await expectUnchanged(async () => {
        assertProblem(await api.post('/api/v1/booths', { json: { pavilion_id: 987654321, code: 'X' } }),
          422, 'validation_failed', [['pavilion_id', 'unknown_reference']]);
        assertProblem(await api.patch(`/api/v1/booths/${booth.id}`, { json: { exhibitor_id: 987654321 },
          headers: { 'If-Match': '"1"' } }), 422, 'validation_failed', [['exhibitor_id', 'unknown_reference']]);
        assertProblem(await api.put(`/api/v1/booths/${booth.id}`, { json: { pavilion_id: 987654321, code: 'X' },
          headers: { 'If-Match': '"1"' } }), 422, 'validation_failed', [['pavilion_id', 'unknown_reference']]);
      });
    });
});
