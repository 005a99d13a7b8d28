// crash.test.mjs - no acknowledged write is lost (issue 7): on SQLite and on PostgreSQL, a
// bounded write load (several clients creating consultations and their follow-ups at once)
// is cut by SIGKILL of the server in the middle; after a restart every write that was
// answered 2xx is there and intact (its fields as sent, its audit entry beside it, the
// figures of the outcome report following from it), SQLite's own integrity and foreign-key
// checks pass, and a retried request with the same Idempotency-Key is answered from what was
// kept rather than made twice.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client } from './helpers.mjs';
import { cli, dbExec, pgDatabase, pgServer, startServer } from '../lib/server.mjs';

const WORKERS = 8;
const PER_WORKER = 400; // bounded: the kill comes long before the end

async function setUp(db) {
  const s = await startServer({ db });
  const api = client(s.base);
  const post = async (res, json) => {
    const r = await api.post(`/api/v1/${res}`, { json });
    assert.equal(r.status, 201, `${res}: ${r.text}`);
    return r.json;
  };
  const host = await post('organizations', { kind: 'government', name_ko: '충돌 도' });
  const company = await post('organizations', { kind: 'company', name_ko: '충돌 기업' });
  const event = await post('events', { name_ko: '충돌 전시회', start_date: '2024-01-09', end_date: '2024-01-12' });
  const pavilion = await post('pavilions', { event_id: event.id, host_organization_id: host.id, name_ko: '충돌관' });
  return { s, api, company, pavilion };
}

// Writes until told to stop or the server is gone: each worker a consultation, then a
// follow-up of it; returns what was acknowledged.
async function load(api, ctx, stop) {
  const acked = [];
  const worker = async (w) => {
    for (let i = 0; i < PER_WORKER && !stop.now; i++) {
      const body = {
        pavilion_id: ctx.pavilion.id, exhibitor_id: ctx.company.id, kind: 'walk_in',
        consulted_at: '2024-01-10T10:00:00-08:00', buyer_company: `Buyer ${w}-${i}`,
        amount: 1000 * (w + 1) + i, currency: 'USD',
      };
      const key = `crash-${w}-${i}`;
      let r;
      try {
        r = await api.post('/api/v1/consultations', { json: body, headers: { 'Idempotency-Key': key } });
      } catch {
        return; // the server is gone
      }
      if (r.status !== 201) continue;
      const entry = { key, body, id: r.json.id, follow: null };
      acked.push(entry);
      try {
        const f = await api.post('/api/v1/follow_ups', { json: { consultation_id: entry.id, stage: 'signed', date: '2024-02-01', amount: body.amount * 2, currency: 'USD' } });
        if (f.status === 201) entry.follow = f.json.id;
      } catch {
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  return acked;
}

async function crashAndCheck(db, integrity) {
  const ctx = await setUp(db);
  const stop = { now: false };
  const running = load(ctx.api, ctx, stop);
  // let it write for a while, then kill the server in the middle of the load
  await new Promise((r) => setTimeout(r, 600));
  ctx.s.child.kill('SIGKILL');
  await new Promise((r) => ctx.s.child.once('exit', r));
  stop.now = true;
  const acked = await running;
  assert.ok(acked.length > 20, `writes were acknowledged before the kill (${acked.length})`);
  assert.ok(acked.length < WORKERS * PER_WORKER, 'the kill came in the middle');

  integrity();
  const again = await startServer({ db });
  try {
    const api = client(again.base);
    for (const e of acked) {
      const r = await api.get(`/api/v1/consultations/${e.id}`);
      assert.equal(r.status, 200, `consultation ${e.id} acknowledged before the kill`);
      assert.equal(r.json.buyer_company, e.body.buyer_company);
      assert.equal(r.json.amount, e.body.amount);
      if (e.follow) {
        const f = await api.get(`/api/v1/follow_ups/${e.follow}`);
        assert.equal(f.status, 200, `follow-up ${e.follow}`);
        assert.equal(f.json.amount, e.body.amount * 2);
      }
    }
    // the audit trail has each acknowledged creation (written in the same transaction)
    const audited = new Set(dbExec(db, "SELECT row_id FROM audit_log WHERE resource = 'consultations' AND action = 'create'").split('\n').map(Number));
    for (const e of acked) assert.ok(audited.has(e.id), `audit entry of ${e.id}`);
    // the report follows from the rows kept: at least every acknowledged signed follow-up
    const rep = await api.get(`/api/v1/pavilions/${ctx.pavilion.id}/outcome`);
    assert.equal(rep.status, 200);
    const kept = Number(dbExec(db, `SELECT count(*) FROM follow_ups WHERE stage = 'signed'`));
    assert.equal(rep.json.total.stages.signed.count, kept);
    assert.ok(kept >= acked.filter((e) => e.follow).length);
    // a retry of an acknowledged request is answered from what was kept, not made again
    const e = acked[acked.length - 1];
    const retry = await api.post('/api/v1/consultations', { json: e.body, headers: { 'Idempotency-Key': e.key } });
    assert.equal(retry.status, 201);
    assert.equal(retry.json.id, e.id);
  } finally {
    await again.stop();
  }
}

describe('a server killed in the middle of a write load loses no acknowledged write', () => {
  it('on SQLite (synchronous=FULL), whose integrity check passes after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roadshow-crash-'));
    try {
      const db = join(dir, 'crash.db');
      await crashAndCheck(db, () => {
        assert.equal(dbExec(db, 'PRAGMA integrity_check'), 'ok');
        assert.equal(dbExec(db, 'PRAGMA foreign_key_check'), '');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('on PostgreSQL', () => {
    let pg, database;
    before(() => {
      pg = pgServer();
      database = pgDatabase(pg.base);
      assert.equal(cli(['migrate', '--db', database.url]).status, 0);
    });
    after(() => {
      database?.drop();
      pg?.stop();
    });
    it('whose rows all refer to rows that exist after', async () => {
      await crashAndCheck(database.url, () => {
        // no dangling reference: the foreign keys held through the kill
        assert.equal(dbExec(database.url, 'SELECT count(*) FROM follow_ups f LEFT JOIN consultations c ON c.id = f.consultation_id WHERE c.id IS NULL'), '0');
        assert.equal(dbExec(database.url, 'SELECT count(*) FROM consultations c LEFT JOIN consultation_figures x ON x.consultation_id = c.id WHERE x.consultation_id IS NULL'), '0');
      });
    });
  });
});
