// pg_schema.test.mjs - the PostgreSQL schema (src/store/migrations/postgres) is the SQLite one
// (src/store/migrations/sqlite), proved on real servers: a throwaway PostgreSQL cluster of
// scripts/pg-server gets the PostgreSQL migrations with psql, a SQLite file gets its own with
// `roadshow migrate`, and the two are compared table by table (columns in order, type class,
// NOT NULL, defaults, ids, primary keys, unique constraints and indexes, indexes, foreign keys
// with their ON DELETE, views, triggers), then by behaviour: the same bad rows are refused by
// both, the same cascades and id assignments happen on both, and the same writes to
// consultations and follow-ups leave the same consultation_figures on both, step by step.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = process.env.ROADSHOW_BIN || join(ROOT, 'build/roadshow');
const PG_SERVER = join(ROOT, 'scripts/pg-server');
const PG_MIGRATIONS = join(ROOT, 'src/store/migrations/postgres');
const LITE_MIGRATIONS = join(ROOT, 'src/store/migrations/sqlite');

const dir = mkdtempSync(join(tmpdir(), 'roadshow-pg-schema-'));
// the server runs as the postgres user when we are root: it must reach dir
chmodSync(dir, 0o755);
const pgDir = join(dir, 'pg');
const liteDb = join(dir, 'schema.db');
let url = null;

after(() => {
  if (url) spawnSync(PG_SERVER, ['stop', pgDir], { stdio: 'inherit' });
  rmSync(dir, { recursive: true, force: true });
});

const run = (cmd, args, input) =>
  spawnSync(cmd, args, { input, encoding: 'utf8', timeout: 30000, maxBuffer: 64 << 20 });

