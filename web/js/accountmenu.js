// accountmenu.js - the account area of the header: logged in, the login and role with a KRDS
// dropdown (accounts, for an administrator; change password, API tokens, log out); logged out, a link to the login page that
// comes back to the page shown.
import { h, clear, announce } from './dom.js';
import { t, has } from './i18n.js';
import { api, getSession, setSession } from './api.js';
import { invalidate } from './meta.js';
import { flash, problemAlert } from './ui.js';

export function roleLabel(role) {
  return has(`role.${role}`) ? t(`role.${role}`) : String(role || '');
}

// The login page's address, returning to `from` (a hash like "#/booths/3") afterwards. On the
// login page itself it is that page's own address, so the way back (its ?next) is kept.
export function loginHref(from = location.hash) {
  if (/^#\/login(?:\?|$)/.test(from || '')) return from;
  const back = from && from.startsWith('#/') && !/^#\/login(?:[/?]|$)/.test(from) ? from : '';
  return back && back !== '#/' ? `#/login?next=${encodeURIComponent(back)}` : '#/login';
}

let closeOpenMenu = null;

export function closeAccountMenu(focusButton = false) {
  if (closeOpenMenu) closeOpenMenu(focusButton);
}

async function logout() {
  closeAccountMenu();
  try {
    await api('DELETE', 'session', { auth: false });
  } catch (err) {
    // 401: the session had already ended, which is what was asked for.
    if (err.status !== 401) {
      const main = document.getElementById('main');
      const box = problemAlert(err);
      main.querySelector('.app-account-alert')?.remove();
      box.classList.add('app-account-alert');
      main.prepend(box);
      box.setAttribute('tabindex', '-1');
      box.focus();
      return;
    }
  }
  invalidate();
  setSession(null);
  flash('ok', t('logout.done'));
  announce(t('logout.done'));
  if (location.hash === '#/login') window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = '#/login';
}

// (Re)draws the account area in root for the current session and language.
export function renderAccount(root) {
  closeAccountMenu();
  const me = getSession();
  if (!me) {
    const onLogin = /^#\/login(?:[/?]|$)/.test(location.hash);
    clear(root).append(h('a', {
      href: loginHref(), class: 'krds-btn small secondary app-login-link', 'aria-current': onLogin ? 'page' : null,
    }, t('account.login')));
    return;
  }
  const menuId = 'app-account-menu';
  const btn = h('button', {
    type: 'button', class: 'krds-btn small secondary drop-btn app-account-btn', 'aria-expanded': 'false', 'aria-controls': menuId,
  },
  h('span', { class: 'sr-only' }, `${t('account.menu')}: `),
  h('span', { class: 'app-account-login' }, me.login),
  h('span', { class: 'app-account-role' }, roleLabel(me.role)));
  const menu = h('div', { class: 'drop-menu app-account-menu', id: menuId, hidden: true },
    h('div', { class: 'drop-in' },
      h('div', { class: 'drop-top app-account-who' },
        h('strong', null, me.login), h('span', null, roleLabel(me.role))),
      h('ul', { class: 'drop-list' },
        me.role === 'admin' ? h('li', null, h('a', { href: '#/account/users', class: 'item-link', dataset: { account: 'users' } }, t('account.users'))) : null,
        h('li', null, h('a', { href: '#/account/password', class: 'item-link', dataset: { account: 'password' } }, t('account.password'))),
        h('li', null, h('a', { href: '#/account/tokens', class: 'item-link', dataset: { account: 'tokens' } }, t('account.tokens'))),
        h('li', null, h('button', { type: 'button', class: 'item-link app-logout', onclick: logout }, t('account.logout'))))));
  const wrap = h('div', { class: 'krds-drop-wrap drop-right app-account' }, btn, menu);

  const onDocClick = (ev) => { if (!wrap.contains(ev.target)) close(false); };
  const onKey = (ev) => { if (ev.key === 'Escape') { ev.preventDefault(); close(true); } };
  const onFocusOut = (ev) => { if (ev.relatedTarget && !wrap.contains(ev.relatedTarget)) close(false); };
  function open() {
    menu.hidden = false;
    btn.setAttribute('aria-expanded', 'true');
    btn.classList.add('active');
    document.addEventListener('click', onDocClick, true);
    wrap.addEventListener('keydown', onKey);
    wrap.addEventListener('focusout', onFocusOut);
    closeOpenMenu = close;
  }
  function close(focusButton) {
    menu.hidden = true;
    btn.setAttribute('aria-expanded', 'false');
    btn.classList.remove('active');
    document.removeEventListener('click', onDocClick, true);
    wrap.removeEventListener('keydown', onKey);
    wrap.removeEventListener('focusout', onFocusOut);
    if (closeOpenMenu === close) closeOpenMenu = null;
    if (focusButton) btn.focus();
  }
  btn.addEventListener('click', () => (menu.hidden ? open() : close(false)));
  for (const a of menu.querySelectorAll('a')) a.addEventListener('click', () => close(false));
  clear(root).append(wrap);
}

// Marks the menu entry of the page shown.
export function markAccount(root, segments) {
  for (const a of root.querySelectorAll('a[data-account]')) {
    const on = segments[0] === 'account' && segments[1] === a.dataset.account;
    a.classList.toggle('active', on);
    if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const link = root.querySelector('.app-login-link');
  if (link) {
    link.setAttribute('href', loginHref());
    if (segments[0] === 'login') link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
}
