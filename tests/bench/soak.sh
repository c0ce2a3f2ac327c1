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
# name the module and the output folder; OLC_SOAK_HEAPTRACK=1 runs OBS under heaptrack's preload
# library (heaptrack installed into the trixie root on demand), which leaves OUT/heaptrack.gz for
# heaptrack_print (the memory numbers are then heaptrack's OBS, not a plain one: for finding what
# grows). OLC_SOAK_NO_PROFILER=1 preloads tests/e2e/no-profiler.c into OBS: libobs's profiler,
# whose tables of distinct durations grow with timing jitter (a loaded machine), never starts; the
# output says so once OBS is seen to have it loaded, and again at the end from OBS's log (empty
# profiler results). Both reach OBS as its own environment (lib-obs.sh olc_obs_env).
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
	olc_obs_heaptrack_install || { echo "soak: could not install heaptrack into the trixie root" >&2 && exit 2; }
	OLC_OBS_START_WAIT=${OLC_OBS_START_WAIT:-600}
fi
olc_obs_node_modules "$top/build/e2e" || { echo "soak: npm ci failed" >&2 && exit 2; }
port=$(olc_obs_free_port 4555)
export OLC_OBS_PASSWORD=${OLC_OBS_PASSWORD:-$(olc_obs_password)}

home=$out/home
shop_pid='' shop_fd='' client='' reaper=''
cleanup() {
	[ -n "$client" ] && kill "$client" 2>/dev/null
	olc_obs_stop 30 >/dev/null 2>&1
	[ -n "$reaper" ] && kill "$reaper" 2>/dev/null
	olc_obs_heaptrack_end "$home"
	# OBS prints its profiler's results at exit: a header, the profiled sections, a rule; with the
	# profiler off nothing stands between the header and the rule.
	if olc_obs_keep_log "$home" "$out/obs-soak.log" >/dev/null && [ -n "${OLC_SOAK_NO_PROFILER:-}" ]; then
		if ! grep -q '== Profiler Results' "$out/obs-soak.log"; then
			echo "soak: OBS's log ends before its profiler results (OBS did not quit by itself)"
		elif grep -A1 '== Profiler Results' "$out/obs-soak.log" | tail -n 1 | grep -q ': =\{20,\}$'; then
			echo "soak: OBS's log at exit: no profiler results (libobs's profiler was off)"
		else
			echo "soak: OBS's log at exit: profiler results: libobs's profiler ran (see $out/obs-soak.log)"
		fi
	fi
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

# OBS on a 1280x720 canvas with the module, its environment in its home (olc_obs_env).
if ! olc_obs_prepare_home "$home" "$port" "$OLC_OBS_PASSWORD" ||
	! olc_obs_install_module "$home" "$module" "$top/data"; then
	echo "soak: could not prepare OBS's home" >&2
	exit 1
fi
[ -z "${OLC_SOAK_NO_PROFILER:-}" ] || olc_obs_no_profiler "$home" || exit 1
[ -z "${OLC_SOAK_HEAPTRACK:-}" ] || olc_obs_heaptrack "$home" "$out" || exit 1
olc_obs_start trixie "$home" $((minutes * 60 + 900)) || exit 1
obs_pid=''
for _ in $(seq 60); do obs_pid=$(olc_obs_host_pid) && break; sleep 1; done
[ -n "$obs_pid" ] || { echo "soak: OBS's process not found; see $home/olc-root.txt" >&2 && exit 1; }
if [ -n "${OLC_SOAK_HEAPTRACK:-}" ]; then
	olc_obs_heaptrack_reap "$obs_pid" &
	reaper=$!
fi
olc_obs_wait_port "$port" "${OLC_OBS_START_WAIT:-90}" ||
	{ echo "soak: OBS did not listen on $port; see $home/obs-stdout.txt" >&2 && exit 1; }
if [ -n "${OLC_SOAK_NO_PROFILER:-}" ]; then
	grep -q '/no-profiler\.so$' "/proc/$obs_pid/maps" ||
		{ echo "soak: no-profiler.so is not loaded in OBS (pid $obs_pid)" >&2 && exit 1; }
	echo "soak: libobs's profiler is off: no-profiler.so is loaded in OBS (pid $obs_pid)"
fi

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
