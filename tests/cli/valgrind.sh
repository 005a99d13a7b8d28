#!/bin/sh
# valgrind.sh ROADSHOW: runs the CLI paths under valgrind; any leak or memory error fails.
# Prints "N passed, N failed".
set -u
bin=${1:?usage: valgrind.sh ROADSHOW}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0 fail=0

# run STATUS ARGS...: roadshow ARGS must exit with STATUS; standard input is $input if set.
run() {
  expect=$1; shift
  valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
    "$bin" "$@" <"${input:-/dev/null}" >"$dir/out" 2>"$dir/err"
  status=$?
  input=
  if [ "$status" -eq "$expect" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: roadshow $* exited $status (wanted $expect)"
    sed 's/^/    /' "$dir/err" | head -n 30
  fi
}

db="$dir/v.db"
run 0 version
run 0 help
run 0 help export
run 2 no-such-command
run 2 serve --no-such-option
run 0 migrate --db "$db"
run 0 demo --no-accounts --db "$db"
run 0 demo --db "$db" --if-empty
run 1 demo --db "$db"
run 0 export organizations --db "$db" --out "$dir/orgs.csv"
run 0 export booths --db "$db" --format json --out "$dir/booths.json"
run 0 import organizations "$dir/orgs.csv" --db "$db"
run 0 import booths "$dir/booths.json" --db "$db"
printf 'kind,name_ko\nplanet,나쁜 행\n' >"$dir/bad.csv"
run 1 import organizations "$dir/bad.csv" --db "$db"
printf 'kind,name_ko\n"unterminated\n' >"$dir/broken.csv"
run 1 import organizations "$dir/broken.csv" --db "$db"
run 2 export no_such_resource --db "$db"
run 0 backup --db "$db" "$dir/backup.db"
run 0 restore --db "$dir/restored.db" "$dir/backup.db"
run 1 restore --db "$dir/restored.db" "$dir/orgs.csv"
run 2 backup --db "$db"
run 0 itinerary 1 --db "$db"
run 0 itinerary 2 --check --lang en --db "$db"
run 0 itinerary 1 --member 2 --ics "$dir/jb.ics" --db "$db"
run 1 itinerary 1 --member 9 --db "$db"
run 1 itinerary 999 --db "$db"
run 2 itinerary x --db "$db"
run 0 document 1 plan --db "$db" --out "$dir/plan.html"
run 0 document 2 report --lang en --db "$db" --out "$dir/report.xlsx"
run 1 document 999 plan --db "$db"
run 2 document 1 memo --db "$db"
run 0 outcome pavilion 2 --db "$db"
run 0 outcome event 2 --lang en --db "$db" --out "$dir/outcome.xlsx"
run 0 outcome company 22 --format csv --db "$db"
run 0 outcome centre 1 --db "$db" --out "$dir/centre.xlsx"
run 1 outcome pavilion 999 --db "$db"
run 2 outcome booth 2 --db "$db"
cat >"$dir/inst.json" <<'JSON'
{"slots": [{"id": 0, "session": 0}, {"id": 1, "session": 0}, {"id": 2, "session": 1}],
 "venues": ["LVCC", "VENETIAN"], "walk": [{"from": "LVCC", "to": "VENETIAN", "slots": 1}],
 "participants": [
  {"id": "e1", "venue": "VENETIAN", "tables": 2, "languages": ["ko"]},
  {"id": "e2", "venue": "LVCC", "tables": 1, "languages": ["ko", "en"]},
  {"id": "b1", "languages": ["en"], "cap": 2}, {"id": "b2", "languages": ["ja"]}],
 "interpreters": [{"id": "i1", "languages": ["ko-en", "ko-ja"], "available": [0, 2]}],
 "meetings": [{"id": "m1", "a": "e1", "b": "b1", "weight": 2}, {"id": "m2", "a": "e2", "b": "b1"},
  {"id": "m3", "a": "e1", "b": "b2", "pinned": 2}, {"id": "m4", "a": "e2", "b": "b2", "slots": [1]}]}
JSON
run 0 schedule --instance "$dir/inst.json" --time-limit 1 --emit-lp "$dir/inst.lp" --out "$dir/out.json"
printf '{"slots": [{"id": 0, "session": 0}], "participants": [], "meetings": [{"id": "m", "a": "x", "b": "y"}]}' >"$dir/bad.json"
run 1 schedule --instance "$dir/bad.json"
run 2 schedule --seed x --instance "$dir/inst.json"
run 0 schedule 1 --publish --time-limit 1 --db "$db"
run 1 schedule 999 --db "$db"
run 2 schedule 1 --instance "$dir/inst.json" --db "$db"
echo "correct horse battery" >"$dir/pw"
input="$dir/pw" run 0 user add jb.officer --role organizer --organization 1 --password-stdin --db "$db"
run 1 user add jb.officer --role organizer --organization 1 --db "$db"
run 1 user add boss --role emperor --db "$db"
run 0 user list --db "$db"
run 0 user disable jb.officer --db "$db"
run 1 user enable nobody --db "$db"
run 2 user frobnicate

echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
