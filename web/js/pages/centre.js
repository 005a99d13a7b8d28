// centre.js - a business centre's status (#/business_centres/ID/status): its member companies
// by mode, the services it gave them by kind and by month (a chart beside the table), the
// members, and their consultations' outcome with a link to the full report.
import { h } from '../dom.js';
import { t, pick, enumLabel, entityLabel } from '../i18n.js';
import { api } from '../api.js';
import { formatMoney } from '../money.js';
import { pageHead, dataTable, section, takeFlash, button, href } from '../ui.js';
import { barChart, summaryCards, STAGES, outcomePath } from './outcome.js';

export async function centreStatusPage(e, id) {
  const d = await api('GET', `business_centres/${id}/status`);
  const name = pick(d.centre.name_ko, d.centre.name_en);
  const kinds = Object.keys(d.services.by_kind);
  const modes = Object.entries(d.members.by_mode);
  return h('div', { class: 'page page-centre-status' },
    pageHead(t('centre.title', { name }),
      [{ text: entityLabel(e), href: '#/business_centres' }, { text: name, href: href('business_centres', id) }, { text: t('centre.status') }],
      [button(t('action.print'), () => window.print(), 'tertiary app-print-btn')]),
    takeFlash(),
    h('dl', { class: 'app-summary centre-summary' },
      h('div', { class: 'app-summary-item', dataset: { figure: 'members' } }, h('dt', null, t('centre.members')), h('dd', null, h('span', { class: 'outcome-figure' }, String(d.members.total)))),
      modes.map(([m, n]) => h('div', { class: 'app-summary-item', dataset: { figure: m } }, h('dt', null, enumLabel(m)), h('dd', null, String(n)))),
      h('div', { class: 'app-summary-item', dataset: { figure: 'services' } }, h('dt', null, t('centre.services')), h('dd', null, h('span', { class: 'outcome-figure' }, String(d.services.total))))),
    section(t('centre.services_by_kind'),
      barChart(t('centre.services_by_kind'), kinds.map((k) => ({ label: enumLabel(k), values: [d.services.by_kind[k]], text: [String(d.services.by_kind[k])] })), [t('centre.services')]),
      dataTable({
        caption: t('centre.services_by_month'),
        className: 'centre-months',
        rows: d.services.by_month,
        empty: t('centre.no_services'),
        columns: [{ label: t('centre.month'), render: (m) => m.month }, { label: t('centre.total'), render: (m) => String(m.total) },
          ...kinds.map((k) => ({ label: enumLabel(k), render: (m) => String(m.by_kind[k] || 0) }))],
      })),
    section(t('centre.outcome'),
      summaryCards({ summary: d.outcome.summary }),
      dataTable({
        caption: t('centre.outcome'),
        className: 'centre-outcome',
        rows: STAGES.map((s) => ({ s, c: d.outcome.total.stages[s] })),
        columns: [
          { label: t('outcome.col.stage'), render: (x) => t(`outcome.stage.${x.s}`) },
          { label: t('outcome.col.count'), render: (x) => String(x.c.count) },
          { label: t('outcome.col.usd'), render: (x) => formatMoney(x.c.amount.USD, 'USD') },
        ],
      }),
      h('p', null, h('a', { href: outcomePath('business_centres', id), class: 'krds-btn small secondary centre-report' }, t('outcome.report')))),
    section(t('centre.member_list', { n: d.members.total }), dataTable({
      caption: t('centre.member_list', { n: d.members.total }),
      className: 'centre-members',
      rows: d.members.items,
      columns: [
        { label: t('centre.member'), render: (m) => h('a', { href: href('organizations', m.organization_id) }, pick(m.name_ko, m.name_en) || `#${m.organization_id}`) },
        { label: t('centre.mode'), render: (m) => enumLabel(m.mode) },
        { label: t('centre.since'), render: (m) => m.since || '' },
      ],
    })));
}
