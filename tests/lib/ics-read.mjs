// ics-read.mjs - reads an iCalendar file with an independent parser: Debian's python3 with
// python3-icalendar (not a pyenv shim), for the tests of every calendar Roadshow writes.
import { execFileSync } from 'node:child_process';

export function readIcs(text) {
  const script = `
import sys, json
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.buffer.read())
out = {'name': str(cal.get('X-WR-CALNAME', '')), 'zones': [str(z['TZID']) for z in cal.walk('VTIMEZONE')], 'events': []}
for e in cal.walk('VEVENT'):
    s, t = e['DTSTART'].dt, e['DTEND'].dt
    out['events'].append({'uid': str(e['UID']), 'sequence': int(e.get('SEQUENCE', 0)),
        'summary': str(e['SUMMARY']), 'status': str(e.get('STATUS', '')),
        'start': s.isoformat(), 'start_tz': str(s.tzinfo), 'start_utc': s.timestamp(),
        'end': t.isoformat(), 'end_tz': str(t.tzinfo), 'end_utc': t.timestamp(),
        'location': str(e.get('LOCATION', ''))})
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: text, encoding: 'utf8' }));
}
