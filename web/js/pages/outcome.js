// outcome.js - the outcome report (성과 보고서) of a pavilion, an event or a company
// (#/pavilions/ID/outcome, #/events/ID/outcome, #/organizations/ID/outcome): the summary against
// the previous edition, each stage on its own (never added together) as a chart and a table, the
// breakdowns by company, country, category and pavilion, and the consultations behind any number
// (?stage=…&country=… drills down). Downloads as XLSX and CSV; prints.
import { h } from '../dom.js';
import { t, pick, entityLabel, countryName, getLang } from '../i18n.js';
import { api } from '../api.js';
import { formatMoney } from '../money.js';
import { formatInstant } from '../time.js';
import { pageHead, dataTable, button, section, takeFlash, badge, href } from '../ui.js';

const BASE = '/api/v1/';
export const STAGES = ['consulted', 'negotiating', 'provisional', 'signed', 'exported', 'dropped'];
// the report's subjects: the resource of the page and the report's kind
const KINDS = { pavilions: 'pavilion', events: 'event', organizations: 'company', business_centres: 'centre' };
// the breakdowns and the query parameter that names one of their groups
const AXES = [
  ['by_company', 'organization_id', (g) => g.organization_id],
  ['by_pavilion', 'pavilion_id', (g) => g.pavilion_id],
  ['by_country', 'country', (g) => g.key ?? ''],
  ['by_category', 'category', (g) => g.key ?? ''],
];
const GROUP_PARAMS = AXES.map((a) => a[1]);

export const outcomePath = (res, id) => `#/${res}/${id}/outcome`;
export const hasOutcome = (res) => res in KINDS;

const usd = (minor) => formatMoney(minor, 'USD');
const krw = (minor) => formatMoney(minor, 'KRW');
const num = (n) => (n ?? 0).toLocaleString(getLang() === 'ko' ? 'ko-KR' : 'en-US');
const stageName = (s) => t(`outcome.stage.${s}`);
const nameOf = (g) => pick(g.name_ko, g.name_en) || '';

function groupLabel(axis, g) {
  if (axis === 'by_country') return g.key ? countryName(g.key) : t('outcome.none');
  if (axis === 'by_category') return g.key || t('outcome.none');
  return nameOf(g) || `#${g.organization_id ?? g.pavilion_id}`;
}

// A link to the consultations behind a number: the stage and, when given, one group.
function drillHref(base, stage, param, key) {
  const q = new URLSearchParams({ stage });
  if (param) q.set(param, String(key));
  return `${base}?${q}`;
}

// The change from the previous edition, as a sign and a percentage when both are counts.
function change(now, before) {
  if (before === undefined || before === null) return null;
  const d = now - before;
  const pct = before ? ` (${d >= 0 ? '+' : ''}${Math.round((d / before) * 100)}%)` : '';
  return h('span', { class: `outcome-change ${d > 0 ? 'is-up' : d < 0 ? 'is-down' : ''}` }, `${d >= 0 ? '+' : ''}${num(d)}${pct}`);
}

export function summaryCards(r) {
  const s = r.summary || {}, p = r.previous ? r.previous.summary : null;
  const items = [
    ['companies', s.companies, p?.companies],
    ['consultations', s.consultations, p?.consultations],
    ['meetings_held', s.meetings_held, p?.meetings_held],
    ['agreements', s.agreements?.count, p?.agreements?.count, t('outcome.binding_n', { n: s.agreements?.binding ?? 0 })],
  ];
  return h('dl', { class: 'app-summary outcome-summary' }, items.map(([k, now, before, extra]) =>
    h('div', { class: 'app-summary-item', dataset: { figure: k } },
      h('dt', null, t(`outcome.figure.${k}`)),
      h('dd', null, h('span', { class: 'outcome-figure' }, num(now)),
        extra ? h('span', { class: 'outcome-extra' }, ` · ${extra}`) : null,
        p ? h('span', { class: 'outcome-prev' }, ` ${t('outcome.previous_short')} ${num(before)} `, change(now ?? 0, before ?? 0)) : null))));
}

// Horizontal bars, one row per label with one bar per series (this edition, the previous):
// an SVG drawn from the numbers, with the same numbers in a table beside it.
export function barChart(title, rows, series) {
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const rowH = 14 * series.length + 10, labelW = 150, barW = 360, W = labelW + barW + 110;
  const H = rows.length * rowH + 24;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'outcome-chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', title);
  const el = (tag, attrs, text) => {
    const n = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    svg.append(n);
    return n;
  };
  rows.forEach((r, i) => {
    const y = i * rowH + 4;
    el('text', { x: labelW - 6, y: y + rowH / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'outcome-chart-label' }, r.label);
    r.values.forEach((v, k) => {
      const w = Math.max(v > 0 ? 1 : 0, (v / max) * barW);
      el('rect', { x: labelW, y: y + k * 14, width: w, height: 12, class: `outcome-bar outcome-bar-${k}` });
      el('text', { x: labelW + w + 4, y: y + k * 14 + 10, class: 'outcome-chart-value' }, r.text[k]);
    });
  });
  series.forEach((s, k) => {
    el('rect', { x: labelW + k * 150, y: H - 14, width: 10, height: 10, class: `outcome-bar outcome-bar-${k}` });
    el('text', { x: labelW + k * 150 + 14, y: H - 5, class: 'outcome-chart-legend' }, s);
  });
  return h('figure', { class: 'outcome-figure-chart' }, svg, h('figcaption', { class: 'app-note' }, title));
}

