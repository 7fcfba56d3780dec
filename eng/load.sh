#!/usr/bin/env bash
# The library's share of a request (issue 23): the web sample (samples/PetitionOpinion.Samples.WebApi) against a raw
# ASP.NET Core minimal API host that writes the same rows with plain SQL (benchmarks/PetitionOpinion.LoadBaseline:
# Microsoft.Data.Sqlite or Npgsql), under wrk, for POST /incidents (report) and POST /incidents/{id}/assessment
# (assess), at 8 and 32 connections, both on SQLite (the default) or both on PostgreSQL.
#
#   eng/load.sh                      # one round on SQLite: raw, then library, 10 s a run (about 4 minutes with the build)
#   eng/load.sh --store postgresql   # the same on PostgreSQL (a throw-away server from eng/postgres.sh, a database per host)
#   eng/load.sh --rounds 3           # three rounds, the hosts' order alternating; ratios per round and their median
#   eng/load.sh --in-memory          # also the sample on its in-memory store (Store:Provider=InMemory): storage vs the rest
#   eng/load.sh --duration 30        # longer runs (1-120 s)
#   eng/load.sh --sample-arg --PetitionOpinion:Storage:CachedEvents=0   # an argument for the sample (repeatable)
#
# Bounded and loopback only: every host listens on a free 127.0.0.1 port, on a fresh SQLite file in a temporary folder
# or a fresh database of a PostgreSQL server started on a free 127.0.0.1 port with its data in that folder, and is
# stopped on exit (trap; the server too); every wrk run lasts --duration seconds (warm-ups and seeding: a few seconds
# more, at most 3 seeding runs of 60 s). Needs wrk (installed with apt-get when missing and possible), python3, curl and
# the .NET SDK; for PostgreSQL, what eng/postgres.sh needs (it installs Debian's postgresql package when it is missing).
# Not part of CI: it is a benchmark, its figures depend on the machine. benchmarks/README.md ("The library's share of a
# request") says what is measured and what the raw host does and does not do.
set -euo pipefail

DURATION=10
WARMUP=20
ROUNDS=1
IN_MEMORY=0
BUILD=1
KEEP=0
CONNECTIONS=(8 32)
STORE=sqlite
SAMPLE_ARGS=()

usage() {
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    echo "Options: --store sqlite|postgresql, --duration S (1-120), --warmup S (the report warm-up, 1-120; default 20), --rounds N (1-10), --in-memory, --connections \"8 32\","
    echo "         --sample-arg ARG (repeatable), --no-build, --keep (keep the temporary folder)"
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --duration) DURATION="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --in-memory) IN_MEMORY=1; shift ;;
        --store) STORE="$2"; shift 2 ;;
        --sample-arg) SAMPLE_ARGS+=("$2"); shift 2 ;;
        --connections) read -r -a CONNECTIONS <<< "$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "load.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

if ! [[ "$DURATION" =~ ^[0-9]+$ ]] || (( DURATION < 1 || DURATION > 120 )); then echo "load.sh: --duration must be 1-120 seconds" >&2; exit 2; fi
if ! [[ "$WARMUP" =~ ^[0-9]+$ ]] || (( WARMUP < 1 || WARMUP > 120 )); then echo "load.sh: --warmup must be 1-120 seconds" >&2; exit 2; fi
if ! [[ "$ROUNDS" =~ ^[0-9]+$ ]] || (( ROUNDS < 1 || ROUNDS > 10 )); then echo "load.sh: --rounds must be 1-10" >&2; exit 2; fi
if [[ "$STORE" != sqlite && "$STORE" != postgresql ]]; then echo "load.sh: --store must be sqlite or postgresql" >&2; exit 2; fi
for c in "${CONNECTIONS[@]}"; do
    if ! [[ "$c" =~ ^[0-9]+$ ]] || (( c < 1 || c > 256 )); then echo "load.sh: each connection count must be 1-256" >&2; exit 2; fi
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LUA="$ROOT/eng/load"
SAMPLE_DLL="$ROOT/samples/PetitionOpinion.Samples.WebApi/bin/Release/net10.0/PetitionOpinion.Samples.WebApi.dll"
RAW_DLL="$ROOT/benchmarks/PetitionOpinion.LoadBaseline/bin/Release/net10.0/PetitionOpinion.LoadBaseline.dll"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/petition-opinion-load.XXXXXX")"
RESULTS="$WORK/results.tsv"
HOST_PID=""
PG_DIR=""
PG_PORT=""
PG_PID=""

