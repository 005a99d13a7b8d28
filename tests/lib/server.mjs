// server.mjs - starts a real `roadshow serve` on a random loopback port with its own
// database in a temporary folder, for the API and browser tests.
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = process.env.ROADSHOW_BIN || new URL('../../build/roadshow', import.meta.url).pathname;

// Runs the CLI synchronously; returns { status, stdout, stderr }.
export function cli(args, opts = {}) {
  try {
    const stdout = execFileSync(BIN, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout?.toString() ?? '', stderr: e.stderr?.toString() ?? '' };
  }
}

// With ROADSHOW_TEST_PG set (a PostgreSQL server's URL without a database name, e.g.
// postgres://postgres@127.0.0.1:5432), every server of the tests gets a database of its own
// there, dropped at stop, instead of a SQLite file.
export const PG = process.env.ROADSHOW_TEST_PG || null;
let pgSeq = 0;

function psql(url, sql) {
  return execFileSync('psql', [url, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' }).trim();
}

// A new empty PostgreSQL database on the server at base (default ROADSHOW_TEST_PG's):
// { url, drop() }.
export function pgDatabase(base = PG) {
  const name = `rs_${process.pid}_${++pgSeq}`;
  psql(`${base}/postgres`, `CREATE DATABASE ${name}`);
  return { url: `${base}/${name}`, drop: () => psql(`${base}/postgres`, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

// A PostgreSQL server for a test that needs one whatever the suite runs on: ROADSHOW_TEST_PG's,
// or a throwaway cluster of its own (scripts/pg-server, fsync off). { base, stop() }.
export function pgServer() {
  if (PG) return { base: PG, stop() {} };
  const dir = mkdtempSync(join(tmpdir(), 'roadshow-pg-'));
  chmodSync(dir, 0o755); // the server runs as the postgres user when we are root
  const script = new URL('../../scripts/pg-server', import.meta.url).pathname;
  const url = execFileSync(script, ['start', '--fast', join(dir, 'pg')], { encoding: 'utf8', timeout: 60000 }).trim();
  return {
    base: url.replace(/\/[^/]*$/, ''),
    stop() {
      execFileSync(script, ['stop', join(dir, 'pg')], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Runs one SQL statement on a test database (a SQLite file or a PostgreSQL URL) with the
// database's own shell; returns its output.
export function dbExec(db, sql) {
  if (/^postgres(ql)?:\/\//.test(db)) return psql(db, sql);
  return execFileSync('sqlite3', [db, sql], { encoding: 'utf8' }).trim();
}

// The demo accounts `roadshow demo` printed: { login: password }.
export function demoPasswords(stdout) {
  return Object.fromEntries([...stdout.matchAll(/^ {2}(\S+)\s+\S+\s+.*\bpassword (\S+)$/gm)]
    .map((m) => [m[1], m[2]]));
}

// Starts a server. options.demo loads the demo scenario first (in set-up mode, without its
// accounts, unless options.accounts); options.db serves an existing database file (left in
// place at stop) instead of a new one in a temporary folder.
// Returns { base, db, dir, passwords (the demo accounts'), stop() }.
// options.args are more `serve` options.
export async function startServer({ demo = false, accounts = false, db: given = null, args = [] } = {}) {
  const dir = given ? null : mkdtempSync(join(tmpdir(), 'roadshow-test-'));
  const pg = given || !PG ? null : pgDatabase();
  const db = given ?? (pg ? pg.url : join(dir, 'test.db'));
  let passwords = {};
  if (demo) {
    const r = cli(['demo', ...(accounts ? [] : ['--no-accounts']), '--db', db]);
    if (r.status !== 0) throw new Error(`roadshow demo failed: ${r.stderr}`);
    passwords = demoPasswords(r.stdout);
  }
  const child = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  return {
    base, db, dir, child, passwords,
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      let code = child.exitCode;
      if (child.exitCode === null && child.signalCode === null) {
        const done = new Promise((r) => child.once('exit', (c) => r(c)));
        child.kill('SIGTERM');
        code = await done;
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (pg) pg.drop();
      // a clean stop exits 0; a sanitizer report (leak, overflow) at shutdown does not
      if (code !== 0) throw new Error(`roadshow serve exited ${code} on SIGTERM: ${stderr}`);
    },
  };
}
