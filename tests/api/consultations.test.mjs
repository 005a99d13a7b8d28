// consultations.test.mjs - who keeps the consultation log (issue 6): a company member reads,
// logs and updates the consultations of its own company and their follow-ups, whatever
// region's pavilion they were logged at, and nothing of another company's; it deletes none and
// never marks a follow-up verified (the organizers do); a region's organizer sees its region's
// pavilions' consultations only. Checked on the demo, whose CES 2024 pavilions carry an
// illustrative log.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, ok, assertProblem, bearer, csvObjects } from './helpers.mjs';

const ctx = await withServer({ demo: true, accounts: true }, async ({ server, api }) => {
  const H = {};
  for (const login of ['admin', 'jeonbuk', 'seongnam', 'vinatech']) H[login] = await bearer(api, login, server.passwords[login], 'consultations test');
  return { H };
});
const { api, H } = ctx;
const as = (who) => ({
  get: (p) => api.get(p, { headers: H[who] }),
  post: (p, json, h = {}) => api.post(p, { json, headers: { ...H[who], ...h } }),
  patch: (p, json, version) => api.patch(p, { json, headers: { ...H[who], 'If-Match': `"${version}"` } }),
  del: (p, version) => api.del(p, { headers: { ...H[who], 'If-Match': `"${version}"` } }),
});
const admin = as('admin'), company = as('vinatech'), jeonbuk = as('jeonbuk'), seongnam = as('seongnam');

