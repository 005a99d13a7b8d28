#!/bin/sh
# http.sh ROADSHOW: GET of a ~2 KB JSON resource from Roadshow against nginx serving the same
# bytes as a static file, measured in the same run with the same wrk settings.
# Prints a table with requests/s, p50/p99 latency and the ratio Roadshow/nginx.
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
duration=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
threads=2
dir=$(mktemp -d)
cleanup() {
  [ -n "${rs_pid:-}" ] && kill "$rs_pid" 2>/dev/null || true
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
  sleep 0.2
  rm -rf "$dir"
}
trap cleanup EXIT

"$bin" demo --no-accounts --db "$dir/bench.db" >/dev/null
"$bin" serve --db "$dir/bench.db" --listen 127.0.0.1:0 >"$dir/serve.out" 2>/dev/null &
rs_pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
  grep -q serving "$dir/serve.out" 2>/dev/null && break
  sleep 0.2
done
rs=$(sed -n 's|.*serving \(http://[0-9.:]*\)/.*|\1|p' "$dir/serve.out")

# the ~2 KB resource: the first organization list page of 4 rows
path="/api/v1/organizations?limit=4"
mkdir -p "$dir/www"
curl -sf "$rs$path" >"$dir/www/resource.json"
bytes=$(wc -c <"$dir/www/resource.json")

cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:18181;
    root $dir/www;
    location / { default_type application/json; }
  }
}
CONF
nginx -c "$dir/nginx.conf"
sleep 0.3

measure() { # name url
  wrk -t$threads -c$conns -d"${duration}s" --latency "$2" >"$dir/$1.wrk"
  rps=$(awk '/Requests\/sec/ {print $2}' "$dir/$1.wrk")
  p50=$(awk '$1 == "50%" {print $2}' "$dir/$1.wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$dir/$1.wrk")
  echo "$1 $rps $p50 $p99"
}

# warm both, then measure
wrk -t1 -c4 -d1s "$rs$path" >/dev/null
r=$(measure roadshow "$rs$path")
n=$(measure nginx "http://127.0.0.1:18181/resource.json")
rss=$(awk '/VmRSS/ {print $2}' /proc/"$rs_pid"/status)

echo "GET of a $bytes-byte JSON resource, wrk -t$threads -c$conns -d${duration}s, loopback"
echo "| server | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
echo "$r" | awk '{printf "| Roadshow (SQLite) | %s | %s | %s |\n", $2, $3, $4}'
echo "$n" | awk '{printf "| nginx (static file) | %s | %s | %s |\n", $2, $3, $4}'
echo "$r $n" | awk '{printf "ratio Roadshow/nginx: %.2f\n", $2 / $6}'
echo "Roadshow resident memory after the load: $((rss / 1024)) MB"
