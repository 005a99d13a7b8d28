// schedule-brute.mjs - the exact optimum of a tiny scheduling instance (at most 7 meetings
// and 6 slots) by exhaustive search, under the rules schedule-check.mjs checks.
//
// Every meeting goes to one of its possible slots or stays out; a partial schedule is
// extended only while it stays feasible (per-slot loads, booth and pool tables, caps,
// walking, and a matching of the meetings that need an interpreter to distinct serving,
// available interpreters in each slot); the fairness bound is checked on complete ones.
// Tables need no search: k meetings at a booth (or in the pool) in one slot take tables
// 0..k-1.
//
// The order: pinned meetings first (a pinned meeting that can be kept at its slot is kept:
// the most pinned weight), then the most weight, the fewest moved (meetings with a
// `previous` slot not assigned to it, left out included), the fewest breaks, the lowest
// max_breaks.
//
// brute(instance) → { pinned_weight, weight, moved, breaks, max_breaks, output (a schedule
// in the output format), leaves (complete schedules looked at) }
import {
  normalize, has, perSlot, needsInterpreter, serves, commonSlots, breaksOf, walkViolation, venueOf,
} from './schedule-check.mjs';

export const LIMITS = { meetings: 7, slots: 6 };

// A matching of meetings (each with its list of possible interpreters) to distinct
// interpreters, or null when there is none.
function matching(cands) {
  const owner = new Map(); // interpreter → index into cands
  const tryOne = (i, seen) => {
    for (const ip of cands[i]) {
      if (seen.has(ip)) continue;
      seen.add(ip);
      if (!owner.has(ip) || tryOne(owner.get(ip), seen)) {
        owner.set(ip, i);
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < cands.length; i++) if (!tryOne(i, new Set())) return null;
  const out = new Array(cands.length);
  for (const [ip, i] of owner) out[i] = ip;
  return out;
}

export function brute(instance) {
  const N = normalize(instance);
  const S = N.slots.length, M = N.meetings.length;
  if (M > LIMITS.meetings || S > LIMITS.slots) throw new Error(`brute: ${M} meetings, ${S} slots is too large`);
  const pids = [...N.participants.keys()];
  const pix = new Map(pids.map((p, i) => [p, i]));
  const P = pids.map((p) => N.participants.get(p));

  // breaks per busy mask (bit t: busy in slot index t)
  const breaksByMask = [];
  for (let mask = 0; mask < 1 << S; mask++) breaksByMask.push(breaksOf(N, N.slots.map((_, t) => !!(mask & (1 << t)))));

  const info = N.meetings.map((m) => {
    const needs = needsInterpreter(N, m);
    const common = new Set(commonSlots(N, m));
    const ids = m.pinned !== null ? (common.has(m.pinned) ? [m.pinned] : []) : [...common];
    const options = [];
    const interps = new Map(); // slot index → interpreter ids that can serve it then
    for (const id of ids) {
      const t = N.slotIndex.get(id);
      if (needs) {
        const list = [...N.interpreters.values()].filter((ip) => has(ip.available, id) && serves(N, ip, m)).map((ip) => ip.id);
        if (!list.length) continue;
        interps.set(t, list);
      }
      options.push(t);
    }
    return { m, a: pix.get(m.a), b: pix.get(m.b), pool: P[pix.get(m.a)].tables === 0, needs, options, interps, venue: venueOf(N, m) };
  });
  // the most constrained first, pinned before all
  const order = [...info.keys()].sort((x, y) =>
    (info[y].m.pinned !== null) - (info[x].m.pinned !== null) || info[x].options.length - info[y].options.length || x - y);
  const restPin = new Array(M + 1).fill(0), restW = new Array(M + 1).fill(0);
  for (let k = M - 1; k >= 0; k--) {
    const m = info[order[k]].m;
    restW[k] = restW[k + 1] + m.weight;
    restPin[k] = restPin[k + 1] + (m.pinned !== null ? m.weight : 0);
  }

  const load = pids.map(() => new Array(S).fill(0));
  const count = pids.map(() => 0);
  const mask = pids.map(() => 0);
  const mine = pids.map(() => []); // [{ t, venue }]
  const pool = new Array(S).fill(0);
  const needing = Array.from({ length: S }, () => []); // meeting indices needing an interpreter
  const slot = new Array(M).fill(-1);
  let best = null, leaves = 0;

  const fits = (I, t) => {
    for (const p of [I.a, I.b]) {
      if (load[p][t] >= perSlot(P[p])) return false;
      if (P[p].cap !== null && count[p] >= P[p].cap) return false;
    }
    if (I.pool && pool[t] >= N.pool) return false;
    for (const p of [I.a, I.b])
      if (P[p].tables <= 1 && walkViolation(N, [...mine[p], { t, venue: I.venue }])) return false;
    if (I.needs && !matching([...needing[t], info.indexOf(I)].map((i) => info[i].interps.get(t)))) return false;
    return true;
  };
  const put = (i, t, d) => {
    const I = info[i];
    for (const p of [I.a, I.b]) {
      load[p][t] += d;
      count[p] += d;
      mask[p] = load[p][t] ? mask[p] | (1 << t) : mask[p] & ~(1 << t);
      if (d > 0) mine[p].push({ t, venue: I.venue });
      else mine[p].splice(mine[p].findIndex((x) => x.t === t && x.venue === I.venue), 1);
    }
    if (I.pool) pool[t] += d;
    if (I.needs) {
      if (d > 0) needing[t].push(i);
      else needing[t].splice(needing[t].indexOf(i), 1);
    }
    slot[i] = d > 0 ? t : -1;
  };
  // x better than y: the terms compared in their order
  const TERMS = [['pinned_weight', 1], ['weight', 1], ['moved', -1], ['breaks', -1], ['max_breaks', -1]];
  const better = (x, y) => {
    if (y === null) return true;
    for (const [k, sign] of TERMS) if (x[k] !== y[k]) return (x[k] - y[k]) * sign > 0;
    return false;
  };
  const published = info.filter((I) => I.m.previous !== null).length;

  const leaf = (pinW, W) => {
    leaves++;
    let breaks = 0, max = 0, min = Infinity;
    for (let p = 0; p < P.length; p++) {
      if (!count[p]) continue;
      const b = breaksByMask[mask[p]];
      breaks += b;
      if (b > max) max = b;
      if (b < min) min = b;
    }
    if (min === Infinity) min = 0;
    if (N.fairness !== null && max - min > N.fairness) return;
    let kept = 0;
    for (let i = 0; i < M; i++) if (info[i].m.previous !== null && slot[i] >= 0 && N.slots[slot[i]].id === info[i].m.previous) kept++;
    const cand = { pinned_weight: pinW, weight: W, moved: published - kept, breaks, max_breaks: max };
    if (better(cand, best)) best = { ...cand, slot: [...slot] };
  };
  const search = (k, pinW, W) => {
    if (best && (pinW + restPin[k] < best.pinned_weight ||
      (pinW + restPin[k] === best.pinned_weight && W + restW[k] < best.weight))) return;
    if (k === M) return leaf(pinW, W);
    const i = order[k], I = info[i], pinned = I.m.pinned !== null ? I.m.weight : 0;
    for (const t of I.options) {
      if (!fits(I, t)) continue;
      put(i, t, 1);
      search(k + 1, pinW + pinned, W + I.m.weight);
      put(i, t, -1);
    }
    search(k + 1, pinW, W);
  };
  search(0, 0, 0);

  // the best schedule in the output format
  const assignments = [], unscheduled = [];
  const interpOf = new Map();
  for (let t = 0; t < S; t++) {
    const here = info.map((_, i) => i).filter((i) => best.slot[i] === t && info[i].needs);
    const got = matching(here.map((i) => info[i].interps.get(t)));
    here.forEach((i, k) => interpOf.set(i, got[k]));
  }
  const used = new Map();
  const counts = pids.map(() => 0);
  for (let i = 0; i < M; i++) if (best.slot[i] >= 0) { counts[info[i].a]++; counts[info[i].b]++; }
  for (let i = 0; i < M; i++) {
    const I = info[i], t = best.slot[i];
    if (t < 0) {
      const full = [I.a, I.b].some((p) => P[p].cap !== null && counts[p] >= P[p].cap);
      const reason = I.m.pinned !== null ? 'pin_conflict'
        : commonSlots(N, I.m).length === 0 ? 'no_common_slot'
          : full ? 'cap' : I.needs && I.options.length === 0 ? 'no_interpreter' : 'capacity';
      unscheduled.push({ meeting: I.m.id, reason });
      continue;
    }
    const key = `${I.pool ? 'pool' : I.m.a}|${t}`;
    const table = used.get(key) ?? 0;
    used.set(key, table + 1);
    assignments.push({ meeting: I.m.id, slot: N.slots[t].id, table, interpreter: I.needs ? interpOf.get(i) : null });
  }
  return {
    pinned_weight: best.pinned_weight, weight: best.weight, moved: best.moved, breaks: best.breaks, max_breaks: best.max_breaks, leaves,
    output: { assignments, unscheduled, objective: { weight: best.weight, moved: best.moved, breaks: best.breaks, max_breaks: best.max_breaks } },
  };
}
