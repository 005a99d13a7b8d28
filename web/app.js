// app.js - the Roadshow web UI: boots the shell (header, side navigation, language switch) and
// renders the page for the current hash route (#/delegations, #/events/3, #/booths/12/edit).
// The account logged in is asked for at start; a data request that needs a login shows the
// login page, which then returns to where the user was. The public trip pages (#/trips) need
// neither a login nor the descriptors.
import { h, clear } from './js/dom.js';
import { t, initialLang, loadLang, getLang, entityLabel, translateShell } from './js/i18n.js';
import { loadMeta, allEntities, entity, invalidate } from './js/meta.js';
import { ApiError, getSession, refreshSession, onSessionChange, onLoginRequired } from './js/api.js';
import { alertBox, problemAlert, spinner, flash } from './js/ui.js';
import { renderAccount, markAccount, loginHref, closeAccountMenu } from './js/accountmenu.js';
import { homePage } from './js/pages/home.js';
import { listPage } from './js/pages/list.js';
import { detailPage } from './js/pages/detail.js';
import { formPage } from './js/pages/form.js';
import { loginPage } from './js/pages/login.js';
import { passwordPage, tokensPage } from './js/pages/account.js';
import { usersPage } from './js/pages/users.js';
import { settingsPage } from './js/pages/settings.js';
import { itineraryPage } from './js/pages/itinerary.js';
import { tripsPage, tripPage } from './js/pages/trips.js';
import { schedulePage } from './js/pages/b2b.js';
import { agendaPage } from './js/pages/agenda.js';
import { outcomePage, hasOutcome } from './js/pages/outcome.js';
import { startOutbox } from './js/outbox.js';
import { duePage } from './js/pages/due.js';
import { centreStatusPage } from './js/pages/centre.js';
import { pendingBadge } from './js/pending.js';

// Side navigation groups; a resource in no group still appears, under "other".
const GROUPS = [
  ['nav.group.trips', ['delegations', 'delegation_members', 'itinerary_items', 'itinerary_attendees', 'itinerary_counterparts', 'trip_costs', 'trip_institutions']],
  ['nav.group.shows', ['events', 'pavilions', 'booths']],
  ['nav.group.partners', ['organizations', 'people', 'agreements', 'agreement_parties', 'ties']],
  ['nav.group.b2b', ['b2b_events', 'b2b_sessions', 'b2b_venues', 'b2b_walks', 'b2b_participants', 'b2b_absences', 'b2b_requests', 'b2b_meetings']],
  ['nav.group.outcomes', ['consultations', 'follow_ups']],
  ['nav.group.centres', ['business_centres', 'centre_members', 'centre_services']],
  ['nav.group.reference', ['places', 'exchange_rates']],
];

let renderSeq = 0;
let firstRender = true;
let metaLoaded = false;
const collapsed = new Set();
const ID = /^[1-9]\d{0,17}$/;

// The resource descriptors, fetched once they can be (a server that needs a login for them
// answers 401 until the user has logged in).
async function ensureMeta() {
  if (metaLoaded) return;
  await loadMeta();
  metaLoaded = true;
  buildNav();
}

// Pages anyone may open, which never wait for the descriptors or lead to the login page.
const isPublic = (segments) => segments[0] === 'trips';

// Sends the user to the login page, which comes back here afterwards; the login page itself
// replaces this entry in the history, so Back does not return to a page that needs a login.
function goLogin() {
  if (parseHash().segments[0] === 'login') return;
  flash('info', t('login.required'));
  location.replace(loginHref());
}