// psql on the test database; throws on the first error.
function psql(sql, extra = []) {
  const r = run('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', ...extra, url], sql);
  if (r.status !== 0) throw new Error(`psql failed (${r.status}): ${r.stderr}\n${sql}`);
  return r.stdout;
}
// The rows of a query on PostgreSQL, as JSON objects.
function pgRows(query) {
  const out = psql(`SELECT COALESCE(json_agg(pg_row), '[]'::json) FROM (${query}) pg_row`).trim();
  return JSON.parse(out);
}
// The same on SQLite (the sqlite3 shell's JSON mode; no rows print nothing).
function liteRun(sql) {
  const r = run('sqlite3', ['-bail', liteDb], `PRAGMA foreign_keys = ON;\n${sql}`);
  if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}\n${sql}`);
  return r.stdout;
}
function liteRows(query) {
  const r = run('sqlite3', ['-json', '-bail', liteDb], query);
  if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}\n${query}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

// One statement on each, in its own transaction: { ok, code (PostgreSQL's SQLSTATE), message }.
function pgTry(sql) {
  const r = run('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-v', 'VERBOSITY=verbose', url], sql);
  const m = /ERROR:\s+([0-9A-Z]{5}):\s*(.*)/.exec(r.stderr);
  return { ok: r.status === 0, code: m ? m[1] : null, message: m ? m[2] : r.stderr.trim() };
}
function liteTry(sql) {
  const r = run('sqlite3', ['-bail', liteDb], `PRAGMA foreign_keys = ON;\n${sql}`);
  return { ok: r.status === 0, message: r.stderr.trim() };
}

const sorted = (rows) => [...rows].sort((a, b) => {
  const x = JSON.stringify(a), y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
});
const byName = (rows, key = 'name') => Object.fromEntries(rows.map((r) => [r[key], r]));

before(() => {
  url = execFileSync(PG_SERVER, ['start', '--fast', pgDir], { encoding: 'utf8', timeout: 60000 }).trim();
  assert.match(url, /^postgres:\/\/\w+@127\.0\.0\.1:\d+\/roadshow$/, 'pg-server prints one URL line');

  // As store_migrate does: schema_migrations as db_pg.c makes it, then each file and the row
  // that records it in one transaction.
  psql('CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const f of readdirSync(PG_MIGRATIONS).filter((n) => /^\d{4}_.*\.sql$/.test(n)).sort()) {
    const r = run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', url,
      '-f', join(PG_MIGRATIONS, f),
      '-c', `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${parseInt(f, 10)}, '${f}', '2024-01-01T00:00:00Z')`]);
    if (r.status !== 0) throw new Error(`migration ${f} failed: ${r.stderr}`);
  }
  execFileSync(BIN, ['migrate', '--db', liteDb], { encoding: 'utf8', timeout: 30000 });
});

// ---- the schemas, from each database's catalogue ----------------------------------------

const TYPE_CLASS = { INTEGER: 'integer', TEXT: 'text', REAL: 'real', bigint: 'integer', text: 'text',
  'double precision': 'real' };

function liteTables() {
  return liteRows(`SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view')
    AND name NOT LIKE 'sqlite_%' ORDER BY name`);
}
function pgTables() {
  return pgRows(`SELECT c.relname AS name, CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END AS type
    FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'v')
    ORDER BY c.relname`);
}
function liteColumns() {
  return liteRows(`SELECT m.name AS tbl, m.type AS kind, p.cid AS pos, p.name, p.type, p."notnull" AS nn,
      p.dflt_value AS dflt, p.pk
    FROM sqlite_schema m JOIN pragma_table_info(m.name) p
    WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`);
}
function pgColumns() {
  return pgRows(`SELECT c.relname AS tbl, a.attnum - 1 AS pos, a.attname AS name,
      format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
      pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity AS identity, co.collname AS collation
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    LEFT JOIN pg_collation co ON co.oid = a.attcollation
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'v')
      AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`);
}
// Indexes as { table, name (null for a constraint's), unique, primary, columns }.
function liteIndexes() {
  return liteRows(`SELECT m.name AS tbl, l.name AS name, l."unique" AS uniq, l.origin,
      (SELECT group_concat(name, ',') FROM (SELECT i.name FROM pragma_index_info(l.name) i ORDER BY i.seqno)) AS cols
    FROM sqlite_schema m JOIN pragma_index_list(m.name) l
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`).map((r) => ({
    table: r.tbl, name: r.origin === 'c' ? r.name : null, unique: !!r.uniq, primary: r.origin === 'pk',
    columns: r.cols,
  }));
}
// SQLite's primary key of a rowid table is not an index: its columns come from table_info.
function litePrimaryKeys(columns) {
  const pk = {};
  for (const c of columns.filter((c) => c.kind === 'table' && c.pk > 0)) (pk[c.tbl] ??= [])[c.pk - 1] = c.name;
  return Object.fromEntries(Object.entries(pk).map(([t, cols]) => [t, cols.join(',')]));
}
function pgIndexes() {
  return pgRows(`SELECT t.relname AS tbl, i.relname AS name, x.indisunique AS uniq, x.indisprimary AS prim,
      (SELECT conname FROM pg_constraint WHERE conindid = x.indexrelid AND contype IN ('u', 'p')) AS con,
      (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) AS cols
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relnamespace = current_schema()::regnamespace`).map((r) => ({
    table: r.tbl, name: r.con ? null : r.name, unique: r.uniq, primary: r.prim, columns: r.cols,
  }));
}
const ON_DELETE = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
function liteForeignKeys() {
  const rows = liteRows(`SELECT m.name AS tbl, f.id, f.seq, f."table" AS target, f."from" AS col, f."to" AS tcol,
      f.on_delete, f.on_update, f."match" AS mt
    FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq`);
  const keys = {};
  for (const r of rows) {
    const k = (keys[`${r.tbl}#${r.id}`] ??= { table: r.tbl, columns: [], target: r.target, target_columns: [],
      on_delete: r.on_delete, on_update: r.on_update });
    k.columns.push(r.col);
    k.target_columns.push(r.tcol);
  }
  return Object.values(keys).map((k) => ({ ...k, columns: k.columns.join(','), target_columns: k.target_columns.join(',') }));
}
function pgForeignKeys() {
  return pgRows(`SELECT t.relname AS table, f.relname AS target,
      (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
      (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS target_columns,
      c.confdeltype AS del, c.confupdtype AS upd, c.condeferrable AS deferrable
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid
    WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace`).map((r) => {
    assert.equal(r.deferrable, false, `${r.table}.${r.columns}: not deferrable, as in SQLite`);
    return { table: r.table, columns: r.columns, target: r.target, target_columns: r.target_columns,
      on_delete: ON_DELETE[r.del], on_update: ON_DELETE[r.upd] };
  });
}
// SQLite's default as written ('planned', 1); PostgreSQL's as deparsed ('planned'::text).
const normDefault = (d) => (d == null ? null : d.replace(/::(text|bigint|integer|double precision)$/, ''));

