// delegation.js - a delegation: its trip length, its members and its itinerary grouped by day,
// every time in the place's own zone with the home zone beside it ("09:00 PST · 02:00 KST +1"),
// and the findings the server makes of it (overlaps, impossible connections) next to the items
// they concern, redrawn whenever an item or who attends it changes.
import { h, announce } from '../dom.js';
import { t, entityLabel, fieldLabel, enumLabel } from '../i18n.js';
import { api } from '../api.js';
import { entity, field, rowLabel, refLabel, invalidate } from '../meta.js';
import { zoneAbbr, formatDate, isZone } from '../time.js';
import { pageHead, fieldsTable, dataTable, linkButton, button, href, section, takeFlash, badge, moneyNode, confirmDialog, problemAlert, alertBox } from '../ui.js';
import { currencyOf } from '../money.js';
import { historySection } from '../history.js';
import { fetchItinerary, findingsSummary, daysNode, tripLengthNode, downloadLinks, chooseAttendees } from '../itinerary.js';
import { crumbs, rowActions } from './detail.js';

const itineraryHref = (id) => `#/delegations/${id}/itinerary`;

export async function delegationPage(e, row) {
  const I = entity('itinerary_items'), M = entity('delegation_members');
  const defaultHome = field(e, 'home_timezone')?.default || 'Asia/Seoul';
  const home = isZone(row.home_timezone) ? row.home_timezone : defaultHome;
  const alerts = h('div', { class: 'app-alerts', tabindex: '-1' });
  const members = row.members || [];
  const roleOrder = field(M, 'role')?.values || [];
  members.sort((a, b) => roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role));
  const back = `return=${encodeURIComponent(`delegations/${row.id}`)}`;

  const memberTable = dataTable({
    caption: t('delegation.members_caption', { name: rowLabel(e, row) }),
    rows: members,
    empty: t('delegation.no_members'),
    columns: [
      { label: fieldLabel(field(M, 'person_id')), render: (m) => h('a', { href: href('people', m.person_id) }, refLabel(m, 'person_id')) },
      { label: fieldLabel(field(M, 'role')), render: (m) => enumLabel(m.role) },
      { label: fieldLabel(field(M, 'notes')), render: (m) => m.notes || '—' },
      { label: t('list.actions'), render: (m) => h('div', { class: 'app-row-actions' },
        h('a', { href: href('delegation_members', m.id), class: 'krds-btn xsmall tertiary', 'aria-label': t('delegation.member_open', { name: refLabel(m, 'person_id') }) }, t('action.open')),
        h('a', { href: `${itineraryHref(row.id)}?member=${m.id}`, class: 'krds-btn xsmall tertiary app-member-itinerary', 'aria-label': t('delegation.member_itinerary', { name: refLabel(m, 'person_id') }) }, t('itinerary.title'))) },
    ],
  });

  // The itinerary and its findings, as the server has them now; redrawn in place after a change.
  const findingsSlot = h('div', { class: 'app-findings-slot', 'aria-live': 'polite' });
  const daysSlot = h('div', { class: 'itin-slot' });
  const itinSection = section(t('delegation.itinerary'));
  const itinTitle = itinSection.querySelector('h2');
  let data = null;
  const fail = (err) => {
    if (err.code === 'login_required') return;
    alerts.replaceChildren(problemAlert(err));
    alerts.focus();
  };
  const draw = () => {
    const n = (data.days || []).reduce((sum, d) => sum + d.items.length, 0);
    itinTitle.textContent = `${t('delegation.itinerary')} (${n})`;
    findingsSlot.replaceChildren(findingsSummary(data));
    daysSlot.replaceChildren(daysNode(data, { staff: true, actions: itemActions }));
  };
  const refresh = async (focusId) => {
    data = await fetchItinerary(row.id);
    draw();
    const again = focusId && daysSlot.querySelector(`.itin-item[data-item-id="${focusId}"] .app-item-attendees`);
    if (again) again.focus();
  };
  const removeItem = async (it) => {
    const name = rowLabel(I, it);
    const ok = await confirmDialog({ title: t('delete.title', { what: entityLabel(I) }), message: t('delete.message', { name }), confirm: t('action.delete') });
    if (!ok) return;
    alerts.replaceChildren();
    try {
      await api('DELETE', `itinerary_items/${it.id}`, { version: it.version });
      invalidate();
      await refresh();
      alerts.replaceChildren(alertBox('ok', t('delete.done', { name })));
      announce(t('delete.done', { name }));
      itinTitle.setAttribute('tabindex', '-1');
      itinTitle.focus();
    } catch (err) { fail(err); }
  };
  const editAttendees = async (it) => {
    alerts.replaceChildren();
    if (await chooseAttendees(it, data.members || [])) {
      try {
        await refresh(it.id);
        announce(t('attendees.saved', { name: rowLabel(I, it) }));
      } catch (err) { fail(err); }
    }
  };
  function itemActions(it) {
    const name = rowLabel(I, it);
    return [
      h('a', { href: `#/itinerary_items/${it.id}/edit?${back}`, class: 'krds-btn xsmall tertiary app-item-edit', 'aria-label': t('itin.edit_named', { name }) }, t('action.edit')),
      h('button', { type: 'button', class: 'krds-btn xsmall tertiary app-item-attendees', onclick: () => editAttendees(it), 'aria-label': t('attendees.choose_named', { name }), dataset: { focusKey: `att-${it.id}` } }, t('attendees.choose')),
      h('button', { type: 'button', class: 'krds-btn xsmall tertiary app-danger-text app-item-delete', onclick: () => removeItem(it), 'aria-label': t('itin.delete_named', { name }) }, t('action.delete')),
    ];
  }
  try {
    data = await fetchItinerary(row.id);
    draw();
  } catch (err) {
    if (err.code === 'login_required') throw err;
    daysSlot.replaceChildren(problemAlert(err));
  }

  const summary = h('dl', { class: 'app-summary' },
    [[t('delegation.trip_length'), tripLengthNode(data?.trip ?? row.trip)],
      [fieldLabel(field(e, 'host_organization_id')), row.host_organization_id ? h('a', { href: href('organizations', row.host_organization_id) }, refLabel(row, 'host_organization_id')) : '—'],
      [t('home.period'), row.depart_date || row.return_date ? `${formatDate(row.depart_date)} – ${formatDate(row.return_date)}` : '—'],
      [fieldLabel(field(e, 'status')), row.status ? badge(row.status) : '—'],
      [fieldLabel(field(e, 'home_timezone')), `${home} (${zoneAbbr(new Date(), home)})`],
      field(e, 'budget') ? [t('delegation.budget'), row.budget === null || row.budget === undefined ? '—' : moneyNode(row.budget, currencyOf(row, 'budget'))] : null,
      field(e, 'published') ? [fieldLabel(field(e, 'published')), row.published ? t('delegation.published') : t('delegation.not_published')] : null,
      ...['plan_published_on', 'report_published_on'].map((n) => (field(e, n) ? [fieldLabel(field(e, n)), row[n] ? h('time', { datetime: row[n] }, formatDate(row[n])) : '—'] : null)),
    ].filter(Boolean).map(([k, v]) => h('div', { class: 'app-summary-item' }, h('dt', null, k), h('dd', null, v))));

  const actions = [...rowActions(e, row, alerts), linkButton(t('itinerary.title'), itineraryHref(row.id), 'secondary app-itinerary-btn'),
    button(t('action.print'), () => window.print(), 'tertiary app-print-btn'),
    row.published ? linkButton(t('delegation.public_page'), `#/trips/${row.id}`, 'tertiary app-public-btn') : null].filter(Boolean);
  const docs = section(t('delegation.documents'), downloadLinks(row.id));
  docs.classList.add('app-docs');
  itinSection.append(
    h('p', { class: 'app-note' }, t('itin.zone_note', { home })),
    findingsSlot,
    daysSlot,
    h('p', { class: 'app-child-actions' }, linkButton(t('detail.add_child', { what: entityLabel(I) }), `#/itinerary_items/new?delegation_id=${row.id}&${back}`, 'tertiary app-item-add')));
  return h('div', { class: 'page page-delegation' },
    pageHead(rowLabel(e, row), crumbs(e, row), actions),
    takeFlash(), alerts, summary,
    row.purpose ? h('p', { class: 'app-purpose app-multiline' }, row.purpose) : null,
    docs,
    itinSection,
    section(`${entityLabel(M)} (${members.length})`, memberTable,
      h('p', { class: 'app-child-actions' }, linkButton(t('detail.add_child', { what: entityLabel(M) }), `#/delegation_members/new?delegation_id=${row.id}&${back}`, 'tertiary'))),
    h('details', { class: 'app-more-fields' }, h('summary', null, t('detail.all_fields')), fieldsTable(e, row, {})),
    historySection(e, row));
}
