// event.js - a trade show: its details, then each pavilion with its booths.
import { h } from '../dom.js';
import { t, entityLabel, fieldLabel } from '../i18n.js';
import { listAll } from '../api.js';
import { entity, field, rowLabel, refLabel } from '../meta.js';
import { pageHead, fieldsTable, dataTable, linkButton, href, section, takeFlash } from '../ui.js';
import { historySection } from '../history.js';
import { crumbs, rowActions } from './detail.js';

export function boothColumns(B, withEdit) {
  const cols = [
    { label: fieldLabel(field(B, 'code')), render: (b) => h('a', { href: href('booths', b.id) }, rowLabel(B, b)) },
    { label: fieldLabel(field(B, 'exhibitor_id')), render: (b) => (b.exhibitor_id ? h('a', { href: href('organizations', b.exhibitor_id) }, refLabel(b, 'exhibitor_id')) : '—') },
    { label: fieldLabel(field(B, 'category')), render: (b) => b.category || '—' },
  ];
  if (withEdit) {
    cols.push({
      label: t('list.actions'),
      render: (b) => h('a', { href: `#/booths/${b.id}/edit`, class: 'krds-btn xsmall tertiary', 'aria-label': t('booth.edit_named', { code: rowLabel(B, b) }) }, t('action.edit')),
    });
  }
  return cols;
}

export const byCode = (a, b) => String(a.code ?? '').localeCompare(String(b.code ?? ''), undefined, { numeric: true });

export async function eventPage(e, row) {
  const P = entity('pavilions'), B = entity('booths');
  const pavilions = row.pavilions || [];
  const booths = await Promise.all(pavilions.map((p) => listAll('booths', { pavilion_id: p.id })));
  const alerts = h('div', { class: 'app-alerts' });
  const pavSections = pavilions.map((p, i) => {
    const list = booths[i].sort(byCode);
    const id = `pav-${p.id}`;
    return h('article', { class: 'app-pavilion', 'aria-labelledby': id },
      h('div', { class: 'app-pavilion-head' },
        h('h3', { id, class: 'app-pavilion-title' }, h('a', { href: href('pavilions', p.id) }, rowLabel(P, p))),
        h('p', { class: 'app-pavilion-meta' },
          p.host_organization_id ? h('a', { href: href('organizations', p.host_organization_id) }, refLabel(p, 'host_organization_id')) : null,
          p.hall ? ` · ${p.hall}` : null,
          ` · ${t('event.booth_count', { n: list.length })}`)),
      dataTable({ caption: t('event.booths_caption', { pavilion: rowLabel(P, p) }), columns: boothColumns(B, false), rows: list, empty: t('event.no_booths') }));
  });
  return h('div', { class: 'page page-event' },
    pageHead(rowLabel(e, row), crumbs(e, row), rowActions(e, row, alerts)),
    takeFlash(), alerts,
    section(t('detail.fields'), fieldsTable(e, row, {})),
    section(`${entityLabel(P)} (${pavilions.length})`,
      pavilions.length ? pavSections : h('p', { class: 'app-empty-note' }, t('event.no_pavilions')),
      h('p', { class: 'app-child-actions' }, linkButton(t('detail.add_child', { what: entityLabel(P) }), `#/pavilions/new?event_id=${row.id}`, 'tertiary'))),
    historySection(e, row));
}
