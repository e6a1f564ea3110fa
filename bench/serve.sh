#!/bin/bash
# Serving, side by side in one run: outreach serve (every middleware on: request
# logging to a file, recovery, security headers, metrics) vs a bare Echo handler serving
# the same bytes from memory (bench/bareecho), the same handler also sending outreach's
# header block, nginx with gzip_static and precompressed copies, and a second copy of the
# handler with the header block as a control (two identical servers: the run's noise). Each case runs RUNS times, the servers interleaved so that they share the
# machine's noise; the table shows medians and ratios.
#
#   bench/serve.sh                 # RUNS=3 DUR=10s CONN=50
#   RUNS=5 DUR=20s bench/serve.sh
set -euo pipefail
RUNS=${RUNS:-3}
DUR=${DUR:-10s}
CONN=${CONN:-50}
PAGE=${PAGE:-/ar/victim-services}
ROOT_LANGUAGE='Accept-Language: fr-CA,fr;q=0.9'
cd "$(dirname "$0")/.."
W=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT

go build -o "$W/outreach" ./cmd/outreach
go build -o "$W/bareecho" ./bench/bareecho

"$W/outreach" serve --addr 127.0.0.1:18080 --data "$W/data" --log-format json >"$W/outreach.out" 2>"$W/outreach.log" &
PIDS+=($!)
for _ in $(seq 100); do curl -sf -o /dev/null http://127.0.0.1:18080/healthz && break; sleep 0.2; done

mkdir -p "$W/www$(dirname "$PAGE")" "$W/www/static"
curl -sf "http://127.0.0.1:18080$PAGE" -o "$W/www$PAGE"
CSS=$(grep -o '/static/style\.[0-9a-f]*\.css' "$W/www$PAGE" | head -1)
curl -sf "http://127.0.0.1:18080$CSS" -o "$W/www$CSS"
gzip -9 -k "$W/www$PAGE" "$W/www$CSS"

"$W/bareecho" -addr 127.0.0.1:18082 -path "$PAGE" -file "$W/www$PAGE" -redirect /en/ &
PIDS+=($!)
"$W/bareecho" -addr 127.0.0.1:18083 -path "$CSS" -file "$W/www$CSS" -type 'text/css; charset=utf-8' &
PIDS+=($!)
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
"$W/bareecho" -addr 127.0.0.1:18085 -timeouts -path "$CSS" -file "$W/www$CSS" -type 'text/css; charset=utf-8' -headers "$W/css.headers" &
PIDS+=($!)
# A second copy of the same-bytes yardstick: the control. Its ratio to the first is what
# two identical servers measure on this machine in this run, the noise every other ratio
# carries.
"$W/bareecho" -addr 127.0.0.1:18086 -timeouts -path "$PAGE" -file "$W/www$PAGE" -headers "$W/page.headers" \
  -redirect "$ROOT_LOCATION" -redirect-headers "$W/root.headers" &
PIDS+=($!)
"$W/bareecho" -addr 127.0.0.1:18087 -timeouts -path "$CSS" -file "$W/www$CSS" -type 'text/css; charset=utf-8' -headers "$W/css.headers" &
PIDS+=($!)

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

# run URL HEADERS -> "req/s p99"; HEADERS are separated by " ;; "
run() {
  local out args=()
  if [ -n "$2" ]; then
    local rest=$2
    while [[ $rest == *" ;; "* ]]; do args+=(-H "${rest%% ;; *}"); rest=${rest#* ;; }; done
    args+=(-H "$rest")
  fi
  # The request logs (outreach's and nginx's) written back to disk during the next
  # server's run would count against it.
  sync
  out=$(wrk -t1 -c"$CONN" -d"$DUR" --latency "${args[@]}" "$1")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1=="99%" {print $2}' <<<"$out")"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A R
cases=("page identity|$PAGE|" "page gzip|$PAGE|Accept-Encoding: gzip" "page, returning browser (br, cookie)|$PAGE|Accept-Encoding: gzip, deflate, br, zstd ;; Cookie: outreach_locale=${PAGE:1:2}"
  "/ negotiation|/|$ROOT_LANGUAGE" "stylesheet identity|$CSS|" "stylesheet gzip|$CSS|Accept-Encoding: gzip")
servers=("outreach|18080" "bare Echo|18082" "bare Echo + headers|18084" "nginx|18081" "control|18086")
for c in "${cases[@]}"; do
  IFS='|' read -r name path header <<<"$c"
  for i in $(seq "$RUNS"); do
    # Odd runs go through the servers in order, even runs in reverse, so that a drift in
    # the machine's speed during a run does not favour whichever server comes first.
    order=("${servers[@]}")
    if [ $((i % 2)) = 0 ]; then order=(); for ((j = ${#servers[@]} - 1; j >= 0; j--)); do order+=("${servers[j]}"); done; fi
    for s in "${order[@]}"; do
      IFS='|' read -r sname port <<<"$s"
      [ "$path" = "$CSS" ] && [ "$sname" = "bare Echo" ] && port=18083
      [ "$path" = "$CSS" ] && [ "$sname" = "bare Echo + headers" ] && port=18085
      [ "$path" = "$CSS" ] && [ "$sname" = "control" ] && port=18087
      read -r rps p99 <<<"$(run "http://127.0.0.1:$port$path" "$header")"
      R["$name|$sname|rps"]+="$rps "
      R["$name|$sname|p99"]+="$p99 "
    done
  done
done

echo "wrk -t1 -c$CONN -d$DUR, medians of $RUNS runs; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# pairmed A B: the median of the runs' ratios A/B (each run's servers ran back to back).
pairmed() {
  local a=($1) b=($2) i
  for i in "${!a[@]}"; do echo "${a[i]} / ${b[i]}" | bc -l; done | median
}
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

echo
echo "Each run's requests per second, in the order of the runs:"
echo
for c in "${cases[@]}"; do
  IFS='|' read -r name _ _ <<<"$c"
  for s in "${servers[@]}"; do
    IFS='|' read -r sname _ <<<"$s"
    printf -- '- %s, %s: %s\n' "$name" "$sname" "$(xargs <<<"${R["$name|$sname|rps"]}" | sed 's/\.[0-9]*//g')"
  done
done
