// app.js - the Roadshow web UI: boots the shell (header, side navigation, language switch) and
// renders the page for the current hash route (#/delegations, #/events/3, #/booths/12/edit).
import { h, clear } from './js/dom.js';
import { t, initialLang, loadLang, getLang, entityLabel, translateShell } from './js/i18n.js';
import { loadMeta, allEntities, entity } from './js/meta.js';
import { alertBox, problemAlert, spinner } from './js/ui.js';
import { homePage } from './js/pages/home.js';
import { listPage } from './js/pages/list.js';
import { detailPage } from './js/pages/detail.js';
import { formPage } from './js/pages/form.js';

// Side navigation groups; a resource in no group still appears, under "other".
const GROUPS = [
  ['nav.group.trips', ['delegations', 'delegation_members', 'itinerary_items', 'itinerary_counterparts']],
  ['nav.group.shows', ['events', 'pavilions', 'booths']],
  ['nav.group.partners', ['organizations', 'people', 'agreements', 'agreement_parties', 'ties']],
  ['nav.group.centres', ['business_centres', 'centre_members']],
  ['nav.group.reference', ['places']],
];

let renderSeq = 0;
let firstRender = true;
const collapsed = new Set();

function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const decode = (x) => { try { return decodeURIComponent(x); } catch { return x; } };
  return { segments: path.split('/').filter(Boolean).map(decode), query };
}

function notFound() {
  return h('div', null, h('h1', { class: 'page-title', tabindex: '-1' }, t('page.not_found')),
    alertBox('info', t('page.not_found_detail')), h('p', null, h('a', { href: '#/' }, t('nav.home'))));
}

async function route(segments, query, ctx) {
  const [res, id, action] = segments;
  if (!res) return homePage(ctx);
  const e = entity(res);
  if (!e || segments.length > 3) return notFound();
  if (!id) return listPage(e, query, ctx);
  if (id === 'new' && !action) return formPage(e, null, query, ctx);
  if (!/^[1-9]\d{0,17}$/.test(id)) return notFound();
  if (!action) return detailPage(e, Number(id), ctx);
  if (action === 'edit') return formPage(e, Number(id), query, ctx);
  return notFound();
}

async function render() {
  const seq = ++renderSeq;
  const { segments, query } = parseHash();
  const main = document.getElementById('main');
  const ctx = { isCurrent: () => seq === renderSeq, rerender: render };
  // A new query on the same page (a filter, a sort) keeps focus on the control that made it.
  const key = main.dataset.route === segments.join('/') ? focusKey(document.activeElement) : null;
  main.setAttribute('aria-busy', 'true');
  const slow = setTimeout(() => { if (ctx.isCurrent()) clear(main).append(spinner()); }, 150);
  let node;
  try {
    node = await route(segments, query, ctx);
  } catch (err) {
    console.warn(err);
    node = h('div', null, h('h1', { class: 'page-title', tabindex: '-1' }, err.status === 404 ? t('page.not_found') : t('page.error')),
      err.status ? problemAlert(err) : alertBox('danger', t('problem.client')));
  }
  clearTimeout(slow);
  if (!ctx.isCurrent()) return;
  clear(main).append(node);
  main.dataset.route = segments.join('/');
  main.removeAttribute('aria-busy');
  for (const sel of main.querySelectorAll('select.krds-form-select')) markSelect(sel);
  markNav(segments[0]);
  closeNav();
  const h1 = main.querySelector('h1');
  document.title = `${h1 ? h1.textContent : ''} | ${t('app.name')}`;
  const again = key && main.querySelector(key);
  if (again) again.focus();
  else if (!firstRender) {
    window.scrollTo(0, 0);
    if (h1) h1.focus();
  }
  firstRender = false;
}

