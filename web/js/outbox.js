// outbox.js - new records made with no network (a consultation logged at the booth on bad
// Wi-Fi): kept on the device (localStorage, per account) with the Idempotency-Key they were
// first sent with, sent again in order when the network returns (the browser's online event,
// and every half minute while any wait), so that none is lost and none is made twice: the
// server answers a key it has seen with the record it made then. One the server refuses (a
// field error) stays with its error for the user to see and discard.
import { api, getSession, newIdempotencyKey } from './api.js';

const RETRY_MS = 30000;
const listeners = new Set();
let flushing = null;
let timer = null;

const storeKey = () => `roadshow.outbox.${getSession()?.login || '-'}`;

function read() {
  try {
    const v = JSON.parse(localStorage.getItem(storeKey()) || '[]');
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function write(items) {
  localStorage.setItem(storeKey(), JSON.stringify(items));
  for (const fn of listeners) fn(items);
  schedule(items);
}

function schedule(items) {
  clearTimeout(timer);
  timer = items.some((x) => !x.error) ? setTimeout(() => flush(), RETRY_MS) : null;
}

// What waits on this device, oldest first: {key, resource, body, label, queued_at, error}.
export function outboxItems() { return read(); }

// fn(items) after every change.
export function onOutboxChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// Keeps a new record of resource for sending; key is the Idempotency-Key its first attempt
// used (so that a request that did reach the server is not made twice).
export function enqueue(resource, body, label, key = newIdempotencyKey()) {
  const items = read();
  if (!items.some((x) => x.key === key)) items.push({ key, resource, body, label, queued_at: new Date().toISOString(), error: null });
  write(items);
}

export function discard(key) {
  write(read().filter((x) => x.key !== key));
}

// Sends what waits, in order; stops at the first network failure. Resolves to the number sent.
export function flush() {
  if (flushing) return flushing;
  flushing = (async () => {
    let sent = 0;
    for (const item of read()) {
      if (item.error) continue;
      try {
        await api('POST', item.resource, { body: item.body, idempotencyKey: item.key });
        write(read().filter((x) => x.key !== item.key));
        sent++;
      } catch (err) {
        if (err.status === 0 || err.status >= 500 || err.status === 401 || err.status === 429) break; // later
        write(read().map((x) => (x.key === item.key ? { ...x, error: { status: err.status, code: err.code, message: err.message, fields: err.fieldErrors || [] } } : x)));
      }
    }
    return sent;
  })().finally(() => { flushing = null; });
  return flushing;
}

// Started once by the shell: sends when the network returns, and what waits from before.
export function startOutbox() {
  window.addEventListener('online', () => flush());
  if (read().length && navigator.onLine) flush();
  schedule(read());
}