const loginRequired = () => new ApiError(401, { code: 'login_required' });

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
  if (res === 'login' && segments.length === 1) return loginPage(query, ctx);
  if (isPublic(segments)) {
    if (segments.length === 1) return tripsPage(ctx);
    if (segments.length === 2 && ID.test(id)) return tripPage(Number(id), ctx);
    return notFound();
  }
  if (res === 'account' && segments.length === 2 && (id === 'password' || id === 'tokens')) {
    if (!getSession()) { goLogin(); throw loginRequired(); }
    return id === 'password' ? passwordPage(ctx) : tokensPage(ctx);
  }
  if (res === 'account' && segments.length === 2 && (id === 'users' || id === 'settings')) {
    // The administrator's; nobody logged in is asked to (the list answers 401), unless the
    // server is in set-up mode, where it is open.
    const me = getSession();
    if (me && me.role !== 'admin') throw new ApiError(403, { code: 'forbidden' });
    return id === 'users' ? usersPage(ctx) : settingsPage(ctx);
  }
  await ensureMeta();
  if (!res) return homePage(ctx);
  const e = entity(res);
  if (!e || segments.length > 3) return notFound();
  if (!id) return listPage(e, query, ctx);
  if (id === 'new' && !action) return formPage(e, null, query, ctx);
  if (id === 'due' && !action && e.name === 'consultations') return duePage(e, query, ctx);
  if (!ID.test(id)) return notFound();
  if (!action) return detailPage(e, Number(id), ctx);
  if (action === 'edit') return formPage(e, Number(id), query, ctx);
  if (action === 'itinerary' && e.name === 'delegations') return itineraryPage(e, Number(id), query, ctx);
  if (action === 'schedule' && e.name === 'b2b_events') return schedulePage(e, Number(id), query, ctx);
  if (action === 'agenda' && e.name === 'b2b_participants') return agendaPage(e, Number(id), query, ctx);
  if (action === 'outcome' && hasOutcome(e.name)) return outcomePage(e, Number(id), query, ctx);
  if (action === 'status' && e.name === 'business_centres') return centreStatusPage(e, Number(id), query, ctx);
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
    if (err.status === 401 && err.code === 'login_required') {
      // The login page is on its way (goLogin); nothing to show here meanwhile.
      clearTimeout(slow);
      return;
    }
    console.warn(err);
    const title = { 404: 'page.not_found', 403: 'page.forbidden' }[err.status] || 'page.error';
    node = h('div', null, h('h1', { class: 'page-title', tabindex: '-1' }, t(title)),
      err.status ? problemAlert(err) : alertBox('danger', t('problem.client')));
  }
  clearTimeout(slow);
  if (!ctx.isCurrent()) return;
  clear(main).append(node);
  main.dataset.route = segments.join('/');
  main.removeAttribute('aria-busy');
  for (const sel of main.querySelectorAll('select.krds-form-select')) markSelect(sel);
  markNav(segments[0]);
  markAccount(document.getElementById('app-account'), segments);
  closeNav();
  closeAccountMenu();
  const h1 = main.querySelector('h1');
  document.title = `${h1 ? h1.textContent : ''} | ${t('app.name')}`;
  const again = key && main.querySelector(key);
  // A page may name the control that takes focus on arrival (the login form's first field).
  const auto = !again && node.dataset?.autofocus && main.querySelector(node.dataset.autofocus);
  if (again) again.focus();
  else if (auto) auto.focus();
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

// The side navigation: the published trips (open to anyone), then the resources in groups
// once the descriptors are in.
function buildNav() {
  const nav = document.getElementById('app-nav');
  const known = new Set(GROUPS.flatMap((g) => g[1]));
  const others = allEntities().map((e) => e.name).filter((n) => !known.has(n));
  const groups = others.length ? [...GROUPS, ['nav.group.other', others]] : GROUPS;
  const list = h('ul', { class: 'lnb-list' },
    h('li', { class: 'lnb-item app-nav-public' },
      h('a', { href: '#/trips', class: 'lnb-btn lnb-link app-nav-public-link', dataset: { resource: 'trips' } }, t('nav.public_trips'))));
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
  renderAccount(document.getElementById('app-account'));
  pendingBadge(document.getElementById('app-pending-badge'));
  firstRender = true; // keep focus on the switch the user pressed
  await render();
}

function setupShell() {
  translateShell();
  markLang();
  renderAccount(document.getElementById('app-account'));
  onSessionChange(() => {
    invalidate(); // what a list holds may depend on who asks
    renderAccount(document.getElementById('app-account'));
    markAccount(document.getElementById('app-account'), parseHash().segments);
  });
  onLoginRequired(goLogin);
  // records kept on this device with no network: their count in the header, sent when it returns
  pendingBadge(document.getElementById('app-pending-badge'));
  startOutbox();
  // On a phone the header's tools may wrap below the brand (a long login, English labels); the
  // sticky header is then taller, and the space kept above focused fields grows with it.
  const header = document.getElementById('krds-header');
  if (header && window.ResizeObserver) {
    new ResizeObserver(() => {
      document.documentElement.classList.toggle('app-header-tall', header.offsetHeight > 90);
    }).observe(header);
  }
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
  // The catalogue, the descriptors and the session at once; the descriptors may need a login.
  // A public page does not wait for the descriptors: they only fill the navigation, later.
  const meta = loadMeta({ auth: false }).then(() => { metaLoaded = true; }, () => {});
  const publicPage = isPublic(parseHash().segments);
  try {
    await Promise.all([loadLang(initialLang()), refreshSession().catch(() => null), publicPage ? null : meta]);
  } catch (err) {
    const main = document.getElementById('main');
    clear(main).append(alertBox('danger', `Roadshow could not start: ${err.message || err}`));
    return;
  }
  setupShell();
  buildNav();
  if (publicPage) {
    meta.then(() => {
      if (!metaLoaded) return;
      buildNav();
      markNav(parseHash().segments[0]);
    });
  }
  await render();
  document.documentElement.classList.add('app-ready');
}

start();
