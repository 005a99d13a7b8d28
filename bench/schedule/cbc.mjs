// cbc.mjs - the reference of issue 5: Debian's coinor-cbc run on the integer program that
// `roadshow schedule --emit-lp` writes (src/export/schedule_lp.c), its solution read back and
// turned into a schedule in the output format, so that the independent checker validates it
// like any other.
//
//   cbcVersion()                          the version string, or null when cbc is not installed
//   emitLp(bin, instanceFile, lpFile)     runs `roadshow schedule --emit-lp` (its schedule is
//                                         thrown away); returns { lp (text), multiplier }
//   weightOnly(lp), withWeightAtLeast(lp, w)
//                                         the same program with objective (1) alone / with a
//                                         row "weight >= w" added (rewrites of the text only)
//   runCbc(lpFile, { seconds, relax, solFile, start })
//                                         `cbc F.lp sec S [mipStart START] solve solu OUT`; relax:
//                                         `cbc F.lp primalSimplex solu OUT`, the LP relaxation,
//                                         stopped by a wall-clock timeout of `seconds` (on the
//                                         CES program CBC's primal simplex takes about 40 s of
//                                         CPU, its default dual simplex, `initialSolve`, about
//                                         490 s, its barrier more memory than the machine has);
//                                         returns { status ('optimal', 'time', 'no solution',
//                                         'infeasible', 'killed', 'error'), objective, bound,
//                                         seconds (wall), cpu (CBC's own count), values
//                                         (Map name → value), log }
//   referenceSmall(bin, instance, file, base, seconds)
//                                         the reference on a program with breaks: see below
//   toSchedule(instance, values)          the schedule of a solution: slots from x_m_t, tables
//                                         numbered per booth (or pool) and slot, interpreters
//                                         from z_m_t_i; objective recomputed here from the slots
//
// CBC's command line on Debian 12 (2.10.8): `cbc FILE.lp sec 60 solve solu OUT.txt`; the log
// ends with "Result - Optimal solution found" or "Result - Stopped on time limit", then
// "Objective value:" and, when stopped, "Upper bound:" (we maximise); the solution file's first
// line is the status ("Optimal - objective value X", "Stopped on time - objective value X",
// "Infeasible - ..."), then one line per nonzero column: index, name, value, reduced cost.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export function cbcVersion() {
	const r = spawnSync('cbc', ['-quit'], { encoding: 'utf8', timeout: 20000 });
	if (r.error) return null;
	const m = /Version:\s*(\S+)/.exec(r.stdout || '');
	return m ? m[1] : 'unknown';
}

export function emitLp(bin, instanceFile, lpFile) {
	rmSync(lpFile, { force: true });
	const r = spawnSync(bin, ['schedule', '--instance', instanceFile, '--out', '/dev/null', '--time-limit', '0', '--iterations', '1', '--emit-lp', lpFile], {
		encoding: 'utf8',
		maxBuffer: 1 << 26,
	});
	if (r.status !== 0 || !existsSync(lpFile)) throw new Error(`roadshow schedule --emit-lp failed: ${(r.stderr || r.error?.message || '').trim()}`);
	const lp = readFileSync(lpFile, 'utf8');
	const m = /^\\ weight multiplier: (\d+)/m.exec(lp);
	return { lp, multiplier: m ? Number(m[1]) : 1 };
}

// The objective's terms as [coefficient, variable].
function objectiveTerms(lp) {
	const a = lp.indexOf('\nMaximize\n'), b = lp.indexOf('\nSubject To\n');
	if (a < 0 || b < 0) throw new Error('not a program of schedule_lp.c (no Maximize / Subject To)');
	const text = lp.slice(a + 10, b).replace(/^\s*obj:/, '');
	const terms = [];
	const re = /([+-])?\s*(\d+(?:\.\d+)?)?\s*([A-Za-z_][\w]*)/g;
	let m;
	while ((m = re.exec(text))) terms.push([(m[1] === '-' ? -1 : 1) * (m[2] ? Number(m[2]) : 1), m[3]]);
	return { a, b, terms };
}

const join8 = (terms) =>
	terms
		.map(([c, v], k) => `${k ? (c < 0 ? ' - ' : ' + ') : c < 0 ? '- ' : ''}${Math.abs(c) === 1 ? '' : `${Math.abs(c)} `}${v}${k % 8 === 7 ? '\n' : ''}`)
		.join('');

// The weight terms (x variables) of the objective, divided by the multiplier.
function weightTerms(lp) {
	const m = /^\\ weight multiplier: (\d+)/m.exec(lp);
	const M = m ? Number(m[1]) : 1;
	const o = objectiveTerms(lp);
	return { ...o, M, weight: o.terms.filter(([, v]) => v.startsWith('x_')).map(([c, v]) => [c / M, v]) };
}

