// public.test.mjs - the public pages of published delegations: anyone reads them without an
// account, even where everything else needs one; unpublished trips and everything internal
// (notes, people's names and contacts, other trips' rows) never appear there.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { client, ok, assertProblem, bearer as sharedBearer } from './helpers.mjs';

let server, api, admin, trips;
const mutate = {}; // resource -> a row changed for the leak checks

const bearer = (login, password) => sharedBearer(api, login, password, 'public test');

const asAdmin = (m, path, opts = {}) => api.request(m, path, { ...opts, headers: { ...admin, ...(opts.headers || {}) } });

before(async () => {
  server = await startServer({ demo: true, accounts: true });
  api = client(server.base);
  admin = await bearer('admin', server.passwords.admin);
  trips = ok(await asAdmin('GET', '/api/v1/delegations?limit=50')).items;
  assert.equal(trips.length, 3);
});

after(async () => {
  await server?.stop();
});

const byHost = (name) => trips.find((d) => d._refs.host_organization_id.label_ko === name);

describe('the list', () => {
  it('answers anonymous visitors with the published trips only, newest first', async () => {
    assertProblem(await api.get('/api/v1/delegations'), 401, 'login_required');
    const list = ok(await api.get('/api/v1/public/delegations'));
    const published = trips.filter((d) => d.published).map((d) => d.id).sort();
    assert.deepEqual(list.items.map((d) => d.id).sort(), published);
    assert.equal(list.total, published.length);
    assert.ok(!list.items.some((d) => d.id === byHost('창원시').id), 'Changwon is not published');
    const departs = list.items.map((d) => d.depart_date);
    assert.deepEqual(departs, [...departs].sort().reverse());
    assert.deepEqual(Object.keys(list.items[0]).sort(),
      ['depart_date', 'host', 'id', 'return_date', 'status', 'title_en', 'title_ko']);
    assert.equal(list.items.find((d) => d.id === byHost('전북특별자치도').id).host.name_en, 'Jeonbuk State');
  });
});

