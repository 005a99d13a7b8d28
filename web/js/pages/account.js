// account.js - the logged-in account's own pages: #/account/password (change the password) and
// #/account/tokens (API tokens: the list with revoke, and a form that makes one and shows its
// secret exactly once).
import { h, announce } from '../dom.js';
import { t } from '../i18n.js';
import { api, getSession, setSession } from '../api.js';
import { browserZone, formatInstant } from '../time.js';
import { pageHead, alertBox, problemAlert, dataTable, button, confirmDialog, flash, takeFlash, section } from '../ui.js';
import { inputField, showFieldErrors, checkRequired, busy } from '../fields.js';

const crumbs = (text) => [{ text: t('account.crumb') }, { text }];

function unplacedList(unplaced) {
  return unplaced.length ? [h('ul', { class: 'app-error-list' }, unplaced.map((fe) => h('li', null, `${fe.field}: ${fe.message || fe.code}`)))] : [];
}

export function passwordPage() {
  const me = getSession();
  const current = inputField({ id: 'pw-current', name: 'current_password', label: t('password.current'), type: 'password', autocomplete: 'current-password', mark: true, maxlength: 300 });
  const next = inputField({ id: 'pw-new', name: 'new_password', label: t('password.new'), type: 'password', autocomplete: 'new-password', mark: true, hint: t('password.hint'), maxlength: 300 });
  const repeat = inputField({ id: 'pw-repeat', name: 'new_password_repeat', label: t('password.repeat'), type: 'password', autocomplete: 'new-password', mark: true, hint: t('password.repeat_hint'), maxlength: 300 });
  const fields = [current, next, repeat];
  const alerts = h('div', { class: 'app-alerts', tabindex: '-1' });
  const submit = h('button', { type: 'submit', class: 'krds-btn medium primary' }, t('password.submit'));
  const form = h('form', { class: 'app-form app-form-narrow', novalidate: true, 'aria-describedby': 'pw-req-note' },
    h('p', { class: 'app-note', id: 'pw-req-note' }, t('form.required_note')),
    // For password managers: the account the new password belongs to.
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: me?.login || '', readonly: true, hidden: true, tabindex: '-1' }),
    h('div', { class: 'fieldset app-form-stack' }, fields.map((f) => f.group)),
    h('div', { class: 'app-form-actions' }, submit));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    alerts.replaceChildren();
    for (const f of fields) f.clearError();
    let first = checkRequired(fields);
    if (!first && next.value() !== repeat.value()) {
      repeat.setError(t('error.password_mismatch'));
      first = repeat;
    }
    if (first) { first.el.focus(); return; }
    await busy(form, submit, async () => {
      try {
        const who = await api('POST', 'session/password', { body: { current_password: current.value(), new_password: next.value() } });
        setSession(who); // a new session: its CSRF token replaces the old one
        for (const f of fields) f.el.value = '';
        alerts.replaceChildren(alertBox('ok', t('password.done')));
        announce(t('password.done'));
        alerts.focus();
      } catch (err) {
        // The API names the new password "password".
        const map = { current_password: current, new_password: next, password: next };
        const { first: at, unplaced } = showFieldErrors(fields, err.fieldErrors, (name) => map[name]);
        if (err.code === 'login_required') return; // the login page takes over
        alerts.replaceChildren(problemAlert(err, unplacedList(unplaced)));
        (at ? at.el : alerts).focus();
      }
    });
  });

  return h('div', { class: 'page page-password' },
    pageHead(t('password.title'), crumbs(t('password.title'))),
    takeFlash(),
    me ? h('p', { class: 'app-lead' }, t('password.lead', { login: me.login })) : null,
    alerts, form);
}

function tokenStatus(tok, zone) {
  if (!tok.revoked_at) return h('span', { class: 'krds-badge bg-light-success' }, t('tokens.active'));
  return h('span', null, h('span', { class: 'krds-badge bg-light-gray' }, t('tokens.revoked')), ' ',
    h('time', { datetime: tok.revoked_at, title: zone, class: 'app-nowrap' }, formatInstant(tok.revoked_at, zone)));
}

