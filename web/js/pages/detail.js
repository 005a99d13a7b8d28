// detail.js - the page of one row: its fields, its children, edit and delete. Events,
// pavilions and delegations have pages of their own, which reuse the parts exported here.
import { h } from '../dom.js';
import { t, entityLabel } from '../i18n.js';
import { api, getSession } from '../api.js';
import { entity, rowLabel, zoneContext, invalidate } from '../meta.js';
import { pageHead, fieldsTable, dataTable, columnsFor, linkButton, button, confirmDialog, flash, problemAlert, section, takeFlash } from '../ui.js';
import { historySection } from '../history.js';
import { eventPage } from './event.js';
import { pavilionPage } from './pavilion.js';
import { delegationPage } from './delegation.js';
import { b2bDetailPage } from './b2b.js';
import { outcomeLink, hasOutcome } from './outcome.js';

const SPECIAL = { events: eventPage, pavilions: pavilionPage, delegations: delegationPage };
// The B2B resources read their instants in their programme's zone and carry its actions.
for (const n of ['b2b_events', 'b2b_sessions', 'b2b_venues', 'b2b_walks', 'b2b_participants', 'b2b_absences', 'b2b_requests', 'b2b_meetings']) SPECIAL[n] = b2bDetailPage;

export async function detailPage(e, id, ctx) {
  const row = await api('GET', `${e.name}/${id}`);
  if (SPECIAL[e.name]) return SPECIAL[e.name](e, row, ctx);
  const pctx = await zoneContext([e, ...e.children.map((c) => entity(c.entity))]);
  const alerts = h('div', { class: 'app-alerts' });
  return h('div', { class: 'page page-detail' },
    pageHead(rowLabel(e, row), crumbs(e, row), rowActions(e, row, alerts)),
    takeFlash(), alerts,
    section(t('detail.fields'), fieldsTable(e, row, pctx)),
    e.children.map((c) => childSection(e, row, c, pctx)),
    historySection(e, row, pctx));
}

export function crumbs(e, row) {
  return [{ text: entityLabel(e), href: `#/${e.name}` }, { text: rowLabel(e, row) }];
}

// A table of one child collection (e.g. an agreement's parties) with a link to add one.
export function childSection(e, row, c, pctx, title) {
  const ce = entity(c.entity);
  const rows = row[c.key] || [];
  return section(title || entityLabel(ce),
    dataTable({ caption: t('detail.children_caption', { what: entityLabel(ce), of: rowLabel(e, row) }), columns: columnsFor(ce, pctx, [c.fk]), rows }),
    h('p', { class: 'app-child-actions' }, linkButton(t('detail.add_child', { what: entityLabel(ce) }), `#/${ce.name}/new?${c.fk}=${row.id}`, 'tertiary')));
}

// Edit and delete buttons; delete asks first, then sends the version it showed (If-Match).
export function rowActions(e, row, alerts) {
  const del = button(t('action.delete'), async () => {
    const ok = await confirmDialog({
      title: t('delete.title', { what: entityLabel(e) }),
      message: t('delete.message', { name: rowLabel(e, row) }),
      confirm: t('action.delete'),
    });
    if (!ok) return;
    try {
      await api('DELETE', `${e.name}/${row.id}`, { version: row.version });
      invalidate();
      flash('ok', t('delete.done', { name: rowLabel(e, row) }));
      location.hash = `#/${e.name}`;
    } catch (err) {
      alerts.replaceChildren(problemAlert(err));
      alerts.querySelector('[role=alert]')?.focus?.();
    }
  }, 'tertiary app-danger-text');
  // the outcome report of a pavilion, an event or a company: the staff's
  const me = getSession();
  const report = hasOutcome(e.name) && (!me || me.role !== 'company') && (e.name !== 'organizations' || row.kind === 'company')
    ? outcomeLink(e.name, row.id) : null;
  const status = e.name === 'business_centres' ? linkButton(t('centre.status'), `#/business_centres/${row.id}/status`, 'secondary centre-status-link') : null;
  return [linkButton(t('action.edit'), `#/${e.name}/${row.id}/edit`, 'primary'), status, report, del].filter(Boolean);
}
