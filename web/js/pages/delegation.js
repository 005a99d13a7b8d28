// delegation.js - a delegation: its members and its itinerary grouped by day, every time in
// the place's own zone with the home zone beside it ("09:00–10:00 PST · 02:00–03:00 KST +1").
import { h } from '../dom.js';
import { t, entityLabel, fieldLabel, enumLabel } from '../i18n.js';
import { entity, field, rowLabel, refLabel, placesById } from '../meta.js';
import { zoneAbbr, localDate, daysBetween, formatDate, isZone } from '../time.js';
import { pageHead, fieldsTable, dataTable, linkButton, button, href, section, takeFlash, badge, moneyNode, itinTimes } from '../ui.js';
import { currencyOf } from '../money.js';
import { historySection } from '../history.js';
import { crumbs, rowActions } from './detail.js';

// Items grouped by the local date where they happen, days in time order.
export function groupByDay(items, places, home) {
  const zoneOf = (id) => (id && places.get(id)?.timezone) || home;
  const days = new Map();
  for (const it of [...items].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))) {
    const s = new Date(it.starts_at), e = new Date(it.ends_at || it.starts_at);
    const zs = zoneOf(it.place_id), ze = it.to_place_id ? zoneOf(it.to_place_id) : zs;
    const day = localDate(s, zs);
    if (!days.has(day)) days.set(day, []);
    days.get(day).push({ it, s, e, zs, ze, day });
  }
  return [...days.entries()].sort((a, b) => a[1][0].s - b[1][0].s);
}

function itemNode(I, x, home) {
  const { it } = x;
  const place = it.place_id ? h('a', { href: href('places', it.place_id) }, refLabel(it, 'place_id')) : null;
  const to = it.to_place_id ? h('a', { href: href('places', it.to_place_id) }, refLabel(it, 'to_place_id')) : null;
  const service = [it.service_number, it.carrier && it.service_number !== it.carrier ? `(${it.carrier})` : null].filter(Boolean).join(' ');
  return h('li', { class: `itin-item itin-${it.kind}` },
    itinTimes(it.starts_at, x, home),
    h('div', { class: 'itin-body' },
      h('p', { class: 'itin-title' },
        h('span', { class: 'krds-badge bg-light-secondary itin-kind' }, enumLabel(it.kind)), ' ',
        h('a', { href: href('itinerary_items', it.id) }, rowLabel(I, it)),
        it.illustrative ? h('span', { class: 'krds-badge outline-gray itin-ill', title: t('itin.illustrative_hint') }, t('itin.illustrative')) : null),
      place || to ? h('p', { class: 'itin-place' }, place, to ? [' → ', to] : null) : null,
      service ? h('p', { class: 'itin-service' }, service) : null));
}

export async function delegationPage(e, row) {
  const I = entity('itinerary_items'), M = entity('delegation_members');
  const places = await placesById();
  const defaultHome = field(e, 'home_timezone')?.default || 'Asia/Seoul';
  const home = isZone(row.home_timezone) ? row.home_timezone : defaultHome;
  const alerts = h('div', { class: 'app-alerts' });
  const members = row.members || [];
  const roleOrder = field(M, 'role')?.values || [];
  members.sort((a, b) => roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role));

  const memberTable = dataTable({
    caption: t('delegation.members_caption', { name: rowLabel(e, row) }),
    rows: members,
    empty: t('delegation.no_members'),
    columns: [
      { label: fieldLabel(field(M, 'person_id')), render: (m) => h('a', { href: href('people', m.person_id) }, refLabel(m, 'person_id')) },
      { label: fieldLabel(field(M, 'role')), render: (m) => enumLabel(m.role) },
      { label: fieldLabel(field(M, 'notes')), render: (m) => m.notes || '—' },
      { label: t('list.actions'), render: (m) => h('a', { href: href('delegation_members', m.id), class: 'krds-btn xsmall tertiary', 'aria-label': t('delegation.member_open', { name: refLabel(m, 'person_id') }) }, t('action.open')) },
    ],
  });

  const days = groupByDay(row.items || [], places, home);
  const itinerary = days.length
    ? days.map(([day, list]) => {
      const n = row.depart_date ? daysBetween(row.depart_date, day) + 1 : 0;
      const id = `day-${day}`;
      return h('section', { class: 'itin-day', 'aria-labelledby': id },
        h('h3', { class: 'itin-day-title', id },
          h('time', { datetime: day }, formatDate(day, 'long')),
          n >= 1 ? h('span', { class: 'itin-day-n' }, t('itin.day_n', { n })) : null),
        h('ol', { class: 'itin-list' }, list.map((x) => itemNode(I, x, home))));
    })
    : h('p', { class: 'app-empty-note' }, t('delegation.no_items'));

  const summary = h('dl', { class: 'app-summary' },
    [[fieldLabel(field(e, 'host_organization_id')), row.host_organization_id ? h('a', { href: href('organizations', row.host_organization_id) }, refLabel(row, 'host_organization_id')) : '—'],
      [t('home.period'), row.depart_date || row.return_date ? `${formatDate(row.depart_date)} – ${formatDate(row.return_date)}` : '—'],
      [fieldLabel(field(e, 'status')), row.status ? badge(row.status) : '—'],
      [fieldLabel(field(e, 'home_timezone')), `${home} (${zoneAbbr(new Date(), home)})`],
      field(e, 'budget') ? [t('delegation.budget'), row.budget === null || row.budget === undefined ? '—' : moneyNode(row.budget, currencyOf(row, 'budget'))] : null,
      field(e, 'published') ? [fieldLabel(field(e, 'published')), row.published ? t('delegation.published') : t('delegation.not_published')] : null,
    ].filter(Boolean).map(([k, v]) => h('div', { class: 'app-summary-item' }, h('dt', null, k), h('dd', null, v))));

  const actions = [...rowActions(e, row, alerts), button(t('action.print'), () => window.print(), 'tertiary app-print-btn'),
    row.published ? linkButton(t('delegation.public_page'), `#/trips/${row.id}`, 'tertiary app-public-btn') : null].filter(Boolean);
  return h('div', { class: 'page page-delegation' },
    pageHead(rowLabel(e, row), crumbs(e, row), actions),
    takeFlash(), alerts, summary,
    row.purpose ? h('p', { class: 'app-purpose app-multiline' }, row.purpose) : null,
    section(`${t('delegation.itinerary')} (${(row.items || []).length})`,
      h('p', { class: 'app-note' }, t('itin.zone_note', { home })),
      h('div', { class: 'itin' }, itinerary),
      h('p', { class: 'app-child-actions' }, linkButton(t('detail.add_child', { what: entityLabel(I) }), `#/itinerary_items/new?delegation_id=${row.id}`, 'tertiary'))),
    section(`${entityLabel(M)} (${members.length})`, memberTable,
      h('p', { class: 'app-child-actions' }, linkButton(t('detail.add_child', { what: entityLabel(M) }), `#/delegation_members/new?delegation_id=${row.id}`, 'tertiary'))),
    h('details', { class: 'app-more-fields' }, h('summary', null, t('detail.all_fields')), fieldsTable(e, row, {})),
    historySection(e, row));
}
