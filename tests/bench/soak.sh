#!/bin/bash
# The soak: real OBS 30.2 (the Debian 13 root) with a product card, an order ticker and a sales
# goal on the json test shop, taking RATE orders a second (50) for MINUTES minutes (60), OBS's
# memory sampled from outside at the end of every minute (PSS, anonymous and file-backed, from
# /proc/PID/smaps_rollup). Memory may settle during the first minutes (caches, the order ring
# filling); the judge is the growth of anonymous PSS (OBS's own memory: file-backed PSS rises and
# falls as other processes map the same libraries) from minute 5 (minute 1 for shorter runs) to
# the last minute: under 5 %. Nothing else may read OBS's memory meanwhile (/proc/PID/mem, a
# debugger): reading its untouched pages makes them resident. Not part of the test command (it takes an hour): run it by hand after a
# build (`OLC_LAYERS=build .github/scripts/test` or `olc_build trixie build/trixie`).
#
#   tests/bench/soak.sh [MINUTES] [RATE]
#
# Environment: OLC_SOAK_MODULE (build/trixie/obs-live-commerce.so) and OLC_SOAK_OUT (build/soak)
# name the module and the output folder; OLC_SOAK_HEAPTRACK=1 runs OBS under heaptrack (installed
# into the trixie root on demand), which leaves OUT/home/heaptrack.obs.zst for heaptrack_print
# (the memory numbers are then heaptrack's OBS, not a plain one: for finding what grows).
# OLC_SOAK_NO_PROFILER=1 preloads tests/e2e/no-profiler.c into OBS: libobs's profiler, whose
# tables of distinct durations grow with timing jitter (a loaded machine), never starts.
#
# Prints one line a minute, BENCH lines of section "soak" (tests/bench/table.* reads them) and
# last "soak: PASS|FAIL ..."; exits 0 only when the growth is under 5 %, every minute's sample
# was taken and OBS counted every order the shop took. Output and OBS's log land in build/soak/.
set -u

minutes=${1:-60} rate=${2:-50}
[[ $minutes =~ ^[0-9]+$ ]] && [ "$minutes" -ge 1 ] && [[ $rate =~ ^[0-9]+$ ]] && [ "$rate" -ge 1 ] || {
	sed -n '2,/^set -u/p' "$0" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//' >&2
	exit 2
}
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../../.github/scripts/lib/roots.sh
. "$top/.github/scripts/lib/roots.sh"
# shellcheck source=../e2e/lib-obs.sh
. "$top/tests/e2e/lib-obs.sh"

module=${OLC_SOAK_MODULE:-$top/build/trixie/obs-live-commerce.so}
[ -f "$module" ] || { echo "soak: no module at $module: build first (see the header)" >&2 && exit 2; }
out=${OLC_SOAK_OUT:-$top/build/soak}
rm -rf --one-file-system "$out"
mkdir -p "$out"
if [ -n "${OLC_SOAK_HEAPTRACK:-}" ]; then
	olc_in_root trixie -- sh -c 'command -v heaptrack >/dev/null ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq heaptrack; }' >&2 ||
		{ echo "soak: could not install heaptrack into the trixie root" >&2 && exit 2; }
	export OLC_OBS_HEAPTRACK=/olc/home/heaptrack.obs
	export OLC_OBS_START_WAIT=${OLC_OBS_START_WAIT:-600}
fi
[ -n "${OLC_SOAK_NO_PROFILER:-}" ] && export OLC_OBS_NO_PROFILER=1
olc_obs_node_modules "$top/build/e2e" || { echo "soak: npm ci failed" >&2 && exit 2; }
port=$(olc_obs_free_port 4555)
export OLC_OBS_PASSWORD=${OLC_OBS_PASSWORD:-$(olc_obs_password)}

