// trips.js - the public pages of published delegations: #/trips (the list) and #/trips/ID (one
// trip: purpose, members by title, the itinerary by local day, budget, agreements and, once the
// trip is over, its outcome). Open to anyone: they read only /api/v1/public/..., never the
// session or /api/v1/meta, and a 401 from them never leads to the login page.
import { h } from '../dom.js';
import { formatMoney } from '../money.js';
import { t, pick, enumLabel, countryName } from '../i18n.js';
import { api } from '../api.js';
import { localDate, daysBetween, formatDate, formatInstant, isZone, zoneAbbr } from '../time.js';
import { pageHead, alertBox, dataTable, badge, section, button, period, moneyNode, itinTimes } from '../ui.js';

const DEFAULT_HOME = 'Asia/Seoul';
const publicGet = (path) => api('GET', `public/${path}`, { auth: false });
const name = (o) => (o ? pick(o.name_ko, o.name_en) : '');
const crumb = () => ({ text: t('trips.title'), href: '#/trips' });

// The table of published trips (also on the home page of a visitor not logged in).
export function tripsTable(items) {
  return dataTable({
    caption: t('trips.caption'),
    className: 'app-trips',
    rows: items,
    empty: t('trips.empty'),
    columns: [
      { label: t('trips.col_title'), render: (d) => h('a', { href: `#/trips/${d.id}` }, pick(d.title_ko, d.title_en)) },
      { label: t('trips.host'), render: (d) => name(d.host) || '—' },
      { label: t('home.period'), render: (d) => period(d.depart_date, d.return_date) },
      { label: t('trips.status'), render: (d) => (d.status ? badge(d.status) : '—') },
    ],
  });
}

export async function publishedTrips() {
  return publicGet('delegations');
}

export async function tripsPage() {
  const { items, total } = await publishedTrips();
  return h('div', { class: 'page page-trips' },
    pageHead(t('trips.title'), [{ text: t('trips.title') }]),
    h('p', { class: 'app-lead' }, t('trips.lead')),
    h('p', { class: 'app-count' }, t('trips.count', { n: total ?? items.length })),
    tripsTable(items));
}

// "7일" / "7 days": the trip's length in home calendar days, both ends counted.
function tripDays(d) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.depart_date || '') || !/^\d{4}-\d{2}-\d{2}$/.test(d.return_date || '')) return null;
  const n = daysBetween(d.depart_date, d.return_date) + 1;
  return n >= 1 ? n : null;
}

// Items grouped by the local calendar date of their start, in the zone where each happens.
export function publicDays(items, home) {
  const days = new Map();
  const sorted = [...items].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  for (const it of sorted) {
    const s = new Date(it.starts_at);
    if (Number.isNaN(s.getTime())) continue;
    const e = it.ends_at && !Number.isNaN(Date.parse(it.ends_at)) ? new Date(it.ends_at) : s;
    const zs = isZone(it.timezone) ? it.timezone : home;
    const ze = isZone(it.end_timezone) ? it.end_timezone : zs;
    const day = localDate(s, zs);
    if (!days.has(day)) days.set(day, []);
    days.get(day).push({ it, s, e, zs, ze, day });
  }
  return [...days.entries()];
}

function placeText(p) {
  if (!p) return null;
  const n = name(p);
  return p.code && !n.includes(p.code) ? `${n} (${p.code})` : n;
}

function illustrativeBadge() {
  return h('span', { class: 'krds-badge outline-gray itin-ill', title: t('itin.illustrative_hint') }, t('itin.illustrative'));
}

function itemNode(x, home) {
  const { it } = x;
  const from = placeText(it.place), to = placeText(it.to_place);
  const service = [it.service_number, it.carrier && it.carrier !== it.service_number ? `(${it.carrier})` : null].filter(Boolean).join(' ');
  const counterparts = it.counterparts || [];
  return h('li', { class: `itin-item itin-${it.kind}` },
    itinTimes(it.starts_at, x, home),
    h('div', { class: 'itin-body' },
      h('p', { class: 'itin-title' },
        h('span', { class: 'krds-badge bg-light-secondary itin-kind' }, enumLabel(it.kind)), ' ',
        h('span', { class: 'itin-title-text' }, pick(it.title_ko, it.title_en)),
        it.illustrative ? illustrativeBadge() : null),
      from || to ? h('p', { class: 'itin-place' }, from, to ? [from ? ' → ' : '', to] : null) : null,
      service ? h('p', { class: 'itin-service' }, h('span', { class: 'sr-only' }, `${t('trips.service')}: `), service) : null,
      counterparts.length
        ? h('p', { class: 'itin-counterparts' }, h('span', { class: 'itin-tag' }, t('trips.counterparts')),
          counterparts.map((c) => (c.country ? `${name(c)} (${countryName(c.country)})` : name(c))).join(', '))
        : null));
}

function itinerary(d, home) {
  const days = publicDays(d.items || [], home);
  if (!days.length) return h('p', { class: 'app-empty-note' }, t('delegation.no_items'));
  return h('div', { class: 'itin' }, days.map(([day, list]) => {
    const n = d.depart_date ? daysBetween(d.depart_date, day) + 1 : 0;
    const id = `trip-day-${day}`;
    return h('section', { class: 'itin-day', 'aria-labelledby': id, dataset: { day } },
      h('h3', { class: 'itin-day-title', id },
        h('time', { datetime: day }, formatDate(day, 'long')),
        n >= 1 ? h('span', { class: 'itin-day-n' }, t('itin.day_n', { n })) : null),
      h('ol', { class: 'itin-list' }, list.map((x) => itemNode(x, home))));
  }));
}

