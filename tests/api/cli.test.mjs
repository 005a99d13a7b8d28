// cli.test.mjs - the roadshow command line: usage and exit codes, the loopback-only
// serve, version and help, and import/export (round trips through CSV and JSON, Hangul
// included; a bad file changes nothing and names its line).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, cli, startServer } from '../lib/server.mjs';
import { ROOT, client, ok, getMeta, Fixtures, csvObjects } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'roadshow-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
// Every command runs in the scratch folder, with its default database there too, so that
// a command that wrongly opens its default database cannot touch the repository.
const run = (args, opts = {}) => cli(args, { cwd: dir, timeout: 10000,
  env: { ...process.env, ROADSHOW_DB: join(dir, 'default.db') }, ...opts });

const COMMANDS = [...readFileSync(`${ROOT}src/cli/commands.c`, 'utf8')
  .matchAll(/\{\s*"(\w+)",\s*cmd_\w+,/g)].map((m) => m[1]);

describe('usage and exit codes', () => {
  it('roadshow with no arguments exits 2 with the usage on stderr', () => {
    const r = run([]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /usage: roadshow/);
    assert.equal(r.stdout, '');
  });

  it('an unknown command exits 2 with the usage on stderr', () => {
    const r = run(['frobnicate']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /frobnicate/);
    assert.match(r.stderr, /usage: roadshow/, `stderr: ${r.stderr}`);
    assert.equal(r.stdout, '');
  });

  it('a bad flag or a missing argument exits 2 with the command usage on stderr', () => {
    for (const args of [['serve', '--bogus'], ['export', '--bogus', 'organizations'], ['import', 'organizations'],
      ['export'], ['version', '--x'], ['migrate', 'extra'], ['serve', '--listen'], ['version', '--help=1']]) {
      const r = run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.status} ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`usage: roadshow ${args[0]}`), args.join(' '));
    }
  });

  it('import and export of an unknown resource exit 2 and list the resources', () => {
    for (const args of [['export', 'nope', '--db', join(dir, 'x.db')], ['import', 'nope', join(dir, 'none.csv')]]) {
      const r = run(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /'nope' is not a resource/);
      assert.match(r.stderr, /organizations/);
    }
  });

  it('import of a file that does not exist fails (non-zero) and says so', () => {
    const r = run(['import', 'organizations', join(dir, 'missing.csv'), '--db', join(dir, 'm.db')]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /missing\.csv/);
  });
});