export function weightOnly(lp) {
	const { a, b, weight } = weightTerms(lp);
	return `${lp.slice(0, a)}\n\\ rewritten by bench/schedule/cbc.mjs: objective (1) alone\nMaximize\n obj: ${weight.length ? join8(weight) : '0 x_none'}${lp.slice(b)}`.replace(
		/^\\ weight multiplier: \d+/m,
		'\\ weight multiplier: 1',
	);
}

export function withWeightAtLeast(lp, w) {
	const { b, weight } = weightTerms(lp);
	const at = b + '\nSubject To\n'.length;
	return `${lp.slice(0, at)} wfix: ${join8(weight)} >= ${w}\n${lp.slice(at)}`;
}

export function runCbc(lpFile, { seconds = 60, relax = false, solFile = lpFile.replace(/\.lp$/, '') + '.sol', start = null } = {}) {
	rmSync(solFile, { force: true });
	const args = relax
		? [lpFile, 'primalSimplex', 'solu', solFile]
		: [lpFile, 'sec', String(seconds), ...(start ? ['mipStart', start] : []), 'solve', 'solu', solFile];
	const t0 = process.hrtime.bigint();
	// the MIP stops itself at `sec` (CPU seconds); the margin covers reading and presolve. The
	// relaxation has no limit of its own: the timeout is the cap.
	const r = spawnSync('cbc', args, { encoding: 'utf8', maxBuffer: 1 << 28, timeout: (relax ? seconds : seconds * 2 + 30) * 1000, killSignal: 'SIGKILL' });
	const wall = Number(process.hrtime.bigint() - t0) / 1e9;
	const log = r.stdout || '';
	if (r.error && r.error.code === 'ETIMEDOUT') return { status: 'killed', seconds: wall, values: new Map(), log };
	if (r.error || !existsSync(solFile)) return { status: 'error', seconds: wall, values: new Map(), log: log + (r.stderr || r.error?.message || '') };
	const sol = readFileSync(solFile, 'utf8').split('\n');
	const head = sol[0] || '';
	// "Stopped on time (no integer solution - continuous used)": the values are the LP's
	const status = /no integer solution/.test(head)
		? 'no solution'
		: /^Optimal/.test(head)
			? 'optimal'
			: /^Stopped on time/.test(head)
				? 'time'
				: /Infeasible/i.test(head)
					? 'infeasible'
					: 'error';
	const objM = /objective value\s+(-?[\d.e+]+)/.exec(head);
	const objective = objM ? Number(objM[1]) : null;
	const boundM = /^(?:Upper|Lower) bound:\s+(-?[\d.e+]+)/m.exec(log);
	const bound = status === 'optimal' ? objective : boundM ? Number(boundM[1]) : null;
	const values = new Map();
	if (status === 'optimal' || status === 'time')
		for (const line of sol.slice(1)) {
			const m = /^\s*(?:\*\*\s*)?\d+\s+(\S+)\s+(\S+)/.exec(line);
			if (m) values.set(m[1], Number(m[2]));
		}
	const cpu = /Total time \(CPU seconds\):\s+([\d.]+)/.exec(log);
	return { status, objective, bound, seconds: wall, cpu: cpu ? Number(cpu[1]) : null, values, log };
}

// Breaks from busy flags per slot index (slots sorted by id), per session: the idle runs
// between two busy slots. Written here again, apart from the checker, so that the checker's
// recomputation of the objective is a check of this one.
function breaksOf(slots, busy) {
	let n = 0;
	for (let i = 0; i < slots.length; ) {
		let j = i, seen = false, idle = false;
		while (j < slots.length && slots[j].session === slots[i].session) {
			if (busy[j]) {
				if (seen && idle) n++;
				seen = true;
				idle = false;
			} else idle = true;
			j++;
		}
		i = j;
	}
	return n;
}

