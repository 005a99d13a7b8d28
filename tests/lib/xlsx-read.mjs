// xlsx-read.mjs - reads a workbook with an independent reader: Debian's python3-openpyxl.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

// Reads a workbook with openpyxl (Debian's, not the pyenv shim's python3) and prints every
// non-empty cell with its Python type and number format, and each sheet's native charts (their
// type and the cell range of each series' values).
const READER = `
import datetime, io, json, sys
import openpyxl
wb = openpyxl.load_workbook(io.BytesIO(sys.stdin.buffer.read()))
out = {"sheets": wb.sheetnames, "cells": {}, "charts": {}}
for ws in wb.worksheets:
    # the native charts of the sheet: their kind and, per series, where its values come from
    out["charts"][ws.title] = [
        {"type": ch.tagname, "series": [s.val.numRef.f for s in ch.series if s.val and s.val.numRef]}
        for ch in ws._charts]
    cells = []
    for row in ws.iter_rows():
        for c in row:
            if c.value is None:
                continue
            v = c.value
            t = type(v).__name__
            if isinstance(v, (datetime.datetime, datetime.date)):
                v = v.isoformat()
            cells.append({"row": c.row, "col": c.column, "v": v, "t": t, "fmt": c.number_format})
    out["cells"][ws.title] = cells
print(json.dumps(out, ensure_ascii=False))
`;

export function readXlsx(buf) {
  const text = execFileSync('/usr/bin/python3', ['-c', READER], { input: buf, maxBuffer: 64 << 20 });
  const book = JSON.parse(text.toString('utf8'));
  // helpers: the cells of a sheet, a row's cells by column, the row holding a value
  book.sheet = (name) => {
    const cells = book.cells[name];
    assert.ok(cells, `no sheet ${name} in ${book.sheets}`);
    return cells;
  };
  book.rowOf = (name, value) => {
    const c = book.sheet(name).find((x) => x.v === value);
    assert.ok(c, `no cell "${value}" in sheet ${name}`);
    return Object.fromEntries(book.sheet(name).filter((x) => x.row === c.row).map((x) => [x.col, x]));
  };
  book.strings = () => Object.values(book.cells).flat().filter((c) => typeof c.v === 'string').map((c) => c.v);
  return book;
}