describe('a published trip', () => {
  let page;
  const jb = () => byHost('전북특별자치도');

  before(async () => {
    page = ok(await api.get(`/api/v1/public/delegations/${jb().id}`));
  });

  it('has its purpose, host, event and dates', () => {
    assert.equal(page.title_ko, jb().title_ko);
    assert.equal(page.purpose, jb().purpose);
    assert.equal(page.depart_date, '2024-01-08');
    assert.equal(page.return_date, '2024-01-14');
    assert.equal(page.host.name_ko, '전북특별자치도');
    assert.match(page.event.name_en, /CES 2024/);
    assert.deepEqual(page.budget, { amount: 58000000, currency: 'KRW' });
    assert.equal(page.trip.label, '5박7일', 'the length worked out from the itinerary');
  });

  it('lists members by title and role, head first, never by name, email or phone', async () => {
    const full = ok(await asAdmin('GET', `/api/v1/delegations/${jb().id}`));
    assert.equal(page.members.length, full.members.length);
    assert.equal(page.members[0].role, 'head');
    assert.ok(page.members.every((m) => !('name_ko' in m) && !('person_id' in m)));
    const text = JSON.stringify(page);
    for (const m of full.members) {
      const person = ok(await asAdmin('GET', `/api/v1/people/${m.person_id}`));
      assert.ok(!text.includes(person.name_ko), `${person.name_ko} on the public page`);
      if (person.email) assert.ok(!text.includes(person.email));
      if (person.phone) assert.ok(!text.includes(person.phone));
    }
    assert.ok(!text.includes('김관영'));
  });

  it('has every itinerary item in time order with the zone it happens in', async () => {
    const full = ok(await asAdmin('GET', `/api/v1/delegations/${jb().id}`));
    assert.equal(page.items.length, full.items.length);
    const starts = page.items.map((i) => i.starts_at);
    assert.deepEqual(starts, [...starts].sort());
    const vegas = page.items.find((i) => i.timezone === 'America/Los_Angeles' && i.kind !== 'flight');
    assert.ok(vegas, 'a Las Vegas item');
    assert.ok(page.items.every((i) => typeof i.timezone === 'string' && i.timezone.includes('/')));
    const flight = page.items.find((i) => i.kind === 'flight');
    assert.ok(flight.place && flight.to_place && flight.end_timezone);
  });

  it('shows no notes and nothing of other trips', async () => {
    const text = JSON.stringify(page);
    const full = ok(await asAdmin('GET', `/api/v1/delegations/${jb().id}`));
    assert.ok(!('notes' in page));
    for (const it of full.items) if (it.notes) assert.ok(!text.includes(it.notes), 'an item note leaked');
    const cw = ok(await asAdmin('GET', `/api/v1/delegations/${byHost('창원시').id}`));
    const own = new Set(full.items.map((i) => i.title_ko));
    const theirs = cw.items.filter((i) => !own.has(i.title_ko)); // a shared flight may read the same
    assert.ok(theirs.length > 0);
    for (const it of theirs) assert.ok(!text.includes(it.title_ko), `a Changwon item leaked: ${it.title_ko}`);
  });

  it('has its outcome once the trip is over: the summary and the agreements signed', () => {
    assert.equal(jb().status, 'completed');
    assert.ok(page.outcome);
    assert.match(page.outcome.summary_ko, /전북관/);
    assert.equal(page.outcome.agreements_signed,
      page.agreements.filter((a) => !['planned', 'lapsed'].includes(a.status)).length);
  });

  it('has the show\'s figures from the same data as the host\'s outcome report, and no rates', async () => {
    const show = page.outcome.show;
    assert.ok(show, 'the trip went to CES 2024, where 전북 had its pavilion');
    const pavs = ok(await asAdmin('GET', `/api/v1/pavilions?event_id=${jb().event_id}&host_organization_id=${jb().host_organization_id}`)).items;
    assert.deepEqual(show.pavilions, pavs.map((p) => p.id));
    const report = ok(await asAdmin('GET', `/api/v1/pavilions/${pavs[0].id}/outcome`));
    assert.deepEqual(show.summary, report.summary);
    assert.deepEqual(show.total, report.total.stages);
    assert.equal(show.rates, undefined);
    assert.ok(show.summary.consultations > 0);
  });

  it('shows the budget once one is set, in minor units with its currency', async () => {
    const d = ok(await asAdmin('GET', `/api/v1/delegations/${jb().id}`));
    ok(await asAdmin('PATCH', `/api/v1/delegations/${d.id}`, {
      json: { budget: 9876500, budget_currency: 'USD', status: 'approved' }, headers: { 'If-Match': `"${d.version}"` } }));
    const now = ok(await api.get(`/api/v1/public/delegations/${d.id}`));
    assert.deepEqual(now.budget, { amount: 9876500, currency: 'USD' });
    assert.equal(now.outcome !== null, now.return_date < new Date().toISOString().slice(0, 10));
  });
});

describe('what is not published', () => {
  it('is 404 with no data, for everyone, and leaves the database as it was', async () => {
    const cw = byHost('창원시');
    for (const headers of [{}, admin]) {
      const r = await api.get(`/api/v1/public/delegations/${cw.id}`, { headers });
      assertProblem(r, 404, 'not_found');
      assert.ok(!r.text.includes(cw.title_ko));
      assert.ok(!r.text.includes('창원'));
    }
    for (const id of ['999999', '0', 'abc', '-1']) {
      assertProblem(await api.get(`/api/v1/public/delegations/${id}`), 404, 'not_found', [], id);
    }
  });

  it('disappears from the public pages as soon as it is unpublished', async () => {
    const sn = byHost('성남시');
    ok(await api.get(`/api/v1/public/delegations/${sn.id}`));
    const d = ok(await asAdmin('GET', `/api/v1/delegations/${sn.id}`));
    ok(await asAdmin('PATCH', `/api/v1/delegations/${sn.id}`, { json: { published: false }, headers: { 'If-Match': `"${d.version}"` } }));
    assertProblem(await api.get(`/api/v1/public/delegations/${sn.id}`), 404, 'not_found');
    assert.ok(!ok(await api.get('/api/v1/public/delegations')).items.some((x) => x.id === sn.id));
    mutate.seongnam = sn.id;
  });

  it('writes are refused on the public paths', async () => {
    const r = await api.post('/api/v1/public/delegations', { json: { title_ko: 'x' } });
    assertProblem(r, 405, 'method_not_allowed');
    assertProblem(await api.del(`/api/v1/public/delegations/${byHost('전북특별자치도').id}`), 405, 'method_not_allowed');
  });
});
