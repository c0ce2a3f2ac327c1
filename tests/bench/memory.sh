#!/bin/bash
# Where the memory goes that OBS gains with a product card and an order ticker (issue #12).
#
#   tests/bench/memory.sh [OPTIONS] [MODULE_SO [OUT_DIR]]
#
# Real OBS 30.2.3 in the trixie root, canvas 1920x1080, Mesa llvmpipe. tests/bench/memory.mjs
# builds the scene step by step: a colour rectangle (rect), the module on the json test shop
# with a product featured (shop), then a product card and an order ticker and 30 orders, one a
# second (overlays). After each step this script reads /proc/PID/smaps of the OBS process and
# keeps it as OUT_DIR/smaps-STEP.txt; tests/bench/memory-report.py then prints the growth
# (PSS anonymous and file-backed), split by mapping (heap, other anonymous regions, each
# library's file-backed pages), as "BENCH" lines of section "memory" (metric "MB") and
# readable lines.
#
# With --heaptrack, OBS runs a second and a third time under heaptrack's preload library
# (heaptrack is installed into the trixie root on demand, never added to its package list):
# once killed at the "shop" step, once at the end of the "overlays" step. What was allocated
# and not freed at each kill is the live heap then; the difference, grouped by the library
# that called malloc (first frame outside libc/libstdc++/Qt's allocation helpers), is the
# attribution of the heap's growth (OUT_DIR/heaptrack-*/heaptrack.gz; heaptrack_print's diff in
# OUT_DIR/heaptrack-diff.txt).
#
#   MODULE_SO  the built module (build/trixie/obs-live-commerce.so); "-" runs OBS without it.
#   OUT_DIR    where homes, samples and reports go (build/bench-memory).
# Options:
#   --heaptrack        also the two heaptrack runs (several minutes more)
#   --heaptrack-only   only those (the smaps part reads an earlier run's OUT_DIR/plain)
#   --env VAR=VALUE    set for OBS (repeatable), e.g. --env MALLOC_ARENA_MAX=2 to compare
#   --orders N         orders placed in the overlays step (30)
#
# Runs under flock /tmp/olc-heavy.lock itself (the lock is held for the whole run).
set -u

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/../.." && pwd)
case " $* " in *" -h "* | *" --help "*) sed -n '2,/^set -u/p' "$0" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//' >&2 && exit 2 ;; esac
if [ -z "${OLC_MEMORY_LOCKED:-}" ]; then
	OLC_MEMORY_LOCKED=1 exec flock /tmp/olc-heavy.lock "$0" "$@"
fi
export OLC_CACHE=${OLC_CACHE:-$HOME/.cache/obs-live-commerce}
# shellcheck source=../../.github/scripts/lib/roots.sh
. "$repo/.github/scripts/lib/roots.sh"
OLC_E2E_DIR=$repo/tests/e2e
# shellcheck source=../e2e/lib-obs.sh
. "$repo/tests/e2e/lib-obs.sh"

heaptrack=0 orders=30 obs_env=()
while [ $# -gt 0 ]; do
	case $1 in
	--heaptrack) heaptrack=1 ;;
	--heaptrack-only) heaptrack=2 ;;
	--env) obs_env+=("$2") && shift ;;
	--orders) orders=$2 && shift ;;
	-h | --help) sed -n '2,/^set -u/p' "$0" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//' >&2 && exit 2 ;;
	*) break ;;
	esac
	shift
done
module=${1:-$repo/build/trixie/obs-live-commerce.so}
out=${2:-$repo/build/bench-memory}
say() { printf '# memory: %s\n' "$*" >&2; }
[ "$module" = - ] || [ -f "$module" ] || { say "no module at $module (build it first)" && exit 2; }
mkdir -p "$out" && out=$(cd "$out" && pwd) || exit 2
node_build=${OLC_E2E_BUILD:-$repo/build/e2e}
olc_obs_node_modules "$node_build" || { say "npm ci failed" && exit 2; }

