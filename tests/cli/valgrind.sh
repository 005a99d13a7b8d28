#!/bin/sh
# valgrind.sh ROADSHOW: runs the CLI paths under valgrind; any leak or memory error fails.
# Prints "N passed, N failed".
set -u
bin=${1:?usage: valgrind.sh ROADSHOW}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0 fail=0

run() {
  expect=$1; shift
  valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
    "$bin" "$@" >"$dir/out" 2>"$dir/err"
  status=$?
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
run 0 demo --db "$db"
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

echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
