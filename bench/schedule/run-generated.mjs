#!/usr/bin/env node
// run-generated.mjs - the generated families of issue 5: writes the fixed-seed instances of
// generate.mjs to a temporary directory, schedules each with `roadshow schedule` and with the
// first-fit baseline (first-fit.mjs), validates both with the independent checker
// (tests/lib/schedule-check.mjs) and prints a Markdown table; then the reference, Debian's
// coinor-cbc on the instance as an integer program (`roadshow schedule --emit-lp`, cbc.mjs),
// in a second table. `make bench-schedule` runs it after run-jair.mjs.
//
//   node bench/schedule/run-generated.mjs [--bin PATH] [--time-limit S] [--seed N]
//        [--families small,ces] [--checker FILE.mjs] [--keep DIR]
//        [--cbc auto|on|off] [--cbc-seconds S] [--cbc-relax-seconds S] [--cbc-max-meetings N]
//
// --time-limit defaults to 1 s (the CES-scale target is a schedule within 2 s); --families
// also takes national (150,000 meetings; not run by default).
// --cbc: auto (the default) runs the reference when cbc is installed and says it was skipped
// when not; on fails without it; off skips it. On an instance whose program has the breaks
// (small: at most 200 meetings, src/export/schedule_lp.h) CBC runs twice: objective (1) alone,
// to prove the weight optimum, then the emitted lexicographic program (M * weight - breaks)
// with that weight as a row, for its best breaks within --cbc-seconds (default 60; CBC's own
// limit, in CPU seconds). On larger ones it solves the LP relaxation of objective (1) for the
// bound (`primalSimplex`; no time limit of its own: killed after --cbc-relax-seconds, default 900), up to
// --cbc-max-meetings meetings (default 20000: the national program would not fit in memory).
// CBC's schedules are read back from its solution and checked by the same checker.
// Exit status 1 only when a schedule (ours, the baseline's or CBC's) is invalid or the
// scheduler fails.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cbcVersion, emitLp, referenceSmall, runCbc } from './cbc.mjs';
import { firstFit } from './first-fit.mjs';
import { writeFamilies } from './generate.mjs';
import { fmt, loadChecker, parseArgs, runScheduler } from './run-jair.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function main() {
	const o = parseArgs(process.argv.slice(2), {
		bin: process.env.ROADSHOW_BIN || join(root, 'build/roadshow'),
		'time-limit': '1',
		seed: '1',
		families: 'small,ces',
		checker: join(root, 'tests/lib/schedule-check.mjs'),
		keep: '',
		cbc: 'auto',
		'cbc-seconds': '60',
		'cbc-relax-seconds': '900',
		'cbc-max-meetings': '20000',
	});
	const check = await loadChecker(resolve(o.checker));
	const bin = resolve(o.bin);
	const work = o.keep || mkdtempSync(join(tmpdir(), 'roadshow-gen-'));
	const instances = writeFamilies(work, o.families.split(','), Number(o.seed));
	const version = o.cbc === 'off' ? null : cbcVersion();
	if (o.cbc === 'on' && !version) {
		process.stderr.write('--cbc on: cbc is not installed (scripts/deps --bench installs coinor-cbc)\n');
		process.exit(1);
	}

	let invalid = 0;
	const rows = [], notes = [];
	for (const { name, file, instance } of instances) {
		const total = instance.meetings.reduce((s, m) => s + (m.weight ?? 1), 0);
		const ours = runScheduler(bin, file, join(work, `${name}.out.json`), o.seed, o['time-limit']);
		let v = null;
		if (ours.error) {
			invalid++;
			notes.push(`${name}: roadshow schedule failed: ${ours.error}`);
		} else {
			v = check(instance, ours.output);
			if (!v.ok) {
				invalid++;
				notes.push(`${name}: roadshow's schedule is INVALID: ${v.violations.length} violation(s), first: ${v.violations[0]}`);
			}
		}
		const t0 = process.hrtime.bigint();
		const ff = firstFit(instance);
		const ffSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
		writeFileSync(join(work, `${name}.first-fit.json`), JSON.stringify(ff) + '\n');
		const fv = check(instance, ff);
		if (!fv.ok) {
			invalid++;
			notes.push(`${name}: the first-fit schedule is INVALID: ${fv.violations[0]}`);
		}
		const reasons = {};
		for (const u of ours.output?.unscheduled ?? []) reasons[u.reason] = (reasons[u.reason] || 0) + 1;
		const row = { name, instance, total, ours, v, ff, ffSeconds, fv, reasons };
		rows.push(row);
		process.stderr.write(`${name}: roadshow ${v ? `${ours.output.assignments.length} placed, weight ${v.weight}, breaks ${v.breaks}` : 'failed'}, ${fmt(ours.seconds)} s; first-fit weight ${fv.weight}, breaks ${fv.breaks}\n`);
		if (version) {
			row.cbc = reference(o, bin, file, instance, join(work, name), check, notes, name);
			if (row.cbc.invalid) invalid += row.cbc.invalid;
		}
	}
	if (!o.keep) rmSync(work, { recursive: true, force: true });

	const out = [];
	out.push('| instance | participants | meetings (weight) | Roadshow: placed | weight | breaks | max | s | MB | first-fit: placed | weight | breaks | max | s | breaks, ours / first-fit |');
	out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
	for (const r of rows) {
		const i = r.instance;
		const oursCells = r.v
			? [r.ours.output.assignments.length, r.v.weight, r.v.breaks, r.v.max_breaks, fmt(r.ours.seconds), r.ours.mb ? fmt(r.ours.mb, 0) : '–']
			: ['failed', '–', '–', '–', fmt(r.ours.seconds), '–'];
		const ratio = r.v && r.fv.breaks ? fmt(r.v.breaks / r.fv.breaks) : '–';
		out.push(
			`| ${r.name} | ${i.participants.length} | ${i.meetings.length} (${r.total}) | ${oursCells.join(' | ')} | ${r.ff.assignments.length} | ${r.fv.weight} | ${r.fv.breaks} | ${r.fv.max_breaks} | ${fmt(r.ffSeconds, 3)} | ${ratio} |`,
		);
	}
	out.push('');
	out.push(
		`Roadshow: \`roadshow schedule --seed ${o.seed} --time-limit ${o['time-limit']}\`, wall time of one run including reading and writing the files; ` +
			`first-fit: bench/schedule/first-fit.mjs in Node, in-process. Both checked by ${relative(root, resolve(o.checker))}: ${invalid ? `**${invalid} invalid**` : 'all valid'}.`,
	);
	out.push('', ...cbcTables(o, rows, version));
	for (const r of rows)
		if (Object.keys(r.reasons).length)
			notes.push(`${r.name}: Roadshow left out ${Object.entries(r.reasons).map(([k, n]) => `${n} ${k}`).join(', ')}`);
	if (notes.length) out.push('', ...notes.map((n) => `- ${n}`));
	process.stdout.write(out.join('\n') + '\n');
	process.exit(invalid ? 1 : 0);
}

