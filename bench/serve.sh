#!/bin/bash
# Serving, side by side in one run: outreach serve (every middleware on: request
# logging to a file, recovery, security headers, metrics) vs a bare Echo handler serving
# the same bytes from memory (bench/bareecho), the same handler also sending outreach's
# header block, nginx with gzip_static and precompressed copies, and a second copy of the
# handler with the header block as a control (two identical servers: the run's noise).
# Each case runs RUNS times, the servers interleaved so that they share the machine's
# noise; the table shows medians and ratios. For outreach against the same bytes, and for
# the control, it also gives a 95 % confidence interval of the median of the runs' own
# ratios and a sign test of the goal (ratio above 0.9), which need RUNS of 6 or more, and
# each server's CPU time a request (from /proc, the server's processes only: wrk's share
# of the two cores is left out).
#
#   bench/serve.sh                 # RUNS=3 DUR=10s CONN=50
#   RUNS=5 DUR=20s bench/serve.sh
#   RUNS=15 DUR=3s bench/serve.sh  # enough runs for the interval and the test
#   RUNS=30 DUR=1s bench/serve.sh  # more, shorter runs: the test can then pass for a
#                                  # ratio a few per cent above 0.9 (the control does)
#   PROFILE=1 bench/serve.sh        # also where outreach's CPU goes, with perf (linux-perf)
set -euo pipefail
RUNS=${RUNS:-3}
DUR=${DUR:-10s}
CONN=${CONN:-50}
PAGE=${PAGE:-/ar/victim-services}
ROOT_LANGUAGE='Accept-Language: fr-CA,fr;q=0.9'
cd "$(dirname "$0")/.."
W=$(mktemp -d)
PIDS=()
declare -A PID_OF # port -> the server's process ids
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT

go build -o "$W/outreach" ./cmd/outreach
go build -o "$W/bareecho" ./bench/bareecho

"$W/outreach" serve --addr 127.0.0.1:18080 --data "$W/data" --log-format json >"$W/outreach.out" 2>"$W/outreach.log" &
PIDS+=($!)
PID_OF[18080]=$!
for _ in $(seq 100); do curl -sf -o /dev/null http://127.0.0.1:18080/healthz && break; sleep 0.2; done

mkdir -p "$W/www$(dirname "$PAGE")" "$W/www/static"
curl -sf "http://127.0.0.1:18080$PAGE" -o "$W/www$PAGE"
CSS=$(grep -o '/static/style\.[0-9a-f]*\.css' "$W/www$PAGE" | head -1)
curl -sf "http://127.0.0.1:18080$CSS" -o "$W/www$CSS"
gzip -9 -k "$W/www$PAGE" "$W/www$CSS"

"$W/bareecho" -addr 127.0.0.1:18082 -path "$PAGE" -file "$W/www$PAGE" -redirect /en/ &
PIDS+=($!)
PID_OF[18082]=$!
"$W/bareecho" -addr 127.0.0.1:18083 -path "$CSS" -file "$W/www$CSS" -type 'text/css; charset=utf-8' &
PIDS+=($!)
PID_OF[18083]=$!
# The same, sending the header lines outreach sends for the page and the stylesheet
# (security headers, ETag, Vary, Cache-Control, the locale cookie) and Content-Length, and
# for / the redirect outreach sends: the same bytes on the wire, so what is left between
# this and outreach is its middleware and handlers, not the size of its header block. It
# also sets the read, write and idle timeouts outreach's HTTP server sets (-timeouts).
curl -sf -D "$W/page.headers" -o /dev/null -H 'Accept-Encoding: gzip' "http://127.0.0.1:18080$PAGE"
curl -sf -D "$W/css.headers" -o /dev/null -H 'Accept-Encoding: gzip' "http://127.0.0.1:18080$CSS"
curl -sf -D "$W/root.headers" -o /dev/null -H "$ROOT_LANGUAGE" http://127.0.0.1:18080/
ROOT_LOCATION=$(awk 'tolower($1) == "location:" {print $2}' "$W/root.headers" | tr -d '\r')
"$W/bareecho" -addr 127.0.0.1:18084 -timeouts -path "$PAGE" -file "$W/www$PAGE" -headers "$W/page.headers" \
  -redirect "$ROOT_LOCATION" -redirect-headers "$W/root.headers" &