describe('the PostgreSQL schema is the SQLite schema', () => {
  it('pg-server prints the same URL again, and the migrations recorded 1..11 like the runner', () => {
    assert.equal(execFileSync(PG_SERVER, ['url', pgDir], { encoding: 'utf8' }).trim(), url);
    const lite = readdirSync(LITE_MIGRATIONS).filter((n) => n.endsWith('.sql')).sort();
    const pg = readdirSync(PG_MIGRATIONS).filter((n) => n.endsWith('.sql')).sort();
    assert.deepEqual(pg, lite, 'one PostgreSQL file for each SQLite one, same number and name');
    assert.deepEqual(pgRows('SELECT version, name FROM schema_migrations ORDER BY version'),
      liteRows('SELECT version, name FROM schema_migrations ORDER BY version'));
  });

  it('has the same tables and views', () => {
    assert.deepEqual(pgTables(), liteTables());
  });

  it('has the same columns, in the same order, with the same type class, NOT NULL and default', () => {
    const lite = liteColumns();
    const pg = pgColumns();
    const litePk = litePrimaryKeys(lite);
    const pgByKey = Object.fromEntries(pg.map((c) => [`${c.tbl}.${c.name}`, c]));
    assert.deepEqual(pg.map((c) => `${c.tbl}.${c.pos}.${c.name}`), lite.map((c) => `${c.tbl}.${c.pos}.${c.name}`));
    for (const l of lite.filter((c) => c.kind === 'table')) {
      const p = pgByKey[`${l.tbl}.${l.name}`];
      const what = `${l.tbl}.${l.name}`;
      assert.equal(TYPE_CLASS[p.type], TYPE_CLASS[l.type], `${what}: ${p.type} for ${l.type}`);
      // a STRICT table's primary key is NOT NULL (a rowid alias cannot be NULL at all)
      assert.equal(p.notnull, !!l.nn || l.pk > 0, `${what}: NOT NULL`);
      assert.equal(normDefault(p.dflt), l.dflt, `${what}: default`);
      // schema_migrations is the runner's (db_pg.c's and db_sqlite.c's), not the migrations'
      if (l.tbl === 'schema_migrations') continue;
      if (p.type === 'text') assert.equal(p.collation, 'C', `${what}: COLLATE "C" (SQLite's BINARY)`);
      // an id SQLite would assign (INTEGER PRIMARY KEY: the rowid) is an identity here; the
      // one other rowid alias, consultation_figures.consultation_id, is always given
      const rowid = l.pk === 1 && l.type === 'INTEGER' && litePk[l.tbl] === l.name;
      assert.equal(p.identity === 'd', rowid && l.name === 'id', `${what}: identity (BY DEFAULT) exactly for rowid ids`);
      if (rowid && l.name !== 'id') assert.equal(what, 'consultation_figures.consultation_id');
    }
  });

  it('has the same primary keys, unique constraints and indexes', () => {
    const lite = liteIndexes();
    const pg = pgIndexes();
    const pk = litePrimaryKeys(liteColumns());
    const pgPk = Object.fromEntries(pg.filter((i) => i.primary).map((i) => [i.table, i.columns]));
    assert.deepEqual(pgPk, pk);
    const key = (i) => `${i.table} ${i.name ?? '(constraint)'} ${i.unique ? 'unique' : ''} (${i.columns})`;
    assert.deepEqual(pg.filter((i) => !i.primary).map(key).sort(),
      lite.filter((i) => !i.primary).map(key).sort());
  });

  it('has the same foreign keys, with the same ON DELETE and ON UPDATE', () => {
    assert.deepEqual(sorted(pgForeignKeys()), sorted(liteForeignKeys()));
  });

  it('has the same views, with the same columns', () => {
    const cols = (rows) => rows.filter((c) => c.tbl === 'consultation_standing').map((c) => c.name);
    const views = liteTables().filter((t) => t.type === 'view').map((t) => t.name);
    assert.deepEqual(views, ['consultation_standing']);
    assert.deepEqual(pgColumns().filter((c) => c.tbl === 'consultation_standing').map((c) => c.name),
      cols(liteColumns()));
    // and the same columns as the table it fills, in order (INSERT ... SELECT * relies on it)
    assert.deepEqual(pgColumns().filter((c) => c.tbl === 'consultation_standing').map((c) => c.name),
      pgColumns().filter((c) => c.tbl === 'consultation_figures').map((c) => c.name));
  });

  it('has the same triggers, and only the explicit-id ones and the TRUNCATE guard besides', () => {
    const lite = liteRows(`SELECT tbl_name AS tbl, name FROM sqlite_schema WHERE type = 'trigger'`);
    const pg = pgRows(`SELECT c.relname AS tbl, t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace`);
    const idTables = pgColumns().filter((c) => c.identity === 'd').map((c) => c.tbl);
    const extra = [...idTables.map((t) => ({ tbl: t, name: `${t}_explicit_id` })),
      { tbl: 'audit_log', name: 'audit_log_no_truncate' }];
    assert.deepEqual(sorted(pg), sorted([...lite, ...extra]));
  });
});

