// list.js - the list page of any resource: search (?q), filters, sortable columns and
// "more" paging with the API's cursor. The state lives in the hash, so back/forward and
// shared links keep it.
import { h, clear, nextId, announce } from '../dom.js';
import { t, fieldLabel, entityLabel, enumLabel } from '../i18n.js';
import { api } from '../api.js';
import { cachedList, zoneContext, rowLabel, entity } from '../meta.js';
import { pageHead, dataTable, columnsFor, linkButton, takeFlash, problemAlert } from '../ui.js';

const PAGE = 50;

function listHash(e, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) qs.set(k, v);
  const s = qs.toString();
  return `#/${e.name}${s ? `?${s}` : ''}`;
}

// A new row made from a filtered list starts with those filter values.
function newHref(e, params, filterFields) {
  const qs = new URLSearchParams();
  for (const f of filterFields) if (params[f.name]) qs.set(f.name, params[f.name]);
  const s = qs.toString();
  return `#/${e.name}/new${s ? `?${s}` : ''}`;
}

async function filterControl(e, f, value, id) {
  const common = { id, name: f.name, class: 'krds-form-select small' };
  if (f.type === 'enum') {
    return h('select', common, h('option', { value: '' }, t('filter.any')),
      f.values.map((v) => h('option', { value: v, selected: v === value }, enumLabel(v))));
  }
  if (f.type === 'bool') {
    return h('select', common, h('option', { value: '' }, t('filter.any')),
      h('option', { value: 'true', selected: value === 'true' }, t('value.yes')),
      h('option', { value: 'false', selected: value === 'false' }, t('value.no')));
  }
  if (f.type === 'ref') {
    const re = entity(f.ref);
    const rows = await cachedList(f.ref).catch(() => []);
    return h('select', common, h('option', { value: '' }, t('filter.any')),
      rows.map((r) => h('option', { value: String(r.id), selected: String(r.id) === value }, rowLabel(re, r))));
  }
  return h('input', { ...common, class: 'krds-input small', type: 'text', value: value || '', maxlength: '200', autocomplete: 'off' });
}

export async function listPage(e, query, ctx) {
  const q = query.get('q') || '';
  const sortParam = query.get('sort') || '';
  const filterFields = e.fields.filter((f) => f.filter);
  const searchFields = e.fields.filter((f) => f.search);
  const params = { q, sort: sortParam };
  for (const f of filterFields) if (query.get(f.name)) params[f.name] = query.get(f.name);

  const apiQuery = { limit: PAGE };
  for (const [k, v] of Object.entries(params)) if (v) apiQuery[k] = v;
  const [page, zctx, controls] = await Promise.all([
    api('GET', e.name, { query: apiQuery }),
    zoneContext([e]),
    Promise.all(filterFields.map((f) => filterControl(e, f, params[f.name], nextId(`flt-${f.name}`)))),
  ]);

  // Search and filters.
  const form = h('form', { class: 'app-filter', role: 'search', 'aria-label': t('list.search_label', { what: entityLabel(e) }) });
  let search = null;
  if (searchFields.length) {
    const id = nextId('q'), hint = nextId('q-hint');
    search = h('div', { class: 'form-group app-filter-q' },
      h('div', { class: 'form-tit' }, h('label', { for: id }, t('list.search'))),
      h('div', { class: 'form-conts' }, h('input', { id, name: 'q', type: 'search', class: 'krds-input small', value: q, maxlength: '200', 'aria-describedby': hint, autocomplete: 'off' })),
      h('p', { class: 'form-hint', id: hint }, t('list.search_hint', { fields: searchFields.map(fieldLabel).join(', ') })));
  }
  const groups = filterFields.map((f, i) => h('div', { class: 'form-group app-filter-field' },
    h('div', { class: 'form-tit' }, h('label', { for: controls[i].id }, fieldLabel(f))),
    h('div', { class: 'form-conts' }, controls[i])));
  // Filters fold away on a phone unless one is in use.
  const active = filterFields.filter((f) => params[f.name]).length;
  const phone = window.matchMedia('(max-width: 767px)').matches;
  const filters = groups.length
    ? h('details', { class: 'app-filter-more', open: !phone || active > 0 },
      h('summary', null, active ? t('list.filters_active', { n: active }) : t('list.filters')),
      h('div', { class: 'app-filter-fields' }, groups))
    : null;
  form.append(search, filters,
    h('div', { class: 'app-filter-actions' },
      h('button', { type: 'submit', class: 'krds-btn small primary', dataset: { focusKey: 'apply' } }, t('list.apply')),
      h('a', { href: `#/${e.name}`, class: 'krds-btn small tertiary' }, t('list.reset'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const next = { q: fd.get('q') || '', sort: sortParam };
    for (const f of filterFields) next[f.name] = fd.get(f.name) || '';
    location.hash = listHash(e, next);
  });
  // A changed select applies at once; text waits for Enter or the button.
  form.addEventListener('change', (ev) => { if (ev.target.tagName === 'SELECT') form.requestSubmit(); });

  // Results.
  const pctx = zctx;
  const sortKey = sortParam.replace(/^-/, '');
  const columns = columnsFor(e, pctx);
  const rows = [...page.items];
  let cursor = page.next_cursor;
  const tableHolder = h('div', { class: 'app-results' });
  const count = h('p', { class: 'app-count', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'krds-btn medium secondary app-more' });
  const sort = {
    key: sortKey, desc: sortParam.startsWith('-'),
    onSort: (key) => {
      const desc = key === sortKey && !sortParam.startsWith('-');
      location.hash = listHash(e, { ...params, sort: desc ? `-${key}` : key });
    },
  };
  const draw = () => {
    clear(tableHolder).append(dataTable({ caption: t('list.caption', { what: entityLabel(e) }), columns, rows, sort }));
    count.textContent = t('list.count', { shown: rows.length, total: page.total });
    more.hidden = !cursor;
    more.textContent = t('list.more', { n: Math.min(PAGE, page.total - rows.length) });
  };
  const moreAlert = h('div', { class: 'app-alerts', tabindex: '-1' });
  more.addEventListener('click', async () => {
    more.disabled = true;
    moreAlert.replaceChildren();
    try {
      const next = await api('GET', e.name, { query: { ...apiQuery, cursor } });
      if (!ctx.isCurrent()) return;
      const first = rows.length;
      rows.push(...next.items);
      cursor = next.next_cursor;
      draw();
      tableHolder.querySelectorAll('tbody tr')[first]?.querySelector('a')?.focus();
    } catch (err) {
      moreAlert.replaceChildren(problemAlert(err));
      moreAlert.focus();
    } finally { more.disabled = false; }
  });
  draw();
  announce(count.textContent);

  const exportLink = h('a', { href: `/api/v1/${e.name}.csv`, class: 'krds-btn small tertiary', download: `${e.name}.csv` }, t('list.export_csv'));
  return h('div', { class: 'page page-list' },
    pageHead(entityLabel(e), [{ text: entityLabel(e) }], [linkButton(t('action.new'), newHref(e, params, filterFields), 'primary'), exportLink]),
    takeFlash(),
    form, count, tableHolder, moreAlert, h('div', { class: 'app-more-wrap' }, more));
}
