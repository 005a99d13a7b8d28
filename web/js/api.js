// api.js - the JSON API client: problem+json errors, If-Match, Idempotency-Key, paging.
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

// api('GET', 'booths', {query: {pavilion_id: 3}}); api('PATCH', 'booths/3', {body, version}).
export async function api(method, path, { query, body, version, idempotencyKey } = {}) {
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
