// schedule-check.mjs - an independent checker for `roadshow schedule` output
// (docs/schedule-format.md). Written from the rules of the format, not from the C
// scheduler: it reads the instance as the format describes it, checks every hard
// constraint of the output and recomputes the objective.
//
// check(instance, output) → { ok, violations, weight, moved, breaks, max_breaks, min_breaks,
//                              perParticipant: { id: { meetings, breaks } } }
//
// moved: the meetings with a `previous` slot (a published schedule being rescheduled) that
// are not assigned to that slot, those left out included. objective.moved must be that
// count; it may be missing only when the count is 0.

export const REASONS = ['no_common_slot', 'no_interpreter', 'capacity', 'cap', 'pin_conflict', 'fairness', 'no_gain'];

const set = (list) => (Array.isArray(list) ? new Set(list) : null); // null: every slot

// The instance in a form the rules are easy to state on. Slots are ordered by id; each
// slot knows its position within its session so that "free slots between" is a count.
export function normalize(inst) {
  const slots = [...inst.slots].sort((x, y) => x.id - y.id).map((s) => ({ id: s.id, session: s.session }));
  const slotIndex = new Map(slots.map((s, i) => [s.id, i]));
  const walk = new Map();
  for (const w of inst.walk ?? []) {
    walk.set(`${w.from}\u0000${w.to}`, w.slots);
    walk.set(`${w.to}\u0000${w.from}`, w.slots);
  }
  const participants = new Map();
  for (const p of inst.participants) {
    participants.set(p.id, {
      id: p.id,
      tables: p.tables ?? 0,
      venue: p.venue ?? null,
      languages: new Set(p.languages ?? []),
      available: set(p.available),
      cap: typeof p.cap === 'number' ? p.cap : null,
    });
  }
  const interpreters = new Map();
  for (const i of inst.interpreters ?? []) {
    interpreters.set(i.id, {
      id: i.id,
      pairs: (i.languages ?? []).map((s) => {
        const k = s.indexOf('-');
        return [s.slice(0, k), s.slice(k + 1)];
      }),
      available: set(i.available),
    });
  }
  const meetings = inst.meetings.map((m) => ({
    id: m.id,
    a: m.a,
    b: m.b,
    weight: m.weight ?? 1,
    pinned: m.pinned ?? null,
    previous: m.previous ?? null,
    slots: set(m.slots),
  }));
  return {
    slots, slotIndex, walk, participants, interpreters, meetings,
    meetingById: new Map(meetings.map((m) => [m.id, m])),
    pool: inst.pool_tables ?? 0,
    fairness: typeof inst.fairness === 'number' ? inst.fairness : null,
  };
}

export const has = (s, x) => s === null || s.has(x);

// How many meetings a participant may have in one slot.
export const perSlot = (p) => (p.tables >= 1 ? p.tables : 1);

export function walkSlots(N, v, w) {
  if (v === null || w === null || v === w) return 0;
  return N.walk.get(`${v}\u0000${w}`) ?? 0;
}

export const venueOf = (N, m) => N.participants.get(m.a).venue;

export function needsInterpreter(N, m) {
  const la = N.participants.get(m.a).languages, lb = N.participants.get(m.b).languages;
  for (const l of la) if (lb.has(l)) return false;
  return true;
}

export function serves(N, interp, m) {
  const la = N.participants.get(m.a).languages, lb = N.participants.get(m.b).languages;
  return interp.pairs.some(([x, y]) => (la.has(x) && lb.has(y)) || (la.has(y) && lb.has(x)));
}

// Slots both sides (and the meeting's own list) allow, as slot ids.
export function commonSlots(N, m) {
  const a = N.participants.get(m.a), b = N.participants.get(m.b);
  return N.slots.map((s) => s.id).filter((id) => has(m.slots, id) && has(a.available, id) && has(b.available, id));
}

// Breaks of one participant from its busy flags per slot index: per session, the maximal
// idle runs between its first and last busy slot.
export function breaksOf(N, busy) {
  let n = 0;
  for (let i = 0; i < N.slots.length;) {
    let j = i;
    while (j < N.slots.length && N.slots[j].session === N.slots[i].session) j++;
    let seen = false, idle = false;
    for (let k = i; k < j; k++) {
      if (busy[k]) {
        if (seen && idle) n++;
        seen = true;
        idle = false;
      } else idle = true;
    }
    i = j;
  }
  return n;
}

