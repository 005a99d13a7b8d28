// home.js - the start page: the delegations (the main user's trips) and the trade shows. A
// visitor not logged in, on a server that needs a login, gets a welcome instead: the way to log
// in, and the published trips anyone may read.
import { h } from '../dom.js';
import { t, fieldLabel, entityLabel, enumLabel } from '../i18n.js';
import { api, getSession, listAll } from '../api.js';
import { entity, field, rowLabel, refLabel } from '../meta.js';
import { pageHead, dataTable, linkButton, href, badge, section, takeFlash, period } from '../ui.js';
import { loginHref } from '../accountmenu.js';
import { tripsTable, publishedTrips } from './trips.js';

const delegationsQuery = { limit: 100, sort: 'depart_date' };
const eventsQuery = { limit: 20, sort: '-start_date' };

async function publicHome() {
  const trips = await publishedTrips();
  return h('div', { class: 'page page-home page-home-public' },
    pageHead(t('home.public_title'), [], [linkButton(t('account.login'), loginHref('#/'), 'primary'), linkButton(t('trips.title'), '#/trips', 'secondary')]),
    takeFlash(),
    h('p', { class: 'app-lead' }, t('home.public_lead')),
    section(t('trips.title'), tripsTable(trips.items),
      h('p', { class: 'app-more-link' }, h('a', { href: '#/trips' }, t('home.all_trips')))));
}

// A company member's start page: its own company's places in B2B programmes, each with its
// agenda and requests, and the trade shows (it reads no delegation).
async function companyHome(me) {
  const E = entity('events'), P = entity('b2b_participants');
  const [mine, events] = await Promise.all([
    listAll('b2b_participants', { organization_id: me.organization_id }),
    api('GET', 'events', { query: eventsQuery }),
  ]);
  const table = dataTable({
    caption: t('home.company_b2b_caption'),
    className: 'app-home-b2b',
    rows: mine,
    empty: t('home.company_b2b_none'),
    columns: [
      { label: fieldLabel(field(P, 'b2b_event_id')), render: (r) => refLabel(r, 'b2b_event_id') },
      { label: fieldLabel(field(P, 'name')), render: (r) => h('a', { href: href('b2b_participants', r.id) }, r.name) },
      { label: fieldLabel(field(P, 'kind')), render: (r) => enumLabel(r.kind) },
      { label: t('home.company_agenda'), render: (r) => h('a', { href: `#/b2b_participants/${r.id}/agenda`, class: 'app-home-agenda' }, t('home.company_agenda_open')) },
    ],
  });
  return h('div', { class: 'page page-home page-home-company' },
    pageHead(t('home.company_title'), [], []),
    takeFlash(),
    h('p', { class: 'app-lead' }, t('home.company_lead', { n: mine.length })),
    h('p', { class: 'app-child-actions' },
      h('a', { href: '#/consultations/new', class: 'krds-btn medium primary app-home-log' }, t('home.company_log')), ' ',
      h('a', { href: '#/consultations/due', class: 'krds-btn medium secondary app-home-due' }, t('home.company_due')), ' ',
      h('a', { href: '#/consultations', class: 'krds-btn medium tertiary' }, t('home.company_consultations'))),
    section(t('home.company_b2b'), table),
    section(entityLabel(E), dataTable({
      caption: t('home.events_caption'),
      rows: events.items,
      columns: [
        { label: entityLabel(E), render: (r) => h('a', { href: href('events', r.id) }, rowLabel(E, r)) },
        { label: t('home.period'), render: (r) => period(r.start_date, r.end_date) },
      ],
    })));
}

export async function homePage() {
  const D = entity('delegations'), E = entity('events');
  let dels, events;
  const me = getSession();
  if (me && me.role === 'company') return companyHome(me);
  if (getSession()) {
    [dels, events] = await Promise.all([
      api('GET', 'delegations', { query: delegationsQuery }),
      api('GET', 'events', { query: eventsQuery }),
    ]);
  } else {
    // Nobody logged in: either a server in set-up mode (open to all) or one that needs a login,
    // which answers 401; then the welcome, not the login page.
    try {
      dels = await api('GET', 'delegations', { query: delegationsQuery, auth: false });
    } catch (err) {
      if (err.status === 401 && err.code === 'login_required') return publicHome();
      throw err;
    }
    events = await api('GET', 'events', { query: eventsQuery });
  }
  const delTable = dataTable({
    caption: t('home.delegations_caption'),
    className: 'app-home-delegations',
    rows: dels.items,
    empty: t('home.no_delegations'),
    columns: [
      { label: t('home.col_delegation'), render: (r) => h('a', { href: href('delegations', r.id) }, rowLabel(D, r)) },
      { label: fieldLabel(field(D, 'host_organization_id')), render: (r) => h('a', { href: href('organizations', r.host_organization_id) }, refLabel(r, 'host_organization_id')) },
      { label: t('home.period'), render: (r) => period(r.depart_date, r.return_date) },
      { label: fieldLabel(field(D, 'event_id')), render: (r) => (r.event_id ? h('a', { href: href('events', r.event_id) }, refLabel(r, 'event_id')) : '—') },
      { label: fieldLabel(field(D, 'status')), render: (r) => (r.status ? badge(r.status) : '—') },
    ],
  });
  const evTable = dataTable({
    caption: t('home.events_caption'),
    rows: events.items,
    columns: [
      { label: entityLabel(E), render: (r) => h('a', { href: href('events', r.id) }, rowLabel(E, r)) },
      { label: fieldLabel(field(E, 'venue_id')), render: (r) => (r.venue_id ? h('a', { href: href('places', r.venue_id) }, refLabel(r, 'venue_id')) : '—') },
      { label: t('home.period'), render: (r) => period(r.start_date, r.end_date) },
      { label: fieldLabel(field(E, 'theme')), render: (r) => r.theme || '—' },
    ],
  });
  return h('div', { class: 'page page-home' },
    pageHead(t('home.title'), [], [linkButton(t('home.new_delegation'), '#/delegations/new', 'primary')]),
    takeFlash(),
    h('p', { class: 'app-lead' }, t('home.lead', { delegations: dels.total, events: events.total })),
    section(entityLabel(D), delTable, h('p', { class: 'app-more-link' }, h('a', { href: '#/delegations' }, t('home.all_delegations')))),
    section(entityLabel(E), evTable, h('p', { class: 'app-more-link' }, h('a', { href: '#/events' }, t('home.all_events')))));
}
