// users.js - #/account/users, the administrator's page of accounts: the table of every account
// (login, name, role, organization, active or disabled, when its password was set) with
// disable/enable and "set a new password", and the form that makes an account, showing the
// password the server generated exactly once. Its head leads to the settings (#/account/settings).
import { h, announce } from '../dom.js';
import { t, pick, enumLabel } from '../i18n.js';
import { api, listAll, getSession } from '../api.js';
import { browserZone, formatInstant } from '../time.js';
import { pageHead, alertBox, problemAlert, dataTable, confirmDialog, openModal, flash, takeFlash, section, linkButton } from '../ui.js';
import { inputField, selectField, showFieldErrors, checkRequired, busy } from '../fields.js';
import { roleLabel } from '../accountmenu.js';
import { oneTimeSecret } from './account.js';

const ROLES = ['viewer', 'organizer', 'company', 'admin'];
const needsOrganization = (role) => role !== 'admin';

// The API's field errors, with the message for a login already taken said as such.
const withLoginTaken = (errors) => errors.map((fe) => (fe.field === 'login' && fe.code === 'duplicate' ? { ...fe, code: 'login_taken' } : fe));

function unplacedList(unplaced) {
  return unplaced.length ? [h('ul', { class: 'app-error-list' }, unplaced.map((fe) => h('li', null, `${fe.field}: ${fe.message || fe.code}`)))] : [];
}

// A small button of a table row, named for its row (aria-label) and refocused after a re-render.
function rowButton(text, onclick, cls, label, key) {
  return h('button', { type: 'button', class: `krds-btn xsmall tertiary ${cls}`, onclick, 'aria-label': label, dataset: { focusKey: key } }, text);
}

function statusBadge(u) {
  return u.disabled
    ? h('span', { class: 'krds-badge bg-light-gray app-user-status', dataset: { status: 'disabled' } }, t('users.disabled'))
    : h('span', { class: 'krds-badge bg-light-success app-user-status', dataset: { status: 'active' } }, t('users.active'));
}

// Organizations as select options, grouped by kind (government, company, ...), by name.
function organizationOptions(orgs) {
  const byKind = new Map();
  for (const o of orgs) {
    const k = o.kind || 'other';
    if (!byKind.has(k)) byKind.set(k, []);
    byKind.get(k).push(o);
  }
  const label = (o) => pick(o.name_ko, o.name_en) || `#${o.id}`;
  return [h('option', { value: '' }, t('form.choose')),
    ...[...byKind.entries()].map(([kind, list]) => h('optgroup', { label: enumLabel(kind) },
      list.sort((a, b) => label(a).localeCompare(label(b), 'ko')).map((o) => h('option', { value: String(o.id) }, label(o)))))];
}

// The dialog that sets a new password for an account; resolves true once it is set.
function passwordDialog(u) {
  return new Promise((resolve) => {
    const pw = inputField({ id: 'user-pw-new', name: 'password', label: t('password.new'), type: 'password', autocomplete: 'new-password', mark: true, hint: t('users.password_set_hint'), maxlength: 300 });
    const repeat = inputField({ id: 'user-pw-repeat', name: 'password_repeat', label: t('password.repeat'), type: 'password', autocomplete: 'new-password', mark: true, hint: t('password.repeat_hint'), maxlength: 300 });
    const fields = [pw, repeat];
    const alerts = h('div', { class: 'app-alerts', tabindex: '-1' });
    const submit = h('button', { type: 'submit', class: 'krds-btn medium primary' }, t('users.set_password'));
    let dlg = null;
    const cancel = h('button', { type: 'button', class: 'krds-btn medium tertiary', onclick: () => dlg.close(false) }, t('action.cancel'));
    const descId = 'user-pw-desc';
    dlg = openModal({
      tag: 'form', size: 'modal-md', title: t('users.password_title', { login: u.login }), describedBy: descId,
      body: [h('p', { id: descId }, t('users.password_lead', { login: u.login })), alerts,
        // For password managers: the account the new password belongs to.
        h('input', { type: 'text', name: 'username', autocomplete: 'username', value: u.login, readonly: true, hidden: true, tabindex: '-1' }),
        h('div', { class: 'fieldset app-form-stack' }, fields.map((f) => f.group))],
      footer: [cancel, submit],
      onClose: resolve,
      focus: pw.el,
    });
    dlg.content.classList.add('app-user-password-form');
    dlg.content.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      alerts.replaceChildren();
      for (const f of fields) f.clearError();
      let first = checkRequired(fields);
      if (!first && pw.value() !== repeat.value()) {
        repeat.setError(t('error.password_mismatch'));
        first = repeat;
      }
      if (first) { first.el.focus(); return; }
      await busy(dlg.content, submit, async () => {
        try {
          await api('PATCH', `users/${u.id}`, { body: { password: pw.value() } });
          dlg.close(true);
        } catch (err) {
          if (err.code === 'login_required') { dlg.close(false); return; }
          const { first: at, unplaced } = showFieldErrors(fields, err.fieldErrors, (n) => (n === 'password' ? pw : null));
          alerts.replaceChildren(problemAlert(err, unplacedList(unplaced)));
          (at ? at.el : alerts).focus();
        }
      });
    });
  });
}

