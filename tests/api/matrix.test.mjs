// matrix.test.mjs - the authorisation matrix: every route of the OpenAPI document (which is
// generated from the route table) × every role × own/other region (and own/other company),
// checked against an expectations table written here, not taken from the server. A route
// that appears in the document without an entry in the table fails, and so does a route
// whose declared x-roadshow-access differs from the table's.
//
// Allowed means a 2xx answer (201 for POST, 204 for DELETE). Denied means 401 (nobody logged
// in), or 403 / 404 as the table says, as application/problem+json carrying none of the
// row's data, with the database left as it was: the newest audit entry is the same before
// and after each denied request (every write is audited in its transaction), and every
// table is the same before and after each route's block of denied requests.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, ok, assertProblem, dump, csvObjects, Fixtures } from './helpers.mjs';

// ---------------------------------------------------------------------------------------
// The policy, stated on its own.

const ROLES = ['anonymous', 'admin', 'organizer', 'viewer', 'company'];
// The demo account playing each role: an organizer and a viewer of 전북특별자치도, a member of
// the company 비나텍.
const LOGIN = { admin: 'admin', organizer: 'jeonbuk', viewer: 'jeonbuk.viewer', company: 'vinatech' };

const A = 'allowed';
const HIDDEN = 'hidden'; // a list or export answers 200, without the row

const everyone = (v) => ({ anonymous: v, admin: v, organizer: v, viewer: v, company: v });
const signedIn = (v) => ({ anonymous: 401, admin: v, organizer: v, viewer: v, company: v });
const adminOnly = { anonymous: 401, admin: A, organizer: 403, viewer: 403, company: 403 };

// Routes that are not resource routes: `METHOD pattern` → the access the route table must
// declare, the scopes run (null: one case per role) and the expectation per role (a value,
// or one per scope).
const ROUTE_POLICY = {
  'GET /healthz': { access: 'public', expect: everyone(A) },
  'GET /readyz': { access: 'public', expect: everyone(A) },
  // administrators, and anyone on this machine: the matrix's clients are all on loopback, so
  // every role may; ops.test.mjs checks a remote client (through a trusted proxy) is refused
  'GET /metrics': { access: 'admin', expect: everyone(A) },
  'GET /api/v1/meta': { access: 'public', expect: everyone(A) },
  'GET /api/v1/openapi.json': { access: 'public', expect: everyone(A) },
  // public, but the credentials decide: wrong ones get 401 invalid_credentials from anyone
  'POST /api/v1/session': { access: 'public', expect: everyone(A) },
  'GET /api/v1/public/delegations': { access: 'public', expect: everyone(A) },
  // own/other: the published trips of 전북 and 성남; unpublished: 창원's, 404 even to the admin
  'GET /api/v1/public/delegations/{id}': {
    access: 'public',
    scopes: ['own', 'other', 'unpublished'],
    expect: everyone({ own: A, other: A, unpublished: 404 }),
  },
  'GET /': { access: 'public', expect: everyone(A) },
  'GET /assets/{path}': { access: 'public', expect: everyone(A) },
  'GET /api/v1/session': { access: 'account', expect: signedIn(A) },
  // with a Bearer token: past authorisation, 400 not_a_session (revoke the token instead)
  'DELETE /api/v1/session': { access: 'account', expect: signedIn(A) },
  // past authorisation with a wrong current password: 422 current_password wrong_password
  'POST /api/v1/session/password': { access: 'account', expect: signedIn(A) },
  'GET /api/v1/tokens': { access: 'account', expect: signedIn(A) },
  'POST /api/v1/tokens': { access: 'account', expect: signedIn(A) },
  // own: a token of the caller's; other: a token of another account (성남's organizer)
  'DELETE /api/v1/tokens/{id}': { access: 'account', scopes: ['own', 'other'], expect: signedIn({ own: A, other: 404 }) },
  'GET /api/v1/audit': { access: 'staff', expect: { anonymous: 401, admin: A, organizer: A, viewer: A, company: 403 } },
  'GET /api/v1/users': { access: 'admin', expect: adminOnly },
  // own/other: an account of 전북 / of 성남
  'POST /api/v1/users': { access: 'admin', scopes: ['own', 'other'], expect: adminOnly },
  'PATCH /api/v1/users/{id}': { access: 'admin', scopes: ['own', 'other'], expect: adminOnly },
  'GET /api/v1/settings': { access: 'staff', expect: { anonymous: 401, admin: A, organizer: A, viewer: A, company: 403 } },
  'PATCH /api/v1/settings': { access: 'admin', expect: adminOnly },
  // any account: each sees the follow-ups due of its own (a region's, a company's)
  'GET /api/v1/consultations/due': { access: 'participant', expect: signedIn(A) },
};
// A delegation's itinerary views: own region's trip (전북) and another's (성남).
const tripView = { anonymous: 401, admin: { own: A, other: A }, organizer: { own: A, other: 404 }, viewer: { own: A, other: 404 }, company: { own: 403, other: 403 } };
for (const view of ['itinerary', 'findings', 'itinerary.ics']) {
  ROUTE_POLICY[`GET /api/v1/delegations/{id}/${view}`] = { access: 'staff', scopes: ['own', 'other'], expect: tripView };
}
// The trip documents (plan and result report, HTML and XLSX) follow the day view's rules.
for (const doc of ['plan.html', 'plan.xlsx', 'report.html', 'report.xlsx']) {
  ROUTE_POLICY[`GET /api/v1/delegations/{id}/${doc}`] = { access: 'staff', scopes: ['own', 'other'], expect: tripView };
}

