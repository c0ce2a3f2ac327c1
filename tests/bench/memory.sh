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

ensure_heaptrack() {
	[ -x "$(olc_root_dir trixie)/usr/bin/heaptrack_print" ] && return 0
	say "installing heaptrack into the trixie root"
	mkdir -p "$OLC_CACHE/debs/trixie"
	olc_in_root trixie -b "$OLC_CACHE/debs/trixie:/var/cache/apt/archives" -- /bin/sh -c '
		export DEBIAN_FRONTEND=noninteractive
		apt-get -o DPkg::Lock::Timeout=300 update -qq &&
		apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends heaptrack >/var/log/olc-heaptrack.log 2>&1 ||
		{ tail -n 20 /var/log/olc-heaptrack.log; exit 1; }'
}

# obs_pid: the OBS process as the host sees it (a descendant of the root's job named "obs").
obs_pid() {
	local queue=("$OLC_OBS_PID") p c
	while [ ${#queue[@]} -gt 0 ]; do
		p=${queue[0]}
		queue=("${queue[@]:1}")
		for c in $(olc_obs__children "$p" 2>/dev/null); do
			[ "$(cat "/proc/$c/comm" 2>/dev/null)" = obs ] && { echo "$c" && return 0; }
			queue+=("$c")
		done
	done
	return 1
}

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
	printf '%s\n' "$@" "${obs_env[@]}" | sed '/^$/d' >"$home/.olc-obs-env"
	interp=''
	if [ "$name" != plain ]; then
		# heaptrack's preload library writes its raw trace into a fifo; heaptrack_interpret, in a
		# root call of its own, reads it and writes the compressed trace heaptrack_print reads.
		mkfifo "$home/heaptrack.fifo" || return 1
		# The home is bound where OBS sees it, so that the interpreter finds our module's symbols.
		olc_in_root trixie -b "$dir:/olc/out" -b "$home:/olc/home" -- /bin/sh -c \
			'/usr/lib/heaptrack/libexec/heaptrack_interpret </olc/home/heaptrack.fifo 2>/olc/out/interpret.txt |
			gzip -1 >/olc/out/heaptrack.gz' &
		interp=$!
		printf '%s\n' LD_PRELOAD=/usr/lib/heaptrack/libheaptrack_preload.so \
			DUMP_HEAPTRACK_OUTPUT=/olc/home/heaptrack.fifo >>"$home/.olc-obs-env"
	fi
	olc_obs_start trixie "$home" 900 || return 1
	reaper=''
	if [ -n "$interp" ]; then
		for _ in $(seq 60); do pid=$(obs_pid) && break; sleep 1; done
		# Under heaptrack's preload library a child OBS forks to run a command (modinfo for the
		# virtual camera, the NVENC probe) hangs on heaptrack's lock before its exec, and OBS waits
		# for it forever: a child still named obs a second later is killed (the probe then fails,
		# as on a machine without those).
		(
			seen=' '
			while kill -0 "$pid" 2>/dev/null; do
				now=' '
				for c in $(olc_obs__children "$pid" 2>/dev/null); do
					[ "$(cat "/proc/$c/comm" 2>/dev/null)" = obs ] || continue
					case $seen in *" $c "*) kill -KILL "$c" 2>/dev/null ;; *) now="$now$c " ;; esac
				done
				seen=$now
				sleep 1
			done
		) &
		reaper=$!
	fi
	olc_obs_wait_port "$port" 300 || { say "$name: OBS did not listen on $port" && olc_obs_stop 5; return 1; }
	olc_in_root trixie -b "$repo/tests:/olc/tests" -b "$node_build:/olc/node" -b "$dir:/olc/out" -- \
		/usr/bin/env OLC_NODE_DIR=/olc/node OLC_OBS_PASSWORD="$password" \
		node /olc/tests/bench/memory.mjs --tag "$name" --url "ws://127.0.0.1:$port" --out /olc/out \
		--orders "$orders" ${MEMORY_SETTLE_MS:+--settle-ms "$MEMORY_SETTLE_MS"} \
		</dev/null >"$dir/client.txt" 2>&1 &
	client=$!
	pid=$(obs_pid) || { say "$name: no OBS process found" && status=1; }
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
	if [ -n "$interp" ]; then
		# A preload library that never opened the fifo (OBS did not start) leaves the reader waiting.
		kill -0 "$interp" 2>/dev/null && sleep 1 && kill -0 "$interp" 2>/dev/null && : >"$home/heaptrack.fifo"
		wait "$interp"
		rm -f "$home/heaptrack.fifo"
	fi
	return "$status"
}

status=0
[ "$heaptrack" = 2 ] || run plain '' || status=1
if [ "$heaptrack" != 0 ] && [ "$status" = 0 ]; then
	ensure_heaptrack || exit 1
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
