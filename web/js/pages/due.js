// due.js - the follow-ups due (#/consultations/due?as_of=YYYY-MM-DD): the open consultations
// whose next step falls on or before the day, the most overdue first, with how many each
// company and each organizer has; a company member sees its own and updates them from here.
import { h } from '../dom.js';
import { t, pick, countryName } from '../i18n.js';
import { api } from '../api.js';
import { entity } from '../meta.js';
import { pageHead, dataTable, section, takeFlash, badge, href, linkButton } from '../ui.js';

const nameOf = (x) => (x ? pick(x.name_ko, x.name_en) : '');

function tallies(title, rows) {
  return section(title, dataTable({
    caption: title,
    rows,
    className: 'due-tally',
    columns: [
      { label: t('due.col.organization'), render: (g) => nameOf(g) || `#${g.organization_id}` },
      { label: t('due.col.due'), render: (g) => String(g.due) },
      { label: t('due.col.overdue'), render: (g) => String(g.overdue) },
    ],
  }));
}

export async function duePage(e, query) {
  const asOf = query.get('as_of');
  const d = await api('GET', 'consultations/due', { query: asOf ? { as_of: asOf } : {} });
  const input = h('input', { type: 'date', id: 'due-as-of', class: 'krds-input medium', value: d.as_of });
  const form = h('form', { class: 'app-filter due-filter', role: 'search' },
    h('div', { class: 'form-group' },
      h('div', { class: 'form-tit' }, h('label', { for: 'due-as-of' }, t('due.as_of'))),
      h('div', { class: 'form-conts' }, input)),
    h('button', { type: 'submit', class: 'krds-btn medium secondary' }, t('due.show')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/consultations/due?as_of=${encodeURIComponent(input.value)}`;
  });
  const items = [...d.items].sort((a, b) => b.days_overdue - a.days_overdue);
  const table = dataTable({
    caption: t('due.caption', { day: d.as_of }),
    rows: items,
    className: 'due-list',
    empty: t('due.none'),
    columns: [
      { label: t('due.col.consultation'), render: (x) => h('a', { href: href('consultations', x.id) }, x.buyer_company || `#${x.id}`) },
      { label: t('due.col.exhibitor'), render: (x) => nameOf(x.exhibitor) },
      { label: t('due.col.country'), render: (x) => (x.buyer_country ? countryName(x.buyer_country) : '') },
      { label: t('due.col.stage'), render: (x) => badge(x.stage) },
      { label: t('due.col.next_step'), render: (x) => x.next_step || '' },
      { label: t('due.col.on'), render: (x) => x.next_step_on },
      { label: t('due.col.late'), render: (x) => h('span', { class: x.days_overdue > 0 ? 'due-late' : 'due-today' }, x.days_overdue > 0 ? t('due.days_late', { n: x.days_overdue }) : t('due.today')) },
      { label: t('due.col.action'), render: (x) => h('span', { class: 'due-actions' },
        h('a', { href: `#/follow_ups/new?consultation_id=${x.id}`, class: 'krds-btn small secondary due-add' }, t('due.add_follow_up')),
        ' ', h('a', { href: `#/consultations/${x.id}/edit`, class: 'krds-btn small tertiary' }, t('due.edit'))) },
    ],
  });
  return h('div', { class: 'page page-due' },
    pageHead(t('due.title'), [{ text: pick(entity('consultations').label_ko, entity('consultations').label_en), href: '#/consultations' }, { text: t('due.title') }],
      [linkButton(t('due.log_new'), '#/consultations/new', 'primary')]),
    takeFlash(),
    h('p', { class: 'app-lead' }, t('due.lead', { n: items.length, late: items.filter((x) => x.days_overdue > 0).length, day: d.as_of })),
    form,
    section(t('due.list'), table),
    d.by_organizer.length > 1 ? tallies(t('due.by_organizer'), d.by_organizer) : null,
    tallies(t('due.by_company'), d.by_company));
}
