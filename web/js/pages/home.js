// home.js - the start page: the delegations (the main user's trips) and the trade shows.
import { h } from '../dom.js';
import { t, fieldLabel, entityLabel } from '../i18n.js';
import { api } from '../api.js';
import { entity, field, rowLabel, refLabel } from '../meta.js';
import { formatDate } from '../time.js';
import { pageHead, dataTable, linkButton, href, badge, section, takeFlash } from '../ui.js';

export function period(from, to) {
  if (!from && !to) return h('span', { class: 'app-empty' }, '—');
  return h('span', { class: 'app-nowrap' }, from ? formatDate(from) : '', ' – ', to ? formatDate(to) : '');
}

export async function homePage() {
  const D = entity('delegations'), E = entity('events');
  const [dels, events] = await Promise.all([
    api('GET', 'delegations', { query: { limit: 100, sort: 'depart_date' } }),
    api('GET', 'events', { query: { limit: 20, sort: '-start_date' } }),
  ]);
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