// ---- behaviour ------------------------------------------------------------------------------

// Reference rows the statements below lean on, the same on both.
const FIXTURES = `
INSERT INTO organizations (id, created_at, updated_at, kind, name_ko, illustrative) VALUES
  (1, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'agency', '기관', 0),
  (2, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'company', '회사', 1);
INSERT INTO places (id, created_at, updated_at, kind, name_ko, timezone) VALUES
  (1, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'venue', '전시장', 'America/Los_Angeles');
INSERT INTO events (id, created_at, updated_at, name_ko, venue_id, start_date, end_date) VALUES
  (1, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'CES', 1, '2024-01-09', '2024-01-12');
INSERT INTO pavilions (id, created_at, updated_at, event_id, host_organization_id, name_ko) VALUES
  (1, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 1, 1, '한국관');
INSERT INTO booths (id, created_at, updated_at, pavilion_id, code) VALUES
  (1, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 1, 'A-1');
INSERT INTO people (id, created_at, updated_at, name_ko, organization_id) VALUES
  (1, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '사람', 2);
INSERT INTO users (id, login, role, password_hash, password_changed_at, created_at, updated_at) VALUES
  (1, 'admin', 'admin', 'x', 't', 't', 't');
INSERT INTO settings (key, value, updated_at) VALUES ('a', 1, 't');
INSERT INTO audit_log (id, at, actor, action, resource, row_id) VALUES (1, 't', 'admin', 'create', 'organizations', 1);
INSERT INTO b2b_events (id, created_at, updated_at, host_organization_id, name_ko, timezone) VALUES
  (1, 't', 't', 1, '상담회', 'UTC');
INSERT INTO b2b_venues (id, created_at, updated_at, b2b_event_id, name_ko) VALUES (1, 't', 't', 1, 'A');
INSERT INTO b2b_participants (id, created_at, updated_at, b2b_event_id, kind, name, venue_id) VALUES
  (1, 't', 't', 1, 'exhibitor', 'E', 1), (2, 't', 't', 1, 'buyer', 'B', 1);
INSERT INTO b2b_requests (id, created_at, updated_at, b2b_event_id, from_id, to_id) VALUES (1, 't', 't', 1, 2, 1);
INSERT INTO b2b_meetings (id, created_at, updated_at, b2b_event_id, host_id, visitor_id, request_id) VALUES
  (1, 't', 't', 1, 1, 2, 1);
INSERT INTO b2b_walks (id, created_at, updated_at, b2b_event_id, from_venue_id, to_venue_id, minutes) VALUES
  (1, 't', 't', 1, 1, 1, 2);
INSERT INTO delegations (id, created_at, updated_at, host_organization_id, title_ko, home_timezone, status, published) VALUES
  (1, 't', 't', 1, '출장', 'Asia/Seoul', 'draft', 0);
INSERT INTO delegation_members (id, created_at, updated_at, delegation_id, person_id, role) VALUES
  (1, 't', 't', 1, 1, 'member');
INSERT INTO itinerary_items (id, created_at, updated_at, delegation_id, kind, title_ko, starts_at, ends_at, illustrative) VALUES
  (1, 't', 't', 1, 'meeting', '회의', '2024-01-10T09:00', '2024-01-10T10:00', 0);
INSERT INTO itinerary_attendees (id, created_at, updated_at, item_id, member_id) VALUES (1, 't', 't', 1, 1);
INSERT INTO trip_costs (id, created_at, updated_at, delegation_id, category, item_id, member_id, amount, currency) VALUES
  (1, 't', 't', 1, 'hotel', 1, 1, 100000, 'KRW');
INSERT INTO trip_institutions (id, created_at, updated_at, delegation_id, organization_id, item_id) VALUES
  (1, 't', 't', 1, 2, 1);
`;

