// authz.test.mjs - once accounts exist, each region and company sees and changes only its own:
// through lists, filters, search, direct ids, children, exports and writes. Denials carry no
// data and change nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, startServer } from '../lib/server.mjs';
import { client, ok, assertProblem, dump, parseCsv, bearer as sharedBearer } from './helpers.mjs';

const PASSWORD = 'correct horse battery';
const dir = mkdtempSync(join(tmpdir(), 'roadshow-authz-'));
const db = join(dir, 'authz.db');
let server, api;
const as = {}; // login -> headers with a Bearer token
const org = {}; // name_ko -> id

function exportJson(resource) {
  const r = cli(['export', resource, '--format', 'json', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const bearer = (login) => sharedBearer(api, login, PASSWORD, 'authz test');

const get = (path, who) => api.get(path, { headers: as[who] });

before(async () => {
  assert.equal(cli(['demo', '--no-accounts', '--db', db]).status, 0);
  for (const o of exportJson('organizations')) org[o.name_ko] = o.id;
  const jeonbuk = org['전북특별자치도'], seongnam = org['성남시'];
  assert.ok(jeonbuk && seongnam);
  const vinatech = Object.entries(org).find(([k]) => k.includes('비나텍'))[1];
  const users = [['admin', 'admin'], ['jb.officer', 'organizer', jeonbuk], ['sn.officer', 'organizer', seongnam],
    ['jb.viewer', 'viewer', jeonbuk], ['vinatech', 'company', vinatech]];
  for (const [login, role, o] of users) {
    const args = ['user', 'add', login, '--role', role, '--password-stdin', '--db', db];
    if (o) args.push('--organization', String(o));
    const r = cli(args, { input: `${PASSWORD}\n` });
    assert.equal(r.status, 0, r.stderr);
  }
  org.jeonbuk = jeonbuk;
  org.seongnam = seongnam;
  org.vinatech = vinatech;
  server = await startServer({ db });
  api = client(server.base);
  for (const [login] of users) as[login] = await bearer(login);
});

after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// Every row of the resources an organizer's writes could touch, as the admin sees them.
const snapshot = () => {
  const names = ['organizations', 'pavilions', 'booths', 'delegations', 'itinerary_items', 'agreements'];
  return dump({ get: (p) => api.get(p, { headers: as.admin }) }, names);
};

describe('nobody logged in', () => {
  it('gets 401 with no data from every resource route, and the descriptors still', async () => {
    for (const path of ['/api/v1/delegations', '/api/v1/booths/1', '/api/v1/booths.csv', '/api/v1/audit']) {
      const r = await api.get(path);
      assertProblem(r, 401, 'login_required');
      assert.ok(!r.text.includes('전북'), path);
    }
    assertProblem(await api.post('/api/v1/places', { json: { kind: 'city', name_ko: '몰래', timezone: 'Asia/Seoul' } }), 401, 'login_required');
    ok(await api.get('/api/v1/meta'));
  });
});

describe('an organizer', () => {
  it('lists only its own delegations, pavilions and booths', async () => {
    const d = ok(await get('/api/v1/delegations', 'jb.officer'));
    assert.equal(d.total, 1);
    assert.equal(d.items[0].host_organization_id, org.jeonbuk);
    const p = ok(await get('/api/v1/pavilions', 'jb.officer'));
    assert.deepEqual(p.items.map((x) => x.host_organization_id), [org.jeonbuk]);
    const b = ok(await get('/api/v1/booths?limit=500', 'jb.officer'));
    assert.equal(b.total, 20);
    assert.ok(b.items.every((x) => x.pavilion_id === p.items[0].id));
    const s = ok(await get('/api/v1/delegations', 'sn.officer'));
    assert.equal(s.total, 1);
    assert.equal(s.items[0].host_organization_id, org.seongnam);
  });

  it('finds nothing of another region through filters, search or pages', async () => {
    assert.equal(ok(await get(`/api/v1/delegations?host_organization_id=${org.seongnam}`, 'jb.officer')).total, 0);
    assert.equal(ok(await get(`/api/v1/delegations?q=${encodeURIComponent('피츠버그')}`, 'jb.officer')).total, 0);
    const items = ok(await get('/api/v1/itinerary_items?limit=500', 'jb.officer')).items;
    const mine = ok(await get(`/api/v1/delegations`, 'jb.officer')).items[0].id;
    assert.ok(items.length > 0 && items.every((i) => i.delegation_id === mine));
    const cp = ok(await get('/api/v1/itinerary_counterparts?limit=500', 'jb.officer')).items;
    const itemIds = new Set(items.map((i) => i.id));
    assert.ok(cp.every((c) => itemIds.has(c.item_id)));
  });

  it('gets 404 with no data for another region\'s rows, by id, and changes nothing', async () => {
    const theirs = ok(await get('/api/v1/delegations', 'sn.officer')).items[0];
    const before = await snapshot();
    for (const [m, opts] of [['GET', {}], ['PATCH', { json: { title_ko: '탈취' } }],
      ['PUT', { json: { host_organization_id: org.jeonbuk, title_ko: '탈취' } }], ['DELETE', {}]]) {
      const r = await api.request(m, `/api/v1/delegations/${theirs.id}`,
        { ...opts, headers: { ...as['jb.officer'], 'If-Match': `"${theirs.version}"` } });
      assertProblem(r, 404, 'not_found', [], m);
      assert.ok(!r.text.includes(theirs.title_ko), m);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('sees only its own pavilions among an event\'s children', async () => {
    // CES 2024, where every region has a pavilion (the demo's CES 2023 has 창원's only)
    const ev = ok(await get('/api/v1/events?limit=50', 'jb.officer')).items.find((e) => e.name_en === 'CES 2024');
    const full = ok(await get(`/api/v1/events/${ev.id}`, 'jb.officer'));
    assert.ok(full.pavilions.length >= 1);
    assert.ok(full.pavilions.every((p) => p.host_organization_id === org.jeonbuk));
    const adminView = ok(await get(`/api/v1/events/${ev.id}`, 'admin'));
    assert.ok(adminView.pavilions.length > full.pavilions.length);
  });

  it('exports only its own booths', async () => {
    const r = await get('/api/v1/booths.csv', 'jb.officer');
    assert.equal(r.status, 200);
    const rows = parseCsv(r.text).slice(1).filter((x) => x.length > 1);
    assert.equal(rows.length, 20);
  });

  it('cannot put a row into another region, nor move its own there', async () => {
    const theirPavilion = ok(await get('/api/v1/pavilions', 'sn.officer')).items[0];
    const mine = ok(await get('/api/v1/pavilions', 'jb.officer')).items[0];
    const before = await snapshot();
    assertProblem(await api.post('/api/v1/booths', { json: { pavilion_id: theirPavilion.id, code: 'X-1' }, headers: as['jb.officer'] }), 403, 'forbidden');
    assertProblem(await api.patch(`/api/v1/pavilions/${mine.id}`, {
      json: { host_organization_id: org.seongnam }, headers: { ...as['jb.officer'], 'If-Match': `"${mine.version}"` } }), 403, 'forbidden');
    assert.deepEqual(await snapshot(), before);
    // its own are fine
    const booth = ok(await api.post('/api/v1/booths', { json: { pavilion_id: mine.id, code: 'J-NEW' }, headers: as['jb.officer'] }), 201);
    assert.equal((await api.del(`/api/v1/booths/${booth.id}`, { headers: as['jb.officer'] })).status, 204);
  });

  it('maintains shared reference data', async () => {
    ok(await api.post('/api/v1/places', { json: { kind: 'city', name_ko: '댈러스', timezone: 'America/Chicago' }, headers: as['jb.officer'] }), 201);
  });

  it('reads the audit trail of its own organization and of shared data, never another region\'s', async () => {
    const mine = ok(await get('/api/v1/delegations', 'jb.officer')).items[0];
    const theirs = ok(await get('/api/v1/delegations', 'sn.officer')).items[0];
    ok(await api.patch(`/api/v1/delegations/${theirs.id}`, {
      json: { notes: '성남 내부 메모' }, headers: { ...as['sn.officer'], 'If-Match': `"${theirs.version}"` } }));
    const trail = ok(await get('/api/v1/audit?limit=500', 'jb.officer')).items;
    assert.ok(trail.length > 0);
    assert.ok(!JSON.stringify(trail).includes('성남 내부 메모'));
    const delegs = trail.filter((e) => e.resource === 'delegations');
    assert.ok(delegs.length > 0 && delegs.every((e) => e.row_id === mine.id), 'only its own delegation');
    assert.ok(trail.some((e) => e.resource === 'places'), 'shared reference data is there');
    assert.ok(trail.every((e) => e.resource !== 'users'), 'accounts are the admin\'s');
    const own = ok(await get(`/api/v1/audit?resource=delegations&row_id=${mine.id}`, 'jb.officer')).items;
    assert.ok(own.length >= 1);
    assert.equal(ok(await get(`/api/v1/audit?resource=delegations&row_id=${theirs.id}`, 'jb.officer')).items.length, 0);
    const adminSees = ok(await get(`/api/v1/audit?resource=delegations&row_id=${theirs.id}`, 'admin')).items;
    assert.ok(adminSees.some((e) => JSON.stringify(e.after).includes('성남 내부 메모')));
    assert.ok(ok(await get('/api/v1/audit?resource=users', 'admin')).items.length >= 5);
    assertProblem(await get('/api/v1/audit', 'vinatech'), 403, 'forbidden');
  });
});

describe('idempotency keys', () => {
  it('are each account\'s own: another account\'s same key neither replays nor blocks', async () => {
    const body = { kind: 'city', name_ko: '오스틴', timezone: 'America/Chicago' };
    const headers = (who) => ({ ...as[who], 'Idempotency-Key': 'same-key-1' });
    const first = await api.post('/api/v1/places', { json: body, headers: headers('jb.officer') });
    const mine = ok(first, 201);
    const replay = await api.post('/api/v1/places', { json: body, headers: headers('jb.officer') });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.json.id, mine.id);
    const other = await api.post('/api/v1/places', { json: body, headers: headers('sn.officer') });
    const theirs = ok(other, 201);
    assert.notEqual(theirs.id, mine.id);
    assert.equal(other.headers.get('idempotent-replayed'), null);
    ok(await api.post('/api/v1/places', { json: { ...body, name_ko: '휴스턴' }, headers: headers('admin') }), 201);
  });
});

describe('a viewer', () => {
  it('reads its region and writes nothing', async () => {
    assert.equal(ok(await get('/api/v1/delegations', 'jb.viewer')).total, 1);
    const d = ok(await get('/api/v1/delegations', 'jb.viewer')).items[0];
    assertProblem(await api.patch(`/api/v1/delegations/${d.id}`, { json: { notes: 'x' }, headers: { ...as['jb.viewer'], 'If-Match': `"${d.version}"` } }), 403, 'forbidden');
    assertProblem(await api.post('/api/v1/places', { json: { kind: 'city', name_ko: '보기만', timezone: 'Asia/Seoul' }, headers: as['jb.viewer'] }), 403, 'forbidden');
  });
});

describe('a company member', () => {
  it('reads the show listings, nothing of the regions\' trips, and edits only its own profile', async () => {
    assert.ok(ok(await get('/api/v1/booths?limit=500', 'vinatech')).total >= 20);
    assertProblem(await get('/api/v1/delegations', 'vinatech'), 403, 'forbidden');
    assertProblem(await get('/api/v1/agreements', 'vinatech'), 403, 'forbidden');
    assertProblem(await get('/api/v1/centre_members', 'vinatech'), 403, 'forbidden');
    const self = ok(await get(`/api/v1/organizations/${org.vinatech}`, 'vinatech'));
    ok(await api.patch(`/api/v1/organizations/${org.vinatech}`, { json: { website: 'https://vinatech.example' }, headers: { ...as.vinatech, 'If-Match': `"${self.version}"` } }));
    const other = ok(await get(`/api/v1/organizations/${org.jeonbuk}`, 'vinatech'));
    assertProblem(await api.patch(`/api/v1/organizations/${org.jeonbuk}`, { json: { website: 'https://x.example' }, headers: { ...as.vinatech, 'If-Match': `"${other.version}"` } }), 404, 'not_found');
    assertProblem(await api.post('/api/v1/organizations', { json: { kind: 'company', name_ko: '가짜' }, headers: as.vinatech }), 403, 'forbidden');
  });
});