# Stops the PostgreSQL server this script started (eng/postgres.sh stop also deletes its data directory).
stop_postgres() {
    if [[ -n "$PG_DIR" ]]; then
        PETITIONOPINION_PG_DIR="$PG_DIR" PETITIONOPINION_PG_PORT="$PG_PORT" "$ROOT/eng/postgres.sh" stop > /dev/null 2>&1 || true
    fi
    PG_DIR=""
}

cleanup() {
    local status=$?
    stop_host
    stop_postgres
    if (( KEEP )); then echo "load.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "load.sh: $*" >&2; }

# --- wrk -------------------------------------------------------------------------------------------------------------
if ! command -v wrk > /dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get > /dev/null; then
        log "wrk is missing: installing it (apt-get install wrk)"
        apt-get update -qq > /dev/null && apt-get install -y -qq wrk > /dev/null
    fi
fi
command -v wrk > /dev/null || { echo "load.sh: wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }
command -v python3 > /dev/null || { echo "load.sh: python3 is needed" >&2; exit 1; }

# --- build -----------------------------------------------------------------------------------------------------------
if (( BUILD )); then
    log "building the sample and the raw host (Release)"
    dotnet build "$ROOT/samples/PetitionOpinion.Samples.WebApi" -c Release -v q -nologo > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
    dotnet build "$ROOT/benchmarks/PetitionOpinion.LoadBaseline" -c Release -v q -nologo >> "$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
fi
[[ -f "$SAMPLE_DLL" && -f "$RAW_DLL" ]] || { echo "load.sh: build first (or drop --no-build)" >&2; exit 1; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# --- PostgreSQL ------------------------------------------------------------------------------------------------------
# One throw-away server (eng/postgres.sh) on a free 127.0.0.1 port, its data in the temporary folder, stopped on exit;
# each host of each round gets a database of its own on it (create_database).
PG_CONNECTION=""
PG_BIN=""
if [[ "$STORE" == postgresql ]]; then
    PG_PORT="$(free_port)"
    PG_DIR="$WORK/pg"
    # As root, eng/postgres.sh runs the server as the postgres user, which must be able to reach its data directory.
    chmod 711 "$WORK"
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT (data in $PG_DIR)"
    PG_CONNECTION="$(PETITIONOPINION_PG_DIR="$PG_DIR" PETITIONOPINION_PG_PORT="$PG_PORT" "$ROOT/eng/postgres.sh" start 2> "$WORK/postgres.log")" \
        || { cat "$WORK/postgres.log" >&2; echo "load.sh: PostgreSQL did not start" >&2; exit 1; }
    # Its programs, found as eng/postgres.sh finds them.
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1 || true)"
    [[ -n "$PG_BIN" && -x "$PG_BIN/psql" ]] || PG_BIN="$(dirname "$(command -v psql)")"
    PG_PID="$(head -n 1 "$PG_DIR/data/postmaster.pid")"
    log "PostgreSQL $("$PG_BIN/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc 'show server_version') (pid $PG_PID)"
fi

# create_database <name>: a new, empty database on the server; prints the connection string for it.
create_database() {
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE $1" >&2
    sed "s/Database=[^;]*/Database=$1/" <<< "$PG_CONNECTION"
}

# --- hosts -----------------------------------------------------------------------------------------------------------

# start_host <raw|library|inmemory> <folder>: from its output folder (its content root: appsettings.json); sets PORT and HOST_PID, waits (at most 60 s) until it answers.
start_host() {
    local kind="$1" dir="$2" probe connection=""
    PORT="$(free_port)"
    mkdir -p "$dir"
    if [[ "$STORE" == postgresql && "$kind" != inmemory ]]; then
        connection="$(create_database "load_$(basename "$dir" | tr -c 'a-z0-9\n' '_')")"
    fi
    case "$kind/$STORE" in
        raw/sqlite)
            (cd "$(dirname "$RAW_DLL")" && exec dotnet "$RAW_DLL" --urls "http://127.0.0.1:$PORT" --Baseline:Path="$dir/raw.db" > "$dir/host.log" 2>&1) &
            probe="/health" ;;
        raw/postgresql)
            (cd "$(dirname "$RAW_DLL")" && exec dotnet "$RAW_DLL" --urls "http://127.0.0.1:$PORT" \
                --Baseline:Provider=PostgreSql --Baseline:ConnectionString="$connection" > "$dir/host.log" 2>&1) &
            probe="/health" ;;
        library/sqlite)
            (cd "$(dirname "$SAMPLE_DLL")" && exec dotnet "$SAMPLE_DLL" --urls "http://127.0.0.1:$PORT" --Authentication:AllowDevelopmentScheme=true \
                --Store:Provider=Sqlite --Store:Path="$dir/sample.db" ${SAMPLE_ARGS[@]+"${SAMPLE_ARGS[@]}"} > "$dir/host.log" 2>&1) &
            probe="/health/live" ;;
        library/postgresql)
            (cd "$(dirname "$SAMPLE_DLL")" && exec dotnet "$SAMPLE_DLL" --urls "http://127.0.0.1:$PORT" --Authentication:AllowDevelopmentScheme=true \
                --Store:Provider=PostgreSql --Store:ConnectionString="$connection" ${SAMPLE_ARGS[@]+"${SAMPLE_ARGS[@]}"} > "$dir/host.log" 2>&1) &
            probe="/health/live" ;;
        inmemory/*)
            (cd "$(dirname "$SAMPLE_DLL")" && exec dotnet "$SAMPLE_DLL" --urls "http://127.0.0.1:$PORT" --Authentication:AllowDevelopmentScheme=true \
                --Store:Provider=InMemory ${SAMPLE_ARGS[@]+"${SAMPLE_ARGS[@]}"} > "$dir/host.log" 2>&1) &
            probe="/health/live" ;;
    esac
    HOST_PID=$!
    for _ in $(seq 1 120); do
        if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT$probe"; then return 0; fi
        kill -0 "$HOST_PID" 2> /dev/null || { cat "$dir/host.log" >&2; echo "load.sh: the $kind host exited" >&2; exit 1; }
        sleep 0.5
    done
    cat "$dir/host.log" >&2
    echo "load.sh: the $kind host did not answer within 60 s" >&2
    exit 1
}

stop_host() {
    if [[ -n "$HOST_PID" ]] && kill -0 "$HOST_PID" 2> /dev/null; then
        kill -TERM "$HOST_PID" 2> /dev/null || true
        for _ in $(seq 1 20); do kill -0 "$HOST_PID" 2> /dev/null || break; sleep 0.5; done
        kill -KILL "$HOST_PID" 2> /dev/null || true
        wait "$HOST_PID" 2> /dev/null || true
    fi
    HOST_PID=""
}

# --- runs ------------------------------------------------------------------------------------------------------------
# The host's CPU time so far (user + system), in clock ticks (/proc/<pid>/stat fields 14 and 15).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$HOST_PID/stat"; }
TICKS_PER_SECOND="$(getconf CLK_TCK)"

# The PostgreSQL server's CPU time so far, in clock ticks: the postmaster's own and that of its children that have
# ended (fields 14-17), and the live children's (its backends — the hosts' pooled connections —, WAL writer,
# checkpointer, autovacuum). 0 on SQLite. Fields are counted after the command name, which may hold spaces.
db_ticks() {
    if [[ -z "$PG_PID" ]]; then echo 0; return 0; fi
    { sed 's/^.*) //' "/proc/$PG_PID/stat"; cat /proc/[0-9]*/stat 2> /dev/null | sed 's/^.*) //'; } \
        | awk -v pm="$PG_PID" 'NR == 1 { t = $12 + $13 + $14 + $15; next } $2 == pm { t += $12 + $13 } END { print t + 0 }' || true
}

