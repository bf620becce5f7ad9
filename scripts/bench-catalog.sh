#!/usr/bin/env bash
# Charges/s and latency of the catalog: one server on SQLite, one on PostgreSQL, two on one
# PostgreSQL database, at 8 and 32 charges in flight (swipe-bench charges --verify: the day's
# approved charges at the catalog must equal those the load saw approved), then two servers
# with one killed (SIGKILL) in the middle of the load: the load fails over to the other.
# Needs the release build (swift build -c release --product swipe --product swipe-bench) and
# Debian's postgresql package; starts a throwaway PostgreSQL in a temporary folder.
# Usage: scripts/bench-catalog.sh [SECONDS]   (default 10 s measured per run)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
swipe=.build/release/swipe
bench=.build/release/swipe-bench
[ -x "$swipe" ] && [ -x "$bench" ] || { echo "build first: swift build -c release --product swipe --product swipe-bench" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); chown postgres "$work"; fi
pg_port=$((20000 + RANDOM % 10000))
"${as_pg[@]}" "$bin/initdb" -D "$work/pg" -U swipe -A trust --no-sync >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
    -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    "${as_pg[@]}" "$bin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

port=$((30000 + RANDOM % 10000))
url=""
# Starts a catalog server on --database $1 with the secrets in $2; sets $url (not a subshell: the
# server's pid and the next free port must stay known here).
serve() {
    port=$((port + 1))
    "$swipe" catalog serve --database "$1" --secrets-dir "$2" --demo-data --listen "127.0.0.1:$port" \
        --log-level warning >>"$work/serve.log" 2>&1 &
    pids+=($!)
    url="http://127.0.0.1:$port"
    for _ in $(seq 300); do curl -sf "$url/health" >/dev/null && return; sleep 0.1; done
    echo "the catalog on $1 did not start: $(tail -3 "$work/serve.log")" >&2
    exit 1
}
database() {
    "${as_pg[@]}" "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U swipe "$1"
    echo "postgres://swipe@127.0.0.1:$pg_port/$1?sslmode=disable"
}
run() {  # label, concurrency, servers
    local out
    out=$("$bench" charges --server "$3" --concurrency "$2" --duration "$seconds" --verify)
    local rate p50 p99 verdict
    rate=$(echo "$out" | sed -n 's/.*; \([0-9]*\) charges\/s/\1/p')
    p50=$(echo "$out" | sed -n 's/.*p50 \([0-9.]*\),.*/\1/p')
    p99=$(echo "$out" | sed -n 's/.*p99 \([0-9.]*\),.*/\1/p')
    verdict=$(echo "$out" | sed -n 's/^approved charges: \(.*\)/\1/p')
    echo "| $1 | $2 | $rate | $p50 | $p99 | $verdict |"
}

echo "| catalog | in flight | charges/s | p50 ms | p99 ms | approved: catalog vs load |"
echo "|---|---|---|---|---|---|"
n=0
for concurrency in 8 32; do
    n=$((n + 1))
    serve "$work/c$n.sqlite" "$work/secrets-sqlite-$n"
    run "1 server, SQLite" "$concurrency" "$url"
    serve "$(database one$n)" "$work/secrets-$n"
    run "1 server, PostgreSQL" "$concurrency" "$url"
    shared=$(database two$n)
    serve "$shared" "$work/secrets-two-$n"
    first=$url
    serve "$shared" "$work/secrets-two-$n"
    run "2 servers, one PostgreSQL" "$concurrency" "$first,$url"
done
# Two servers, one killed halfway through the load.
shared=$(database failover)
serve "$shared" "$work/secrets-failover"
first=$url
serve "$shared" "$work/secrets-failover"
second=$url
victim=${pids[-1]}
# The load seals its charges first (a few seconds), then warms up 2 s: the kill lands mid-run.
( sleep $((seconds / 2 + 6)); kill -9 "$victim" ) &
out=$("$bench" charges --server "$second,$first" --concurrency 8 --duration "$seconds" --timeout 2 --verify)
echo
echo "two servers, one killed (SIGKILL) halfway, 8 in flight, a charge sent to the other after 2 s without an answer:"
echo "$out" | sed -n 's/^\(charges: .*\)/  \1/p; s/^\(requests sent again.*\)/  \1/p; s/^\(approved charges: .*\)/  \1/p'