// Every resource and who owns its rows: owned (a region's, through the owner chain), listing
// (owned, and company members read them: the show listings), shared (reference data, nobody's)
// self (organizations: each owns itself) and about (owned, and the company a row is about keeps
// it: a consultation of its booth and its follow-ups; own is about the member's company, other
// about another).
const RESOURCE_CLASS = {
  organizations: 'self',
  people: 'shared',
  places: 'shared',
  events: 'shared',
  ties: 'shared',
  pavilions: 'listing',
  booths: 'listing',
  delegations: 'owned',
  delegation_members: 'owned',
  itinerary_items: 'owned',
  itinerary_attendees: 'owned',
  itinerary_counterparts: 'owned',
  trip_costs: 'owned',
  trip_institutions: 'owned',
  agreements: 'owned',
  agreement_parties: 'owned',
  business_centres: 'owned',
  centre_members: 'owned',
  b2b_events: 'owned',
  b2b_sessions: 'owned',
  b2b_venues: 'owned',
  b2b_walks: 'owned',
  b2b_participants: 'listing',
  b2b_absences: 'owned',
  b2b_requests: 'owned',
  b2b_meetings: 'owned',
  exchange_rates: 'shared',
  consultations: 'about',
  follow_ups: 'about',
  centre_services: 'owned',
};

const RESOURCE_OPS = {
  list: ['GET', ''],
  create: ['POST', ''],
  csv: ['GET', '.csv'],
  get: ['GET', '/{id}'],
  patch: ['PATCH', '/{id}'],
  put: ['PUT', '/{id}'],
  delete: ['DELETE', '/{id}'],
};

// [own, other] per class, role and operation. own: a row of 전북 (for a company member and
// organizations: its own organization); other: a row of 성남 (for a company member and
// organizations: another company). Shared data has no owner: own/other are two rows.
const all = (v) => ({ list: v, csv: v, get: v, create: v, patch: v, put: v, delete: v });
const reads = (r, w) => ({ list: r, csv: r, get: r, create: w, patch: w, put: w, delete: w });
const ownedOrganizer = { list: [A, HIDDEN], csv: [A, HIDDEN], get: [A, 404], create: [A, 403], patch: [A, 404], put: [A, 404], delete: [A, 404] };
const ownedViewer = { list: [A, HIDDEN], csv: [A, HIDDEN], get: [A, 404], create: [403, 403], patch: [403, 403], put: [403, 403], delete: [403, 403] };
const POLICY = {
  owned: { admin: all([A, A]), organizer: ownedOrganizer, viewer: ownedViewer, company: all([403, 403]) },
  listing: { admin: all([A, A]), organizer: ownedOrganizer, viewer: ownedViewer, company: reads([A, A], [403, 403]) },
  shared: { admin: all([A, A]), organizer: all([A, A]), viewer: reads([A, A], [403, 403]), company: reads([A, A], [403, 403]) },
  about: {
    admin: all([A, A]),
    organizer: ownedOrganizer,
    viewer: ownedViewer,
    company: { ...ownedOrganizer, delete: [403, 403] },
  },
  self: {
    admin: all([A, A]),
    organizer: all([A, A]),
    viewer: reads([A, A], [403, 403]),
    company: { ...reads([A, A], [403, 403]), patch: [A, 404], put: [A, 404] },
  },
};

for (const [res, cls] of Object.entries(RESOURCE_CLASS)) {
  for (const [op, [method, suffix]] of Object.entries(RESOURCE_OPS)) {
    const expect = { anonymous: 401 };
    for (const role of ROLES.slice(1)) {
      const [own, other] = POLICY[cls][role][op];
      expect[role] = { own, other };
    }
    ROUTE_POLICY[`${method} /api/v1/${res}${suffix}`] = { access: 'policy', resource: res, op, scopes: ['own', 'other'], expect };
  }
}

const expectationOf = (pol, role, scope) => {
  const e = pol.expect[role];
  return e !== null && typeof e === 'object' ? e[scope] : e;
};

const PROBLEM_CODE = { 401: 'login_required', 403: 'forbidden', 404: 'not_found' };
const PASSWORD = 'a long enough password';

// ---------------------------------------------------------------------------------------
// Set-up: the demo with its accounts, a Bearer token per role, and rows of our own.

let seq = 0;
const uniq = () => ++seq;