async function all(who, path) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = ok(await who.get(`${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), 200, `list ${path}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

const orgs = await all(admin, '/api/v1/organizations');
const named = (n) => orgs.find((o) => o.name_ko === n);
const vinatech = named('비나텍'), jb = named('전북특별자치도'), sn = named('성남시');
const other = orgs.find((o) => o.kind === 'company' && o.id !== vinatech.id);
const pavilions = await all(admin, '/api/v1/pavilions');
const pavOf = (org) => pavilions.filter((p) => p.host_organization_id === org.id).map((p) => p.id);
const jbPavilions = pavOf(jb), snPavilions = pavOf(sn);
const everything = await all(admin, '/api/v1/consultations');

describe('a company member and its consultations', () => {
  it('reads exactly those of its own company', async () => {
    const mine = await all(company, '/api/v1/consultations');
    const expected = everything.filter((c) => c.exhibitor_id === vinatech.id).map((c) => c.id).sort((x, y) => x - y);
    assert.ok(expected.length > 0, 'the demo logs consultations of 비나텍');
    assert.deepEqual(mine.map((c) => c.id).sort((x, y) => x - y), expected);
    const csv = await company.get('/api/v1/consultations.csv');
    assert.equal(csv.status, 200);
    assert.deepEqual(csvObjects(csv.text).rows.map((r) => Number(r.id)).sort((x, y) => x - y), expected);
    const foreign = everything.find((c) => c.exhibitor_id !== vinatech.id);
    assertProblem(await company.get(`/api/v1/consultations/${foreign.id}`), 404, 'not_found');
    // the follow-ups: its own consultations' only
    const ups = await all(company, '/api/v1/follow_ups');
    const allUps = await all(admin, '/api/v1/follow_ups');
    const mineIds = new Set(expected);
    assert.deepEqual(ups.map((u) => u.id).sort((x, y) => x - y), allUps.filter((u) => mineIds.has(u.consultation_id)).map((u) => u.id).sort((x, y) => x - y));
  });

  it('logs one for itself at any region\'s pavilion, and none for another company', async () => {
    const body = (exhibitor, pavilion) => ({ pavilion_id: pavilion, exhibitor_id: exhibitor, kind: 'walk_in', consulted_at: '2024-01-10T09:30:00-08:00', buyer_company: 'Mine Test Buyer', amount: 120000, currency: 'USD' });
    const c = ok(await company.post('/api/v1/consultations', body(vinatech.id, snPavilions[0])), 201, 'a consultation of its own at 성남\'s pavilion');
    assert.equal(c.exhibitor_id, vinatech.id);
    const before = (await all(admin, '/api/v1/consultations')).length;
    assertProblem(await company.post('/api/v1/consultations', body(other.id, jbPavilions[0])), 403, 'forbidden');
    assert.equal((await all(admin, '/api/v1/consultations')).length, before, 'nothing was written');
    // update its own; never move it to another company; never delete it
    const up = ok(await company.patch(`/api/v1/consultations/${c.id}`, { stage: 'negotiating', next_step: 'send a quote' }, c.version), 200);
    assert.equal(up.stage, 'negotiating');
    assertProblem(await company.patch(`/api/v1/consultations/${c.id}`, { exhibitor_id: other.id }, up.version), 403, 'forbidden');
    assertProblem(await company.del(`/api/v1/consultations/${c.id}`, up.version), 403, 'forbidden');
    assert.equal(ok(await admin.get(`/api/v1/consultations/${c.id}`)).exhibitor_id, vinatech.id);
    // 성남's organizer sees it (its pavilion), 전북's does not
    assert.equal(ok(await seongnam.get(`/api/v1/consultations/${c.id}`)).id, c.id);
    assertProblem(await jeonbuk.get(`/api/v1/consultations/${c.id}`), 404, 'not_found');
  });

  it('reports follow-ups; only the organizers mark one verified', async () => {
    const c = (await all(company, '/api/v1/consultations'))[0];
    const reported = ok(await company.post('/api/v1/follow_ups', { consultation_id: c.id, stage: 'provisional', date: '2024-03-02', amount: 50000, currency: 'USD' }), 201);
    assert.equal(reported.provenance, 'reported');
    const count = (await all(admin, '/api/v1/follow_ups')).length;
    const r = await company.post('/api/v1/follow_ups', { consultation_id: c.id, stage: 'signed', date: '2024-04-02', amount: 50000, provenance: 'verified', verified_by: 'me' });
    assertProblem(r, 422, 'validation_failed', [['provenance', 'staff_only'], ['verified_by', 'staff_only']]);
    assert.equal((await all(admin, '/api/v1/follow_ups')).length, count, 'nothing was written');
    // the region's organizer verifies it; the company still edits its notes, not the provenance
    const pav = pavilions.find((x) => x.id === c.pavilion_id);
    const organizer = pav.host_organization_id === jb.id ? jeonbuk : pav.host_organization_id === sn.id ? seongnam : admin;
    const v = ok(await organizer.patch(`/api/v1/follow_ups/${reported.id}`, { provenance: 'verified', verified_by: '전북 담당', document: 'PO 2024-031' }, reported.version), 200);
    const n = ok(await company.patch(`/api/v1/follow_ups/${reported.id}`, { notes: 'shipped in May', provenance: 'verified' }, v.version), 200);
    assert.equal(n.provenance, 'verified');
    assert.equal(n.notes, 'shipped in May');
    const back = await company.patch(`/api/v1/follow_ups/${reported.id}`, { provenance: 'reported' }, n.version);
    assertProblem(back, 422, 'validation_failed', [['provenance', 'staff_only']]);
    assert.equal(ok(await admin.get(`/api/v1/follow_ups/${reported.id}`)).provenance, 'verified');
    // a follow-up of another company's consultation: refused
    const foreign = everything.find((x) => x.exhibitor_id !== vinatech.id);
    assertProblem(await company.post('/api/v1/follow_ups', { consultation_id: foreign.id, stage: 'negotiating', date: '2024-02-02' }), 403, 'forbidden');
  });
});

describe('the follow-ups due', () => {
  // worked out here from the lists: open (the latest follow-up's stage, else the consultation's,
  // is neither exported nor dropped), next step on or before the day
  async function expectedDue(who, day) {
    const cs = await all(who, '/api/v1/consultations');
    const ups = await all(admin, '/api/v1/follow_ups');
    const now = (c) => {
      const mine = ups.filter((u) => u.consultation_id === c.id).sort((x, y) => x.date.localeCompare(y.date) || x.id - y.id);
      return mine.length ? mine.at(-1).stage : c.stage;
    };
    return cs.filter((c) => c.next_step_on && c.next_step_on <= day && !['exported', 'dropped'].includes(now(c))).map((c) => c.id).sort((x, y) => x - y);
  }

  it('lists the open consultations whose next step is due, each reader its own', async () => {
    const day = '2025-06-30';
    for (const [who, org] of [[company, vinatech], [jeonbuk, jb], [seongnam, sn]]) {
      const d = ok(await who.get(`/api/v1/consultations/due?as_of=${day}`), 200);
      assert.equal(d.as_of, day);
      const ids = d.items.map((x) => x.id).sort((x, y) => x - y);
      assert.deepEqual(ids, await expectedDue(who, day), org.name_ko);
      for (const x of d.items) assert.equal(x.days_overdue, Math.round((Date.parse(day) - Date.parse(x.next_step_on)) / 864e5));
      // the tallies add up to the list
      assert.equal(d.by_company.reduce((s, g) => s + g.due, 0), d.items.length);
      assert.equal(d.by_organizer.reduce((s, g) => s + g.overdue, 0), d.items.filter((x) => x.days_overdue > 0).length);
    }
    const mine = ok(await company.get(`/api/v1/consultations/due?as_of=${day}`), 200);
    assert.ok(mine.items.every((x) => x.exhibitor_id === vinatech.id), 'a company member: its own only');
    assert.ok(ok(await jeonbuk.get(`/api/v1/consultations/due?as_of=${day}`), 200).by_organizer.every((g) => g.organization_id === jb.id));
  });

  it('refuses a bad day or an unknown parameter, and nobody logged in', async () => {
    assertProblem(await admin.get('/api/v1/consultations/due?as_of=2025-13-01'), 400, 'invalid_parameter', [['as_of', 'invalid_date']]);
    assertProblem(await admin.get('/api/v1/consultations/due?stage=signed'), 400, 'invalid_parameter', [['stage', 'unknown_parameter']]);
    assertProblem(await api.get('/api/v1/consultations/due'), 401, 'login_required');
    assert.match(ok(await admin.get('/api/v1/consultations/due'), 200).as_of, /^\d{4}-\d{2}-\d{2}$/, 'today by default');
  });
});

describe('a business centre\'s status report', () => {
  it('counts its members by mode, its services by kind and month, and its members\' outcome', async () => {
    const centres = await all(admin, '/api/v1/business_centres');
    const ksbc = centres.find((c) => c.operator_id === sn.id);
    const d = ok(await seongnam.get(`/api/v1/business_centres/${ksbc.id}/status`), 200);
    const members = await all(admin, `/api/v1/centre_members?centre_id=${ksbc.id}`);
    const services = await all(admin, `/api/v1/centre_services?centre_id=${ksbc.id}`);
    assert.equal(d.members.total, members.length);
    for (const mode of ['resident', 'online', 'offline']) assert.equal(d.members.by_mode[mode], members.filter((m) => m.mode === mode).length, mode);
    assert.equal(d.services.total, services.length);
    for (const [kind, n] of Object.entries(d.services.by_kind)) assert.equal(n, services.filter((x) => x.kind === kind).length, kind);
    assert.equal(d.services.by_month.reduce((s, m) => s + m.total, 0), services.length);
    assert.deepEqual(d.services.by_month.map((m) => m.month), [...new Set(services.map((x) => x.date.slice(0, 7)))].sort());
    // the outcome: the members' consultations at 성남's pavilions, as 성남's organizer sees them
    const memberIds = new Set(members.map((m) => m.organization_id));
    const theirs = (await all(seongnam, '/api/v1/consultations')).filter((c) => memberIds.has(c.exhibitor_id));
    assert.ok(theirs.length > 0, 'the demo has members exhibiting in 성남관');
    assert.equal(d.outcome.summary.consultations, theirs.length);
    assert.equal(d.outcome.summary.companies, members.length);
    const full = ok(await seongnam.get(`/api/v1/business_centres/${ksbc.id}/outcome`), 200);
    assert.deepEqual(full.total, d.outcome.total);
    assert.equal(full.scope, 'centre');
    // another region's staff does not see it; a company member may not ask
    assertProblem(await jeonbuk.get(`/api/v1/business_centres/${ksbc.id}/status`), 404, 'not_found');
    assertProblem(await company.get(`/api/v1/business_centres/${ksbc.id}/status`), 403, 'forbidden');
    assertProblem(await admin.get(`/api/v1/business_centres/${ksbc.id}/status?year=2024`), 400, 'invalid_parameter');
  });
});

describe('a region\'s organizer and the consultations', () => {
  it('reads its region\'s pavilions\' only', async () => {
    for (const [who, pavs] of [[jeonbuk, jbPavilions], [seongnam, snPavilions]]) {
      const seen = await all(who, '/api/v1/consultations');
      const expected = (await all(admin, '/api/v1/consultations')).filter((c) => pavs.includes(c.pavilion_id));
      assert.ok(expected.length > 0);
      assert.deepEqual(seen.map((c) => c.id).sort((x, y) => x - y), expected.map((c) => c.id).sort((x, y) => x - y));
      // the show's report holds the same: its pavilions there, their consultations
      // a show where other regions have pavilions too (CES 2024; the demo's CES 2023 is 전북's alone)
      const event = pavilions.find((p) => pavs.includes(p.id) && pavilions.some((q) => q.event_id === p.event_id && !pavs.includes(q.id))).event_id;
      const report = ok(await who.get(`/api/v1/events/${event}/outcome`), 200);
      assert.deepEqual(report.by_pavilion.map((g) => g.pavilion_id), pavs.filter((p) => pavilions.find((x) => x.id === p).event_id === event));
      assert.equal(report.summary.consultations, expected.filter((c) => pavilions.find((x) => x.id === c.pavilion_id).event_id === event).length);
      // and the pavilion of another region is hidden
      const foreign = pavilions.find((p) => p.event_id === event && !pavs.includes(p.id));
      assertProblem(await who.get(`/api/v1/pavilions/${foreign.id}/outcome`), 404, 'not_found');
      assertProblem(await who.get(`/api/v1/pavilions/${foreign.id}/outcome/consultations?stage=consulted`), 404, 'not_found');
    }
  });
});