describe('serve', () => {
  it('refuses a non-loopback --listen (0.0.0.0:0 and others) with exit 2 while no account exists', () => {
    for (const addr of ['0.0.0.0:0', '192.168.1.10:0', '10.0.0.1:8080', '8.8.8.8:80', ':0']) {
      const r = run(['serve', '--listen', addr, '--db', join(dir, 'serve.db')], { timeout: 5000 });
      assert.equal(r.status, 2, `--listen ${addr}: status ${r.status} ${r.stderr}`);
      assert.match(r.stderr, /loopback|refus/, addr);
    }
  });

  it('listens beyond loopback once an account exists, and there needs a login', async () => {
    const db = join(dir, 'open.db');
    assert.equal(run(['demo', '--no-accounts', '--db', db]).status, 0);
    const add = run(['user', 'add', 'root', '--role', 'admin', '--password-stdin', '--db', db], { input: 'a long enough password\n' });
    assert.equal(add.status, 0, add.stderr);
    const child = spawn(BIN, ['serve', '--listen', '0.0.0.0:0', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const port = await new Promise((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error('serve did not start')), 10000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = out.match(/serving http:\/\/0\.0\.0\.0:(\d+)\//);
          if (m) { clearTimeout(timer); resolve(m[1]); }
        });
        child.on('exit', (c) => { clearTimeout(timer); reject(new Error(`serve exited ${c}`)); });
      });
      const api = client(`http://127.0.0.1:${port}`);
      assert.equal((await api.get('/healthz')).status, 200);
      assert.equal((await api.get('/api/v1/delegations')).status, 401);
      assert.equal((await api.get('/api/v1/public/delegations')).status, 200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses a --listen that is not ADDR:PORT with exit 2', () => {
    for (const addr of ['nonsense', '127.0.0.1', '127.0.0.1:99999', '127.0.0.1:', '127.0.0.1:80x']) {
      const r = run(['serve', '--listen', addr, '--db', join(dir, 'serve.db')], { timeout: 5000 });
      assert.equal(r.status, 2, `--listen ${addr}: status ${r.status} ${r.stderr}`);
    }
  });
});

describe('version and help', () => {
  it('roadshow version (and --version) prints the version and exits 0', () => {
    const a = run(['version']);
    assert.equal(a.status, 0);
    assert.match(a.stdout, /^roadshow \d+\.\d+\.\d+/);
    const b = run(['--version']);
    assert.equal(b.status, 0);
    assert.equal(b.stdout, a.stdout);
  });

  it('roadshow help lists every command of the command table and exits 0', () => {
    assert.ok(COMMANDS.length >= 7, COMMANDS.join(' '));
    const r = run(['help']);
    assert.equal(r.status, 0);
    for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${c} `, 'm'), c);
  });

  it('roadshow help import shows the import options on stdout and exits 0', () => {
    const r = run(['help', 'import']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /usage: roadshow import .*RESOURCE FILE/);
    assert.match(r.stdout, /--db PATH/);
    assert.match(r.stdout, /--format FMT/);
    assert.deepEqual(run(['import', '--help']).stdout, r.stdout);
  });

  it('every command answers help COMMAND with its usage', () => {
    for (const c of COMMANDS) {
      const r = run(['help', c]);
      assert.equal(r.status, 0, c);
      assert.match(r.stdout, new RegExp(`usage: roadshow ${c}`), c);
    }
    const bad = run(['help', 'nope']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /nope/);
  });

  it('migrate brings a new database to the current schema and exits 0', () => {
    const db = join(dir, 'migrate.db');
    const r = run(['migrate', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /schema version [1-9]\d*/);
    const again = run(['migrate', '--db', db]);
    assert.equal(again.stdout, r.stdout);
  });
});

// Parsed CSV rows without the columns an import does not carry over.
function content(csvText) {
  const { header, rows } = csvObjects(csvText);
  const keep = header.filter((h) => !['version', 'created_at', 'updated_at'].includes(h));
  return { header, rows: rows.map((r) => Object.fromEntries(keep.map((h) => [h, r[h]]))) };
}

describe('export and import round trips', () => {
  let server;
  let meta;
  let fx;
  let api;
  before(async () => {
    server = await startServer();
    api = client(server.base);
    meta = await getMeta(api);
    fx = new Fixtures(api, meta);
    for (const e of meta.entities) {
      await fx.create(e.name, { full: true, rich: true });
      await fx.create(e.name, { full: false });
    }
    await api.post('/api/v1/organizations', { json: { kind: 'government', name_ko: '전북특별자치도',
      name_en: 'Jeonbuk State 🐯', city: '전주시', notes: '도지사 김관영\n"공동관" 20개사, 8개 도내 기업' } });
  });
  after(() => server?.stop());

  const exportAll = (db, format = 'csv') => Object.fromEntries(meta.entities.map((e) => {
    const r = run(['export', e.name, '--db', db, '--format', format]);
    assert.equal(r.status, 0, `export ${e.name}: ${r.stderr}`);
    return [e.name, r.stdout];
  }));

  it('roadshow export writes the same CSV as GET /api/v1/{resource}.csv', async () => {
    const files = exportAll(server.db);
    for (const e of meta.entities) {
      const r = await api.get(`/api/v1/${e.name}.csv`);
      assert.equal(files[e.name], r.text, e.name);
    }
  });

  it('export CSV, import into a new database, export again: the same rows (Hangul included)',
    () => {
      const a = exportAll(server.db);
      const db = join(dir, 'roundtrip.db');
      for (const e of meta.entities) {
        const file = join(dir, `${e.name}.csv`);
        writeFileSync(file, a[e.name]);
        const r = run(['import', e.name, file, '--db', db]);
        assert.equal(r.status, 0, `import ${e.name}: ${r.stderr}`);
        const n = content(a[e.name]).rows.length;
        assert.match(r.stdout, new RegExp(`${n} ${e.name} imported`));
      }
      const b = exportAll(db);
      for (const e of meta.entities) {
        assert.deepEqual(content(b[e.name]), content(a[e.name]), e.name);
      }
      assert.ok(b.organizations.includes('전북특별자치도') && b.organizations.includes('🐯'));
    });

  it('export JSON, import into a new database, export again: the same rows', () => {
    const a = exportAll(server.db, 'json');
    const db = join(dir, 'roundtrip-json.db');
    for (const e of meta.entities) {
      const file = join(dir, `${e.name}.json`);
      writeFileSync(file, a[e.name]);
      const r = run(['import', e.name, file, '--db', db]);
      assert.equal(r.status, 0, `import ${e.name}: ${r.stderr}`);
    }
    const b = exportAll(db, 'json');
    const strip = (text) => JSON.parse(text).map(({ version, created_at, updated_at, ...rest }) => rest);
    for (const e of meta.entities) assert.deepEqual(strip(b[e.name]), strip(a[e.name]), e.name);
  });

  // Exports the given resources from the server's database, imports them into a new one
  // and answers the rows of the last resource as the new database holds them (JSON).
  function roundTrip(tag, resources) {
    const db = join(dir, `${tag}.db`);
    for (const name of resources) {
      const file = join(dir, `${tag}-${name}.csv`);
      writeFileSync(file, run(['export', name, '--db', server.db]).stdout);
      const r = run(['import', name, file, '--db', db]);
      assert.equal(r.status, 0, r.stderr);
    }
    return JSON.parse(run(['export', resources.at(-1), '--db', db, '--format', 'json']).stdout);
  }

  it('a CSV round trip keeps list items that hold a semicolon or surrounding spaces', async () => {
    const venue = await fx.create('places', { full: false });
    const ev = ok(await api.post('/api/v1/events', { json: { name_ko: '세미콜론 전시', start_date: '2024-01-09',
      end_date: '2024-01-12', venue_id: venue.id, categories: ['AI; robotics', ' padded ', 'food'] } }), 201);
    const back = roundTrip('semicolon', ['places', 'events']).find((x) => x.id === ev.id);
    assert.deepEqual(back.categories, ['AI; robotics', ' padded ', 'food']);
  });

  it('a CSV round trip keeps an empty string apart from a missing value', async () => {
    const org = ok(await api.post('/api/v1/organizations', { json: { kind: 'other', name_ko: '빈 문자열',
      name_en: '', city: null } }), 201);
    assert.equal(org.name_en, '');
    const back = roundTrip('empty', ['organizations']).find((x) => x.id === org.id);
    assert.equal(back.name_en, '');
    assert.equal(back.city, null);
  });
});

describe('import of a bad file', () => {
  const db = join(dir, 'bad-import.db');
  const good = 'id,kind,name_ko,city\n1,company,비나텍,전주시\n2,university,전북대학교,전주시\n';
  before(() => {
    writeFileSync(join(dir, 'good.csv'), good);
    const r = run(['import', 'organizations', join(dir, 'good.csv'), '--db', db]);
    assert.equal(r.status, 0, r.stderr);
  });
  const snapshot = () => run(['export', 'organizations', '--db', db]).stdout;

  const cases = [
    ['an invalid kind on line 3', 'kind,name_ko\ncompany,새기업\nnope,나쁜기업\n', /line 3/, /kind/],
    ['a missing required name on line 4', 'kind,name_ko\ncompany,가\ncompany,나\ncompany,\n', /line 4/, /name_ko/],
    ['an over-long name on line 2', `kind,name_ko\ncompany,${'가'.repeat(201)}\n`, /line 2/, /name_ko/],
    ['an unknown reference on line 3', 'kind,name_ko\ncompany,가\ncompany,나\n', null, null],
    ['a column that is not a field', 'kind,name_ko,bogus\ncompany,가,x\n', /bogus/, null],
    ['a bad country on line 3 after an update of row 1 on line 2',
      'id,kind,name_ko,country\n1,company,바뀐이름,KR\n,company,새기업,kor\n', /line 3/, /country/],
    ['a control character on line 2', 'kind,name_ko\ncompany,"a\u0001b"\n', /line 2/, /name_ko/],
  ];
  cases[3] = ['an unknown reference on line 3', 'name_ko,organization_id\n김,1\n이,999\n', /line 3/,
    /organization_id/, 'people'];

  for (const [what, csv, line, field, resource = 'organizations'] of cases) {
    it(`${what}: non-zero exit, the line in the message, nothing imported`, () => {
      const file = join(dir, 'bad.csv');
      writeFileSync(file, csv);
      const before = snapshot();
      const beforePeople = run(['export', 'people', '--db', db]).stdout;
      const r = run(['import', resource, file, '--db', db]);
      assert.notEqual(r.status, 0, `exit 0: ${r.stdout}`);
      if (line) assert.match(r.stderr, line);
      if (field) assert.match(r.stderr, field);
      assert.equal(snapshot(), before, 'organizations changed');
      assert.equal(run(['export', 'people', '--db', db]).stdout, beforePeople, 'people changed');
    });
  }

  it('the line named is the line in the file, after a quoted cell that spans lines', () => {
    const file = join(dir, 'multiline.csv');
    writeFileSync(file, 'kind,name_ko,notes\ncompany,가,"첫 줄\n둘째 줄\n셋째 줄"\nnope,나,\n');
    const before = snapshot();
    const r = run(['import', 'organizations', file, '--db', db]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /line 5\b/, `the bad row is on line 5: ${r.stderr}`);
    assert.equal(snapshot(), before);
  });

  it('a cell that is not UTF-8 is refused (non-zero exit), not imported as empty', () => {
    const file = join(dir, 'latin1.csv');
    writeFileSync(file, Buffer.concat([Buffer.from('kind,name_ko,city\ncompany,가,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    const before = snapshot();
    const r = run(['import', 'organizations', file, '--db', db]);
    assert.notEqual(r.status, 0, `exit 0: ${r.stdout}`);
    assert.match(r.stderr, /line 2/);
    assert.equal(snapshot(), before);
  });
});
