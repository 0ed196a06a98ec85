#!/usr/bin/env bash
# One entry point for every benchmark; see docs/performance.md. Nothing here runs in `mvn verify`.
#
#   src/bench/run.sh resolver            JMH, resolver at 10 / 1,000 / 100,000 workloads
#   src/bench/run.sh entry-json          an entry's JSON: JSON-P generator vs the hand-written writer it replaced (1 min)
#   src/bench/run.sh ingest              wrk: ingestion vs the no-op baseline, browser + SSE client attached
#   src/bench/run.sh stream              server CPU per streamed SSE event: 4 clients vs none at 2,000 reports/s
#   src/bench/run.sh push                Chromium on the tracing screen, POST to row visible at 1,000 req/s
#   src/bench/run.sh forward-auth [-D…]  forward-auth latency p50/p99 at 500 req/s vs the no-op baseline, console open;
#                                        -D options (bench.console, bench.generators=sockets,httpclient,nginx,
#                                        rounds, seconds) go to its JVM; nginx: through a real nginx auth_request
#   src/bench/run.sh console [-Dbench.…] CPU the tracing screen costs Chromium at rest and live at 500 and 2,000
#                                        reports/s: ratios to the page at rest and to a second browser served the
#                                        drawing code of BENCH_CONSOLE_BEFORE (a commit), same run; -D options to its JVM
#   src/bench/run.sh memory              heap after 10,000 vs 1,000,000 ingested requests
#   src/bench/run.sh startup             liberty:run server start to ready
#   src/bench/run.sh soak [MINUTES]      30 min (default) of mixed load with consoles, SSE and a frozen tab watching;
#                                        every probe must reach a console; then the freeze reproduction (wrk -t1 -c1)
#   src/bench/run.sh cluster [-Dbench.…] embedded PostgreSQL, node A alone then with node B: ingestion per node with one
#                                        and two nodes (ratios to A alone, same run), cross-node push latency; the
#                                        -D options (rounds, seconds, connections, probes) go to the benchmark's JVM
#   src/bench/run.sh server              ingest, push, forward-auth, console and memory against one server
#   src/bench/run.sh all                 all of the above, one server for the server-side ones
#
# Results go to target/bench/<name>.txt (and .json where JMH writes one).
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$ROOT/target/bench
mkdir -p "$OUT"
HTTP_PORT=${BENCH_HTTP_PORT:-9480}
HTTPS_PORT=${BENCH_HTTPS_PORT:-9843}
BASE=http://localhost:$HTTP_PORT

build() {
  # package (the WAR for the server) plus the bench sources, without any test run
  mvn -q -Pbench -DskipTests package test-compile dependency:build-classpath \
      -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test >"$OUT/build.log" 2>&1 \
    || { tail -40 "$OUT/build.log"; exit 1; }
  CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$OUT/classpath.txt")"
}

need_wrk() {
  if ! command -v wrk >/dev/null; then
    echo "wrk is missing; installing the Debian package (needs root): apt-get install -y wrk" >&2
    apt-get install -y wrk >/dev/null
  fi
}

server_up() {
  curl -fsS -o /dev/null "$BASE/health/ready" 2>/dev/null
}

start_server() {
  if server_up; then
    echo "a server already answers on $HTTP_PORT; using it" >&2
    return
  fi
  # The product as `mvn liberty:run` serves it, plus the no-op baseline endpoint that only the bench profile compiles
  # in (src/bench/baseline); the WAR a plain build packages has no such endpoint.
  mvn -Pbench liberty:run -Dhttp.port="$HTTP_PORT" -Dhttps.port="$HTTPS_PORT" >"$OUT/server.log" 2>&1 &
  echo $! >"$OUT/server.pid"
  for _ in $(seq 1 300); do
    server_up && return
    kill -0 "$(cat "$OUT/server.pid")" 2>/dev/null || break
    sleep 1
  done
  echo "server did not become ready; see $OUT/server.log" >&2
  exit 1
}

