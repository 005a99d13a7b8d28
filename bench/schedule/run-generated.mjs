#!/usr/bin/env node
// run-generated.mjs - the generated families of issue 5: writes the fixed-seed instances of
// generate.mjs to a temporary directory, schedules each with `roadshow schedule` and with the
// first-fit baseline (first-fit.mjs), validates both with the independent checker
// (tests/lib/schedule-check.mjs) and prints a Markdown table. `make bench-schedule` runs it
// after run-jair.mjs.
//
//   node bench/schedule/run-generated.mjs [--bin PATH] [--time-limit S] [--seed N]
//        [--families small,ces] [--checker FILE.mjs] [--keep DIR]
//
// --time-limit defaults to 1 s (the CES-scale target is a schedule within 2 s); --families
// also takes national (150,000 meetings; not run by default).
// Exit status 1 only when a schedule (ours or the baseline's) is invalid or the scheduler fails.
// The reference of the issue, CBC on the instance as an integer program, needs
// `roadshow schedule --emit-lp`, which does not exist yet: this table has no CBC column.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
	});
	const check = await loadChecker(resolve(o.checker));
	const bin = resolve(o.bin);
	const work = o.keep || mkdtempSync(join(tmpdir(), 'roadshow-gen-'));
	const instances = writeFamilies(work, o.families.split(','), Number(o.seed));

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
		rows.push({ name, instance, total, ours, v, ff, ffSeconds, fv, reasons });
		process.stderr.write(`${name}: roadshow ${v ? `${ours.output.assignments.length} placed, weight ${v.weight}, breaks ${v.breaks}` : 'failed'}, ${fmt(ours.seconds)} s; first-fit weight ${fv.weight}, breaks ${fv.breaks}\n`);
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
	for (const r of rows)
		if (Object.keys(r.reasons).length)
			notes.push(`${r.name}: Roadshow left out ${Object.entries(r.reasons).map(([k, n]) => `${n} ${k}`).join(', ')}`);
	if (notes.length) out.push('', ...notes.map((n) => `- ${n}`));
	process.stdout.write(out.join('\n') + '\n');
	process.exit(invalid ? 1 : 0);
}

main();