const ORG = `INSERT INTO organizations (created_at, updated_at, kind, name_ko, illustrative)`;
// Each is refused by both back ends; code is PostgreSQL's SQLSTATE for it.
const REFUSED = [
  ['NOT NULL', `${ORG} VALUES ('t', 't', 'company', NULL, 0)`, '23502'],
  ['NOT NULL of a column left out', `INSERT INTO organizations (created_at, updated_at, kind, illustrative) VALUES ('t', 't', 'company', 0)`, '23502'],
  ['NOT NULL of a TEXT primary key (STRICT)', `INSERT INTO settings (key, value, updated_at) VALUES (NULL, 1, 't')`, '23502'],
  ['a type the column does not hold (STRICT)', `${ORG} VALUES ('t', 't', 'company', 'x', 'yes')`, '22P02'],
  ['UNIQUE of two columns', `INSERT INTO booths (created_at, updated_at, pavilion_id, code) VALUES ('t', 't', 1, 'A-1')`, '23505'],
  ['UNIQUE of a column', `INSERT INTO users (login, role, password_hash, password_changed_at, created_at, updated_at) VALUES ('admin', 'r', 'x', 't', 't', 't')`, '23505'],
  ['a TEXT primary key twice', `INSERT INTO settings (key, value, updated_at) VALUES ('a', 2, 't')`, '23505'],
  ['an explicit id twice', `INSERT INTO organizations (id, created_at, updated_at, kind, name_ko, illustrative) VALUES (1, 't', 't', 'company', 'x', 0)`, '23505'],
  ['a reference to no row', `INSERT INTO people (created_at, updated_at, name_ko, organization_id) VALUES ('t', 't', 'x', 999)`, '23503'],
  ['deleting a row that ON DELETE RESTRICT protects', `DELETE FROM organizations WHERE id = 2`, '23503'],
  ['deleting a participant with meetings (NO ACTION)', `DELETE FROM b2b_participants WHERE id = 1`, '23503'],
  ['deleting a place an event is at', `DELETE FROM places WHERE id = 1`, '23503'],
  ['changing the audit trail', `UPDATE audit_log SET actor = 'someone' WHERE id = 1`, '23000'],
  ['deleting from the audit trail', `DELETE FROM audit_log WHERE id = 1`, '23000'],
];
// Each is accepted by both, leaving the same rows.
const ACCEPTED = [
  ['an UPDATE of the audit trail that matches no row', `UPDATE audit_log SET actor = 'x' WHERE id = -1`],
  ['a DELETE from the audit trail that matches no row', `DELETE FROM audit_log WHERE id = -1`],
];