// CBC on one instance: the proven weight optimum and the best breaks within the limit (small),
// or the LP-relaxation bound of the weight (larger); each schedule CBC gives is checked.
function reference(o, bin, file, instance, base, check, notes, name) {
	const res = { invalid: 0 };
	const checked = (what, sched) => {
		const v = check(instance, sched);
		if (!v.ok) {
			res.invalid++;
			notes.push(`${name}: CBC's ${what} schedule is INVALID: ${v.violations.length} violation(s), first: ${v.violations[0]}`);
		}
		return v;
	};
	try {
		if (instance.meetings.length > Number(o['cbc-max-meetings'])) {
			res.skipped = `more than ${o['cbc-max-meetings']} meetings`;
			return res;
		}
		const seconds = Number(o['cbc-seconds']);
		const t0 = process.hrtime.bigint();
		const emitted = emitLp(bin, file, `${base}.lp`);
		const { lp, multiplier } = emitted;
		res.emitSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
		res.lpMB = lp.length / 1e6;
		if (multiplier > 1) {
			const r = referenceSmall(bin, instance, file, base, seconds, emitted);
			res.small = true;
			res.weightRun = r.weightRun;
			res.breakRun = r.breakRun;
			if (r.weightSchedule) res.weightV = checked('weight-only', r.weightSchedule);
			if (r.breakSchedule) res.breakV = checked('lexicographic', r.breakSchedule);
			// the lexicographic objective's bound, in breaks: M W - breaks <= bound
			if (r.breakRun?.bound != null && res.weightV) res.breakBound = Math.max(0, Math.ceil(multiplier * res.weightV.weight - r.breakRun.bound - 1e-6));
			process.stderr.write(
				`${name}: CBC weight ${res.weightV?.weight ?? '–'} (${r.weightRun.status}, ${fmt(r.weightRun.seconds)} s), breaks ${res.breakV?.breaks ?? '–'} (${r.breakRun?.status ?? '–'}, bound ${res.breakBound ?? '–'}, ${fmt(r.breakRun?.seconds)} s)\n`,
			);
		} else {
			const relax = runCbc(`${base}.lp`, { relax: true, seconds: Number(o['cbc-relax-seconds']) });
			res.relax = relax;
			process.stderr.write(`${name}: CBC LP relaxation ${relax.status}${relax.objective != null ? `, bound ${relax.objective}` : ''}, ${fmt(relax.seconds)} s\n`);
		}
	} catch (e) {
		res.error = e.message;
		notes.push(`${name}: CBC reference failed: ${e.message}`);
	}
	return res;
}

const yes = (b) => (b ? 'yes' : '**no**');