export async function tokensPage(ctx) {
  const zone = browserZone();
  const alerts = h('div', { class: 'app-alerts', tabindex: '-1' });
  const tableSlot = h('div', { class: 'app-tokens-list' });

  const revoke = async (tok) => {
    const ok = await confirmDialog({
      title: t('tokens.revoke_title'),
      message: t('tokens.revoke_message', { name: tok.name }),
      confirm: t('tokens.revoke'),
    });
    if (!ok) return;
    try {
      await api('DELETE', `tokens/${tok.id}`);
      flash('ok', t('tokens.revoked_done', { name: tok.name }));
      ctx.rerender();
    } catch (err) {
      if (err.code === 'login_required') return;
      alerts.replaceChildren(problemAlert(err));
      alerts.focus();
    }
  };

  const table = (items) => dataTable({
    caption: t('tokens.caption'),
    className: 'app-tokens',
    rows: items,
    empty: t('tokens.empty'),
    columns: [
      { label: t('tokens.col_name'), render: (r) => r.name },
      { label: t('tokens.col_created'), render: (r) => h('time', { datetime: r.created_at, title: zone, class: 'app-nowrap' }, formatInstant(r.created_at, zone)) },
      { label: t('tokens.col_status'), render: (r) => tokenStatus(r, zone) },
      {
        label: t('list.actions'),
        render: (r) => (r.revoked_at ? '' : button(t('tokens.revoke'), () => revoke(r), 'tertiary app-danger-text',
          { 'aria-label': t('tokens.revoke_named', { name: r.name }), dataset: { focusKey: `revoke-${r.id}` } })),
      },
    ],
  });
  const load = async () => {
    const { items } = await api('GET', 'tokens');
    // newest first
    items.sort((a, b) => (b.created_at || '').localeCompare(a.created_at || '') || b.id - a.id);
    tableSlot.replaceChildren(table(items));
  };
  await load();

  // The form that makes a token; the secret appears below it, once.
  const name = inputField({ id: 'token-name', name: 'name', label: t('tokens.name'), mark: true, hint: t('tokens.name_hint'), maxlength: 100 });
  const created = h('div', { class: 'app-token-created', tabindex: '-1' });
  const submit = h('button', { type: 'submit', class: 'krds-btn medium primary' }, t('tokens.create'));
  const form = h('form', { class: 'app-form app-form-narrow app-token-form', novalidate: true },
    h('div', { class: 'fieldset app-form-stack' }, name.group),
    h('div', { class: 'app-form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    alerts.replaceChildren();
    created.replaceChildren();
    name.clearError();
    const missing = checkRequired([name]);
    if (missing) { missing.el.focus(); return; }
    await busy(form, submit, async () => {
      try {
        const tok = await api('POST', 'tokens', { body: { name: name.value() } });
        name.el.value = '';
        created.replaceChildren(secretBox(tok));
        await load().catch(() => {});
        created.querySelector('input').focus();
        created.querySelector('input').select();
      } catch (err) {
        if (err.code === 'login_required') return;
        const { first, unplaced } = showFieldErrors([name], err.fieldErrors);
        created.replaceChildren(problemAlert(err, unplacedList(unplaced)));
        (first ? first.el : created).focus();
      }
    });
  });

  return h('div', { class: 'page page-tokens' },
    pageHead(t('tokens.title'), crumbs(t('tokens.title'))),
    takeFlash(), alerts,
    h('p', { class: 'app-lead' }, t('tokens.lead')),
    section(t('tokens.list'), tableSlot),
    section(t('tokens.new'), form, created));
}

// The secret of a token just made: a read-only field to copy from, and the warning that it will
// not be shown again.
function secretBox(tok) {
  return oneTimeSecret({
    id: 'token-secret', value: tok.token, message: t('tokens.created', { name: tok.name }),
    label: t('tokens.secret'), warning: t('tokens.secret_warning'), copied: t('tokens.copied'),
  });
}

// A secret shown once (a token, a generated password): a KRDS notice with the warning, the
// value in a read-only field that selects itself, and a copy button.
export function oneTimeSecret({ id, value, message, label, warning, copied }) {
  const warnId = `${id}-warning`;
  const input = h('input', {
    id, type: 'text', class: 'krds-input medium app-secret', value, readonly: true,
    autocomplete: 'off', spellcheck: 'false', 'aria-describedby': warnId,
  });
  const status = h('p', { class: 'app-copy-status', role: 'status' });
  const copy = button(t('tokens.copy'), async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(value);
      status.textContent = copied;
    } catch {
      status.textContent = t('tokens.copy_failed');
    }
  }, 'secondary app-copy-btn');
  input.addEventListener('focus', () => input.select());
  announce(message);
  // Styled as a KRDS notice but not a live region: the secret is not read out on its own.
  const box = alertBox('ok', message, [
    h('p', { class: 'app-secret-warning', id: warnId }, h('strong', null, warning)),
    h('div', { class: 'form-group app-field app-secret-field' },
      h('div', { class: 'form-tit' }, h('label', { for: id }, label)),
      h('div', { class: 'form-conts app-secret-row' }, input, copy)),
    status,
  ]);
  box.removeAttribute('role');
  return box;
}