describe('the two back ends refuse and accept the same writes', () => {
  before(() => {
    psql(FIXTURES, ['--single-transaction']);
    liteRun(`BEGIN;\n${FIXTURES}\nCOMMIT;`);
  });

  for (const [what, sql, code] of REFUSED) {
    it(`refuses ${what}`, () => {
      const l = liteTry(sql);
      const p = pgTry(sql);
      assert.equal(l.ok, false, `SQLite accepted: ${sql}`);
      assert.equal(p.ok, false, `PostgreSQL accepted: ${sql}`);
      assert.equal(p.code, code, `PostgreSQL's SQLSTATE for ${sql}: ${p.message}`);
    });
  }
  for (const [what, sql] of ACCEPTED) {
    it(`accepts ${what}`, () => {
      assert.deepEqual([liteTry(sql).ok, pgTry(sql).ok], [true, true], sql);
    });
  }

  it('gives ids the same way: next after the largest, explicit ids kept and carried on from', () => {
    const P = `INSERT INTO places (created_at, updated_at, kind, name_ko, timezone)`;
    const PI = `INSERT INTO places (id, created_at, updated_at, kind, name_ko, timezone)`;
    const sql = `
${P} VALUES ('t', 't', 'city', 'n2', 'UTC');
${PI} VALUES (100, 't', 't', 'city', 'n100', 'UTC');
${P} VALUES ('t', 't', 'city', 'n101', 'UTC');
${PI} VALUES (50, 't', 't', 'city', 'n50', 'UTC');
${P} VALUES ('t', 't', 'city', 'n102', 'UTC');
${PI} VALUES (500, 't', 't', 'city', 'n500', 'UTC'), (400, 't', 't', 'city', 'n400', 'UTC');
${P} VALUES ('t', 't', 'city', 'n501', 'UTC');
DELETE FROM places WHERE id = 501;
${P} VALUES ('t', 't', 'city', 'n502 (AUTOINCREMENT: 501 is not given again)', 'UTC');
INSERT INTO audit_log (at, actor, action, resource, row_id) VALUES ('t', 'a', 'create', 'x', 1);
INSERT INTO audit_log (id, at, actor, action, resource, row_id) VALUES (7, 't', 'a', 'create', 'x', 1);
INSERT INTO audit_log (at, actor, action, resource, row_id) VALUES ('t', 'a', 'create', 'x', 1);
`;
    liteRun(sql);
    psql(sql);
    const q = `SELECT id, name_ko FROM places ORDER BY id`;
    assert.deepEqual(pgRows(q), liteRows(q));
    assert.deepEqual(liteRows(q).map((r) => r.id), [1, 2, 50, 100, 101, 102, 400, 500, 502]);
    const q2 = 'SELECT id FROM audit_log ORDER BY id';
    assert.deepEqual(pgRows(q2), liteRows(q2));
    assert.deepEqual(liteRows(q2).map((r) => r.id), [1, 2, 7, 8]);
  });

  it('never moves a sequence back (PostgreSQL: an explicit id below it, a sequence reset unused)', () => {
    const P = `INSERT INTO places (created_at, updated_at, kind, name_ko, timezone)`;
    const PI = `INSERT INTO places (id, created_at, updated_at, kind, name_ko, timezone)`;
    const ids = pgRows(`SELECT setval(pg_get_serial_sequence('places', 'id'), 1000, false) AS s`);
    assert.deepEqual(ids, [{ s: 1000 }]);
    psql(`${PI} VALUES (600, 't', 't', 'city', 'n600', 'UTC');
${P} VALUES ('t', 't', 'city', 'n1000', 'UTC');
${PI} VALUES (2000, 't', 't', 'city', 'n2000', 'UTC');
${P} VALUES ('t', 't', 'city', 'n2001', 'UTC');`);
    assert.deepEqual(pgRows(`SELECT id FROM places WHERE id >= 600 ORDER BY id`).map((r) => r.id), [600, 1000, 2000, 2001]);
  });

  it('differs, as documented, in one thing: a refused insert uses up its id on PostgreSQL only', () => {
    // users took one refused insert above (the duplicate login): SQLite's rowid is worked out
    // in the statement that failed, a sequence's nextval is not rolled back
    const sql = `INSERT INTO users (login, role, password_hash, password_changed_at, created_at, updated_at) VALUES ('u2', 'r', 'x', 't', 't', 't');`;
    liteRun(sql);
    psql(sql);
    const q = `SELECT id FROM users WHERE login = 'u2'`;
    assert.deepEqual(liteRows(q), [{ id: 2 }]);
    assert.deepEqual(pgRows(q), [{ id: 3 }]);
  });

  it('cascades the same way (a trip, a B2B programme, in one statement each)', () => {
    const sql = `DELETE FROM delegations WHERE id = 1; DELETE FROM b2b_events WHERE id = 1;`;
    liteRun(sql);
    psql(sql);
    for (const t of ['delegations', 'delegation_members', 'itinerary_items', 'itinerary_attendees', 'trip_costs',
      'trip_institutions', 'b2b_events', 'b2b_venues', 'b2b_walks', 'b2b_participants', 'b2b_requests', 'b2b_meetings']) {
      const q = `SELECT '${t}' AS t, COUNT(*) AS n FROM ${t}`;
      assert.deepEqual(pgRows(q), liteRows(q));
      assert.equal(liteRows(q)[0].n, 0, t);
    }
  });

  it('sorts text by bytes, as SQLite does', () => {
    const names = ['b', 'B', 'a', 'Z', 'é', 'e', '가', '나', '2024-03-01', '2024-03-01T09:00:00Z', '_', ' x'];
    const sql = names.map((n, i) => `${ORG} VALUES ('t', 't', 'sort', '${n}', 0);`).join('\n');
    liteRun(sql);
    psql(sql);
    const q = `SELECT name_ko FROM organizations WHERE kind = 'sort' ORDER BY name_ko, id`;
    assert.deepEqual(pgRows(q), liteRows(q));
    const q2 = `SELECT COUNT(*) AS n FROM organizations WHERE kind = 'sort' AND name_ko > 'Z'`;
    assert.deepEqual(pgRows(q2), liteRows(q2));
  });
});

