// outcome_scale.test.mjs - an outcome report over tens of thousands of consultations, which
// the server reads in two halves at once (two connections, two threads) and works out in two
// parts: its figures are those SQL gives from the base tables (the latest follow-up of each
// stage found with a window function over follow_ups, not through the report's own
// consultation_figures), stage by stage, verified apart, by buyer country; and a pavilion
// read through its index (a small share of the table) agrees with SQL too.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, PG } from '../lib/server.mjs';

const BIN = process.env.ROADSHOW_BIN;
const N = 20000; // consultations of the big pavilion; the small one has N / 50
const dir = mkdtempSync(join(tmpdir(), 'roadshow-outcome-scale-'));
const db = join(dir, 'scale.db');
const sql = (q) => execFileSync('sqlite3', ['-json', db, q], { encoding: 'utf8' });
const rows = (q) => JSON.parse(sql(q) || '[]');

// Consultations in USD (a tenth of them in JPY, which has no rate: counted, not summed) and
// follow-ups over the later stages, several per consultation and stage on some, a third
// verified. USD to KRW at 1300: each KRW figure is 13 times the cents.
function populate() {
  execFileSync(BIN, ['migrate', '--db', db], { stdio: 'ignore' });
  const small = N / 50;
  const script = `
BEGIN;
INSERT INTO organizations(id,version,created_at,updated_at,kind,name_ko,illustrative) VALUES (1,1,'x','x','government','규모 도',0);
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k WHERE i<100)
INSERT INTO organizations(id,version,created_at,updated_at,kind,name_ko,illustrative) SELECT 100+i,1,'x','x','company','기업 '||i,0 FROM k;
INSERT INTO events(id,version,created_at,updated_at,name_ko,start_date,end_date) VALUES (1,1,'x','x','규모 전시회','2024-01-09','2024-01-12');
INSERT INTO pavilions(id,version,created_at,updated_at,event_id,host_organization_id,name_ko) VALUES (1,1,'x','x',1,1,'큰 관'),(2,1,'x','x',1,1,'작은 관');
INSERT INTO exchange_rates(version,created_at,updated_at,date,currency,to_currency,rate,source) VALUES (1,'x','x','2024-01-12','USD','KRW','1300','test');
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k WHERE i<${N + small})
INSERT INTO consultations(id,version,created_at,updated_at,pavilion_id,exhibitor_id,kind,consulted_at,buyer_company,buyer_country,category,amount,currency,stage,illustrative)
SELECT i,1,'x','x',CASE WHEN i%51=0 THEN 2 ELSE 1 END,101+(i*37)%100,'walk_in','2024-01-10T18:00:00Z','Buyer '||(i%700),
 CASE WHEN i%13=0 THEN NULL ELSE substr('USJPDEVNCNFR',1+2*(i%6),2) END,'cat '||(i%9),(i*7919)%10000000,CASE WHEN i%10=7 THEN 'JPY' ELSE 'USD' END,'consulted',0 FROM k;
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k WHERE i<${3 * (N + small)})
INSERT INTO follow_ups(id,version,created_at,updated_at,consultation_id,stage,date,amount,currency,provenance)
SELECT i,1,'x','x',1+(i*7)%${N + small},
 CASE i%5 WHEN 0 THEN 'negotiating' WHEN 1 THEN 'provisional' WHEN 2 THEN 'signed' WHEN 3 THEN 'exported' ELSE 'dropped' END,
 '2024-0'||(2+i%3)||'-1'||(i%4),(i*104729)%5000000,'USD',CASE i%3 WHEN 0 THEN 'verified' ELSE 'reported' END FROM k;
COMMIT;`;
  execFileSync('sqlite3', [db], { input: script, stdio: ['pipe', 'ignore', 'inherit'] });
}

// What SQL makes of pavilion p, stage by stage: { stage: {count, usd, verified, unconverted} }.
function expected(p) {
  const out = {};
  const own = rows(`SELECT count(*) AS n, sum(CASE WHEN currency='USD' THEN amount ELSE 0 END) AS usd,
    sum(currency<>'USD') AS unconverted FROM consultations WHERE pavilion_id=${p}`)[0];
  out.consulted = { count: own.n, usd: own.usd, verified: 0, unconverted: own.unconverted };
  for (const r of rows(`WITH latest AS (SELECT f.stage, f.amount, f.provenance, ROW_NUMBER() OVER
      (PARTITION BY f.consultation_id, f.stage ORDER BY f.date DESC, f.id DESC) AS rn
      FROM follow_ups f JOIN consultations c ON c.id=f.consultation_id WHERE c.pavilion_id=${p})
    SELECT stage, count(*) AS n, sum(amount) AS usd, sum(CASE WHEN provenance='verified' THEN amount ELSE 0 END) AS verified
    FROM latest WHERE rn=1 GROUP BY stage`)) {
    out[r.stage] = { count: r.n, usd: r.usd, verified: r.verified, unconverted: 0 };
  }
  return out;
}

function report(p) {
  const r = cli(['outcome', '--db', db, 'pavilion', String(p)]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function assertStages(stages, want) {
  for (const [stage, w] of Object.entries(want)) {
    const cell = stages[stage];
    assert.equal(cell.count, w.count, `${stage} count`);
    assert.equal(cell.amount.USD, w.usd, `${stage} USD`);
    assert.equal(cell.amount.KRW, w.usd * 13, `${stage} KRW`);
    assert.equal(cell.verified.USD, w.verified, `${stage} verified`);
    assert.equal(cell.unconverted, w.unconverted, `${stage} unconverted`);
  }
}

// its rows are written with the sqlite3 shell: SQLite only
describe('an outcome report over tens of thousands of consultations', { skip: PG ? 'SQLite only' : false }, () => {
  before(populate);
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('read in two halves at once, gives the figures SQL gives from the base tables', () => {
    const r = report(1);
    const want = expected(1);
    assert.ok(want.signed.count > 1000, 'follow-ups at every stage');
    assertStages(r.total.stages, want);
    // by buyer country: each group as SQL counts it, the groups adding up to the total
    const byCountry = rows(`SELECT IFNULL(buyer_country, '') AS k, count(*) AS n FROM consultations WHERE pavilion_id=1 GROUP BY 1 ORDER BY 1`);
    assert.deepEqual(r.by_country.map((g) => [g.key ?? '', g.stages.consulted.count]), byCountry.map((x) => [x.k, x.n]));
    for (const stage of Object.keys(want)) {
      assert.equal(r.by_country.reduce((s, g) => s + g.stages[stage].amount.USD, 0), want[stage].usd, stage);
      assert.equal(r.by_company.reduce((s, g) => s + g.stages[stage].count, 0), want[stage].count, stage);
    }
    assert.equal(r.by_company.length, 100);
  });

  it('read through its index for a small share of the table, agrees with SQL too', () => {
    assertStages(report(2).total.stages, expected(2));
  });
});
