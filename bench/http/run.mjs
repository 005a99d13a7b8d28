#!/usr/bin/env node
// run.mjs - Roadshow under HTTP load (issue 7), all on loopback with wrk. `make bench-http`
// runs it; results go to docs/benchmarks.md.
//
//   1. GET of a ~2 KB JSON resource (/api/v1/organizations?limit=4, the first page of the demo's
//      organizations, with an API token) from Roadshow against nginx serving the very same bytes
//      as a static file: same wrk settings, same run, same Authorization header; after a warm-up
//      of each; requests/s, the ratio Roadshow ÷ nginx, p50 and p99 latency (wrk --latency).
//   2. Durable POST of a consultation (the server's default: SQLite in WAL with synchronous=FULL):
//      bench/http/post.lua sends a distinct valid body per request with a Bearer token; only 2xx
//      answers count as successes, others are reported apart; afterwards the run's rows are read
//      from the database (sqlite3, or psql for a postgres:// URL) and every id answered 2xx
//      (post.lua keeps them from Location) must be among them; the rows beyond are requests in
//      flight when wrk stopped, whose answers it never read. The reference for durable writes:
//      this disk's rate of 4 KB appends each followed by fdatasync, one at a time.
//   3. Memory of the server process: VmRSS idle on the demo data (after start-up and the log-in
//      that makes the token), then VmHWM (peak resident) reset and read after each load, from
//      /proc/PID/status.
//   For the diagnosis also Roadshow's /healthz (no database, no token) and the server's CPU
//   (utime + stime) during each load.
//
// Each figure is the median of --runs runs (3); nginx and Roadshow alternate within each run.
// nginx runs in the foreground (daemon off) from its own configuration in the temporary
// directory (-p DIR -c DIR/nginx.conf), error_log, pid, lock and temp paths there, access_log
// off, worker_processes 2 by default (one per core of this machine: Roadshow's libmicrohttpd pool
// has 4 threads, but neither can use more than the 2 cores, which wrk's 2 threads share with it).
// Every process started here is stopped at the end, also on failure or Ctrl-C.
//
//   node bench/http/run.mjs [--bin PATH] [--db URL] [--duration S] [--warmup S] [--connections N]
//        [--threads N] [--runs N] [--nginx-workers N] [--keep]
//
// --db: a database to serve instead of a new SQLite file in the temporary directory: a file
// path, or postgres://... (the demo is loaded into it with `roadshow demo --if-empty`). The
// figures of the back end not measured are printed as "not yet measured".
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, chmodSync, existsSync, openSync, writeSync, fdatasyncSync, closeSync, fstatSync, readSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const flag = (name) => args.includes(`--${name}`);
const bin = resolve(opt('bin', process.env.ROADSHOW_BIN || 'build/roadshow'));
const duration = Number(opt('duration', 10));
const warmup = Number(opt('warmup', 2));
const conns = Number(opt('connections', 64));
const threads = Number(opt('threads', 2));
const runs = Number(opt('runs', 3));
const nginxWorkers = Number(opt('nginx-workers', 2));
const keep = flag('keep');
const dbArg = opt('db', null);
const isPg = !!dbArg && /^postgres(ql)?:\/\//.test(dbArg);
const backend = isPg ? 'PostgreSQL' : 'SQLite';
const RESOURCE = '/api/v1/organizations?limit=4';

const dir = mkdtempSync(join(tmpdir(), 'roadshow-http-bench-'));
const db = dbArg ? (isPg ? dbArg : resolve(dbArg)) : join(dir, 'bench.db');
const children = new Set();
const log = (...m) => console.error('bench-http:', ...m);

