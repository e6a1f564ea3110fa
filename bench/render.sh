#!/bin/bash
# Cold render: a generated corpus of N pamphlets x M locales, loaded and rendered by
# `outreach content check` and by `outreach serve` (until it answers /readyz, and until a
# search answers: the search index is built while the server already serves), against
# Hugo building the same Markdown. RUNS runs each, interleaved; medians of wall time and
# of peak memory (GNU time's maximum resident set size).
#
#   bench/render.sh                        # N=1000 M=15 RUNS=3
#   N=200 M=15 RUNS=5 bench/render.sh
set -euo pipefail
N=${N:-1000}
M=${M:-15}
RUNS=${RUNS:-3}
cd "$(dirname "$0")/.."
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
go build -o "$W/outreach" ./cmd/outreach
go run ./bench/corpus -pamphlets "$N" -locales "$M" -out "$W/corpus"

measure() { # command... -> "seconds kilobytes"
  # Each command starts once the previous one's files are on disk: Hugo writes hundreds
  # of megabytes, whose write-back would otherwise fall in the next measurement.
  sync
  /usr/bin/time -f "%e %M" -o "$W/time" "$@" >/dev/null 2>&1 || true
  cat "$W/time"
}
# serve_ready starts serve on a fresh data directory and writes to $W/ready the seconds
# until /readyz answers and until a search answers (the search index is built after
# the server is ready, and a search waits for it).
serve_ready() {
  rm -rf "$W/data"
  local start ready searched
  start=$(date +%s.%N)
  "$W/outreach" serve --addr 127.0.0.1:18099 --data "$W/data" --content "$W/corpus/outreach" --log-level warn >/dev/null 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:18099/readyz; do sleep 0.02; done
  ready=$(date +%s.%N)
  curl -sf -o /dev/null 'http://127.0.0.1:18099/en/search?q=police'
  searched=$(date +%s.%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(echo "$ready - $start" | bc -l) $(echo "$searched - $start" | bc -l)" >"$W/ready"
}
export -f serve_ready
export W
declare -a check serve search hugo
for _ in $(seq "$RUNS"); do
  check+=("$(measure "$W/outreach" content check --content "$W/corpus/outreach")")
  m=$(measure bash -c serve_ready)
  read -r ready searched <"$W/ready"
  serve+=("$ready ${m#* }")
  search+=("$searched ${m#* }")
  rm -rf "$W/public"
  hugo+=("$(measure hugo --source "$W/corpus/hugo" --destination "$W/public" --quiet)")
done
med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
col() { local i=$1; shift; for x in "$@"; do echo "$x" | cut -d' ' -f"$i"; done; }
ht=$(med $(col 1 "${hugo[@]}")); hm=$(med $(col 2 "${hugo[@]}"))
echo "$N pamphlets x $M locales, medians of $RUNS runs; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| command | wall time | peak memory | time / Hugo's |"
echo "|---|---|---|---|"
for name in check serve search; do
  declare -n arr=$name
  t=$(med $(col 1 "${arr[@]}")); m=$(med $(col 2 "${arr[@]}"))
  case $name in
  check) label="outreach content check" ;;
  serve) label="outreach serve until /readyz (incl. opening the database)" ;;
  search) label="outreach serve until a search answers (the index built; peak memory as above)" ;;
  esac
  printf '| %s | %.2f s | %d MB | %.2f |\n' "$label" "$t" "$((m / 1024))" "$(echo "$t / $ht" | bc -l)"
done
printf '| hugo (%s) | %s s | %d MB | 1.00 |\n' "$(hugo version | cut -d' ' -f2)" "$ht" "$((hm / 1024))"
