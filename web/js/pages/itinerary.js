// itinerary.js - #/delegations/ID/itinerary[?member=ID], the day view of a trip for the people
// on it: each day with its items, local time and home time side by side, place, kind, who
// attends and whom they meet; for the whole delegation or one member. On paper each day is a
// page of its own (print.css); on a phone the items stack. The calendar (ICS), the plan and the
// result report are downloaded from here.
import { h } from '../dom.js';
import { t, entityLabel, enumLabel } from '../i18n.js';
import { rowLabel } from '../meta.js';
import { formatDate } from '../time.js';
import { pageHead, button, section, badge, takeFlash } from '../ui.js';
import { selectField } from '../fields.js';
import { fetchItinerary, findingsSummary, daysNode, tripLengthNode, downloadLinks, personName } from '../itinerary.js';

const ID = /^[1-9]\d{0,17}$/;

export async function itineraryPage(e, id, query) {
  const asked = query.get('member');
  const data = await fetchItinerary(id, asked && ID.test(asked) ? asked : null);
  const member = data.member || null;
  const title = rowLabel(e, data);
  const base = `#/delegations/${id}/itinerary`;

  const choice = selectField({
    id: 'itin-member', name: 'member', label: t('itinerary.member'), required: false, hint: t('itinerary.member_hint'),
    options: [h('option', { value: '' }, t('itinerary.everyone')),
      ...(data.members || []).map((m) => h('option', { value: String(m.id), selected: member?.id === m.id }, `${personName(m)} · ${enumLabel(m.role)}`))],
  });
  choice.el.addEventListener('change', () => {
    location.hash = choice.el.value ? `${base}?member=${choice.el.value}` : base;
  });

  const who = member ? t('itinerary.for_member', { name: personName(member) }) : t('itinerary.for_everyone');
  const summary = h('dl', { class: 'app-summary app-itin-summary' },
    [[t('delegation.trip_length'), tripLengthNode(data.trip)],
      [t('home.period'), data.depart_date || data.return_date ? `${formatDate(data.depart_date)} – ${formatDate(data.return_date)}` : '—'],
      [t('itinerary.who'), h('span', { class: 'app-itin-who' }, who)],
      [t('trips.status'), data.status ? badge(data.status) : '—'],
    ].map(([k, v]) => h('div', { class: 'app-summary-item' }, h('dt', null, k), h('dd', null, v))));

  return h('div', { class: ['page', 'page-itinerary', member && 'page-itinerary-member'], dataset: { member: member ? String(member.id) : '' } },
    pageHead(t('itinerary.page_title', { name: title }),
      [{ text: entityLabel(e), href: '#/delegations' }, { text: title, href: `#/delegations/${id}` }, { text: t('itinerary.title') }],
      [button(t('action.print'), () => window.print(), 'tertiary app-print-btn')]),
    takeFlash(),
    summary,
    h('div', { class: 'app-itin-controls' }, choice.group, downloadLinks(id, member)),
    h('p', { class: 'app-note' }, t('itin.zone_note', { home: data.home_timezone })),
    findingsSummary(data),
    section(member ? t('itinerary.days_member', { name: personName(member) }) : t('itinerary.days'),
      daysNode(data, { idPrefix: 'iday', printHead: `${title} · ${who}` })));
}