// ---- consultation_figures -------------------------------------------------------------------

const C = `INSERT INTO consultations (created_at, updated_at, pavilion_id, exhibitor_id, kind, consulted_at,
  buyer_country, category, unit_price, quantity, amount, currency)`;
const CI = `INSERT INTO consultations (id, created_at, updated_at, pavilion_id, exhibitor_id, kind, consulted_at,
  buyer_country, category, unit_price, quantity, amount, currency)`;
const F = `INSERT INTO follow_ups (created_at, updated_at, consultation_id, stage, date, amount, currency, provenance)`;
const FI = `INSERT INTO follow_ups (id, created_at, updated_at, consultation_id, stage, date, amount, currency, provenance)`;
// Each step is run on both; the figures are recorded after each.
const STEPS = [
  `${C} VALUES ('t', 't', 1, 2, 'onsite', '2024-01-10T10:00:00Z', 'US', 'food', 10, 100, 1000, 'USD')`,
  `${C} VALUES ('t', 't', 1, 2, 'online', '2024-01-11T10:00:00Z', '대한민국', NULL, NULL, NULL, NULL, 'KRW')`,
  `${F} VALUES ('t', 't', 1, 'consulted', '2024-01-10', 1200, 'USD', 'reported')`,
  `${F} VALUES ('t', 't', 1, 'negotiating', '2024-02-01', 5000, 'USD', 'reported'),
               ('t', 't', 1, 'negotiating', '2024-02-01', 6000, 'EUR', 'verified')`,
  `${FI} VALUES (50, 't', 't', 1, 'signed', '2024-03-01', NULL, 'USD', 'reported')`,
  `${F} VALUES ('t', 't', 2, 'provisional', '2024-02-15', 9007199254740993, 'KRW', 'reported')`,
  `INSERT INTO follow_ups (created_at, updated_at, consultation_id, stage, date) VALUES ('t', 't', 2, 'signed', '2024-03-01')`,
  `${F} VALUES ('t', 't', 2, 'signed', '2024-03-01T09:00:00Z', 1, 'USD', 'verified')`,
  `UPDATE follow_ups SET consultation_id = 2 WHERE id = 50`,
  `UPDATE follow_ups SET stage = 'exported' WHERE consultation_id = 1 AND stage = 'negotiating'`,
  `UPDATE consultations SET buyer_country = 'Émirats', amount = amount + 1, category = NULL WHERE id = 1`,
  `UPDATE follow_ups SET date = '2023-12-31' WHERE id = 4`,
  `DELETE FROM follow_ups WHERE id = 3`,
  `BEGIN; DELETE FROM follow_ups WHERE consultation_id = 2; UPDATE consultations SET amount = 0; ROLLBACK`,
  `BEGIN; ${CI} VALUES (10, 't', 't', 1, 2, 'onsite', 't', 'JP', 'beauty', 1, 1, 1, 'JPY');
   ${F} VALUES ('t', 't', 10, 'dropped', '2024-04-01', NULL, 'JPY', 'reported'); COMMIT`,
  `${C} VALUES ('t', 't', 1, 2, 'onsite', 't', 'CN', 'it', 1, 2, 2, 'CNY')`,
  `DELETE FROM consultations WHERE id = 10`,
  `UPDATE follow_ups SET consultation_id = consultation_id`,
  `UPDATE consultations SET version = version + 1`,
  `UPDATE follow_ups SET amount = -amount, provenance = 'corrected' WHERE amount IS NOT NULL AND stage <> 'provisional'`,
  `DELETE FROM follow_ups WHERE stage = 'signed' AND consultation_id = 2 AND amount IS NULL`,
  `UPDATE consultations SET currency = 'EUR', pavilion_id = 1, exhibitor_id = 1 WHERE id IN (1, 11)`,
  `DELETE FROM follow_ups WHERE consultation_id = 1`,
];