export async function usersPage(ctx) {
  const me = getSession();
  const zone = browserZone();
  const alerts = h('div', { class: 'app-alerts', tabindex: '-1' });
  const tableSlot = h('div', { class: 'app-users-list' });
  const [first, orgs] = await Promise.all([api('GET', 'users'), listAll('organizations').catch(() => [])]);
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const orgName = (id) => {
    if (id === null || id === undefined) return h('span', { class: 'app-empty', 'aria-label': t('value.none') }, '—');
    const o = orgById.get(id);
    return o ? pick(o.name_ko, o.name_en) : `#${id}`;
  };

  const fail = (err) => {
    if (err.code === 'login_required') return;
    alerts.replaceChildren(problemAlert(err));
    alerts.focus();
  };
  const setDisabled = async (u, disabled) => {
    if (disabled) {
      const ok = await confirmDialog({
        title: t('users.disable_title'),
        message: t('users.disable_message', { login: u.login }),
        confirm: t('users.disable'),
      });
      if (!ok) return;
    }
    alerts.replaceChildren();
    try {
      await api('PATCH', `users/${u.id}`, { body: { disabled } });
      flash('ok', t(disabled ? 'users.disabled_done' : 'users.enabled_done', { login: u.login }));
      ctx.rerender();
    } catch (err) { fail(err); }
  };
  const setPassword = async (u) => {
    alerts.replaceChildren();
    if (await passwordDialog(u)) {
      alerts.replaceChildren(alertBox('ok', t('users.password_done', { login: u.login })));
      announce(t('users.password_done', { login: u.login }));
      alerts.focus();
    }
  };

  const table = (items) => dataTable({
    caption: t('users.caption'),
    className: 'app-users',
    rows: items,
    empty: t('users.empty'),
    columns: [
      { label: t('users.col_login'), render: (u) => h('span', { class: 'app-user-login', dataset: { login: u.login } }, u.login, u.id === me?.id ? h('span', { class: 'app-user-self' }, ` ${t('users.you')}`) : null) },
      { label: t('users.col_name'), render: (u) => u.name || h('span', { class: 'app-empty', 'aria-label': t('value.none') }, '—') },
      { label: t('users.col_role'), render: (u) => roleLabel(u.role) },
      { label: t('users.col_organization'), render: (u) => orgName(u.organization_id) },
      { label: t('users.col_status'), render: statusBadge },
      { label: t('users.col_password'), render: (u) => (u.password_changed_at ? h('time', { datetime: u.password_changed_at, title: zone, class: 'app-nowrap' }, formatInstant(u.password_changed_at, zone)) : '—') },
      {
        label: t('list.actions'),
        render: (u) => h('div', { class: 'app-row-actions' },
          u.disabled
            ? rowButton(t('users.enable'), () => setDisabled(u, false), 'app-user-enable', t('users.enable_named', { login: u.login }), `toggle-${u.id}`)
            : rowButton(t('users.disable'), () => setDisabled(u, true), 'app-danger-text app-user-disable', t('users.disable_named', { login: u.login }), `toggle-${u.id}`),
          rowButton(t('users.set_password'), () => setPassword(u), 'app-user-password', t('users.set_password_named', { login: u.login }), `password-${u.id}`)),
      },
    ],
  });
  const draw = (items) => tableSlot.replaceChildren(table(items));
  draw(first.items);
  // In set-up mode (nobody logged in, no account yet) the first account makes the server ask
  // for a login from then on: the list is not asked for again, so the page (and the password
  // shown once) stays, with the way to the login page.
  const reload = async () => draw((await api('GET', 'users', { auth: me ? undefined : false })).items);

  // The form that makes an account.
  const login = inputField({ id: 'user-login', name: 'login', label: t('users.login'), mark: true, hint: t('users.login_hint'), maxlength: 100, extra: { autocapitalize: 'none', spellcheck: 'false' } });
  const role = selectField({ id: 'user-role', name: 'role', label: t('users.role'), mark: true, hint: t('users.role_hint'),
    options: ROLES.map((r) => h('option', { value: r, selected: r === 'viewer' }, roleLabel(r))) });
  const org = selectField({ id: 'user-organization', name: 'organization_id', label: t('users.organization'), mark: true, hint: t('users.organization_hint'), options: organizationOptions(orgs) });
  const name = inputField({ id: 'user-name', name: 'name', label: t('users.name'), required: false, hint: t('users.name_hint'), maxlength: 100 });
  const password = inputField({ id: 'user-password', name: 'password', label: t('users.password'), type: 'password', autocomplete: 'new-password', required: false, hint: t('users.password_hint'), maxlength: 300 });
  const fields = [login, role, org, name, password];
  const syncRole = () => {
    const need = needsOrganization(role.value());
    org.group.hidden = !need;
    org.setRequired(need);
    if (!need) org.clearError();
  };
  role.el.addEventListener('change', syncRole);
  syncRole();

  const created = h('div', { class: 'app-user-created', tabindex: '-1' });
  const submit = h('button', { type: 'submit', class: 'krds-btn medium primary' }, t('users.create'));
  const form = h('form', { class: 'app-form app-form-narrow app-user-form', novalidate: true, 'aria-describedby': 'user-req-note' },
    h('p', { class: 'app-note', id: 'user-req-note' }, t('form.required_note')),
    h('div', { class: 'fieldset app-form-stack' }, fields.map((f) => f.group)),
    h('div', { class: 'app-form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    alerts.replaceChildren();
    created.replaceChildren();
    for (const f of fields) f.clearError();
    const missing = checkRequired(fields.filter((f) => !f.group.hidden));
    if (missing) { missing.el.focus(); return; }
    const body = { login: login.value().trim(), role: role.value() };
    if (needsOrganization(body.role)) body.organization_id = Number(org.value());
    if (name.value().trim()) body.name = name.value().trim();
    if (password.value()) body.password = password.value();
    await busy(form, submit, async () => {
      try {
        const u = await api('POST', 'users', { body });
        for (const f of [login, name, password]) f.el.value = '';
        if (u.password) {
          created.replaceChildren(oneTimeSecret({
            id: 'user-generated-password', value: u.password, message: t('users.created', { login: u.login }),
            label: t('users.generated_password', { login: u.login }), warning: t('users.password_warning'), copied: t('users.copied'),
          }));
        } else {
          created.replaceChildren(alertBox('ok', t('users.created', { login: u.login })));
          announce(t('users.created', { login: u.login }));
        }
        await reload().catch(() => {});
        if (!me) {
          created.append(alertBox('info', t('users.setup_done'), [h('p', null, h('a', { href: '#/login' }, t('account.login')))]));
        }
        const secret = created.querySelector('input');
        if (secret) { secret.focus(); secret.select(); } else created.focus();
      } catch (err) {
        if (err.code === 'login_required') return;
        const { first: at, unplaced } = showFieldErrors(fields, withLoginTaken(err.fieldErrors));
        created.replaceChildren(problemAlert(err, unplacedList(unplaced)));
        (at ? at.el : created).focus();
      }
    });
  });

  return h('div', { class: 'page page-users' },
    pageHead(t('users.title'), [{ text: t('account.crumb') }, { text: t('users.title') }],
      [linkButton(t('account.settings'), '#/account/settings', 'tertiary app-settings-link')]),
    takeFlash(), alerts,
    me ? null : alertBox('info', t('users.setup_mode')),
    h('p', { class: 'app-lead' }, t('users.lead')),
    section(t('users.list'), tableSlot),
    section(t('users.new'), form, created));
}