# wrk_run <script> <connections> <seconds> <args...>: prints the RESULT line's fields as "requests duration_us p50 p99
# non2xx socket_errors host_cpu_us db_cpu_us" (host_cpu_us: the host process's CPU time during the run, less disturbed
# by the other work of a shared machine than requests/s; db_cpu_us: the PostgreSQL server's, 0 on SQLite).
wrk_run() {
    local script="$1" connections="$2" seconds="$3"
    shift 3
    local out before after db_before db_after
    before="$(cpu_ticks)"
    db_before="$(db_ticks)"
    out="$(wrk -t1 -c"$connections" -d"${seconds}s" --timeout 10s -s "$LUA/$script" "http://127.0.0.1:$PORT" -- "$@")"
    after="$(cpu_ticks)"
    db_after="$(db_ticks)"
    echo "$out" | awk -v cpu="$(( (after - before) * 1000000 / TICKS_PER_SECOND ))" -v db="$(( (db_after - db_before) * 1000000 / TICKS_PER_SECOND ))" '/^RESULT/ {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        print v["requests"], v["duration_us"], v["p50_us"], v["p99_us"], v["non2xx"], v["connect"] + v["read"] + v["write"] + v["timeout"], cpu, db }'
}

record() { # record <round> <host> <route> <connections> <wrk fields...>
    echo "$*" | tr ' ' '\t' >> "$RESULTS"
}