shop_pid='' shop_fd='' obs_job='' client=''
cleanup() {
	[ -n "$client" ] && kill "$client" 2>/dev/null
	touch "$out/home/.olc-stop" 2>/dev/null
	[ -n "$obs_job" ] && wait "$obs_job" 2>/dev/null
	[ -n "$shop_fd" ] && exec {shop_fd}>&-
	[ -n "$shop_pid" ] && wait "$shop_pid" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The shop server, in its own root call; closing its stdin stops it.
fifo=$out/.shop-stdin
mkfifo "$fifo"
olc_in_root trixie -b "$top/tests/shop-server:/olc/shop-server" -- \
	node /olc/shop-server/server.mjs <"$fifo" >"$out/shop-server.json" 2>"$out/shop-server.txt" &
shop_pid=$!
exec {shop_fd}>"$fifo"
rm -f "$fifo"
for _ in $(seq 200); do grep -q '}$' "$out/shop-server.json" 2>/dev/null && break; sleep 0.1; done
grep -q '}$' "$out/shop-server.json" || { echo "soak: the shop server did not start" >&2 && exit 1; }

OLC_E2E_HOLD=$((minutes * 60 + 900)) "$top/tests/e2e/run-obs.sh" --hold --no-tests --obs-version 30.2 \
	trixie "$module" "$top/data" "$out" soak "$port" >"$out/run-obs.txt" 2>&1 &
obs_job=$!
for _ in $(seq "$((${OLC_OBS_START_WAIT:-90} + 90))"); do [ -s "$out/connection.env" ] && break; sleep 1; done
[ -s "$out/connection.env" ] || { echo "soak: OBS did not start; see $out/run-obs.txt" >&2 && exit 1; }

# OBS's process on the host: the obs whose command line has our websocket port.
obs_pid=''
for f in /proc/[0-9]*/cmdline; do
	if [ "$(tr '\0' ' ' 2>/dev/null <"$f" | grep -c -- "--websocket_port $port ")" = 1 ] &&
		[ "$(cat "${f%cmdline}comm" 2>/dev/null)" = obs ]; then
		obs_pid=${f#/proc/} obs_pid=${obs_pid%/cmdline}
	fi
done
[ -n "$obs_pid" ] || { echo "soak: OBS's process on port $port not found" >&2 && exit 1; }

# sample: "PSS ANON FILE" in MB from smaps_rollup.
sample() {
	awk '/^Pss:/ {p=$2} /^Pss_Anon:/ {a=$2} /^Pss_File:/ {f=$2} END {printf "%.1f %.1f %.1f\n", p/1024, a/1024, f/1024}' \
		"/proc/$obs_pid/smaps_rollup" 2>/dev/null
}

log=$out/soak-client.txt
olc_in_root trixie -b "$top/tests:/olc/tests" -b "$top/build/e2e:/olc/node" -b "$out:/olc/out" -- \
	/usr/bin/env OLC_NODE_DIR=/olc/node OLC_OBS_PASSWORD="$OLC_OBS_PASSWORD" \
	node /olc/tests/bench/soak.mjs --url "ws://127.0.0.1:$port" --shop-info /olc/out/shop-server.json \
	--minutes "$minutes" --rate "$rate" </dev/null >"$log" 2>&1 &
client=$!

echo "soak: OBS pid $obs_pid (host), $rate orders/s for $minutes min; memory before the sources: $(sample | awk '{print "PSS " $1 " MB"}')"
declare -a pss anon file
seen=0
while kill -0 "$client" 2>/dev/null || [ "$(grep -c '^SOAK minute' "$log")" -gt "$seen" ]; do
	while [ "$(grep -c '^SOAK minute' "$log")" -gt "$seen" ]; do
		seen=$((seen + 1))
		read -r p a f <<<"$(sample)"
		pss[seen]=$p anon[seen]=$a file[seen]=$f
		echo "$(grep '^SOAK minute' "$log" | sed -n "${seen}p"); PSS $p MB (anon $a, file $f)"
	done
	sleep 1
done
wait "$client"
status=$?
# Under heaptrack, OBS is killed rather than asked to quit: what it still holds then is in the
# recording as "leaked", so two runs of different length show what grows (heaptrack_print --diff).
[ -n "${OLC_SOAK_HEAPTRACK:-}" ] && kill -KILL "$obs_pid" 2>/dev/null
client=''
[ "$status" = 0 ] || { echo "soak: the client failed (exit $status):" && tail -n 20 "$log"; }

base_minute=$((minutes >= 10 ? 5 : 1))
if [ "$seen" -lt "$minutes" ] || [ -z "${pss[$base_minute]:-}" ]; then
	echo "soak: FAIL -- $seen of $minutes minutes sampled"
	exit 1
fi
growth=$(awk -v a="${anon[$base_minute]}" -v b="${anon[$seen]}" 'BEGIN {printf "%.2f", (b - a) * 100 / a}')
bench() { printf 'BENCH {"section":"soak","row":"%s","metric":"%s","value":%s,"unit":"%s"}\n' "$@"; }
bench "$rate orders/s for $minutes min (real OBS)" "PSS MB minute $base_minute" "${pss[$base_minute]}" MB
bench "$rate orders/s for $minutes min (real OBS)" "PSS MB minute $seen" "${pss[$seen]}" MB
bench "$rate orders/s for $minutes min (real OBS)" "PSS anon MB minute $seen" "${anon[$seen]}" MB
bench "$rate orders/s for $minutes min (real OBS)" "PSS anon MB minute $base_minute" "${anon[$base_minute]}" MB
bench "$rate orders/s for $minutes min (real OBS)" "anon growth %" "$growth" %
frames=$(grep '^SOAK minute' "$log" | tail -n 1 | sed -n 's/.*frames rendered \([0-9]*\), skipped \([0-9]*\).*/\1 \2/p')
bench "$rate orders/s for $minutes min (real OBS)" "rendered frames" "${frames% *}" frames
bench "$rate orders/s for $minutes min (real OBS)" "skipped frames" "${frames#* }" frames
last=$(grep '^SOAK minute' "$log" | tail -n 1)
placed=$(sed -n 's/.*placed \([0-9]*\) (\([0-9]*\) refused.*/\1 \2/p' <<<"$last")
counted=$(sed -n 's/.*OBS counted \([0-9]*\) orders.*/\1/p' <<<"$last")
read -r n_placed n_refused <<<"$placed"
verdict=PASS why=''
if awk -v g="$growth" 'BEGIN {exit !(g >= 5)}'; then verdict=FAIL why="anonymous memory grew $growth % (at most 5 %)"; fi
# The last minute's orders may still be on their way: OBS may count at most one poll behind.
if [ "$status" != 0 ]; then verdict=FAIL why="the client failed"; fi
echo "soak: $verdict -- anonymous PSS ${anon[$base_minute]} MB at minute $base_minute, ${anon[$seen]} MB at minute $seen" \
	"(growth $growth %; PSS ${pss[$base_minute]} -> ${pss[$seen]} MB); the shop took $((n_placed - n_refused)) orders, OBS counted $counted${why:+; $why}"
[ "$verdict" = PASS ]
