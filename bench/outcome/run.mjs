#!/usr/bin/env node
// run.mjs - the outcome report at scale (issue 6): a pavilion with N consultations and 3N
// follow-ups (by default 1,000,000 and 3,000,000), written straight into a migrated database
// with the sqlite3 shell, then `roadshow outcome pavilion 1` (the report, as JSON) and, on a
// second database of 100,000 consultations, `roadshow outcome --format xlsx` (the workbook with
// every consultation). Each is timed (wall, median of --runs) with its peak memory (GNU time),
// against a reference measured in the same run on the same rows: the sqlite3 shell summing
// the same columns the report reads (consultation_figures: where each consultation stands at
// every stage, kept by the database's triggers as the rows are written), and dumping the
// 100,000 consultations as CSV. `make bench` runs it; results go to docs/benchmarks.md.
//
//   node bench/outcome/run.mjs [--bin PATH] [--consultations N] [--xlsx-consultations N]
//        [--runs N] [--keep DIR]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const bin = resolve(opt('bin', process.env.ROADSHOW_BIN || 'build/roadshow'));
const N = Number(opt('consultations', 1000000));
const NX = Number(opt('xlsx-consultations', 100000));
const runs = Number(opt('runs', 3));
const keep = opt('keep', null);
const dir = keep ?? mkdtempSync(join(tmpdir(), 'roadshow-outcome-bench-'));

// The rows: 1,000 exhibitors, 10 buyer countries, 40 categories, amounts in USD, JPY and EUR;
// follow-ups spread over the stages, a third of them verified. Rates of the show's last day.
function populate(db, n) {
  execFileSync(bin, ['migrate', '--db', db], { stdio: 'ignore' });
  const sql = `
PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;
BEGIN;
INSERT INTO organizations(id,version,created_at,updated_at,kind,name_ko,illustrative) VALUES (1,1,'2024-01-01T00:00:00Z','2024-01-01T00:00:00Z','government','벤치 도',0);
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k WHERE i<1000)
INSERT INTO organizations(id,version,created_at,updated_at,kind,name_ko,illustrative) SELECT 100+i,1,'2024-01-01T00:00:00Z','2024-01-01T00:00:00Z','company','기업 '||i,0 FROM k;
INSERT INTO events(id,version,created_at,updated_at,name_ko,start_date,end_date,series) VALUES (1,1,'2024-01-01T00:00:00Z','2024-01-01T00:00:00Z','Bench show','2024-01-09','2024-01-12','BENCH');
INSERT INTO pavilions(id,version,created_at,updated_at,event_id,host_organization_id,name_ko) VALUES (1,1,'2024-01-01T00:00:00Z','2024-01-01T00:00:00Z',1,1,'벤치관');
INSERT INTO exchange_rates(version,created_at,updated_at,date,currency,to_currency,rate,source) VALUES
 (1,'x','x','2024-01-12','USD','KRW','1316.50','bench'),(1,'x','x','2024-01-12','KRW','USD','0.000760','bench'),
 (1,'x','x','2024-01-12','EUR','USD','1.0950','bench'),(1,'x','x','2024-01-12','EUR','KRW','1441.57','bench'),
 (1,'x','x','2024-01-12','JPY','USD','0.006892','bench'),(1,'x','x','2024-01-12','JPY','KRW','9.0730','bench');
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k WHERE i<${n})
INSERT INTO consultations(id,version,created_at,updated_at,pavilion_id,exhibitor_id,kind,consulted_at,buyer_company,buyer_country,category,amount,currency,stage,illustrative)
SELECT i,1,'2024-01-10T00:00:00Z','2024-01-10T00:00:00Z',1,101+(i*7919)%1000,'walk_in','2024-01-10T18:00:00Z','Buyer '||(i%5000),
 substr('USJPDEVNCNFRGBCAMXBR',1+2*(i%10),2),'cat '||(i%40),(i*104729)%100000000,CASE i%5 WHEN 3 THEN 'JPY' WHEN 4 THEN 'EUR' ELSE 'USD' END,'consulted',0 FROM k;
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k WHERE i<${3 * n})
INSERT INTO follow_ups(id,version,created_at,updated_at,consultation_id,stage,date,amount,currency,provenance)
SELECT i,1,'2024-02-01T00:00:00Z','2024-02-01T00:00:00Z',1+(i*7)%${n},
 CASE i%6 WHEN 0 THEN 'negotiating' WHEN 1 THEN 'provisional' WHEN 2 THEN 'signed' WHEN 3 THEN 'exported' WHEN 4 THEN 'dropped' ELSE 'negotiating' END,
 '2024-0'||(2+i%7)||'-1'||(i%9),(i*7919)%50000000,'USD',CASE i%3 WHEN 0 THEN 'verified' ELSE 'reported' END FROM k;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);`;
  execFileSync('sqlite3', [db], { input: sql, stdio: ['pipe', 'ignore', 'inherit'] });
}

