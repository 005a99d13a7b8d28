// api.js - the JSON API client: problem+json errors, If-Match, Idempotency-Key, paging, and the
// session: the account logged in (with its CSRF token) is kept in memory only, never in storage;
// every write made while logged in carries X-CSRF-Token.
const BASE = '/api/v1/';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
  get code() { return this.problem.code || (this.status === 0 ? 'network' : 'http'); }
  get fieldErrors() { return Array.isArray(this.problem.errors) ? this.problem.errors : []; }
}

// The account logged in ({id, login, role, organization_id, csrf_token}) or null.
let current = null;
const listeners = new Set();
let loginRequiredHandler = null;

export function getSession() { return current; }

// Called with the new account (or null) whenever it changes.
export function onSessionChange(fn) { listeners.add(fn); }

// What happens when a data request answers 401 login_required (app.js shows the login page).
export function onLoginRequired(fn) { loginRequiredHandler = fn; }

export function setSession(s) {
  const before = current;
  current = s && s.login ? s : null;
  if ((before?.id ?? null) !== (current?.id ?? null) || before?.role !== current?.role) {
    for (const fn of listeners) fn(current);
  }
}

// Asks the server who is logged in (GET /api/v1/session); null when nobody is.
export async function refreshSession() {
  try {
    setSession(await api('GET', 'session', { auth: false }));
  } catch (err) {
    if (err.status !== 401) throw err;
    setSession(null);
  }
  return current;
}

const isWrite = (method) => method !== 'GET' && method !== 'HEAD';

async function send(method, path, { query, body, version, idempotencyKey }) {
  let url = BASE + path;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, v);
    const s = qs.toString();
    if (s) url += `?${s}`;
  }
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (version !== undefined && version !== null) headers['If-Match'] = `"${version}"`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (isWrite(method) && current?.csrf_token) headers['X-CSRF-Token'] = current.csrf_token;
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new ApiError(0, { code: 'network', detail: String(e.message || e) });
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) throw new ApiError(res.status, data || { title: res.statusText });
  return data;
}

// api('GET', 'booths', {query: {pavilion_id: 3}}); api('PATCH', 'booths/3', {body, version}).
// A write refused for its CSRF token (another tab logged in again, the password was changed)
// asks for the session once and is sent once more. A 401 login_required hands over to the login
// page unless opts.auth is false (the session and login requests themselves).
export async function api(method, path, opts = {}) {
  try {
    return await send(method, path, opts);
  } catch (err) {
    if (err.status === 403 && err.code === 'csrf_failed' && isWrite(method) && !opts.retried) {
      try { await refreshSession(); } catch { throw err; }
      return api(method, path, { ...opts, retried: true });
    }
    if (err.status === 401 && err.code === 'login_required' && opts.auth !== false) {
      setSession(null);
      if (loginRequiredHandler) loginRequiredHandler();
    }
    throw err;
  }
}

// Every row of a list, page by page (up to max rows); for select options and lookups.
export async function listAll(resource, query = {}, max = 5000) {
  const rows = [];
  let cursor;
  do {
    const page = await api('GET', resource, { query: { ...query, limit: 500, cursor } });
    rows.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && rows.length < max);
  return rows;
}

export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