PIDS+=($!)
PID_OF[18084]=$!
"$W/bareecho" -addr 127.0.0.1:18085 -timeouts -path "$CSS" -file "$W/www$CSS" -type 'text/css; charset=utf-8' -headers "$W/css.headers" &
PIDS+=($!)
PID_OF[18085]=$!
# A second copy of the same-bytes yardstick: the control. Its ratio to the first is what
# two identical servers measure on this machine in this run, the noise every other ratio
# carries.
"$W/bareecho" -addr 127.0.0.1:18086 -timeouts -path "$PAGE" -file "$W/www$PAGE" -headers "$W/page.headers" \
  -redirect "$ROOT_LOCATION" -redirect-headers "$W/root.headers" &
PIDS+=($!)
PID_OF[18086]=$!
"$W/bareecho" -addr 127.0.0.1:18087 -timeouts -path "$CSS" -file "$W/www$CSS" -type 'text/css; charset=utf-8' -headers "$W/css.headers" &
PIDS+=($!)
PID_OF[18087]=$!

cat >"$W/nginx.conf" <<NGINX
worker_processes auto;
pid $W/nginx.pid;
error_log $W/nginx-error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type text/html;
  access_log $W/nginx-access.log;
  client_body_temp_path $W/nginx-tmp;
  sendfile on; tcp_nopush on; keepalive_requests 1000000;
  gzip_static on; gzip_vary on;
  server {
    listen 127.0.0.1:18081;
    root $W/www;
    location = / { return 302 /en/; }
  }
}
NGINX
/usr/sbin/nginx -c "$W/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
sleep 1
PID_OF[18081]="$! $(pgrep -P $! | xargs)"