// The walking rule for one participant (at most one table), given its meetings as
// [{slot index, venue}]: any two in one session at venues v, w have at least walk(v, w)
// free slots (slots in which it has no meeting) between them. Returns the offending pair
// or null.
export function walkViolation(N, mine) {
  const busy = new Set(mine.map((x) => x.t));
  for (let i = 0; i < mine.length; i++) {
    for (let j = 0; j < mine.length; j++) {
      const x = mine[i], y = mine[j];
      if (i === j || x.t >= y.t || N.slots[x.t].session !== N.slots[y.t].session) continue;
      let free = 0;
      for (let k = x.t + 1; k < y.t; k++) if (!busy.has(k)) free++;
      if (free < walkSlots(N, x.venue, y.venue)) return [x, y];
    }
  }
  return null;
}

export function check(instance, output) {
  const N = normalize(instance);
  const v = [];
  const bad = (msg) => v.push(msg);
  const assignments = Array.isArray(output?.assignments) ? output.assignments : (bad('assignments is not an array'), []);
  const unscheduled = Array.isArray(output?.unscheduled) ? output.unscheduled : (bad('unscheduled is not an array'), []);

  const placed = new Map(); // meeting id → { m, t (slot index), table, interp }
  for (const [k, x] of assignments.entries()) {
    const m = N.meetingById.get(x?.meeting);
    if (!m) { bad(`assignments[${k}]: unknown meeting ${JSON.stringify(x?.meeting)}`); continue; }
    if (placed.has(m.id)) { bad(`${m.id}: assigned more than once`); continue; }
    const t = N.slotIndex.get(x.slot);
    if (t === undefined) { bad(`${m.id}: slot ${JSON.stringify(x.slot)} does not exist`); continue; }
    placed.set(m.id, { m, t, slot: x.slot, table: x.table, interp: x.interpreter });
    const a = N.participants.get(m.a), b = N.participants.get(m.b);
    if (!has(m.slots, x.slot)) bad(`${m.id}: slot ${x.slot} is not one of the meeting's slots`);
    if (!has(a.available, x.slot)) bad(`${m.id}: ${m.a} is not available in slot ${x.slot}`);
    if (!has(b.available, x.slot)) bad(`${m.id}: ${m.b} is not available in slot ${x.slot}`);
    if (m.pinned !== null && x.slot !== m.pinned) bad(`${m.id}: pinned to slot ${m.pinned} but placed in ${x.slot}`);
  }
  const left = new Set();
  for (const [k, x] of unscheduled.entries()) {
    const m = N.meetingById.get(x?.meeting);
    if (!m) { bad(`unscheduled[${k}]: unknown meeting ${JSON.stringify(x?.meeting)}`); continue; }
    if (left.has(m.id)) bad(`${m.id}: unscheduled more than once`);
    if (placed.has(m.id)) bad(`${m.id}: both assigned and unscheduled`);
    left.add(m.id);
    if (typeof x.reason !== 'string' || !x.reason) bad(`${m.id}: unscheduled without a reason`);
    else if (!REASONS.includes(x.reason)) bad(`${m.id}: unknown reason ${x.reason}`);
  }
  for (const m of N.meetings) if (!placed.has(m.id) && !left.has(m.id)) bad(`${m.id}: neither assigned nor unscheduled`);

  // per participant: its placed meetings
  const mine = new Map([...N.participants.keys()].map((p) => [p, []]));
  for (const x of placed.values()) {
    mine.get(x.m.a).push(x);
    mine.get(x.m.b).push(x);
  }

  for (const [pid, list] of mine) {
    const p = N.participants.get(pid);
    const bySlot = new Map();
    for (const x of list) bySlot.set(x.t, (bySlot.get(x.t) ?? 0) + 1);
    for (const [t, n] of bySlot)
      if (n > perSlot(p)) bad(`${pid}: ${n} meetings in slot ${N.slots[t].id}, at most ${perSlot(p)}`);
    if (p.cap !== null && list.length > p.cap) bad(`${pid}: ${list.length} meetings over its cap ${p.cap}`);
    if (p.tables <= 1) {
      const w = walkViolation(N, list.map((x) => ({ t: x.t, venue: venueOf(N, x.m), id: x.m.id })));
      if (w) bad(`${pid}: ${w[0].id} (slot ${N.slots[w[0].t].id}, ${w[0].venue}) and ${w[1].id} (slot ${N.slots[w[1].t].id}, ${w[1].venue}) leave too little time to walk`);
    }
  }

  // tables: at the booth of a, or of the pool when a has none
  const tableUse = new Map(); // "booth|slot|table" or "pool|slot|table" → meeting id
  for (const x of placed.values()) {
    const a = N.participants.get(x.m.a);
    const limit = a.tables >= 1 ? a.tables : N.pool;
    const where = a.tables >= 1 ? `booth ${x.m.a}` : 'the pool';
    if (!Number.isInteger(x.table) || x.table < 0 || x.table >= limit) {
      bad(`${x.m.id}: table ${JSON.stringify(x.table)} is not one of the ${limit} tables of ${where}`);
      continue;
    }
    const key = `${a.tables >= 1 ? `b:${x.m.a}` : 'pool'}|${x.t}|${x.table}`;
    if (tableUse.has(key)) bad(`${x.m.id} and ${tableUse.get(key)}: one table of ${where} in slot ${x.slot}`);
    else tableUse.set(key, x.m.id);
  }

  // interpreters
  const interpUse = new Map(); // "interp|slot" → meeting id
  for (const x of placed.values()) {
    const needs = needsInterpreter(N, x.m);
    if (!needs) {
      if (x.interp !== null && x.interp !== undefined) bad(`${x.m.id}: has interpreter ${JSON.stringify(x.interp)} but needs none`);
      if (x.interp === undefined) bad(`${x.m.id}: the interpreter field is missing (null when none is needed)`);
      continue;
    }
    const ip = typeof x.interp === 'string' ? N.interpreters.get(x.interp) : undefined;
    if (!ip) { bad(`${x.m.id}: needs an interpreter, has ${JSON.stringify(x.interp)}`); continue; }
    if (!has(ip.available, x.slot)) bad(`${x.m.id}: interpreter ${ip.id} is not available in slot ${x.slot}`);
    if (!serves(N, ip, x.m)) bad(`${x.m.id}: interpreter ${ip.id} does not interpret between ${x.m.a} and ${x.m.b}`);
    const key = `${ip.id}|${x.t}`;
    if (interpUse.has(key)) bad(`${x.m.id} and ${interpUse.get(key)}: interpreter ${ip.id} twice in slot ${x.slot}`);
    else interpUse.set(key, x.m.id);
  }

  // the reasons given are true
  for (const x of unscheduled) {
    const m = N.meetingById.get(x?.meeting);
    if (!m || placed.has(m.id)) continue;
    const common = commonSlots(N, m).length > 0;
    if (x.reason === 'no_common_slot' && common) bad(`${m.id}: reason no_common_slot, but its sides share a free slot`);
    if (!common && m.pinned === null && x.reason !== 'no_common_slot') bad(`${m.id}: its sides share no free slot, reason ${x.reason}`);
    if (x.reason === 'no_interpreter' && !needsInterpreter(N, m)) bad(`${m.id}: reason no_interpreter, but it needs none`);
    if (x.reason === 'pin_conflict' && m.pinned === null) bad(`${m.id}: reason pin_conflict, but it is not pinned`);
    if (x.reason === 'fairness' && N.fairness === null) bad(`${m.id}: reason fairness, but there is no fairness bound`);
    if (x.reason === 'no_gain' && m.weight !== 0) bad(`${m.id}: reason no_gain, but its weight is ${m.weight}`);
    if (x.reason === 'cap') {
      const full = [m.a, m.b].some((p) => {
        const c = N.participants.get(p).cap;
        return c !== null && mine.get(p).length >= c;
      });
      if (!full) bad(`${m.id}: reason cap, but neither side is at its cap`);
    }
  }

  // the objective
  let weight = 0;
  for (const x of placed.values()) weight += x.m.weight;
  const perParticipant = {};
  let breaks = 0, max = 0, min = null;
  for (const [pid, list] of mine) {
    const busy = N.slots.map(() => false);
    for (const x of list) busy[x.t] = true;
    const b = breaksOf(N, busy);
    perParticipant[pid] = { meetings: list.length, breaks: b };
    breaks += b;
    if (list.length) {
      max = Math.max(max, b);
      min = min === null ? b : Math.min(min, b);
    }
  }
  min ??= 0;
  if (N.fairness !== null && max - min > N.fairness) bad(`fairness: break counts range ${min}..${max}, more than ${N.fairness} apart`);
  let moved = 0;
  for (const m of N.meetings) if (m.previous !== null && placed.get(m.id)?.slot !== m.previous) moved++;
  const o = output?.objective ?? {};
  if (o.weight !== weight) bad(`objective.weight is ${o.weight}, recomputed ${weight}`);
  // a schedule of an instance without previous slots may leave moved out (0 is implied)
  if (o.moved !== moved && (o.moved !== undefined || moved)) bad(`objective.moved is ${o.moved}, recomputed ${moved}`);
  if (o.breaks !== breaks) bad(`objective.breaks is ${o.breaks}, recomputed ${breaks}`);
  if (o.max_breaks !== max) bad(`objective.max_breaks is ${o.max_breaks}, recomputed ${max}`);

  return { ok: v.length === 0, violations: v, weight, moved, breaks, max_breaks: max, min_breaks: min, perParticipant };
}