// --- processes, stopped whatever happens -------------------------------------------------
function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
function killAll(signal = 'SIGTERM') {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      try { c.kill(signal); } catch { /* gone */ }
    }
  }
}
async function stopAll() {
  killAll('SIGTERM');
  const deadline = Date.now() + 5000;
  while (children.size && Date.now() < deadline) await sleep(50);
  killAll('SIGKILL');
}
// At exit (normal or not), whatever is still running gets SIGTERM: nginx's master then stops
// its workers itself (a SIGKILLed master would leave them behind), roadshow stops gracefully.
process.on('exit', () => {
  killAll('SIGTERM');
  if (!keep) rmSync(dir, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { log(`stopped by ${sig}`); stopAll().finally(() => process.exit(130)); });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

function cli(argv, input) {
  const r = spawnSync(bin, argv, { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`roadshow ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime, stime
}

// The reference for durable writes: this disk's rate of 4 KB appends each followed by
// fdatasync, one at a time (what a server that syncs once per request can at most reach).
function fsyncRate(seconds = 2) {
  const f = join(dir, 'fsync.probe');
  const fd = openSync(f, 'w');
  const block = Buffer.alloc(4096, 1);
  let n = 0;
  const t0 = process.hrtime.bigint(), until = t0 + BigInt(seconds * 1e9);
  let t = t0;
  while (t < until) {
    writeSync(fd, block);
    fdatasyncSync(fd);
    n++;
    t = process.hrtime.bigint();
  }
  closeSync(fd);
  rmSync(f);
  return n / (Number(t - t0) / 1e9);
}

function status(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number((s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')) || [])[1] || NaN);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM'), threads: Number((s.match(/^Threads:\s+(\d+)/m) || [])[1]) };
}

// --- the server ----------------------------------------------------------------------------
async function startRoadshow() {
  const port = await freePort();
  // its log (a JSON line a request, on stderr) goes to a file, as it would in production
  const logFile = join(dir, 'roadshow.log');
  const logFd = openSync(logFile, 'a');
  const child = track(spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', logFd] }));
  closeSync(logFd);
  // its last 2,000 bytes (the whole log of a load runs to gigabytes)
  const err = () => {
    const fd = openSync(logFile, 'r');
    try {
      const size = fstatSync(fd).size, n = Math.min(size, 2000), buf = Buffer.alloc(n);
      readSync(fd, buf, 0, n, size - n);
      return buf.toString('utf8');
    } finally { closeSync(fd); }
  };
  let out = '';
  await new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(`roadshow serve did not start: ${err()}`)), 15000);
    child.stdout.on('data', (d) => { out += d; if (/serving http:/.test(out)) { clearTimeout(t); res(); } });
    const early = (c) => { clearTimeout(t); rej(new Error(`roadshow serve exited ${c}: ${err()}`)); };
    child.on('exit', early);
    child.stdout.on('data', () => { if (/serving http:/.test(out)) child.off('exit', early); });
  });
  child.stdout.resume();
  return { child, base: `http://127.0.0.1:${port}`, stderr: err };
}

async function startNginx(www) {
  const port = await freePort();
  const conf = `# written by bench/http/run.mjs
daemon off;
master_process on;
worker_processes ${nginxWorkers};
pid ${dir}/nginx.pid;
lock_file ${dir}/nginx.lock;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 100000000;
  client_body_temp_path ${dir}/nginx-tmp/body;
  proxy_temp_path ${dir}/nginx-tmp/proxy;
  fastcgi_temp_path ${dir}/nginx-tmp/fastcgi;
  uwsgi_temp_path ${dir}/nginx-tmp/uwsgi;
  scgi_temp_path ${dir}/nginx-tmp/scgi;
  types { }
  default_type application/json;
  server {
    listen 127.0.0.1:${port};
    root ${www};
    location / { }
  }
}
`;
  mkdirSync(join(dir, 'nginx-tmp'), { recursive: true });
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child = track(spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] }));
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${err}`);
    try { if ((await fetch(`${base}/resource.json`)).ok) return { child, base }; } catch { /* not yet */ }
    await sleep(50);
  }
  throw new Error(`nginx did not answer: ${err}`);
}

// --- wrk -------------------------------------------------------------------------------------
function toMs(v) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v);
  if (!m) return NaN;
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000, m: 60000 }[m[2]];
}
function wrk(url, { seconds = duration, c = conns, t = threads, script = null, headers = {}, env = {}, pid = null } = {}) {
  const argv = [`-t${t}`, `-c${c}`, `-d${seconds}s`, '--latency'];
  for (const [k, v] of Object.entries(headers)) argv.push('-H', `${k}: ${v}`);
  if (script) argv.push('-s', script);
  argv.push(url);
  const cpu0 = pid ? cpuSeconds(pid) : 0;
  return new Promise((res, rej) => {
    const child = track(spawn('wrk', argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } }));
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => {
      if (code !== 0) return rej(new Error(`wrk ${argv.join(' ')} exited ${code}: ${err}${out}`));
      const num = (re) => { const m = re.exec(out); return m ? Number(m[1]) : 0; };
      const pct = (p) => { const m = new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out); return m ? toMs(m[1]) : NaN; };
      const se = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const r = {
        out,
        cores: pid ? (cpuSeconds(pid) - cpu0) / seconds : NaN,
        rps: num(/Requests\/sec:\s+([\d.]+)/),
        requests: num(/(\d+) requests in/),
        p50: pct(50), p90: pct(90), p99: pct(99),
        non2xx3xx: num(/Non-2xx or 3xx responses: (\d+)/),
        socketErrors: se ? se.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
        socketDetail: se ? se[0] : '',
      };
      const lua = /RESULT ok=(\d+) non2xx=(\d+) statuses=(\S*)/.exec(out);
      if (lua) Object.assign(r, { ok: Number(lua[1]), non2xx: Number(lua[2]), statuses: lua[3] });
      res(r);
    });
  });
}

// --- the database --------------------------------------------------------------------------
// The ids of the run's rows (its bodies' buyer_company begins with the run's tag).
function rowsOf(tag) {
  const sql = `SELECT id FROM consultations WHERE buyer_company LIKE '${tag} t%';`;
  const out = isPg ? execFileSync('psql', [db, '-Atc', sql], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : execFileSync('sqlite3', [db, sql], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return new Set(out.split('\n').filter(Boolean).map(Number));
}
function integrity() {
  if (isPg) return 'n/a';
  return execFileSync('sqlite3', [db, 'PRAGMA integrity_check;'], { encoding: 'utf8' }).trim();
}

// --- helpers for the table ----------------------------------------------------------------------
const median = (xs) => { const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b); if (!s.length) return NaN; const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const int = (x) => Number.isNaN(x) ? '—' : Math.round(x).toLocaleString('en-US');
const ms = (x) => Number.isNaN(x) ? '—' : `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;
const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;
const range = (xs, f) => xs.length > 1 ? ` (${xs.map(f).join(', ')})` : '';
const met = (ok) => (ok ? 'yes' : '**no**');

async function main() {
  if (!existsSync(bin)) throw new Error(`no roadshow binary at ${bin} (make build, or --bin PATH)`);
  for (const tool of ['wrk', 'nginx', isPg ? 'psql' : 'sqlite3']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new Error(`${tool} is not installed (scripts/deps --bench)`);
  }
  // the temporary directory is traversable by nginx's workers (www-data when run as root); only
  // www/ is readable
  chmodSync(dir, 0o711);
  const load0 = loadavg();

  // the demo data and an admin account with an API token (Bearer: no session, no CSRF)
  if (isPg) cli(['demo', '--db', db, '--if-empty', '--no-accounts']);
  else if (!dbArg || !existsSync(db)) cli(['demo', '--db', db, '--no-accounts']);
  const login = `bench${process.pid}${Date.now() % 100000}`;
  const password = `bench-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  cli(['user', 'add', login, '--role', 'admin', '--db', db, '--password-stdin'], `${password}\n`);

  const rs = await startRoadshow();
  const pid = rs.child.pid;
  await sleep(300);
  const started = status(pid);
  const sess = await fetch(`${rs.base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (sess.status !== 201) throw new Error(`log-in failed: ${sess.status} ${await sess.text()}`);
  const me = await sess.json();
  const cookie = sess.headers.get('set-cookie').split(';')[0];
  const tok = await fetch(`${rs.base}/api/v1/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': me.csrf_token }, body: JSON.stringify({ name: 'bench-http' }) });
  if (tok.status !== 201) throw new Error(`token failed: ${tok.status} ${await tok.text()}`);
  const token = (await tok.json()).token;
  const auth = { Authorization: `Bearer ${token}` };

  // the resource, and the pavilion and exhibitor of the consultations posted
  const res = await fetch(`${rs.base}${RESOURCE}`, { headers: auth });
  if (res.status !== 200) throw new Error(`GET ${RESOURCE}: ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  const www = join(dir, 'www');
  mkdirSync(www, { mode: 0o755 });
  writeFileSync(join(www, 'resource.json'), bytes, { mode: 0o644 });
  const pav = (await (await fetch(`${rs.base}/api/v1/pavilions?limit=1`, { headers: auth })).json()).items[0];
  const orgs = (await (await fetch(`${rs.base}/api/v1/organizations?kind=company&limit=1`, { headers: auth })).json()).items;
  if (!pav || !orgs.length) throw new Error('the database has no pavilion or no company to log consultations for');
  const probe = await fetch(`${rs.base}/api/v1/consultations`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ pavilion_id: pav.id, exhibitor_id: orgs[0].id, kind: 'walk_in', consulted_at: '2024-01-10T09:30:00-08:00', buyer_company: `probe${process.pid}`, currency: 'USD' }) });
  if (probe.status !== 201) throw new Error(`a probe consultation was refused: ${probe.status} ${await probe.text()}`);

  await sleep(1000);
  const idle = status(pid);
  // VmHWM counts the log-in too (its password hash, Argon2id, takes 64 MiB for a moment); start
  // the peak afresh at the idle size so that the peak reported is that of the loads
  // (clear_refs 5, Linux 4.0+)
  let hwmReset = true;
  try { writeFileSync(`/proc/${pid}/clear_refs`, '5'); } catch { hwmReset = false; }
  log(`Roadshow pid ${pid} at ${rs.base}, idle VmRSS ${mb(idle.rss)} (VmHWM ${mb(idle.hwm)}, ${idle.threads} threads); resource ${bytes.length} bytes`);

  const nginx = await startNginx(www);
  const same = Buffer.compare(Buffer.from(await (await fetch(`${nginx.base}/resource.json`)).arrayBuffer()), bytes) === 0;
  if (!same) throw new Error('nginx does not serve the same bytes');
  log(`nginx (${nginxWorkers} workers) at ${nginx.base}`);

  // 1. GET, Roadshow and nginx alternating, each after a warm-up; then, for the diagnosis,
  // Roadshow's /healthz (the HTTP layer without the database or authentication)
  const get = { rs: [], ng: [], hz: [] };
  const names = { rs: 'Roadshow', ng: 'nginx', hz: 'Roadshow /healthz' };
  for (let r = 1; r <= runs; r++) {
    const order = r % 2 ? ['rs', 'ng', 'hz'] : ['ng', 'rs', 'hz'];
    for (const who of order) {
      const url = who === 'rs' ? `${rs.base}${RESOURCE}` : who === 'ng' ? `${nginx.base}/resource.json` : `${rs.base}/healthz`;
      const headers = who === 'hz' ? {} : auth;
      await wrk(url, { seconds: warmup, headers });
      const w = await wrk(url, { headers, pid: who === 'ng' ? null : pid });
      get[who].push(w);
      log(`GET run ${r} ${names[who]}: ${int(w.rps)}/s, p50 ${ms(w.p50)}, p99 ${ms(w.p99)}, non-2xx ${w.non2xx3xx}, socket errors ${w.socketErrors}${who === 'ng' ? '' : `, server CPU ${w.cores.toFixed(2)} cores`}`);
    }
  }
  const afterGet = status(pid);

  // 2. POST, durable
  const post = [];
  const script = join(here, 'post.lua');
  const env = { BENCH_TOKEN: token, BENCH_PAVILION: String(pav.id), BENCH_EXHIBITOR: String(orgs[0].id) };
  await wrk(`${rs.base}/api/v1/consultations`, { seconds: warmup, script, env: { ...env, BENCH_TAG: `warm${process.pid}` } });
  const fsyncs = [];
  for (let r = 1; r <= runs; r++) {
    const tag = `bench${process.pid}r${r}`;
    const idsFile = join(dir, `ids-${r}.txt`);
    const w = await wrk(`${rs.base}/api/v1/consultations`, { script, env: { ...env, BENCH_TAG: tag, BENCH_IDS: idsFile }, pid });
    await sleep(1000); // requests in flight when wrk stopped (their answers unread) may still commit
    const rows = rowsOf(tag);
    const answered = readFileSync(idsFile, 'utf8').split('\n').filter(Boolean).map(Number);
    w.rows = rows.size;
    w.missing = answered.filter((id) => !rows.has(id)).length + (w.ok - answered.length);
    w.unanswered = rows.size - (answered.length - answered.filter((id) => !rows.has(id)).length);
    w.okRps = w.ok / duration;
    post.push(w);
    fsyncs.push(fsyncRate());
    log(`POST run ${r}: ${int(w.okRps)} 2xx/s (${w.ok} 2xx, ${w.non2xx} non-2xx: ${w.statuses}), p99 ${ms(w.p99)}, server CPU ${w.cores.toFixed(2)} cores, rows ${w.rows} (2xx missing ${w.missing}, unanswered ${w.unanswered}), ${w.socketDetail || 'no socket errors'}; disk ${int(fsyncs.at(-1))} fdatasync/s`);
  }
  const afterPost = status(pid);
  const check = integrity();

  await stopAll();
  const load1 = loadavg();

  // --- the table --------------------------------------------------------------------------
  const rsRps = get.rs.map((w) => w.rps), ngRps = get.ng.map((w) => w.rps);
  const ratios = get.rs.map((w, i) => w.rps / get.ng[i].rps);
  const ratio = median(ratios);
  const rsP99 = median(get.rs.map((w) => w.p99)), ngP99 = median(get.ng.map((w) => w.p99));
  const postRps = median(post.map((w) => w.okRps));
  const bad = post.reduce((a, w) => a + w.non2xx, 0);
  const sockets = post.reduce((a, w) => a + w.socketErrors, 0) + get.rs.reduce((a, w) => a + w.socketErrors, 0);
  const rowsOk = post.every((w) => w.missing === 0);
  const peak = afterPost.hwm;
  const fmt2 = (x) => x.toFixed(2);
  const row = (...cells) => `| ${cells.join(' | ')} |`;
  const lines = [];
  lines.push(`GET ${RESOURCE} (${bytes.length.toLocaleString('en-US')} bytes) and POST /api/v1/consultations, wrk -t${threads} -c${conns} -d${duration}s --latency after a ${warmup} s warm-up, loopback; median of ${runs} run${runs > 1 ? 's' : ''} (each run in parentheses); nginx ${nginxWorkers} worker processes; ${cpus().length} cores; load average ${load0.map((x) => x.toFixed(2)).join(' ')} before, ${load1.map((x) => x.toFixed(2)).join(' ')} after.`);
  lines.push('');
  lines.push(row('figure', 'back end', 'Roadshow', 'nginx (same bytes, static file)', 'Roadshow ÷ nginx', 'target', 'met'));
  lines.push(row('---', '---', '---', '---', '---', '---', '---'));
  const pgRows = [];
  const meas = [
    ['GET, requests/s', `${int(median(rsRps))}${range(rsRps, int)}`, `${int(median(ngRps))}${range(ngRps, int)}`, `**${fmt2(ratio)}**${range(ratios, fmt2)}`, '≥ 0.50 of nginx', met(ratio >= 0.5)],
    ['GET, p50 latency', ms(median(get.rs.map((w) => w.p50))), ms(median(get.ng.map((w) => w.p50))), '', '', ''],
    ['GET, p99 latency', `${ms(rsP99)}${range(get.rs.map((w) => w.p99), ms)}`, `${ms(ngP99)}${range(get.ng.map((w) => w.p99), ms)}`, '', '≤ 10 ms', met(rsP99 <= 10)],
    [`GET, Roadshow server CPU (of ${cpus().length} cores)`, `${median(get.rs.map((w) => w.cores)).toFixed(2)} cores`, '', '', '', ''],
    ['GET /healthz (no database, no token), requests/s', `${int(median(get.hz.map((w) => w.rps)))}${range(get.hz.map((w) => w.rps), int)}`, '', `${fmt2(median(get.hz.map((w, i) => w.rps / get.ng[i].rps)))}`, 'context', ''],
    ['GET, non-2xx + socket errors', `${get.rs.reduce((a, w) => a + w.non2xx3xx + w.socketErrors, 0)}`, `${get.ng.reduce((a, w) => a + w.non2xx3xx + w.socketErrors, 0)}`, '', '0', ''],
    ['durable POST of a consultation, 2xx/s', `${int(postRps)}${range(post.map((w) => w.okRps), int)}`, `disk: ${int(median(fsyncs))} fdatasync/s one at a time`, `${fmt2(postRps / median(fsyncs))} of the disk's fdatasync/s`, '≥ 10,000/s', met(postRps >= 10000)],
    [`POST, Roadshow server CPU (of ${cpus().length} cores)`, `${median(post.map((w) => w.cores)).toFixed(2)} cores`, '', '', '', ''],
    ['POST, p99 latency', `${ms(median(post.map((w) => w.p99)))}${range(post.map((w) => w.p99), ms)}`, '—', '', '', ''],
    ['POST, non-2xx answers (socket errors)', `${bad}${bad ? ` (${[...new Set(post.map((w) => w.statuses))].join('; ')})` : ''} (${post.reduce((a, w) => a + w.socketErrors, 0)})`, '—', '', '0', met(bad === 0)],
    ['POST, rows in the database (2xx answers; in flight at wrk\'s stop)', post.map((w) => `${w.rows.toLocaleString('en-US')} (${w.ok.toLocaleString('en-US')}; ${w.unanswered})`).join(', ') + `; 2xx rows missing: ${post.reduce((a, w) => a + w.missing, 0)}` + (isPg ? '' : `; integrity_check ${check}`), '—', '', 'every 2xx row present', met(rowsOk)],
    ['memory, idle on the demo (VmRSS)', mb(idle.rss), '—', '', '≤ 20 MB', met(idle.rss <= 20 * 1024)],
    ['memory, peak under the loads (VmHWM)', `${mb(peak)} (after the GETs ${mb(afterGet.hwm)})${hwmReset ? `; before them: start-up ${mb(started.hwm)}, with the one log-in ${mb(idle.hwm)}` : ' (includes start-up)'}`, '—', '', '≤ 100 MB', met(peak <= 100 * 1024)],
  ];
  for (const [f, r, n, q, t, m] of meas) lines.push(row(f, backend, r, n, q, t, m));
  const other = isPg ? 'SQLite' : 'PostgreSQL';
  const note = isPg ? 'not measured in this run (run without --db)' : 'not yet measured';
  for (const [f, , , , t] of meas) if (t && t !== 'context') pgRows.push(row(f, other, note, '—', '—', t, '—'));
  lines.push(...pgRows);
  if (sockets) lines.push('', `Socket errors: ${[...get.rs, ...post].map((w) => w.socketDetail).filter(Boolean).join('; ')}.`);
  console.log(lines.join('\n'));
}

main().then(
  () => process.exit(0),
  async (e) => {
    log(`failed: ${e.stack || e}`);
    await stopAll();
    process.exit(1);
  },
);
