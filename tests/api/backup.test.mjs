// backup.test.mjs - `roadshow backup FILE` while the server goes on writing, and `roadshow
// restore FILE` (issue 7): each copy passes sqlite3's own integrity check (an independent
// reader), holds every write acknowledged before it began and none that is half-made; a
// restored database serves those rows again; bad copies and bad arguments are refused and
// change nothing.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { withServer, ok } from './helpers.mjs';
import { cli, PG, startServer } from '../lib/server.mjs';

const run = promisify(execFile);
const BIN = process.env.ROADSHOW_BIN;
// SQLite's: a PostgreSQL database is copied with pg_dump (docs/postgres.md)
const { api, server } = PG ? {} : await withServer();
const dir = mkdtempSync(join(tmpdir(), 'roadshow-backup-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

describe('roadshow backup, while the server writes', { skip: PG ? 'SQLite only' : false }, () => {
  const acked = []; // [id, index of the backup taken after it was acknowledged]
  let taken = 0;

  it('copies a database that passes its integrity check and holds every acknowledged write', async () => {
    const writer = (async () => {
      for (let i = 0; i < 240; i++) {
        const r = await api.post('/api/v1/places', { json: { kind: 'city', name_ko: `백업 도시 ${i}`, timezone: 'Asia/Seoul' } });
        acked.push([ok(r, 201).id, taken]);
      }
    })();
    const copies = [];
    for (let k = 0; k < 4; k++) {
      await new Promise((r) => setTimeout(r, 40));
      const before = acked.length; // acknowledged before this backup began
      const file = join(dir, `copy-${k}.db`);
      taken = k + 1;
      const { stdout } = await run(BIN, ['backup', '--db', server.db, file]);
      assert.match(stdout, /copied to/);
      copies.push({ file, before });
    }
    await writer;
    for (const { file, before } of copies) {
      assert.ok(!existsSync(`${file}.partial`), 'no partial copy is left');
      assert.equal(sql(file, 'PRAGMA integrity_check'), 'ok');
      const ids = new Set(sql(file, "SELECT id FROM places WHERE name_ko LIKE '백업 도시 %'").split('\n').filter(Boolean).map(Number));
      for (const [id] of acked.slice(0, before)) assert.ok(ids.has(id), `place ${id} acknowledged before the copy is in it`);
      // a row is there whole: its audit entry came in the same transaction
      const orphans = sql(file, "SELECT count(*) FROM places p WHERE p.name_ko LIKE '백업 도시 %' AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.resource = 'places' AND a.row_id = p.id)");
      assert.equal(orphans, '0');
    }
    assert.ok(copies.some((c) => c.before > 0 && c.before < 240), 'a copy was made in the middle of the writes');
  });

  it('restores a copy that a new server then serves', async () => {
    const file = join(dir, 'copy-3.db');
    const fresh = join(dir, 'restored', 'restored.db');
    const r = cli(['restore', '--db', fresh, file]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /schema version \d+/);
    assert.equal(sql(fresh, 'PRAGMA integrity_check'), 'ok');
    const count = Number(sql(file, "SELECT count(*) FROM places WHERE name_ko LIKE '백업 도시 %'"));
    assert.equal(Number(sql(fresh, "SELECT count(*) FROM places WHERE name_ko LIKE '백업 도시 %'")), count);
    const again = await startServer({ db: fresh });
    try {
      const [first] = acked[0];
      const got = await fetch(`${again.base}/api/v1/places/${first}`);
      assert.equal(got.status, 200);
      assert.equal((await got.json()).name_ko, '백업 도시 0');
    } finally {
      await again.stop();
    }
  });

  it('refuses a file that is not a Roadshow database, and the database itself, changing nothing', () => {
    const target = join(dir, 'target.db');
    assert.equal(cli(['restore', '--db', target, join(dir, 'copy-0.db')]).status, 0);
    const before = sql(target, 'SELECT count(*) FROM places');
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all, only text '.repeat(200));
    const bad = cli(['restore', '--db', target, junk]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /not a sound SQLite database/);
    const foreign = join(dir, 'foreign.db');
    sql(foreign, 'CREATE TABLE t(x)');
    const notOurs = cli(['restore', '--db', target, foreign]);
    assert.equal(notOurs.status, 1);
    assert.match(notOurs.stderr, /not a Roadshow database/);
    assert.equal(sql(target, 'SELECT count(*) FROM places'), before);
    assert.equal(cli(['backup', '--db', target, target]).status, 2);
    assert.equal(cli(['backup', '--db', target]).status, 2);
    const nowhere = cli(['backup', '--db', target, join(dir, 'no', 'such', 'dir', 'x.db')]);
    assert.equal(nowhere.status, 1);
    assert.match(nowhere.stderr, /cannot create/);
  });
});