function stageSection(r, base) {
  const stages = r.total.stages, prev = r.previous ? r.previous.total : null;
  const rows = STAGES.map((s) => ({ s, c: stages[s], p: prev ? prev[s] : null }));
  const chart = barChart(t('outcome.chart_stages'),
    rows.map(({ s, c, p }) => ({ label: stageName(s), values: [c.amount.USD, ...(p ? [p.amount.USD] : [])], text: [usd(c.amount.USD), ...(p ? [usd(p.amount.USD)] : [])] })),
    [t('outcome.this_edition'), ...(prev ? [t('outcome.previous_edition')] : [])]);
  const columns = [
    { label: t('outcome.col.stage'), render: (x) => stageName(x.s) },
    { label: t('outcome.col.count'), render: (x) => h('a', { href: drillHref(base, x.s), class: 'outcome-drill', dataset: { stage: x.s } }, num(x.c.count)) },
    { label: t('outcome.col.usd'), render: (x) => usd(x.c.amount.USD) },
    { label: t('outcome.col.krw'), render: (x) => krw(x.c.amount.KRW) },
    { label: t('outcome.col.verified'), render: (x) => h('span', null, usd(x.c.verified.USD), x.c.amount.USD ? h('span', { class: 'outcome-share' }, ` (${Math.round((x.c.verified.USD / x.c.amount.USD) * 100)}%)`) : null) },
    { label: t('outcome.col.unconverted'), render: (x) => (x.c.unconverted ? h('span', { class: 'outcome-unconverted' }, num(x.c.unconverted)) : '0') },
  ];
  if (prev) {
    columns.push({ label: t('outcome.col.prev_count'), render: (x) => num(x.p.count) });
    columns.push({ label: t('outcome.col.prev_usd'), render: (x) => usd(x.p.amount.USD) });
  }
  return section(t('outcome.stages'),
    h('p', { class: 'app-note outcome-apart' }, t('outcome.apart')),
    chart,
    dataTable({ caption: t('outcome.stages_caption'), columns, rows, className: 'outcome-stages' }));
}

// A breakdown: a row per group, per stage its count (a link to its consultations) and amount.
function breakdownSection(r, axis, param, keyOf, base) {
  const groups = [...(r[axis] || [])].sort((a, b) => b.stages.consulted.amount.USD - a.stages.consulted.amount.USD);
  if (!groups.length) return null;
  const columns = [{ label: t(`outcome.group.${axis}`), render: (g) => groupLabel(axis, g) },
    ...STAGES.map((s) => ({
      label: stageName(s),
      render: (g) => h('span', { class: 'outcome-cell' },
        h('a', { href: drillHref(base, s, param, keyOf(g)), class: 'outcome-drill', dataset: { stage: s } }, num(g.stages[s].count)),
        g.stages[s].amount.USD ? h('span', { class: 'outcome-cell-amount' }, usd(g.stages[s].amount.USD)) : null),
    }))];
  const top = groups.slice(0, 10);
  return section(t(`outcome.section.${axis}`),
    axis === 'by_country' || axis === 'by_pavilion'
      ? barChart(t('outcome.chart_consulted_signed', { what: t(`outcome.group.${axis}`) }),
        top.map((g) => ({ label: groupLabel(axis, g), values: [g.stages.consulted.amount.USD, g.stages.signed.amount.USD], text: [usd(g.stages.consulted.amount.USD), usd(g.stages.signed.amount.USD)] })),
        [stageName('consulted'), stageName('signed')])
      : null,
    dataTable({ caption: t(`outcome.section.${axis}`), columns, rows: groups, className: `outcome-breakdown outcome-${axis}` }));
}

function ratesSection(r) {
  const rows = [...(r.rates || []), ...((r.previous && r.previous.rates) || [])];
  return section(t('outcome.rates'), dataTable({
    caption: t('outcome.rates'),
    columns: [
      { label: t('outcome.col.date'), render: (x) => x.date },
      { label: t('outcome.col.pair'), render: (x) => `${x.currency} → ${x.to_currency}` },
      { label: t('outcome.col.rate'), render: (x) => x.rate },
      { label: t('outcome.col.source'), render: (x) => x.source },
    ],
    rows,
    empty: t('outcome.no_rates'),
    className: 'outcome-rates',
  }));
}