pool_size() { cat "$1".* 2> /dev/null | wc -l; }

# measure <round> <host kind>: a fresh host; report (warm-up, then each connection count), assess (warm-up, seeding, each count).
measure() {
    local round="$1" kind="$2" dir="$WORK/$1-$2" ids r run=1 fields
    start_host "$kind" "$dir"
    ids="$dir/ids"
    log "round $round, $kind host on 127.0.0.1:$PORT"

    wrk_run report.lua 8 "$WARMUP" "$ids" 0 > /dev/null # warm-up (JIT, connection pools); its incidents join the pool
    local report_rate=1
    for c in "${CONNECTIONS[@]}"; do
        read -r -a fields <<< "$(wrk_run report.lua "$c" "$DURATION" "$ids" "$run")"
        run=$((run + 1))
        record "$round" "$kind" report "$c" "${fields[@]}"
        r=$(( fields[0] * 1000000 / fields[1] ))
        (( r > report_rate )) && report_rate=$r
    done

    # Each assessment needs a reported incident of its own. A short warm-up estimates the rate; the pool is then topped
    # up with more reports until it holds twice what the measured runs would use at that rate (at most 3 seeding runs).
    cat "$ids".* > "$dir/pool"
    local offset=0 warm assess_rate needed have seconds
    read -r -a warm <<< "$(wrk_run assess.lua 8 2 "$dir/pool" "$offset")"
    offset=$(( offset + warm[0] + 8 ))
    assess_rate=$(( (warm[0] - warm[4]) * 1000000 / warm[1] + 1 ))
    needed=$(( offset + 2 * assess_rate * DURATION * ${#CONNECTIONS[@]} + 64 ))
    # The in-memory store is fast enough that this would be hundreds of thousands of incidents, and a store that size is
    # slower (its heap, the deadline scans): its pool stops at 100,000 and its assessment runs are shortened to fit (with
    # a wider margin: the 2 s warm-up underestimates its rate).
    local seconds_each="$DURATION" capped=0
    if [[ "$kind" == inmemory ]] && (( needed > 100000 )); then
        needed=100000
        capped=1
    fi
    for _ in 1 2 3; do
        have=$(pool_size "$ids")
        (( have >= needed )) && break
        seconds=$(( (needed - have) * 12 / 10 / report_rate + 1 ))
        (( seconds > 60 )) && seconds=60
        log "  seeding $((needed - have)) more incidents (about ${seconds} s)"
        wrk_run report.lua 32 "$seconds" "$ids" "$run" > /dev/null
        run=$((run + 1))
    done
    cat "$ids".* > "$dir/pool"
    if (( capped )); then
        have=$(pool_size "$ids")
        seconds_each=$(( (have - offset) / (4 * assess_rate * ${#CONNECTIONS[@]}) ))
        (( seconds_each < 1 )) && seconds_each=1
        (( seconds_each > DURATION )) && seconds_each="$DURATION"
        log "  in-memory store: $have incidents, assessment runs of ${seconds_each} s"
    fi

    for c in "${CONNECTIONS[@]}"; do
        read -r -a fields <<< "$(wrk_run assess.lua "$c" "$seconds_each" "$dir/pool" "$offset")"
        offset=$(( offset + fields[0] + c ))
        # A run that went past the end of the pool assessed incidents twice: its refusals count as errors below.
        record "$round" "$kind" assess "$c" "${fields[@]}"
    done
    stop_host
}

log "results in $WORK (store: $STORE; machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
for round in $(seq 1 "$ROUNDS"); do
    hosts=(raw library)
    (( round % 2 == 0 )) && hosts=(library raw)
    (( IN_MEMORY )) && hosts+=(inmemory)
    for kind in "${hosts[@]}"; do
        measure "$round" "$kind"
    done
done

# --- table -----------------------------------------------------------------------------------------------------------
python3 - "$RESULTS" "$DURATION" "$STORE" <<'PY'
import statistics, sys
from collections import defaultdict

# (round, route, connections) -> host -> (requests/s, p50 ms, p99 ms, errors, host CPU ms per request, database CPU ms per request)
rows = defaultdict(dict)
for line in open(sys.argv[1]):
    rnd, host, route, conns, requests, duration, p50, p99, non2xx, socket, cpu, db = line.rstrip("\n").split("\t")
    n = max(int(requests), 1)
    rows[(int(rnd), route, int(conns))][host] = (n * 1e6 / int(duration), int(p50) / 1000, int(p99) / 1000, int(non2xx) + int(socket), int(cpu) / 1000 / n, int(db) / 1000 / n)

pg = sys.argv[3] == "postgresql"
def cell(v):
    return f"{v[0]:6.0f} {v[1]:6.1f} {v[2]:6.1f} {v[4]:5.2f}" + (f" {v[5]:5.2f}" if pg else "") + ("" if v[3] == 0 else f" ERR {v[3]}")

present = [h for h in ["raw", "library", "inmemory"] if any(h in r for r in rows.values())]
width = 33 if pg else 27
print(f"\n{'PostgreSQL' if pg else 'SQLite'}, wrk -t1, {sys.argv[2]} s a run. req/s; p50, p99: latency in ms; cpu: the host's CPU ms per request"
      + ("; db: the PostgreSQL server's CPU ms per request." if pg else "."))
print("Ratios library/raw: throughput (target >= 0.7), p99 (target <= 1.5), CPU per request" + (" (host; database)." if pg else "."))
head = "round route   conns | " + " | ".join(f"{h + ': req/s    p50    p99   cpu' + ('    db' if pg else ''):>{width}}" for h in present) + " |  thr   p99   cpu" + ("    db" if pg else "")
print(head)
print("-" * len(head))
ratios = defaultdict(list)
invalid = 0
for key in sorted(rows, key=lambda k: (k[1] != "report", k[2], k[0])):
    rnd, route, conns = key
    r = rows[key]
    cells = " | ".join(f"{cell(r[h]) if h in r else '':>{width}}" for h in present)
    ratio = ""
    if "raw" in r and "library" in r:
        lib, raw = r["library"], r["raw"]
        t, p, c = lib[0] / raw[0], lib[2] / raw[2], lib[4] / raw[4]
        d = lib[5] / raw[5] if raw[5] > 0 else float("nan")
        bad = raw[3] or lib[3]
        invalid += bool(bad)
        if not bad:
            ratios[(route, conns)].append((t, p, c, d))
        ratio = f"{t:5.2f} {p:5.2f} {c:5.2f}" + (f" {d:5.2f}" if pg else "") + ("  INVALID (errors)" if bad else "")
    print(f"{rnd:5d} {route:7} {conns:5d} | {cells} | {ratio}")
if ratios:
    print("\nlibrary/raw, median over rounds (min-max):")
    for (route, conns), v in sorted(ratios.items(), key=lambda kv: (kv[0][0] != "report", kv[0][1])):
        parts = []
        for i, name in enumerate(["throughput", "p99", "cpu/request"] + (["db cpu/request"] if pg else [])):
            xs = [x[i] for x in v]
            parts.append(f"{name} {statistics.median(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})")
        print(f"  {route:7} {conns:3d}: " + ", ".join(parts) + f"; {len(v)} round(s)")
if invalid:
    print(f"\n{invalid} comparison(s) had non-2xx responses or socket errors: those runs are invalid.")
PY
