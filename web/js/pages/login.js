// login.js - the login page (#/login?next=#/booths/3): login and password, errors at their fields,
// a wrong password or too many attempts as an alert; afterwards back to the page in ?next.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api, getSession, setSession } from '../api.js';
import { invalidate } from '../meta.js';
import { pageHead, alertBox, problemAlert, flash, takeFlash } from '../ui.js';
import { inputField, showFieldErrors, checkRequired, busy } from '../fields.js';

// Where to go after logging in: a route of this app (never the login page itself), else home.
export function safeNext(next) {
  return typeof next === 'string' && /^#\/(?!login(?:[/?]|$))/.test(next) ? next : '#/';
}

export function loginPage(query) {
  const next = safeNext(query.get('next'));
  const me = getSession();
  const login = inputField({
    id: 'login-login', name: 'login', label: t('login.login'), autocomplete: 'username', maxlength: 300,
    extra: { autocapitalize: 'none', spellcheck: 'false' },
  });
  const password = inputField({ id: 'login-password', name: 'password', label: t('login.password'), type: 'password', autocomplete: 'current-password', maxlength: 300 });
  const fields = [login, password];
  const alerts = h('div', { class: 'app-alerts', tabindex: '-1' });
  const submit = h('button', { type: 'submit', class: 'krds-btn medium primary' }, t('login.submit'));
  const form = h('form', { class: 'app-form app-form-narrow app-login-form', novalidate: true },
    h('div', { class: 'fieldset app-form-stack' }, fields.map((f) => f.group)),
    h('div', { class: 'app-form-actions' }, submit));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    alerts.replaceChildren();
    for (const f of fields) f.clearError();
    const missing = checkRequired(fields);
    if (missing) { missing.el.focus(); return; }
    await busy(form, submit, async () => {
      try {
        const who = await api('POST', 'session', { body: { login: login.value(), password: password.value() }, auth: false });
        invalidate();
        setSession(who);
        flash('ok', t('login.done', { login: who.login }));
        location.replace(next);
      } catch (err) {
        if (err.status === 422) {
          const { first } = showFieldErrors(fields, err.fieldErrors);
          alerts.replaceChildren(problemAlert(err));
          (first ? first.el : alerts).focus();
          return;
        }
        // 401 invalid_credentials, 429 too_many_attempts, or the network: an alert with its own
        // message; the password is typed again.
        alerts.replaceChildren(problemAlert(err));
        password.el.value = '';
        if (err.status === 401) password.el.focus(); else alerts.focus();
      }
    });
  });

  const page = h('div', { class: 'page page-login' },
    pageHead(t('login.title'), [{ text: t('login.title') }]),
    takeFlash(),
    me ? alertBox('info', t('login.already', { login: me.login })) : null,
    h('p', { class: 'app-lead' }, t('login.lead')),
    alerts, form,
    h('p', { class: 'app-login-public' }, t('login.public'), ' ', h('a', { href: '#/trips' }, t('nav.public_trips'))));
  // The first field takes focus once the page is in place (the app focuses the heading first).
  page.dataset.autofocus = '#login-login';
  return page;
}