// The consultations behind one number, a page at a time, with their total: the report's cell.
async function drillSection(res, id, query, base, r) {
  const params = { stage: query.get('stage') };
  for (const p of [...GROUP_PARAMS, 'verified']) if (query.has(p)) params[p] = query.get(p);
  const path = `${res}/${id}/outcome/consultations`;
  const first = await api('GET', path, { query: { ...params, limit: '100' } });
  const axis = AXES.find((a) => a[1] in params);
  const groupName = axis ? groupLabel(axis[0], (r[axis[0]] || []).find((g) => String(axis[2](g)) === params[axis[1]]) || { key: params[axis[1]], name_ko: params[axis[1]] }) : null;
  const title = t('outcome.drill_title', { stage: stageName(params.stage), n: num(first.lines) }) + (groupName ? ` · ${groupName}` : '');
  const columns = [
    { label: t('outcome.col.consultation'), render: (x) => (x.consultation ? h('a', { href: href('consultations', x.consultation.id) }, x.consultation.buyer_company || `#${x.consultation.id}`) : '—') },
    { label: t('outcome.col.exhibitor'), render: (x) => (x.consultation?.exhibitor ? pick(x.consultation.exhibitor.name_ko, x.consultation.exhibitor.name_en) : '') },
    { label: t('outcome.col.country'), render: (x) => (x.consultation?.buyer_country ? countryName(x.consultation.buyer_country) : '') },
    { label: t('outcome.col.when'), render: (x) => x.date || (x.consultation ? formatInstant(x.consultation.consulted_at, 'UTC') : '') },
    { label: t('outcome.col.amount'), render: (x) => formatMoney(x.amount, x.currency || 'USD') },
    { label: t('outcome.col.usd'), render: (x) => (x.converted ? usd(x.converted.USD) : h('span', { class: 'outcome-unconverted' }, t('outcome.no_rate'))) },
    { label: t('outcome.col.provenance'), render: (x) => badge(x.provenance) },
  ];
  const tbodyHost = h('div', { class: 'outcome-drill-table' });
  let items = [...first.items];
  let next = first.next_after;
  const more = h('p', { class: 'app-more-wrap' });
  const draw = () => {
    tbodyHost.replaceChildren(dataTable({ caption: title, columns, rows: items, empty: t('outcome.drill_empty'), className: 'outcome-lines' }));
    more.replaceChildren(next ? button(t('outcome.more'), async () => {
      const page = await api('GET', path, { query: { ...params, limit: '100', after: String(next) } });
      items = items.concat(page.items);
      next = page.next_after;
      draw();
    }, 'tertiary outcome-more') : '');
  };
  draw();
  const c = first.total;
  return h('section', { class: 'app-section outcome-drill-section', id: 'outcome-drill', 'aria-labelledby': 'outcome-drill-title' },
    h('h2', { class: 'app-section-title', id: 'outcome-drill-title', tabindex: '-1' }, title),
    h('p', { class: 'outcome-drill-total', dataset: { count: String(c.count), usd: String(c.amount.USD) } },
      t('outcome.drill_total', { n: num(c.count), usd: usd(c.amount.USD), krw: krw(c.amount.KRW), verified: usd(c.verified.USD) })),
    h('p', null, h('a', { href: base, class: 'krds-btn small tertiary' }, t('outcome.back_to_report'))),
    tbodyHost, more);
}

export async function outcomePage(e, id, query) {
  const kind = KINDS[e.name];
  const r = await api('GET', `${e.name}/${id}/outcome`);
  const name = nameOf(r.name || {}) || `#${id}`;
  const base = outcomePath(e.name, id);
  const lang = getLang();
  const downloads = h('div', { class: 'app-downloads' },
    h('a', { href: `${BASE}${e.name}/${id}/outcome.xlsx?lang=${lang}`, class: 'krds-btn small tertiary outcome-xlsx', download: '' }, t('outcome.xlsx')),
    h('a', { href: `${BASE}${e.name}/${id}/outcome.csv?lang=${lang}`, class: 'krds-btn small tertiary outcome-csv', download: '' }, t('outcome.csv')));
  const prev = r.previous;
  const basis = h('p', { class: 'app-note outcome-basis' },
    r.date ? t('outcome.rates_of', { date: r.date }) : t('outcome.rates_latest'),
    prev ? ` · ${t('outcome.compared_with', { date: prev.date })}` : ` · ${t('outcome.no_previous')}`);
  const drill = query.get('stage') ? await drillSection(e.name, id, query, base, r) : null;
  // a drill-down takes the reader to its list
  const page = h('div', { class: 'page page-outcome', dataset: drill ? { kind, autofocus: '#outcome-drill-title' } : { kind } },
    pageHead(t('outcome.title', { name }),
      [{ text: entityLabel(e), href: `#/${e.name}` }, { text: name, href: href(e.name, id) }, { text: t('outcome.report') }],
      [button(t('action.print'), () => window.print(), 'tertiary app-print-btn')]),
    takeFlash(),
    basis, downloads,
    drill,
    summaryCards(r),
    stageSection(r, base),
    AXES.map(([axis, param, keyOf]) => breakdownSection(r, axis, param, keyOf, base)),
    ratesSection(r));
  return page;
}

// The link a pavilion, event or company page shows to its report.
export function outcomeLink(res, id) {
  return h('a', { href: outcomePath(res, id), class: 'krds-btn small secondary outcome-link' }, t('outcome.report'));
}
