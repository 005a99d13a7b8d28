// pending.js - what waits on this device to be sent (outbox.js), shown where records are
// logged and in the header: how many, each with when it was kept and, for one the server
// refused, why, with a way to discard it; and a button to send now.
import { h } from './dom.js';
import { t } from './i18n.js';
import { outboxItems, onOutboxChange, flush, discard } from './outbox.js';
import { formatInstant } from './time.js';
import { button } from './ui.js';

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

// The panel; it follows every change of the outbox while it is on the page.
export function pendingPanel(resource) {
  const box = h('section', { class: 'app-pending', 'aria-live': 'polite', dataset: { resource } });
  const draw = (items) => {
    if (!box.isConnected && box.dataset.drawn) { off(); return; }
    box.dataset.drawn = '1';
    const mine = items.filter((x) => x.resource === resource);
    box.hidden = !mine.length;
    if (!mine.length) { box.replaceChildren(); return; }
    const waiting = mine.filter((x) => !x.error).length;
    box.replaceChildren(
      h('h2', { class: 'app-pending-title' }, t('pending.title', { n: mine.length })),
      h('p', { class: 'app-note' }, waiting ? t('pending.waiting', { n: waiting }) : t('pending.refused_only')),
      h('ul', { class: 'app-pending-list' }, mine.map((x) => h('li', { class: x.error ? 'is-refused' : 'is-waiting', dataset: { key: x.key } },
        h('span', { class: 'app-pending-label' }, x.label || t('pending.unnamed')),
        h('span', { class: 'app-pending-when' }, ` · ${formatInstant(x.queued_at, zone())}`),
        x.error ? h('span', { class: 'app-pending-error' }, ` · ${t('pending.refused')}: ${[x.error.message, ...(x.error.fields || []).map((f) => `${f.field} ${f.message}`)].filter(Boolean).join('; ')}`) : null,
        x.error ? button(t('pending.discard'), () => discard(x.key), 'tertiary small app-pending-discard') : null))),
      waiting ? button(t('pending.send_now'), () => flush(), 'secondary small app-pending-send') : null);
  };
  const off = onOutboxChange(draw);
  draw(outboxItems());
  return box;
}

// The header's count of what waits; hidden when nothing does.
export function pendingBadge(el) {
  const draw = (items) => {
    el.hidden = !items.length;
    el.textContent = items.length ? t('pending.badge', { n: items.length }) : '';
  };
  if (!el.dataset.bound) onOutboxChange((items) => draw(items));
  el.dataset.bound = '1';
  draw(outboxItems());
}