// Wall seconds and peak resident kilobytes of a command, its output to a file.
function timed(cmd, argv, out) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', join(dir, 'time.txt'), 'sh', '-c', `"$0" "$@" > "${out}"`, cmd, ...argv]);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}: ${r.stderr}`);
  const [s, kb] = execFileSync('cat', [join(dir, 'time.txt')]).toString().trim().split(/\s+/).map(Number);
  return { s, mb: kb / 1024 };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function measure(cmd, argv, out) {
  const all = Array.from({ length: runs }, () => timed(cmd, argv, out));
  return { s: median(all.map((x) => x.s)), mb: Math.max(...all.map((x) => x.mb)) };
}

const big = join(dir, 'report.db');
const small = join(dir, 'xlsx.db');
try {
  console.error(`populating ${N} consultations and ${3 * N} follow-ups ...`);
  populate(big, N);
  console.error(`populating ${NX} consultations for the workbook ...`);
  populate(small, NX);

  // what the report reads: one row per consultation with where it stands at every stage
  // (consultation_figures, kept by the database's triggers)
  const reference = `SELECT count(*), sum(exhibitor_id), sum(length(buyer_country)), sum(length(category)), sum(amount), sum(length(currency)),
 sum(length(at_consulted)), sum(length(at_negotiating)), sum(length(at_provisional)), sum(length(at_signed)), sum(length(at_exported)), sum(length(at_dropped))
 FROM consultation_figures WHERE pavilion_id = 1;`;
  const ref = measure('sqlite3', [big, reference], join(dir, 'ref.txt'));
  const rep = measure(bin, ['outcome', '--db', big, 'pavilion', '1'], join(dir, 'report.json'));
  const xref = measure('sqlite3', ['-csv', small, 'SELECT * FROM consultations'], join(dir, 'ref.csv'));
  const xl = measure(bin, ['outcome', '--db', small, '--format', 'xlsx', 'pavilion', '1'], join(dir, 'report.xlsx'));
  const size = statSync(join(dir, 'report.xlsx')).size;

  const f = (x, d = 2) => x.toFixed(d);
  console.log(`| measure | Roadshow | reference (same run) | ratio | target |`);
  console.log(`|---|---|---|---|---|`);
  console.log(`| outcome report, ${N.toLocaleString('en')} consultations + ${(3 * N).toLocaleString('en')} follow-ups | ${f(rep.s)} s, ${f(rep.mb, 0)} MB | sqlite3 scanning the same rows and columns: ${f(ref.s)} s | ${f(rep.s / ref.s)} | ≤ 1 s |`);
  console.log(`| XLSX of ${NX.toLocaleString('en')} consultations (${(size / 1048576).toFixed(1)} MB file) | ${f(xl.s)} s, ${f(xl.mb, 0)} MB peak | sqlite3 -csv of the same rows: ${f(xref.s)} s | ${f(xl.s / xref.s)} | ≤ 5 s, ≤ 100 MB |`);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