describe('consultation_figures: the same triggers on both', () => {
  const FIG = 'SELECT * FROM consultation_figures';
  before(() => {
    const sql = 'CREATE TABLE figures_log AS SELECT 0 AS step, f.* FROM consultation_figures f WHERE 1 = 0;\n' +
      STEPS.map((s, i) => `${s};\nINSERT INTO figures_log SELECT ${i + 1}, f.* FROM consultation_figures f;`).join('\n');
    liteRun(sql);
    psql(sql);
  });

  it('leaves identical rows in consultation_figures after every step', () => {
    const q = 'SELECT * FROM figures_log ORDER BY step, consultation_id';
    const lite = liteRows(q);
    const pg = pgRows(q);
    assert.ok(lite.length > STEPS.length, 'the steps leave rows to compare');
    for (let i = 1; i <= STEPS.length; i++) {
      assert.deepEqual(pg.filter((r) => r.step === i), lite.filter((r) => r.step === i),
        `after step ${i}: ${STEPS[i - 1]}`);
    }
  });

  it('leaves what the view works out, and the same follow-ups and consultations', () => {
    for (const [a, b] of [[liteRows(FIG), liteRows('SELECT * FROM consultation_standing')],
      [pgRows(FIG), pgRows('SELECT * FROM consultation_standing')]]) {
      assert.deepEqual(sorted(a), sorted(b));
    }
    for (const q of ['SELECT * FROM consultations ORDER BY id', 'SELECT * FROM follow_ups ORDER BY id', FIG]) {
      assert.deepEqual(sorted(pgRows(q)), sorted(liteRows(q)), q);
    }
  });

  it('spells a stage as date|amount|currency|provenance, with the exact digits', () => {
    const rows = liteRows('SELECT at_provisional FROM consultation_figures WHERE consultation_id = 2');
    assert.deepEqual(rows, [{ at_provisional: '2024-02-15|9007199254740993|KRW|reported' }]);
    assert.deepEqual(pgRows('SELECT at_provisional FROM consultation_figures WHERE consultation_id = 2'), rows);
  });
});