// A selector that finds the same control after a re-render: form fields by name, other
// controls by data-focus-key.
function focusKey(el) {
  if (!el || !document.getElementById('main').contains(el)) return null;
  if (el.dataset.focusKey) return `[data-focus-key="${CSS.escape(el.dataset.focusKey)}"]`;
  if (el.name) return `[name="${CSS.escape(el.name)}"]`;
  return null;
}

// KRDS draws a select's text dim until it holds a choice ("completed").
function markSelect(sel) {
  sel.classList.toggle('completed', sel.value !== '');
}

function buildNav() {
  const nav = document.getElementById('app-nav');
  const known = new Set(GROUPS.flatMap((g) => g[1]));
  const others = allEntities().map((e) => e.name).filter((n) => !known.has(n));
  const groups = others.length ? [...GROUPS, ['nav.group.other', others]] : GROUPS;
  const list = h('ul', { class: 'lnb-list' });
  groups.forEach(([key, names], i) => {
    const present = names.filter((n) => entity(n));
    if (!present.length) return;
    const subId = `lnb-sub-${i}`;
    const open = !collapsed.has(key);
    const item = h('li', { class: ['lnb-item', open && 'active'] });
    const toggle = h('button', {
      type: 'button', class: 'lnb-btn lnb-toggle', 'aria-controls': subId, 'aria-expanded': String(open),
      onclick: () => {
        const now = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(now));
        item.classList.toggle('active', now);
        if (now) collapsed.delete(key); else collapsed.add(key);
      },
    }, t(key));
    item.append(toggle, h('div', { class: 'lnb-submenu' },
      h('ul', { id: subId }, present.map((n) => h('li', { class: 'lnb-subitem' },
        h('a', { href: `#/${n}`, class: 'lnb-btn lnb-link', dataset: { resource: n } }, entityLabel(entity(n))))))));
    list.append(item);
  });
  clear(nav).append(h('h2', { class: 'lnb-tit' }, t('nav.title')), list);
}

function markNav(resource) {
  for (const a of document.querySelectorAll('#app-nav a[data-resource]')) {
    const on = a.dataset.resource === resource;
    a.classList.toggle('selected', on);
    if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}

function closeNav() {
  document.body.classList.remove('app-nav-open');
  document.querySelector('.app-menu-btn')?.setAttribute('aria-expanded', 'false');
}

function markLang() {
  for (const b of document.querySelectorAll('[data-lang]')) {
    const on = b.dataset.lang === getLang();
    b.setAttribute('aria-pressed', String(on));
    b.classList.toggle('is-current', on);
  }
}

async function switchLang(l) {
  if (l === getLang()) return;
  await loadLang(l);
  translateShell();
  markLang();
  buildNav();
  firstRender = true; // keep focus on the switch the user pressed
  await render();
}

function setupShell() {
  translateShell();
  markLang();
  buildNav();
  for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => switchLang(b.dataset.lang));
  const menu = document.querySelector('.app-menu-btn');
  menu.addEventListener('click', () => {
    const open = !document.body.classList.contains('app-nav-open');
    document.body.classList.toggle('app-nav-open', open);
    menu.setAttribute('aria-expanded', String(open));
    if (open) document.querySelector('#app-nav a, #app-nav button')?.focus();
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && document.body.classList.contains('app-nav-open')) {
      closeNav();
      menu.focus();
    }
  });
  document.querySelector('[data-skip]').addEventListener('click', (ev) => {
    ev.preventDefault();
    const main = document.getElementById('main');
    (main.querySelector('h1') || main).focus();
  });
  window.addEventListener('hashchange', render);
  document.addEventListener('change', (ev) => {
    if (ev.target.matches?.('select.krds-form-select')) markSelect(ev.target);
  });
}

async function start() {
  try {
    await Promise.all([loadLang(initialLang()), loadMeta()]);
  } catch (err) {
    const main = document.getElementById('main');
    clear(main).append(alertBox('danger', `Roadshow could not start: ${err.message || err}`));
    return;
  }
  setupShell();
  await render();
  document.documentElement.classList.add('app-ready');
}

start();