# run NAME [KILL_AT] [ENV...]: one OBS run through the steps; samples into OUT/NAME/. With KILL_AT,
# OBS is killed (SIGKILL, so that nothing is freed) right after that step's sample.
run() {
	local name=$1 kill_at=${2:-} dir home port password client pid phase step status=0
	shift 2
	dir=$out/$name home=$out/$name/home
	rm -rf --one-file-system "$dir" && mkdir -p "$dir" || return 1
	port=$(olc_obs_free_port 4455)
	password=$(olc_obs_password)
	OLC_OBS_WIDTH=1920 OLC_OBS_HEIGHT=1080 olc_obs_prepare_home "$home" "$port" "$password" || return 1
	if [ "$module" != - ]; then
		olc_obs_install_module "$home" "$module" "$repo/data" || return 1
	fi
	olc_obs_env "$home" "$@" "${obs_env[@]}" || return 1
	[ "$name" = plain ] || olc_obs_heaptrack "$home" "$dir" || return 1
	olc_obs_start trixie "$home" 900 || return 1
	reaper=''
	if [ -n "${OLC_OBS_HEAPTRACK_JOB:-}" ]; then
		for _ in $(seq 60); do pid=$(olc_obs_host_pid) && break; sleep 1; done
		olc_obs_heaptrack_reap "$pid" &
		reaper=$!
	fi
	olc_obs_wait_port "$port" 300 || { say "$name: OBS did not listen on $port" && olc_obs_stop 5; return 1; }
	olc_in_root trixie -b "$repo/tests:/olc/tests" -b "$node_build:/olc/node" -b "$dir:/olc/out" -- \
		/usr/bin/env OLC_NODE_DIR=/olc/node OLC_OBS_PASSWORD="$password" \
		node /olc/tests/bench/memory.mjs --tag "$name" --url "ws://127.0.0.1:$port" --out /olc/out \
		--orders "$orders" ${MEMORY_SETTLE_MS:+--settle-ms "$MEMORY_SETTLE_MS"} \
		</dev/null >"$dir/client.txt" 2>&1 &
	client=$!
	pid=$(olc_obs_host_pid) || { say "$name: no OBS process found" && status=1; }
	for step in rect shop overlays; do
		[ "$status" = 0 ] || break
		while [ ! -e "$dir/phase-$step" ] && [ ! -e "$dir/phase-failed" ] && kill -0 "$client" 2>/dev/null; do
			sleep 0.5
		done
		[ -e "$dir/phase-$step" ] || { say "$name: the client stopped before $step:" && tail -n 5 "$dir/client.txt" >&2; status=1; break; }
		cat "/proc/$pid/smaps" >"$dir/smaps-$step.txt" 2>/dev/null || { say "$name: OBS is gone" && status=1; break; }
		cat "/proc/$pid/smaps_rollup" >"$dir/smaps_rollup-$step.txt"
		ls "/proc/$pid/task" | wc -l >"$dir/threads-$step.txt"
		say "$name: $step sampled ($(grep -E '^Pss_(Anon|File)' "/proc/$pid/smaps_rollup" | tr -s ' ' | tr '\n' ' '))"
		if [ "$step" = "$kill_at" ]; then
			kill -KILL "$pid"
			break
		fi
		: >"$dir/ack-$step"
	done
	: >"$dir/stop"
	wait "$client" 2>/dev/null
	[ -n "$reaper" ] && kill "$reaper" 2>/dev/null
	olc_obs_stop 30 >/dev/null 2>&1
	olc_obs_keep_log "$home" "$dir/obs.log" >/dev/null
	olc_obs_heaptrack_end "$home"
	return "$status"
}

status=0
[ "$heaptrack" = 2 ] || run plain '' || status=1
if [ "$heaptrack" != 0 ] && [ "$status" = 0 ]; then
	olc_obs_heaptrack_install || exit 1
	run heaptrack-shop shop || status=1
	run heaptrack-overlays overlays || status=1
	if [ "$status" = 0 ]; then
		# Every allocation site with every backtrace (-n, -s), so that memory-report.py can group them.
		olc_in_root trixie -b "$out:/olc/out" -- heaptrack_print -f /olc/out/heaptrack-overlays/heaptrack.gz \
			-d /olc/out/heaptrack-shop/heaptrack.gz -p 0 -a 0 -T 0 -l 1 -n 1000000 -s 1000000 \
			2>&1 | sed 's/--websocket_password [^ ]*/--websocket_password (hidden)/' >"$out/heaptrack-diff.txt" ||
			status=1
	fi
fi
python3 "$bench_dir/memory-report.py" "$out" || status=1
exit "$status"