export function toSchedule(instance, values) {
	const slots = [...instance.slots].sort((x, y) => x.id - y.id);
	const part = new Map(instance.participants.map((p) => [p.id, p]));
	const slotOf = new Map(), interpOf = new Map();
	for (const [name, v] of values) {
		if (v < 0.5) continue;
		let m;
		if ((m = /^x_(\d+)_(\d+)$/.exec(name))) slotOf.set(Number(m[1]), Number(m[2]));
		else if ((m = /^z_(\d+)_(\d+)_(\d+)$/.exec(name))) {
			const key = `${m[1]}_${m[2]}`;
			if (!interpOf.has(key)) interpOf.set(key, []);
			interpOf.get(key).push(Number(m[3]));
		}
	}
	const tables = new Map(), interpUsed = new Set(), count = new Map();
	const busy = new Map(instance.participants.map((p) => [p.id, slots.map(() => false)]));
	const assignments = [], unscheduled = [];
	let weight = 0;
	instance.meetings.forEach((mt, k) => {
		const t = slotOf.get(k);
		if (t === undefined) return;
		const a = part.get(mt.a);
		const where = a.tables >= 1 ? `b:${mt.a}|${t}` : `pool|${t}`;
		const table = tables.get(where) ?? 0;
		tables.set(where, table + 1);
		let interpreter = null;
		for (const i of interpOf.get(`${k}_${t}`) ?? [])
			if (!interpUsed.has(`${i}|${t}`)) {
				interpUsed.add(`${i}|${t}`);
				interpreter = instance.interpreters[i].id;
				break;
			}
		assignments.push({ meeting: mt.id, slot: slots[t].id, table, interpreter });
		weight += mt.weight ?? 1;
		for (const p of new Set([mt.a, mt.b])) {
			busy.get(p)[t] = true;
			count.set(p, (count.get(p) || 0) + 1);
		}
	});
	// a reason the checker accepts for each meeting left out
	const has = (list, id) => !Array.isArray(list) || list.includes(id);
	instance.meetings.forEach((mt, k) => {
		if (slotOf.has(k)) return;
		const a = part.get(mt.a), b = part.get(mt.b);
		const common = slots.some((s) => has(mt.slots, s.id) && has(a.available, s.id) && has(b.available, s.id));
		const full = [a, b].some((p) => typeof p.cap === 'number' && (count.get(p.id) || 0) >= p.cap);
		const la = new Set(a.languages ?? []);
		const needs = !(b.languages ?? []).some((l) => la.has(l));
		const reason = mt.pinned != null ? 'pin_conflict' : !common ? 'no_common_slot' : full ? 'cap' : needs ? 'no_interpreter' : 'capacity';
		unscheduled.push({ meeting: mt.id, reason });
	});
	let breaks = 0, max = 0;
	for (const [id, flags] of busy) {
		if (!count.get(id)) continue;
		const b = breaksOf(slots, flags);
		breaks += b;
		max = Math.max(max, b);
	}
	return { assignments, unscheduled, objective: { weight, breaks, max_breaks: max } };
}

// A start for CBC's lexicographic run from a solution of the weight-only one: its x and z, and
// the break variables of the program (schedule_lp.c) that they determine, in the format of
// CBC's solution files, which its `mipStart` reads by column name.
function mipStart(instance, values, file) {
	const slots = [...instance.slots].sort((x, y) => x.id - y.id);
	const pix = new Map(instance.participants.map((p, i) => [p.id, i]));
	const busy = instance.participants.map(() => slots.map(() => false));
	const lines = ['Stopped on time - objective value 0'];
	let k = 0;
	const put = (name, v) => lines.push(`${String(k++).padStart(7)} ${name.padEnd(24)} ${v} 0`);
	for (const [name, v] of values) {
		if (v < 0.5) continue;
		const m = /^x_(\d+)_(\d+)$/.exec(name);
		if (m) {
			const mt = instance.meetings[Number(m[1])];
			busy[pix.get(mt.a)][Number(m[2])] = busy[pix.get(mt.b)][Number(m[2])] = true;
		}
		if (/^[xz]_/.test(name)) put(name, 1);
	}
	busy.forEach((flags, p) => {
		let any = false;
		for (let t = 0; t < slots.length; t++) {
			const first = t === 0 || slots[t - 1].session !== slots[t].session;
			if (first) {
				let a = false;
				for (let u = t; u < slots.length && slots[u].session === slots[t].session; u++) a ||= flags[u];
				if (a) put(`a_${p}_${t}`, 1), (any = true);
			}
			if (!flags[t]) continue;
			put(`y_${p}_${t}`, 1);
			if (first || !flags[t - 1]) put(`r_${p}_${t}`, 1);
		}
		if (any) put(`h_${p}`, 1);
	});
	writeFileSync(file, lines.join('\n') + '\n');
}

// Weight-only CBC run, then the emitted (lexicographic) program with the proven weight as a row,
// started from the weight-only solution: the proven weight optimum, CBC's best breaks within
// `seconds`, and both schedules.
export function referenceSmall(bin, instance, instanceFile, base, seconds = 60, emitted = null) {
	const { lp, multiplier } = emitted ?? emitLp(bin, instanceFile, `${base}.lp`);
	writeFileSync(`${base}.w.lp`, weightOnly(lp));
	const w = runCbc(`${base}.w.lp`, { seconds });
	const out = { multiplier, weightRun: w };
	if (w.status !== 'optimal' && w.status !== 'time') return out;
	out.weightSchedule = toSchedule(instance, w.values);
	if (multiplier === 1) return out; // no breaks in the program: above the threshold
	const W = out.weightSchedule.objective.weight;
	writeFileSync(`${base}.b.lp`, w.status === 'optimal' ? withWeightAtLeast(lp, W) : lp);
	mipStart(instance, w.values, `${base}.start`);
	const b = runCbc(`${base}.b.lp`, { seconds, start: `${base}.start` });
	out.breakRun = b;
	if (b.status === 'optimal' || b.status === 'time') out.breakSchedule = toSchedule(instance, b.values);
	return out;
}