const ctx = await withServer({ demo: true, accounts: true }, async ({ server, api, meta }) => {
  const tokens = {}; // role → { id, token }
  const H = { anonymous: {} }; // role → headers
  async function bearer(login, name = 'matrix') {
    const r = await api.post('/api/v1/session', { json: { login, password: server.passwords[login] } });
    const me = ok(r, 201, `log in ${login}`);
    const cookie = r.headers.get('set-cookie').split(';')[0];
    const t = ok(await api.post('/api/v1/tokens', { json: { name }, headers: { Cookie: cookie, 'X-CSRF-Token': me.csrf_token } }), 201, `token of ${login}`);
    return t;
  }
  for (const role of ROLES.slice(1)) {
    tokens[role] = await bearer(LOGIN[role]);
    H[role] = { Authorization: `Bearer ${tokens[role].token}` };
  }
  // another account's token, for "revoke someone else's token"
  const victim = await bearer('seongnam', 'matrix victim');
  const as = (role) => {
    const call = (method) => (path, opts = {}) =>
      api.request(method, path, { ...opts, headers: { ...H[role], ...(opts.headers || {}) } });
    return { get: call('GET'), post: call('POST'), patch: call('PATCH'), put: call('PUT'), del: call('DELETE'), request: (m, p, o = {}) => call(m)(p, o) };
  };
  const admin = as('admin');
  const afx = new Fixtures(admin, meta); // fixtures written as the admin

  async function listAll(who, res) {
    const items = [];
    let cursor = null;
    do {
      const r = await who.get(`/api/v1/${res}?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const page = ok(r, 200, `list ${res}`);
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    return items;
  }

  const orgs = await listAll(admin, 'organizations');
  const orgNamed = (name) => {
    const o = orgs.find((x) => x.name_ko === name);
    assert.ok(o, `no organization ${name} in the demo`);
    return o;
  };
  const jeonbuk = orgNamed('전북특별자치도');
  const seongnam = orgNamed('성남시');
  const changwon = orgNamed('창원시');
  const vinatech = orgNamed('비나텍');
  const region = { own: jeonbuk.id, other: seongnam.id };
  // the company a row about a company is about: the member's own, and another demo company
  const aboutCompany = { own: vinatech.id, other: orgs.find((o) => o.kind === 'company' && o.id !== vinatech.id).id };

  const delegations = await listAll(admin, 'delegations');
  const tripOf = (o) => {
    const d = delegations.filter((x) => x.host_organization_id === o.id);
    assert.equal(d.length, 1, `one demo delegation of ${o.name_ko}`);
    return d[0];
  };
  const trips = { own: tripOf(jeonbuk), other: tripOf(seongnam), unpublished: tripOf(changwon) };
  assert.ok(trips.own.published && trips.other.published && !trips.unpublished.published, 'the demo publishes 전북\'s and 성남\'s trips, not 창원\'s');

  // The rows' strings that a denial must not carry.
  const leakStrings = (row) =>
    ['name_ko', 'name_en', 'title_ko', 'title_en', 'code', 'notes', 'login', 'name']
      .map((k) => row[k])
      .filter((v) => typeof v === 'string' && v.length >= 4);

  // A valid body for res whose required text fields and notes are unique markers.
  async function markedBody(res, overrides = {}) {
    const e = afx.entity(res);
    const n = uniq();
    const body = await afx.body(res, { full: false, overrides });
    for (const f of e.fields) {
      if (f.type === 'text' && (f.required || f.name === 'notes') && !(f.name in overrides)) {
        body[f.name] = `mx${n}-${f.name}`.slice(0, f.max ?? 100);
      }
    }
    return body;
  }

  const ownerRef = (res) => {
    const e = afx.entity(res);
    if (!e.owner || e.owner === 'id') return null;
    const f = e.fields.find((x) => x.name === e.owner);
    return { field: f.name, entity: f.ref };
  };

  // own/other rows of every resource, created by the admin, in the right region
  const targets = {};
  async function target(res, scope) {
    targets[res] ??= {};
    if (targets[res][scope]) return targets[res][scope];
    let row;
    if (RESOURCE_CLASS[res] === 'self') {
      row = scope === 'own' ? jeonbuk : seongnam;
    } else {
      row = ok(await admin.post(`/api/v1/${res}`, { json: await createBody(res, scope) }), 201, `create ${res} ${scope}`);
    }
    targets[res][scope] = { row, leaks: leakStrings(row) };
    return targets[res][scope];
  }
  // a body for a new row of res in scope's region (its owner reference points there)
  async function createBody(res, scope) {
    const overrides = {};
    const o = ownerRef(res);
    if (o) overrides[o.field] = o.entity === 'organizations' ? region[scope] : (await target(o.entity, scope)).row.id;
    const about = afx.entity(res).company;
    if (about && afx.entity(res).fields.find((f) => f.name === about).ref === 'organizations') overrides[about] = aboutCompany[scope];
    if (res === 'organizations') overrides.kind = 'company';
    // an attendee is a member of the item's delegation: a new one each time (they are unique)
    if (res === 'itinerary_attendees') overrides.member_id = ok(await admin.post('/api/v1/delegation_members', { json: await createBody('delegation_members', scope) }), 201, 'a member to attend').id;
    return markedBody(res, overrides);
  }
  for (const res of Object.keys(RESOURCE_CLASS)) for (const scope of ['own', 'other']) await target(res, scope);
  // a company member's own organization and another company
  const otherCompany = ok(await admin.post('/api/v1/organizations', { json: await createBody('organizations', 'other') }), 201);
  const companyTargets = {
    own: { row: vinatech, leaks: leakStrings(vinatech) },
    other: { row: otherCompany, leaks: leakStrings(otherCompany) },
  };

  // throwaway accounts, of 전북 and of 성남, for PATCH /api/v1/users/{id}
  const userBody = (scope) => ({ login: `matrix.u${uniq()}`, name: `mx${uniq()}-account`, role: 'viewer', organization_id: region[scope], password: PASSWORD });
  const users = {};
  for (const scope of ['own', 'other']) users[scope] = ok(await admin.post('/api/v1/users', { json: userBody(scope) }), 201, 'create an account');

  const index = await api.get('/');
  const asset = index.text.match(/\/?(assets\/[^"'\s]+\.css)/);
  assert.ok(asset, 'GET / references a stylesheet under /assets/');

  return { tokens, victim, as, admin, afx, listAll, trips, leakStrings, createBody, targets, companyTargets, users, userBody, assetPath: `/${asset[1]}` };
});

const { api, meta, names, as, admin, afx, listAll, targets, companyTargets } = ctx;
const docResponse = await api.get('/api/v1/openapi.json');
const doc = ok(docResponse, 200, 'GET /api/v1/openapi.json');

// ---------------------------------------------------------------------------------------
// Checks shared by the cases.

const executed = { cases: 0, pairs: new Set() };

async function newestAudit() {
  const r = await admin.get('/api/v1/audit?limit=1');
  const page = ok(r, 200, 'the admin reads the newest audit entry');
  return page.items[0]?.id ?? 0;
}

const snapshot = () => dump(admin, names);

// A denial: the status and its problem code, no row data in the body.
function assertDenied(r, status, leaks, where) {
  const p = assertProblem(r, status, PROBLEM_CODE[status], [], where);
  for (const s of leaks) assert.ok(!r.text.includes(s), `${where}: the ${status} answer carries the row's "${s}": ${r.text.slice(0, 300)}`);
  for (const k of ['items', 'id', 'version', 'token', 'login']) assert.equal(p[k], undefined, `${where}: the ${status} answer has "${k}"`);
}

const bodyOf = (res, row) => {
  const out = {};
  for (const f of afx.entity(res).fields) if (row[f.name] !== null && row[f.name] !== undefined) out[f.name] = row[f.name];
  return out;
};

// ---------------------------------------------------------------------------------------
// How each route is exercised: prepare (before the block's snapshot, for denials), request,
// and the check of an allowed answer.

const targetFor = (res, role, scope) =>
  RESOURCE_CLASS[res] === 'self' && role === 'company' ? companyTargets[scope] : targets[res][scope];

async function currentVersion(res, id) {
  return ok(await admin.get(`/api/v1/${res}/${id}`), 200, `admin reads ${res}/${id}`).version;
}

function resourceCase(pol) {
  const { resource: res, op } = pol;
  const e = afx.entity(res);
  const ownerField = e.owner && e.owner !== 'id' ? e.owner : null;
  return {
    leaks: (role) => [...targetFor(res, role, 'own').leaks, ...targetFor(res, role, 'other').leaks],
    async prepare(role, scope, expected) {
      const t = targetFor(res, role, scope);
      if (op === 'create') return { body: await ctx.createBody(res, scope) };
      if (op === 'delete' && expected === A) {
        // a fresh row to delete (for organizations: one nothing refers to)
        const row = ok(await admin.post(`/api/v1/${res}`, { json: await ctx.createBody(res, scope) }), 201, `fresh ${res}`);
        return { row };
      }
      return { row: t.row };
    },
    async request(role, scope, prep) {
      const who = as(role);
      const path = `/api/v1/${res}`;
      switch (op) {
        case 'list':
          return who.get(`${path}?limit=500`);
        case 'csv':
          return who.get(`${path}.csv`);
        case 'get':
          return who.get(`${path}/${prep.row.id}`);
        case 'create':
          return who.post(path, { json: prep.body });
        case 'patch': {
          const v = await currentVersion(res, prep.row.id);
          prep.notes = `mx-patch by ${role} ${scope} ${v}`;
          return who.patch(`${path}/${prep.row.id}`, { json: { notes: prep.notes }, headers: { 'If-Match': `"${v}"` } });
        }
        case 'put': {
          const cur = ok(await admin.get(`${path}/${prep.row.id}`), 200);
          prep.notes = `mx-put by ${role} ${scope} ${cur.version}`;
          const body = { ...bodyOf(res, cur), notes: prep.notes };
          return who.put(`${path}/${prep.row.id}`, { json: body, headers: { 'If-Match': `"${cur.version}"` } });
        }
        case 'delete': {
          const v = await currentVersion(res, prep.row.id);
          return who.del(`${path}/${prep.row.id}`, { headers: { 'If-Match': `"${v}"` } });
        }
        default:
          throw new Error(op);
      }
    },
    async allowed(r, role, scope, prep, expected, where) {
      const t = targetFor(res, role, scope);
      switch (op) {
        case 'list': {
          const page = ok(r, 200, where);
          assert.ok(Array.isArray(page.items), where);
          const items = page.next_cursor ? await listAll(as(role), res) : page.items;
          const has = items.some((x) => x.id === t.row.id);
          if (expected === HIDDEN) {
            assert.ok(!has, `${where}: the list holds ${res}/${t.row.id}`);
            for (const s of t.leaks) assert.ok(!JSON.stringify(items).includes(s), `${where}: the list carries "${s}"`);
          } else assert.ok(has, `${where}: the list lacks ${res}/${t.row.id}`);
          break;
        }
        case 'csv': {
          assert.equal(r.status, 200, `${where}: ${r.status} ${r.text.slice(0, 300)}`);
          assert.match(r.ct, /^text\/csv/, where);
          const ids = csvObjects(r.text).rows.map((x) => Number(x.id));
          if (expected === HIDDEN) {
            assert.ok(!ids.includes(t.row.id), `${where}: the export holds ${res}/${t.row.id}`);
            for (const s of t.leaks) assert.ok(!r.text.includes(s), `${where}: the export carries "${s}"`);
          } else assert.ok(ids.includes(t.row.id), `${where}: the export lacks ${res}/${t.row.id}`);
          break;
        }
        case 'get':
          assert.equal(ok(r, 200, where).id, t.row.id, where);
          break;
        case 'create': {
          const row = ok(r, 201, where);
          assert.ok(Number.isInteger(row.id), where);
          if (ownerField) assert.equal(row[ownerField], prep.body[ownerField], `${where}: owner reference`);
          break;
        }
        case 'patch':
        case 'put':
          assert.equal(ok(r, 200, where).notes, prep.notes, where);
          break;
        case 'delete':
          assert.equal(r.status, 204, `${where}: ${r.status} ${r.text.slice(0, 300)}`);
          assert.equal((await admin.get(`/api/v1/${res}/${prep.row.id}`)).status, 404, `${where}: the row is still there`);
          break;
        default:
          throw new Error(op);
      }
    },
  };
}

const justGet = (path, check) => ({ request: (role) => as(role).get(path), allowed: check });

const ROUTE_RUN = {
  'GET /api/v1/consultations/due': justGet('/api/v1/consultations/due?as_of=2030-01-01', (r, ...x) => assert.ok(Array.isArray(ok(r, 200, x.at(-1)).items))),
  'GET /healthz': justGet('/healthz', (r, ...x) => assert.deepEqual(ok(r, 200, x.at(-1)), { status: 'ok' })),
  'GET /readyz': justGet('/readyz', (r, ...x) => assert.equal(ok(r, 200, x.at(-1)).status, 'ready')),
  'GET /metrics': justGet('/metrics', (r, ...x) => {
    assert.equal(r.status, 200, x.at(-1));
    assert.match(r.ct, /^text\/plain; version=0\.0\.4/, x.at(-1));
    assert.match(r.text, /^roadshow_http_requests_total\{/m, x.at(-1));
  }),
  'GET /api/v1/meta': justGet('/api/v1/meta', (r, ...x) => assert.ok(ok(r, 200, x.at(-1)).entities.length > 0)),
  'GET /api/v1/openapi.json': justGet('/api/v1/openapi.json', (r, ...x) => assert.ok(ok(r, 200, x.at(-1)).paths['/healthz'])),
  'POST /api/v1/session': {
    // an account that does not exist, one per role, so that no account is locked
    request: (role) => as(role).post('/api/v1/session', { json: { login: `matrix.nobody.${role}`, password: 'not the password' } }),
    allowed(r, role, scope, prep, expected, where) {
      assertProblem(r, 401, 'invalid_credentials', [], where);
      assert.equal(r.headers.get('set-cookie'), null, where);
    },
  },
  'GET /api/v1/public/delegations': justGet('/api/v1/public/delegations', (r, ...x) => {
    const where = x.at(-1);
    const ids = ok(r, 200, where).items.map((d) => d.id);
    assert.ok(ids.includes(ctx.trips.own.id) && ids.includes(ctx.trips.other.id), `${where}: ${ids}`);
    assert.ok(!ids.includes(ctx.trips.unpublished.id), `${where}: lists the unpublished trip`);
    assert.ok(!r.text.includes(ctx.trips.unpublished.title_ko), where);
  }),
  'GET /api/v1/public/delegations/{id}': {
    leaks: () => ctx.leakStrings(ctx.trips.unpublished),
    request: (role, scope) => as(role).get(`/api/v1/public/delegations/${ctx.trips[scope].id}`),
    allowed: (r, role, scope, prep, expected, where) => assert.equal(ok(r, 200, where).id, ctx.trips[scope].id, where),
  },
  'GET /': justGet('/', (r, ...x) => {
    assert.equal(r.status, 200, x.at(-1));
    assert.match(r.ct, /^text\/html/, x.at(-1));
  }),
  'GET /assets/{path}': {
    request: (role) => as(role).get(ctx.assetPath),
    allowed(r, role, scope, prep, expected, where) {
      assert.equal(r.status, 200, where);
      assert.match(r.ct, /^text\/css/, where);
    },
  },
  'GET /api/v1/session': justGet('/api/v1/session', (r, role, ...x) => {
    const me = ok(r, 200, x.at(-1));
    assert.equal(me.login, LOGIN[role], x.at(-1));
    assert.equal(me.role, role, x.at(-1));
  }),
  'DELETE /api/v1/session': {
    request: (role) => as(role).del('/api/v1/session'),
    allowed: (r, role, scope, prep, expected, where) => assertProblem(r, 400, 'not_a_session', [], where),
  },
  'POST /api/v1/session/password': {
    request: (role) => as(role).post('/api/v1/session/password', { json: { current_password: 'not my password at all', new_password: 'another long password' } }),
    allowed: (r, role, scope, prep, expected, where) => assertProblem(r, 422, 'validation_failed', [['current_password', 'wrong_password']], where),
  },
  'GET /api/v1/tokens': justGet('/api/v1/tokens', (r, role, ...x) => {
    const where = x.at(-1);
    const ids = ok(r, 200, where).items.map((t) => t.id);
    assert.ok(ids.includes(ctx.tokens[role].id), `${where}: its own token is missing`);
    assert.ok(!ids.includes(ctx.victim.id), `${where}: lists another account's token`);
    assert.ok(!/rst_/.test(r.text), `${where}: a token secret is shown`);
  }),
  'POST /api/v1/tokens': {
    request: (role) => as(role).post('/api/v1/tokens', { json: { name: 'matrix: created' } }),
    allowed: (r, role, scope, prep, expected, where) => assert.match(ok(r, 201, where).token, /^rst_/, where),
  },
  'DELETE /api/v1/tokens/{id}': {
    leaks: () => [ctx.victim.token],
    async prepare(role, scope) {
      // nobody logged in has no token of its own: it tries the other account's
      if (scope === 'own' && role !== 'anonymous') return ok(await as(role).post('/api/v1/tokens', { json: { name: 'matrix: to revoke' } }), 201);
      return ctx.victim;
    },
    request: (role, scope, prep) => as(role).del(`/api/v1/tokens/${prep.id}`),
    async allowed(r, role, scope, prep, expected, where) {
      assert.equal(r.status, 204, `${where}: ${r.status} ${r.text.slice(0, 300)}`);
      const again = await api.get('/api/v1/session', { headers: { Authorization: `Bearer ${prep.token}` } });
      assert.equal(again.status, 401, `${where}: the revoked token still works`);
    },
    // tokens are not audited: check the other account's token directly
    async unchanged(role, scope, prep, where) {
      const r = await api.get('/api/v1/session', { headers: { Authorization: `Bearer ${prep.token}` } });
      assert.equal(ok(r, 200, `${where}: the token was revoked`).login, 'seongnam', where);
    },
  },
  'GET /api/v1/audit': justGet('/api/v1/audit?limit=5', (r, ...x) => assert.ok(Array.isArray(ok(r, 200, x.at(-1)).items))),
  'GET /api/v1/users': {
    leaks: () => ['jeonbuk.viewer', 'changwon', '(demo)', ctx.users.own.login],
    request: (role) => as(role).get('/api/v1/users'),
    allowed(r, role, scope, prep, expected, where) {
      const logins = ok(r, 200, where).items.map((u) => u.login);
      for (const l of Object.values(LOGIN)) assert.ok(logins.includes(l), `${where}: ${l} missing`);
    },
  },
  'POST /api/v1/users': {
    leaks: () => [ctx.users.own.login, ctx.users.other.login],
    prepare: (role, scope) => ({ body: ctx.userBody(scope) }),
    request: (role, scope, prep) => as(role).post('/api/v1/users', { json: prep.body }),
    async allowed(r, role, scope, prep, expected, where) {
      const u = ok(r, 201, where);
      assert.equal(u.login, prep.body.login, where);
      assert.equal(u.organization_id, prep.body.organization_id, where);
    },
    async unchanged(role, scope, prep, where) {
      const logins = ok(await admin.get('/api/v1/users'), 200).items.map((u) => u.login);
      assert.ok(!logins.includes(prep.body.login), `${where}: the account was created`);
    },
  },
  'PATCH /api/v1/users/{id}': {
    leaks: () => [ctx.users.own.login, ctx.users.other.login],
    request: (role, scope) => as(role).patch(`/api/v1/users/${ctx.users[scope].id}`, { json: { disabled: true } }),
    allowed: (r, role, scope, prep, expected, where) => assert.equal(ok(r, 200, where).disabled, true, where),
    async unchanged(role, scope, prep, where) {
      const u = ok(await admin.get('/api/v1/users'), 200).items.find((x) => x.id === ctx.users[scope].id);
      assert.equal(u.disabled, false, `${where}: the account was disabled`);
    },
  },
};

const tripViewRun = (view, check) => ({
  leaks: (role, scope) => (scope === 'other' ? ctx.leakStrings(ctx.trips.other) : []),
  request: (role, scope) => as(role).get(`/api/v1/delegations/${ctx.trips[scope].id}/${view}`),
  allowed: (r, role, scope, prep, expected, where) => check(r, ctx.trips[scope], where),
});
ROUTE_RUN['GET /api/v1/delegations/{id}/itinerary'] = tripViewRun('itinerary', (r, trip, where) => {
  const v = ok(r, 200, where);
  assert.equal(v.id, trip.id, where);
  assert.ok(v.days.length > 0, `${where}: no days`);
});
ROUTE_RUN['GET /api/v1/delegations/{id}/findings'] = tripViewRun('findings', (r, trip, where) => {
  const v = ok(r, 200, where);
  assert.equal(v.id, trip.id, where);
  assert.ok(Array.isArray(v.findings), where);
});
ROUTE_RUN['GET /api/v1/delegations/{id}/itinerary.ics'] = tripViewRun('itinerary.ics', (r, trip, where) => {
  assert.equal(r.status, 200, `${where}: ${r.status} ${r.text.slice(0, 200)}`);
  assert.match(r.ct, /^text\/calendar/, where);
  assert.match(r.text, /^BEGIN:VCALENDAR/, where);
});
for (const doc of ['plan.html', 'report.html']) {
  ROUTE_RUN[`GET /api/v1/delegations/{id}/${doc}`] = tripViewRun(doc, (r, trip, where) => {
    assert.equal(r.status, 200, `${where}: ${r.status} ${r.text.slice(0, 200)}`);
    assert.match(r.ct, /^text\/html/, where);
    assert.ok(r.text.includes(trip.title_ko), `${where}: the trip's title`);
  });
}
for (const doc of ['plan.xlsx', 'report.xlsx']) {
  ROUTE_RUN[`GET /api/v1/delegations/{id}/${doc}`] = tripViewRun(doc, (r, trip, where) => {
    assert.equal(r.status, 200, `${where}: ${r.status} ${r.text.slice(0, 200)}`);
    assert.equal(r.ct, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', where);
    assert.ok(r.text.startsWith('PK'), `${where}: not a zip container`);
  });
}
ROUTE_RUN['GET /api/v1/settings'] = justGet('/api/v1/settings', (r, ...x) => assert.equal(typeof ok(r, 200, x.at(-1)).values.min_transfer, 'number'));
ROUTE_RUN['PATCH /api/v1/settings'] = {
  prepare: async () => ({ before: ok(await admin.get('/api/v1/settings'), 200).values.min_connection }),
  request: (role) => as(role).patch('/api/v1/settings', { json: { min_connection: 75 } }),
  allowed: (r, role, scope, prep, expected, where) => assert.equal(ok(r, 200, where).values.min_connection, 75, where),
  async unchanged(role, scope, prep, where) {
    assert.equal(ok(await admin.get('/api/v1/settings'), 200).values.min_connection, prep.before, `${where}: the setting changed`);
  },
};

// B2B matchmaking. own: 전북's programme (and, for a company member, 비나텍's own participant
// in it and the requests it is a side of); other: 성남's programme and one of its exhibitors.
let b2bCache;
async function b2b() {
  if (b2bCache) return b2bCache;
  const progs = await listAll(admin, 'b2b_events');
  const prog = (org) => progs.find((p) => p.host_organization_id === org);
  const own = prog(ctx.trips.own.host_organization_id), other = prog(ctx.trips.other.host_organization_id);
  const people = await listAll(admin, 'b2b_participants');
  const mine = people.find((p) => p.b2b_event_id === own.id && p.organization_id === ctx.companyTargets.own.row.id);
  const theirs = people.find((p) => p.b2b_event_id === other.id && p.kind === 'exhibitor');
  const requests = await listAll(admin, 'b2b_requests');
  const buyer = people.find((p) => p.b2b_event_id === own.id && p.kind === 'buyer');
  assert.ok(own && other && mine && theirs && buyer, 'the demo has programmes of 전북 and 성남, 비나텍 in 전북\'s');
  b2bCache = {
    programme: { own, other },
    participant: { own: mine, other: theirs },
    buyer,
    asked: { own: requests.find((r) => r.to_id === mine.id), other: requests.find((r) => r.b2b_event_id === other.id) },
    asking: { own: requests.find((r) => r.from_id === mine.id), other: requests.find((r) => r.b2b_event_id === other.id) },
  };
  assert.ok(b2bCache.asked.own && b2bCache.asking.own, 'the demo has requests to and from 비나텍');
  return b2bCache;
}
const staffOnly = (write) => ({
  anonymous: 401,
  admin: { own: A, other: A },
  organizer: { own: A, other: 404 },
  viewer: write ? { own: 403, other: 403 } : { own: A, other: 404 },
  company: { own: 403, other: 403 },
});
const forParticipant = (write) => ({
  anonymous: 401,
  admin: { own: A, other: A },
  organizer: { own: A, other: 404 },
  viewer: write ? { own: 403, other: 403 } : { own: A, other: 404 },
  company: { own: A, other: 404 },
});
const b2bRoutes = {
  'POST /api/v1/b2b_events/{id}/schedule': ['staff', staffOnly(true), (role, scope, x) => as(role).post(`/api/v1/b2b_events/${x.programme[scope].id}/schedule`, { json: { time_limit: 1 } }),
    (r, where) => assert.equal(ok(r, 200, where).schedule_status, 'preliminary', where)],
  'POST /api/v1/b2b_events/{id}/publish': ['staff', staffOnly(true), (role, scope, x) => as(role).post(`/api/v1/b2b_events/${x.programme[scope].id}/publish`),
    (r, where) => assert.equal(ok(r, 200, where).schedule_status, 'final', where)],
  'GET /api/v1/b2b_events/{id}/grid': ['staff', staffOnly(false), (role, scope, x) => as(role).get(`/api/v1/b2b_events/${x.programme[scope].id}/grid`),
    (r, where, scope, x) => assert.equal(ok(r, 200, where).id, x.programme[scope].id, where)],
  'GET /api/v1/b2b_events/{id}/schedule.csv': ['staff', staffOnly(false), (role, scope, x) => as(role).get(`/api/v1/b2b_events/${x.programme[scope].id}/schedule.csv`),
    (r, where) => { assert.equal(r.status, 200, where); assert.match(r.text, /^"meeting_id"/, where); }],
  'GET /api/v1/b2b_events/{id}/schedule.xlsx': ['staff', staffOnly(false), (role, scope, x) => as(role).get(`/api/v1/b2b_events/${x.programme[scope].id}/schedule.xlsx`),
    (r, where) => { assert.equal(r.status, 200, where); assert.ok(r.text.startsWith('PK'), `${where}: not a zip container`); }],
  // the demo's requests are all answered (or expired): past authorisation, 409 request_closed
  'POST /api/v1/b2b_requests/{id}/accept': ['participant', forParticipant(true), (role, scope, x) => as(role).post(`/api/v1/b2b_requests/${x.asked[scope].id}/accept`),
    (r, where) => assertProblem(r, 409, 'request_closed', [], where)],
  'POST /api/v1/b2b_requests/{id}/decline': ['participant', forParticipant(true), (role, scope, x) => as(role).post(`/api/v1/b2b_requests/${x.asked[scope].id}/decline`),
    (r, where) => assertProblem(r, 409, 'request_closed', [], where)],
  // the first one allowed withdraws the accepted request; the later ones find it closed
  'POST /api/v1/b2b_requests/{id}/cancel': ['participant', forParticipant(true), (role, scope, x) => as(role).post(`/api/v1/b2b_requests/${x.asking[scope].id}/cancel`),
    (r, where) => (r.status === 200 ? assert.equal(r.json.status, 'cancelled', where) : assertProblem(r, 409, 'request_closed', [], where))],
  // the demo's requests closed before the show: past authorisation, 409 requests_closed
  'POST /api/v1/b2b_participants/{id}/requests': ['participant', forParticipant(true), (role, scope, x) => as(role).post(`/api/v1/b2b_participants/${x.participant[scope].id}/requests`, { json: { to_id: x.buyer.id } }),
    (r, where) => assertProblem(r, 409, 'requests_closed', [], where)],
  'GET /api/v1/b2b_participants/{id}/requests': ['participant', forParticipant(false), (role, scope, x) => as(role).get(`/api/v1/b2b_participants/${x.participant[scope].id}/requests`),
    (r, where) => { const v = ok(r, 200, where); assert.ok(Array.isArray(v.sent) && Array.isArray(v.received), where); }],
  'GET /api/v1/b2b_participants/{id}/agenda': ['participant', forParticipant(false), (role, scope, x) => as(role).get(`/api/v1/b2b_participants/${x.participant[scope].id}/agenda`),
    (r, where, scope, x) => assert.equal(ok(r, 200, where).participant.id, x.participant[scope].id, where)],
  'GET /api/v1/b2b_participants/{id}/agenda.ics': ['participant', forParticipant(false), (role, scope, x) => as(role).get(`/api/v1/b2b_participants/${x.participant[scope].id}/agenda.ics`),
    (r, where) => { assert.equal(r.status, 200, where); assert.match(r.text, /^BEGIN:VCALENDAR/, where); }],
};
// Outcome reports: own/other — 전북's and 성남's pavilions; a company's report is the reader's
// regions' consultations of that company (VINATech / another company), staff only; an event is
// shared reference data, so every staff reader gets its report, with the reader's regions'
// pavilions only (own: the demo's show; other: a show of the admin's). The consultations
// behind a number follow the report they drill into.
const pavilionOf = async (scope) => (await listAll(admin, 'pavilions')).find((p) => p.host_organization_id === ctx.trips[scope].host_organization_id);
const staffReads = { anonymous: 401, admin: { own: A, other: A }, organizer: { own: A, other: A }, viewer: { own: A, other: A }, company: { own: 403, other: 403 } };
const reports = {
  pavilions: [staffOnly(false), async (scope) => (await pavilionOf(scope)).id, 'pavilion'],
  organizations: [staffReads, async (scope) => ctx.companyTargets[scope].row.id, 'company'],
  events: [staffReads, async (scope) => (scope === 'own' ? ctx.trips.own.event_id : ctx.targets.events.other.row.id), 'event'],
};
// a business centre's report and status: own/other — a centre of 전북's and one of 성남's (the
// rows the admin made for the resource routes)
reports.business_centres = [staffOnly(false), async (scope) => ctx.targets.business_centres[scope].row.id, 'centre'];
for (const [res, [expect, idOf, kind]] of Object.entries(reports)) {
  b2bRoutes[`GET /api/v1/${res}/{id}/outcome`] = ['staff', expect, async (role, scope) => as(role).get(`/api/v1/${res}/${await idOf(scope)}/outcome`),
    (r, where) => assert.equal(ok(r, 200, where).scope, kind, where)];
  b2bRoutes[`GET /api/v1/${res}/{id}/outcome.xlsx`] = ['staff', expect, async (role, scope) => as(role).get(`/api/v1/${res}/${await idOf(scope)}/outcome.xlsx`),
    (r, where) => { assert.equal(r.status, 200, where); assert.ok(r.text.startsWith('PK'), `${where}: not a zip container`); }];
  b2bRoutes[`GET /api/v1/${res}/{id}/outcome.csv`] = ['staff', expect, async (role, scope) => as(role).get(`/api/v1/${res}/${await idOf(scope)}/outcome.csv`),
    (r, where) => { assert.equal(r.status, 200, where); assert.match(r.text, /^section,group_id,/, where); }];
  b2bRoutes[`GET /api/v1/${res}/{id}/outcome/consultations`] = ['staff', expect,
    async (role, scope) => as(role).get(`/api/v1/${res}/${await idOf(scope)}/outcome/consultations?stage=consulted`),
    (r, where) => {
      const d = ok(r, 200, where);
      assert.equal(d.stage, 'consulted', where);
      assert.equal(d.items.length, Math.min(d.lines, 100), where);
    }];
}
b2bRoutes['GET /api/v1/business_centres/{id}/status'] = ['staff', staffOnly(false),
  async (role, scope) => as(role).get(`/api/v1/business_centres/${ctx.targets.business_centres[scope].row.id}/status`),
  (r, where) => { const d = ok(r, 200, where); assert.equal(typeof d.members.total, 'number', where); assert.ok(d.outcome.summary, where); }];
for (const [key, [access, expect, request, check]] of Object.entries(b2bRoutes)) {
  ROUTE_POLICY[key] = { access, scopes: ['own', 'other'], expect };
  ROUTE_RUN[key] = {
    leaks: (role, scope) => (scope === 'other' ? ['성남관 수출상담회'] : []),
    prepare: () => b2b(),
    request: (role, scope, prep) => request(role, scope, prep),
    allowed: (r, role, scope, prep, expected, where) => check(r, where, scope, prep),
  };
}

// ---------------------------------------------------------------------------------------
// The table against the document and the descriptors.

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
const operations = [];
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [m, op] of Object.entries(item)) if (HTTP_METHODS.has(m)) operations.push({ key: `${m.toUpperCase()} ${path}`, op });
}

describe('the matrix covers the route table', () => {
  it('has an entry for every operation of the OpenAPI document, and no stale one', () => {
    const inDoc = new Set(operations.map((o) => o.key));
    const missing = [...inDoc].filter((k) => !(k in ROUTE_POLICY));
    assert.deepEqual(missing, [], `routes with no expectation in the matrix: ${missing.join(', ')}`);
    const stale = Object.keys(ROUTE_POLICY).filter((k) => !inDoc.has(k));
    assert.deepEqual(stale, [], `expectations for routes the document does not have: ${stale.join(', ')}`);
  });

  it('knows every resource of /api/v1/meta and who owns its rows', () => {
    assert.deepEqual(meta.entities.map((e) => e.name).sort(), Object.keys(RESOURCE_CLASS).sort());
    for (const e of meta.entities) {
      const cls = RESOURCE_CLASS[e.name];
      if (cls === 'self') assert.equal(e.owner, 'id', e.name);
      else if (cls === 'shared') assert.equal(e.owner, null, e.name);
      else {
        assert.ok(e.owner && e.owner !== 'id', `${e.name} is owned`);
        const f = e.fields.find((x) => x.name === e.owner);
        assert.equal(f?.type, 'ref', `${e.name}.${e.owner} is a reference`);
        assert.ok(RESOURCE_CLASS[f.ref] !== 'shared', `${e.name}.${e.owner} leads to an owner`);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------
// The matrix: one describe per route, one test per role × scope. Denials first, then the
// block's whole-database check, then what is allowed (which may change the database).

for (const { key, op } of operations) {
  describe(key, () => {
    const pol = ROUTE_POLICY[key];
    if (!pol) {
      it('has an expectation in the matrix', () => assert.fail(`route ${key} has no expectation in the matrix`));
      return;
    }
    it(`is declared x-roadshow-access: ${pol.access}`, () => {
      assert.equal(op['x-roadshow-access'], pol.access, `${key}: x-roadshow-access`);
      if (pol.resource) assert.deepEqual(op.tags, [pol.resource], `${key}: tags`);
    });
    const run = pol.resource ? resourceCase(pol) : ROUTE_RUN[key];
    if (!run) {
      it('knows how to call the route', () => assert.fail(`route ${key} has an expectation but no way to call it in the matrix`));
      return;
    }
    const cases = [];
    for (const role of ROLES) for (const scope of pol.scopes ?? [null]) cases.push({ role, scope, expected: expectationOf(pol, role, scope) });
    for (const c of cases) assert.ok(c.expected !== undefined && c.expected !== null, `${key} ${c.role} ${c.scope}: no expectation`);
    const denied = cases.filter((c) => typeof c.expected === 'number');
    const allowed = cases.filter((c) => typeof c.expected !== 'number');
    const label = (c) => `${c.role}${c.scope ? ` × ${c.scope}` : ''} → ${c.expected === A ? 'allowed' : c.expected === HIDDEN ? 'allowed, without the row' : `denied ${c.expected}`}`;
    const where = (c) => `${key} as ${c.role}${c.scope ? ` (${c.scope})` : ''}`;
    const count = (c) => {
      executed.cases++;
      executed.pairs.add(`${key} | ${c.role}`);
    };
    let tablesBefore;

    if (denied.length) {
      before(async () => {
        for (const c of denied) c.prep = run.prepare ? await run.prepare(c.role, c.scope, c.expected) : {};
        tablesBefore = await snapshot();
      });
    }
    for (const c of denied) {
      it(label(c), async () => {
        const at = await newestAudit();
        const r = await run.request(c.role, c.scope, c.prep);
        count(c);
        const w = `${where(c)}: expected ${c.expected}, got ${r.status}`;
        assertDenied(r, c.expected, run.leaks ? run.leaks(c.role, c.scope) : [], w);
        assert.equal(await newestAudit(), at, `${w}: the audit trail grew, something was written`);
        if (run.unchanged) await run.unchanged(c.role, c.scope, c.prep, w);
      });
    }
    if (denied.length) {
      it('the denied requests changed no table', async () => {
        const now = await snapshot();
        for (const n of names) assert.equal(now[n], tablesBefore[n], `${key}: table ${n} changed under denied requests`);
      });
    }
    for (const c of allowed) {
      it(label(c), async () => {
        const prep = run.prepare ? await run.prepare(c.role, c.scope, c.expected) : {};
        const r = await run.request(c.role, c.scope, prep);
        count(c);
        await run.allowed(r, c.role, c.scope, prep, c.expected, `${where(c)}: expected ${c.expected}, got ${r.status}`);
      });
    }
  });
}

describe('the matrix ran', () => {
  it('checked every route × every role', (t) => {
    const expectedPairs = operations.length * ROLES.length;
    const msg = `matrix: ${executed.pairs.size} route × role cases (${operations.length} routes × ${ROLES.length} roles), ` +
      `${executed.cases} route × role × own/other cases`;
    console.log(msg);
    t.diagnostic(msg);
    assert.equal(executed.pairs.size, expectedPairs, 'some route × role cases did not run');
    assert.ok(operations.length >= 120, `only ${operations.length} routes in the document`);
    assert.ok(executed.pairs.size >= 600, `only ${executed.pairs.size} route × role cases`);
    assert.ok(executed.cases >= 1100, `only ${executed.cases} cases`);
  });
});