function cbcTables(o, rows, version) {
	const out = [];
	if (!version) {
		out.push(
			o.cbc === 'off'
				? 'CBC reference: skipped (--cbc off).'
				: 'CBC reference: **skipped, cbc is not installed** (`scripts/deps --bench` installs coinor-cbc); no CBC numbers in this run.',
		);
		return out;
	}
	const small = rows.filter((r) => r.cbc?.small), large = rows.filter((r) => r.cbc && !r.cbc.small);
	if (small.length) {
		out.push(
			`CBC ${version} reference, small instances (the emitted program has objective (2)): CBC solves objective (1) alone (proves the weight), then the lexicographic program with that weight as a row, ${o['cbc-seconds']} s CPU each at most.`,
			'',
			'| instance | meetings | CBC weight | CBC breaks (best in ' + o['cbc-seconds'] + ' s CPU) | CBC s, wall (weight + breaks) | CBC s, CPU | Roadshow weight | breaks | s | CBC s / Roadshow s | weight = optimum | breaks ≤ CBC |',
			'|---|---|---|---|---|---|---|---|---|---|---|---|',
		);
		let eq = 0, le = 0, fast = 0;
		for (const r of small) {
			const c = r.cbc, wr = c.weightRun, br = c.breakRun;
			const wOpt = wr?.status === 'optimal';
			const bOpt = br?.status === 'optimal';
			const cbcS = (wr?.seconds ?? 0) + (br?.seconds ?? 0);
			const weightEq = r.v && c.weightV && wOpt && r.v.weight === c.weightV.weight;
			const breaksLe = r.v && c.breakV && (!br || c.breakV.weight === r.v.weight) && r.v.breaks <= c.breakV.breaks;
			const ratio = r.v ? cbcS / r.ours.seconds : null;
			eq += !!weightEq;
			le += !!breaksLe;
			fast += ratio != null && ratio >= 100;
			const bCell = c.breakV ? `${c.breakV.breaks} (${bOpt ? 'optimal' : `time limit; bound ≥ ${c.breakBound ?? '?'}`})` : br ? br.status : '–';
			out.push(
				`| ${r.name} | ${r.instance.meetings.length} | ${c.weightV ? `${c.weightV.weight} (${wOpt ? 'optimal' : wr.status})` : wr?.status ?? c.error ?? '–'} | ${bCell} | ${fmt(cbcS)} (${fmt(wr?.seconds)} + ${fmt(br?.seconds)}) | ${fmt(wr?.cpu)} + ${fmt(br?.cpu)} | ${r.v?.weight ?? '–'} | ${r.v?.breaks ?? '–'} | ${fmt(r.ours.seconds)} | ${ratio == null ? '–' : fmt(ratio, 0)}${bOpt || !br ? '' : ' (CBC stopped)'} | ${yes(weightEq)} | ${yes(breaksLe)} |`,
			);
		}
		out.push(
			'',
			`Weight equal to CBC's proven optimum on ${eq}/${small.length}; breaks no worse than CBC's best on ${le}/${small.length}; at least 100× faster than CBC on ${fast}/${small.length} ` +
				`(CBC's time is its wall time for both runs, reading the program included, against Roadshow's wall time; where it stopped at the limit the ratio is a lower bound). CBC's schedules checked by the same checker.`,
		);
	}
	if (large.length) {
		if (small.length) out.push('');
		out.push(
			`CBC ${version} reference, larger instances: the LP relaxation of objective (1) (\`cbc F.lp primalSimplex\`), an upper bound on the weight of any schedule; killed after ${o['cbc-relax-seconds']} s.`,
			'',
			'| instance | meetings | program (MB) | CBC LP bound | CBC s, wall (CPU) | Roadshow weight | % of the bound | Roadshow s | MB | ≥ 99.9 %, ≤ 2 s, ≤ 200 MB |',
			'|---|---|---|---|---|---|---|---|---|---|',
		);
		for (const r of large) {
			const c = r.cbc;
			if (c.skipped || c.error) {
				out.push(`| ${r.name} | ${r.instance.meetings.length} | – | skipped: ${c.skipped ?? c.error} | – | ${r.v?.weight ?? '–'} | – | ${fmt(r.ours.seconds)} | ${r.ours.mb ? fmt(r.ours.mb, 0) : '–'} | – |`);
				continue;
			}
			const ok = c.relax.status === 'optimal';
			const pct = ok && r.v ? (100 * r.v.weight) / c.relax.objective : null;
			const target = pct != null && pct >= 99.9 && r.ours.seconds <= 2 && r.ours.mb != null && r.ours.mb <= 200;
			out.push(
				`| ${r.name} | ${r.instance.meetings.length} | ${fmt(c.lpMB, 0)} | ${ok ? fmt(c.relax.objective, 2) : c.relax.status === 'killed' ? `not reached in ${o['cbc-relax-seconds']} s` : c.relax.status} | ${fmt(c.relax.seconds)} (${fmt(c.relax.cpu)}) | ${r.v?.weight ?? '–'} | ${pct == null ? '–' : fmt(pct, 3)} | ${fmt(r.ours.seconds)} | ${r.ours.mb ? fmt(r.ours.mb, 0) : '–'} | ${pct == null ? '–' : yes(target)} |`,
			);
		}
	}
	return out;
}

main();