function agreementNode(a) {
  const parties = a.parties || [];
  return h('li', { class: 'trip-agreement' },
    h('p', { class: 'trip-agreement-title' },
      h('span', { class: 'krds-badge bg-light-secondary' }, enumLabel(a.kind)), ' ',
      h('strong', null, pick(a.title_ko, a.title_en)),
      a.illustrative ? illustrativeBadge() : null),
    h('p', { class: 'trip-agreement-meta' },
      a.status ? badge(a.status) : null,
      a.signed_date ? [' ', t('trips.signed_on', { date: formatDate(a.signed_date) })] : null),
    a.summary ? h('p', { class: 'trip-agreement-summary app-multiline' }, a.summary) : null,
    parties.length
      ? h('ul', { class: 'trip-parties', 'aria-label': t('trips.parties') }, parties.map((p) => h('li', null,
        name(p), p.country ? ` (${countryName(p.country)})` : '', p.role ? ` — ${enumLabel(p.role)}` : '')))
      : null);
}

// A trip that is not published (or not there) is not found, whichever it is.
function notFoundTrip() {
  return h('div', { class: 'page page-trip-missing' },
    pageHead(t('page.not_found'), [crumb(), { text: t('page.not_found') }]),
    alertBox('info', t('trips.not_found')),
    h('p', null, h('a', { href: '#/trips' }, t('trips.back'))));
}

// The show's figures of the host's pavilions there: each stage on its own, never added up.
function showFigures(show) {
  const s = show.summary || {};
  const stages = ['consulted', 'negotiating', 'provisional', 'signed', 'exported'];
  return h('div', { class: 'trip-show' },
    h('p', { class: 'trip-show-lead' }, t('trips.show_lead', { companies: s.companies ?? 0, consultations: s.consultations ?? 0, meetings: s.meetings_held ?? 0 })),
    h('ul', { class: 'trip-show-stages' }, stages.map((st) => h('li', { dataset: { stage: st } },
      `${t(`outcome.stage.${st}`)}: ${t('trips.show_stage', { n: show.total[st].count, usd: formatMoney(show.total[st].amount.USD, 'USD') })}`))),
    h('p', { class: 'app-note' }, t('trips.show_note', { date: show.date })));
}

export async function tripPage(id) {
  let d;
  try {
    d = await publicGet(`delegations/${id}`);
  } catch (err) {
    if (err.status === 404) return notFoundTrip();
    throw err;
  }
  const home = isZone(d.home_timezone) ? d.home_timezone : DEFAULT_HOME;
  const title = pick(d.title_ko, d.title_en);
  const days = tripDays(d);
  const members = d.members || [];
  const agreements = d.agreements || [];

  const summary = h('dl', { class: 'app-summary trip-summary' },
    [[t('trips.host'), name(d.host) || '—'],
      [t('trips.dates'), [period(d.depart_date, d.return_date), days ? h('span', { class: 'trip-days' }, ` (${t('trips.days', { n: days })})`) : null]],
      [t('trips.status'), d.status ? badge(d.status) : '—'],
      d.event ? [t('trips.event'), [name(d.event), ' ', h('span', { class: 'trip-event-dates' }, '(', period(d.event.start_date, d.event.end_date), ')')]] : null,
      [t('trips.budget'), d.budget ? moneyNode(d.budget.amount, d.budget.currency) : h('span', { class: 'app-empty trip-budget-none' }, t('trips.budget_none'))],
      [t('trips.home_zone'), `${home} (${zoneAbbr(new Date(), home)})`],
    ].filter(Boolean).map(([k, v]) => h('div', { class: 'app-summary-item' }, h('dt', null, k), h('dd', null, v))));

  const memberTable = dataTable({
    caption: t('trips.members_caption'),
    className: 'app-trip-members',
    rows: members,
    empty: t('delegation.no_members'),
    columns: [
      { label: t('trips.member_title'), render: (m) => pick(m.title_ko, m.title_en) || '—' },
      { label: t('trips.member_role'), render: (m) => enumLabel(m.role) },
      { label: t('trips.member_org'), render: (m) => name(m.organization) || '—' },
    ],
  });

  const outcome = d.outcome
    ? section(t('trips.outcome'),
      h('div', { class: 'trip-outcome' },
        pick(d.outcome.summary_ko, d.outcome.summary_en) ? h('p', { class: 'app-multiline' }, pick(d.outcome.summary_ko, d.outcome.summary_en)) : null,
        h('p', { class: 'trip-outcome-count' }, t('trips.agreements_signed', { n: d.outcome.agreements_signed ?? 0 })),
        d.outcome.show ? showFigures(d.outcome.show) : null))
    : null;

  return h('div', { class: 'page page-trip' },
    pageHead(title, [crumb(), { text: title }], [button(t('action.print'), () => window.print(), 'tertiary app-print-btn')]),
    h('p', { class: 'app-note trip-public-note' }, t('trips.public_note'),
      d.updated_at ? [' ', t('trips.updated', { when: formatInstant(d.updated_at, home) })] : null),
    summary,
    d.purpose ? section(t('trips.purpose'), h('p', { class: 'app-purpose app-multiline' }, d.purpose)) : null,
    section(`${t('trips.members')} (${members.length})`, memberTable),
    section(`${t('delegation.itinerary')} (${(d.items || []).length})`,
      h('p', { class: 'app-note' }, t('itin.zone_note', { home })),
      h('p', { class: 'app-note' }, illustrativeBadge(), ' ', t('itin.illustrative_hint')),
      itinerary(d, home)),
    section(`${t('trips.agreements')} (${agreements.length})`,
      agreements.length ? h('ul', { class: 'trip-agreements' }, agreements.map(agreementNode)) : h('p', { class: 'app-empty-note' }, t('trips.no_agreements'))),
    outcome);
}