# run PORT PATH HEADERS -> "req/s p99 CPU-µs-a-request"; HEADERS are separated by " ;; ".
# The CPU time is the server's (its processes' user and system time over the run, from
# /proc) divided by the requests wrk counted.
run() {
  local out before after n
  headerargs "$3"
  # The request logs (outreach's and nginx's) written back to disk during the next
  # server's run would count against it.
  sync
  before=$(cputicks "$1")
  out=$(wrk -t1 -c"$CONN" -d"$DUR" --latency "${ARGS[@]}" "http://127.0.0.1:$1$2")
  after=$(cputicks "$1")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1=="99%" {print $2}' <<<"$out") $(echo "($after - $before) * 1000000 / $TICKS / $n" | bc -l)"
}
TICKS=$(getconf CLK_TCK)
# headerargs HEADERS: wrk's -H arguments, in ARGS; HEADERS are separated by " ;; ".
headerargs() {
  ARGS=()
  [ -z "$1" ] && return
  local rest=$1
  while [[ $rest == *" ;; "* ]]; do ARGS+=(-H "${rest%% ;; *}"); rest=${rest#* ;; }; done
  ARGS+=(-H "$rest")
}
# port SERVER PATH: where SERVER answers PATH (bare Echo serves one path a process).
port() {
  case $1 in
  outreach) echo 18080 ;;
  nginx) echo 18081 ;;
  "bare Echo") [ "$2" = "$CSS" ] && echo 18083 || echo 18082 ;;
  "bare Echo + headers") [ "$2" = "$CSS" ] && echo 18085 || echo 18084 ;;
  control) [ "$2" = "$CSS" ] && echo 18087 || echo 18086 ;;
  esac
}
# cputicks PORT: the user and system time, in clock ticks, of the server on PORT so far.
cputicks() {
  local p
  for p in ${PID_OF[$1]}; do awk '{print $14 + $15}' "/proc/$p/stat"; done | awk '{t += $1} END {print t}'
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A R
cases=("page identity|$PAGE|" "page gzip|$PAGE|Accept-Encoding: gzip" "page, returning browser (br, cookie)|$PAGE|Accept-Encoding: gzip, deflate, br, zstd ;; Cookie: outreach_locale=${PAGE:1:2}"
  "/ negotiation|/|$ROOT_LANGUAGE" "stylesheet identity|$CSS|" "stylesheet gzip|$CSS|Accept-Encoding: gzip")
# The same-bytes handler runs between outreach and the control, so that both ratios the
# test reads are of servers measured one straight after the other.
servers=(outreach "bare Echo + headers" control "bare Echo" nginx)
for c in "${cases[@]}"; do
  IFS='|' read -r name path header <<<"$c"
  for i in $(seq "$RUNS"); do
    # Odd runs go through the servers in order, even runs in reverse, so that a drift in
    # the machine's speed during a run does not favour whichever server comes first.
    order=("${servers[@]}")
    if [ $((i % 2)) = 0 ]; then order=(); for ((j = ${#servers[@]} - 1; j >= 0; j--)); do order+=("${servers[j]}"); done; fi
    for sname in "${order[@]}"; do
      read -r rps p99 cpu <<<"$(run "$(port "$sname" "$path")" "$path" "$header")"
      R["$name|$sname|rps"]+="$rps "
      R["$name|$sname|p99"]+="$p99 "
      R["$name|$sname|cpu"]+="$cpu "
    done
  done
done

echo "wrk -t1 -c$CONN -d$DUR, medians of $RUNS runs; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# ratios A B: each run's own ratio A/B, one a line (each run's servers ran back to back).
ratios() {
  local a=($1) b=($2) i
  for i in "${!a[@]}"; do echo "${a[i]} / ${b[i]}" | bc -l; done
}
# pairmed A B: the median of the runs' ratios A/B.
pairmed() { ratios "$1" "$2" | median; }
echo "Ratios are of the medians; in brackets, the median of each run's own ratio."
echo
echo "The control is a second copy of bare Echo + headers: its ratio to the first is the noise of this run."
echo
echo "| request | outreach req/s (p99) | bare Echo req/s | bare Echo + headers req/s | nginx req/s | outreach / bare Echo | outreach / bare Echo + headers | outreach / nginx | control / bare Echo + headers |"
echo "|---|---|---|---|---|---|---|---|---|"
for c in "${cases[@]}"; do
  IFS='|' read -r name _ _ <<<"$c"
  o=$(tr ' ' '\n' <<<"${R["$name|outreach|rps"]}" | grep . | median)
  op=$(xargs <<<"${R["$name|outreach|p99"]}" | tr " " "/")
  b=$(tr ' ' '\n' <<<"${R["$name|bare Echo|rps"]}" | grep . | median)
  n=$(tr ' ' '\n' <<<"${R["$name|nginx|rps"]}" | grep . | median)
  bh=$(tr ' ' '\n' <<<"${R["$name|bare Echo + headers|rps"]:-}" | { grep . || true; } | median)
  ctl=$(tr ' ' '\n' <<<"${R["$name|control|rps"]}" | grep . | median)
  control=$(printf '%.2f (%.2f)' "$(echo "$ctl / $bh" | bc -l)" "$(pairmed "${R["$name|control|rps"]}" "${R["$name|bare Echo + headers|rps"]}")")
  if [ -n "$bh" ]; then
    ratio=$(printf '%.2f (%.2f)' "$(echo "$o / $bh" | bc -l)" "$(pairmed "${R["$name|outreach|rps"]}" "${R["$name|bare Echo + headers|rps"]}")"); bh=$(printf '%.0f' "$bh")
  else
    ratio=–; bh=–
  fi
  printf '| %s | %.0f (%s) | %.0f | %s | %.0f | %.2f (%.2f) | %s | %.2f (%.2f) | %s |\n' "$name" "$o" "$op" "$b" "$bh" "$n" \
    "$(echo "$o / $b" | bc -l)" "$(pairmed "${R["$name|outreach|rps"]}" "${R["$name|bare Echo|rps"]}")" "$ratio" \
    "$(echo "$o / $n" | bc -l)" "$(pairmed "${R["$name|outreach|rps"]}" "${R["$name|nginx|rps"]}")" "$control"
done

# interval: "median lo–hi k/n p" of the numbers on stdin. lo–hi is the distribution-free
# 95 % confidence interval of the median: the k-th smallest and k-th largest, for the
# largest k with P(Binomial(n, 1/2) < k) <= 0.025 ("–" below 6 numbers). k/n counts the
# numbers at or below 0.9, and p is the one-sided sign test of the median being above
# 0.9: the chance of so few at or below it if the median were 0.9.
interval() {
  sort -g | awk '{x[NR] = $1} END {
    n = NR; c = 1; cum = 0; k = 0
    for (i = 0; i <= n; i++) { if (i > 0) c = c * (n - i + 1) / i; pr[i] = c / 2 ^ n }
    for (i = 0; i <= n; i++) { if (cum + pr[i] > 0.025) break; cum += pr[i]; k = i + 1 }
    below = 0; for (i = 1; i <= n; i++) if (x[i] <= 0.9) below++
    p = 0; for (i = 0; i <= below; i++) p += pr[i]
    ci = (k >= 1) ? sprintf("%.2f–%.2f", x[k], x[n + 1 - k]) : "–"
    printf "%.2f %s %d/%d %.2g\n", x[int((n + 1) / 2)], ci, below, n, p
  }'
}
echo
echo "Outreach against bare Echo sending the same bytes, and the control against the same, from each run's own ratio:"
echo "the median (in brackets its 95 % confidence interval), how many runs were at or below 0.9, and the sign test's p"
echo "for the median being above 0.9 (below 0.05: the goal is shown). Then each server's CPU time a request"
echo "(median, µs), without wrk's."
echo
echo "| request | outreach / same bytes | runs ≤ 0.9 | p | control / same bytes | CPU a request: outreach | same bytes | control | nginx | outreach / same bytes, CPU |"
echo "|---|---|---|---|---|---|---|---|---|---|"
# cpu CASE SERVER: the median of the runs' CPU time a request.
cpu() { tr ' ' '\n' <<<"${R["$1|$2|cpu"]}" | grep . | median; }
for c in "${cases[@]}"; do
  IFS='|' read -r name _ _ <<<"$c"
  read -r om oci obelow op <<<"$(ratios "${R["$name|outreach|rps"]}" "${R["$name|bare Echo + headers|rps"]}" | interval)"
  read -r cm cci _ _ <<<"$(ratios "${R["$name|control|rps"]}" "${R["$name|bare Echo + headers|rps"]}" | interval)"
  printf '| %s | %s (%s) | %s | %s | %s (%s) | %.1f | %.1f | %.1f | %.1f | %.2f |\n' "$name" "$om" "$oci" "$obelow" "$op" "$cm" "$cci" \
    "$(cpu "$name" outreach)" "$(cpu "$name" "bare Echo + headers")" "$(cpu "$name" control)" "$(cpu "$name" nginx)" \
    "$(echo "$(cpu "$name" outreach) / $(cpu "$name" "bare Echo + headers")" | bc -l)"
done

# With PROFILE=1, one more wrk run per case against outreach, the same-bytes handler and
# the control, each under `perf record` (which needs perf_event_paranoid <= 1, or root):
# the CPU time a request inside Echo's ServeHTTP, in user space and outside system calls
# (the middleware and the handler: what outreach adds is in here), and in all.
if [ "${PROFILE:-0}" = 1 ]; then
  echo
  echo "CPU time a request under perf (µs): inside Echo's ServeHTTP, in user space and not in a system call (the middleware and the handler),"
  echo "and in all (the rest is net/http, the kernel's TCP and the Go scheduler)."
  echo
  echo "| request | outreach: ServeHTTP | same bytes | control | outreach − same bytes | control − same bytes | outreach: all | same bytes: all | control: all |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for c in "${cases[@]}"; do
    IFS='|' read -r name path header <<<"$c"
    row=()
    for sname in outreach "bare Echo + headers" control; do
      port=$(port "$sname" "$path")
      headerargs "$header"
      sync
      # One sample every 0.5 ms of CPU time, with call stacks.
      perf record -q -e cpu-clock -c 500000 -g -p "${PID_OF[$port]}" -o "$W/perf.data" -- \
        wrk -t1 -c"$CONN" -d"$DUR" "${ARGS[@]}" "http://127.0.0.1:$port$path" >"$W/wrk.out" 2>/dev/null
      n=$(awk '/requests in/ {print $1}' "$W/wrk.out")
      # A sample counts for the handler when Echo's ServeHTTP is on its stack and the
      # sample is in user space, not in a system call (an 8 KB body goes to the socket
      # from inside the handler) or in the kernel's handling of packets and timers.
      row+=($(perf script -F ip,sym,dso -i "$W/perf.data" 2>/dev/null | awk -v n="$n" '
        function done_() { if (seen) { all++; if (handler && !kernel) own++ } seen = 0; handler = 0; kernel = 0 }
        NF == 0 { done_(); next }
        !seen { seen = 1; kernel = index($0, "kernel.kallsyms") || index($0, "[unknown]") }
        index($0, "echo/v4.(*Echo).ServeHTTP") { handler = 1 }
        index($0, "internal/poll.(*FD).") || index($0, "syscall.") || index($0, "internal/runtime/syscall") { kernel = 1 }
        END { done_(); printf "%.2f %.2f", own * 500 / n, all * 500 / n }'))
    done
    printf '| %s | %s | %s | %s | %.2f | %.2f | %s | %s | %s |\n' "$name" "${row[0]}" "${row[2]}" "${row[4]}" \
      "$(echo "${row[0]} - ${row[2]}" | bc -l)" "$(echo "${row[4]} - ${row[2]}" | bc -l)" "${row[1]}" "${row[3]}" "${row[5]}"
  done
fi
echo
echo "Each run's requests per second, in the order of the runs:"
echo
for c in "${cases[@]}"; do
  IFS='|' read -r name _ _ <<<"$c"
  for sname in "${servers[@]}"; do
    printf -- '- %s, %s: %s\n' "$name" "$sname" "$(xargs <<<"${R["$name|$sname|rps"]}" | sed 's/\.[0-9]*//g')"
  done
done