stop_server() {
  if [ -f "$OUT/server.pid" ]; then
    # SIGTERM to Maven stops Liberty cleanly (liberty:run's shutdown hook); then wait for it to be gone
    local pid
    pid=$(cat "$OUT/server.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    rm -f "$OUT/server.pid"
  fi
}

server_pid() {
  # the Liberty JVM itself, not the Maven process that launched it
  pgrep -f "$ROOT/target/liberty/wlp/bin/tools/ws-server.jar mcptrace" | head -1
}

resolver() {
  java -cp "$CP" org.openjdk.jmh.Main ResolverBenchmark -rf json -rff "$OUT/resolver.json" "$@" \
    | tee "$OUT/resolver.txt"
}

bench_java() {
  java -Xmx512m -cp "$CP" -Dbench.base="$BASE" -Dbench.out="$OUT" \
      -Dwebdriver.chrome.driver=/usr/bin/chromedriver "$@"
}

ingest() {
  need_wrk
  start_server
  bench_java org.mcptrace.bench.IngestBenchmark "$ROOT/src/bench/wrk" | tee "$OUT/ingest.txt"
}

stream() {
  start_server
  bench_java "$@" org.mcptrace.bench.StreamBenchmark | tee "$OUT/stream.txt"
}

push() {
  start_server
  bench_java org.mcptrace.bench.PushBenchmark | tee "$OUT/push.txt"
}

forward_auth() {
  start_server
  bench_java "$@" org.mcptrace.bench.ForwardAuthBenchmark | tee "$OUT/forward-auth.txt"
}

console() {
  start_server
  # the page's drawing code before it drew only the rows in view, served to a second browser for the same-run comparison
  local before=${BENCH_CONSOLE_BEFORE:-d215abb}
  mkdir -p "$OUT/console-before"
  git show "$before:src/main/webapp/resources/mcptrace/live.js" >"$OUT/console-before/live.js"
  git show "$before:src/main/webapp/resources/mcptrace/console.css" >"$OUT/console-before/console.css"
  bench_java -Dbench.before="$OUT/console-before" "$@" org.mcptrace.bench.ConsoleBenchmark | tee "$OUT/console.txt"
}

memory() {
  start_server
  bench_java -Dbench.serverPid="$(server_pid)" org.mcptrace.bench.MemoryBenchmark | tee "$OUT/memory.txt"
}

soak() {
  need_wrk
  start_server
  bench_java -Dbench.soakMinutes="${1:-${BENCH_SOAK_MINUTES:-30}}" org.mcptrace.bench.SoakBenchmark "$ROOT/src/bench/wrk" \
    | tee "$OUT/soak.txt"
}

cluster() {
  need_wrk
  # two Liberty servers of their own (not liberty:run): the runtime and the test server's configuration, which the
  # nodes are assembled from, come with the pre-integration-test phase
  mvn -q -Pbench -DskipTests pre-integration-test >"$OUT/build-cluster.log" 2>&1 \
    || { tail -40 "$OUT/build-cluster.log"; exit 1; }
  bench_java "$@" org.mcptrace.bench.ClusterBenchmark "$ROOT/src/bench/wrk" | tee "$OUT/cluster.txt"
}

startup() {
  bench_java -Dbench.root="$ROOT" -Dbench.httpPort="$HTTP_PORT" -Dbench.httpsPort="$HTTPS_PORT" \
      org.mcptrace.bench.StartupBenchmark | tee "$OUT/startup.txt"
}

what=${1:-all}
shift || true
build
case "$what" in
  resolver) resolver "$@" ;;
  entry-json) java -cp "$CP" org.mcptrace.bench.EntryJsonBenchmark | tee "$OUT/entry-json.txt" ;;
  ingest) trap stop_server EXIT; ingest ;;
  stream) trap stop_server EXIT; stream "$@" ;;
  push) trap stop_server EXIT; push ;;
  forward-auth) trap stop_server EXIT; forward_auth "$@" ;;
  memory) trap stop_server EXIT; memory ;;
  console) trap stop_server EXIT; console "$@" ;;
  startup) startup ;;
  cluster) cluster "$@" ;;
  soak) trap stop_server EXIT; soak "$@" ;;
  server)
    trap stop_server EXIT
    ingest
    push
    forward_auth
    console
    memory
    ;;
  all)
    resolver
    startup
    trap stop_server EXIT
    ingest
    push
    forward_auth
    console
    memory
    ;;
  *) echo "unknown benchmark: $what" >&2; exit 2 ;;
esac
