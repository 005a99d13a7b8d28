// pavilion.js - a pavilion: where it is, who hosts it, and its booths with edit links.
import { h } from '../dom.js';
import { t, entityLabel } from '../i18n.js';
import { entity, rowLabel, refLabel } from '../meta.js';
import { pageHead, fieldsTable, dataTable, linkButton, section, takeFlash } from '../ui.js';
import { historySection } from '../history.js';
import { rowActions } from './detail.js';
import { boothColumns, byCode } from './event.js';

export async function pavilionPage(e, row) {
  const B = entity('booths');
  const booths = [...(row.booths || [])].sort(byCode);
  const alerts = h('div', { class: 'app-alerts' });
  const crumbs = [
    { text: entityLabel(entity('events')), href: '#/events' },
    row.event_id ? { text: refLabel(row, 'event_id'), href: `#/events/${row.event_id}` } : null,
    { text: rowLabel(e, row) },
  ].filter(Boolean);
  return h('div', { class: 'page page-pavilion' },
    pageHead(rowLabel(e, row), crumbs, rowActions(e, row, alerts)),
    takeFlash(), alerts,
    section(t('detail.fields'), fieldsTable(e, row, {})),
    section(`${entityLabel(B)} (${booths.length})`,
      dataTable({ caption: t('event.booths_caption', { pavilion: rowLabel(e, row) }), columns: boothColumns(B, true), rows: booths, empty: t('event.no_booths'), className: 'app-booths' }),
      h('p', { class: 'app-child-actions' }, linkButton(t('detail.add_child', { what: entityLabel(B) }), `#/booths/new?pavilion_id=${row.id}`, 'tertiary'))),
    historySection(e, row));
}
