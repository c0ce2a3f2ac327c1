#!/bin/bash
# The real-OBS benchmark: OBS 30.2 in the Debian 13 root under Xvfb (llvmpipe), a 1920x1080
# canvas at 30 fps, our module loaded, driven by tests/bench/obs/bench.mjs (read its header for
# what each section measures). Prints BENCH lines (sections obs-process, obs-overlay, latency,
# rush), INFO lines (OBS version, GL renderer, canvas) and NOTE lines for tests/bench/table.py.
#
#   tests/bench/obs/run.sh MODULE_SO DATA_DIR OUT_DIR
#
# OUT_DIR gets OBS's home (its log, the overlays' screenshots the image sources show) and
# obs.log. Environment: OLC_BENCH_OBS_WINDOW (6) seconds per obs-overlay window,
# OLC_BENCH_OBS_SECTIONS ("obs-process obs-overlay latency rush") the sections to run,
# OLC_BENCH_OBS_ARGS more options for bench.mjs (e.g. "--process-window 10 --rush-seconds 10
# --latency-samples 5" for a quick try), OLC_E2E_BUILD (build/e2e) where obs-websocket-js is
# installed. About 6 minutes in all.
# Exits 1 if OBS did not start or a section did not run to the end.
set -u

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/../../.." && pwd)
# shellcheck source=../../../.github/scripts/lib/roots.sh
. "$repo/.github/scripts/lib/roots.sh"
# shellcheck disable=SC2034 # lib-obs.sh reads it
OLC_E2E_DIR=$repo/tests/e2e
# shellcheck source=../../e2e/lib-obs.sh
. "$repo/tests/e2e/lib-obs.sh"

[ $# = 3 ] || {
	sed -n '2,/^set -u/p' "${BASH_SOURCE[0]}" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//' >&2
	exit 2
}
module=$1 data=$2 out=$3
say() { printf '# obs-bench: %s\n' "$*"; }
[ -f "$module" ] || { say "no module at $module" && exit 2; }
[ -d "$data" ] || { say "no data directory at $data" && exit 2; }
[ -x "$(olc_root_dir trixie)/usr/bin/obs" ] || { say "no trixie root with OBS (olc_ensure_trixie)" && exit 2; }
mkdir -p "$out" && out=$(cd "$out" && pwd) || exit 2
build=${OLC_E2E_BUILD:-$repo/build/e2e}
olc_obs_node_modules "$build" || { say "npm ci failed" && exit 2; }

# The canvas of the issue's measurements (lib-obs.sh's profile takes these).
export OLC_OBS_WIDTH=1920 OLC_OBS_HEIGHT=1080
port=$(olc_obs_free_port 4455)
password=$(olc_obs_password)
home=$out/home
olc_obs_prepare_home "$home" "$port" "$password" || exit 2
olc_obs_install_module "$home" "$module" "$data" || exit 2
mkdir -p "$home/bench"

# shellcheck disable=SC2317 # called by the EXIT trap
finish() {
	trap - EXIT INT TERM
	olc_obs_stop 20 >/dev/null 2>&1
	olc_obs_keep_log "$home" "$out/obs.log" >/dev/null
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

olc_obs_start trixie "$home" 1200 || exit 1
olc_obs_wait_port "$port" 90 || {
	say "OBS is not listening on port $port; its output:"
	tail -n 20 "$home/obs-stdout.txt" 2>/dev/null | sed 's/^/# /'
	exit 1
}

# OBS's pid on the host: the process named obs under the root's job (job -> unshare -> init ->
# obs-in-root.sh -> obs). The client runs in another pid namespace and reads it from the host's
# /proc, bound into its root.
descendants() {
	local p
	for p in $(olc_obs__children "$1"); do
		echo "$p"
		descendants "$p"
	done
}
obs_pid=''
for _ in $(seq 30); do
	for p in $(descendants "$OLC_OBS_PID" 2>/dev/null); do  # processes come and go while it reads /proc
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = obs ] && obs_pid=$p && break
	done
	[ -n "$obs_pid" ] && break
	sleep 1
done
[ -n "$obs_pid" ] || { say "cannot find OBS's process under job $OLC_OBS_PID" && exit 1; }

# The GL renderer as OBS's log states it (libobs-opengl logs the adapter it loaded on).
# shellcheck disable=SC2012 # OBS names its logs "YYYY-MM-DD HH-MM-SS.txt"
log=$(ls -t "$home"/.config/obs-studio/logs/*.txt 2>/dev/null | head -n 1)
gl=$(sed -n 's/.*Loading up OpenGL on adapter \(.*\)$/\1/p' "$log" 2>/dev/null | head -n 1)
glv=$(sed -n 's/.*OpenGL loaded successfully, version \([^,]*\).*/\1/p' "$log" 2>/dev/null | head -n 1)
[ -n "$gl" ] && printf 'INFO {"key":"GL renderer","value":"%s"}\n' "$(printf '%s%s' "$gl" "${glv:+, OpenGL $glv}" | tr -d '\042\134')"

# shellcheck disable=SC2086 # OLC_BENCH_OBS_ARGS: words, split on purpose
olc_in_root trixie -b "$repo/tests:/olc/tests" -b "$build:/olc/node" -b "$out:/olc/out" -b "/proc:/olc/hostproc" -- \
	/usr/bin/env OLC_NODE_DIR=/olc/node OLC_OBS_PASSWORD="$password" \
	node /olc/tests/bench/obs/bench.mjs --url "ws://127.0.0.1:$port" --obs-pid "$obs_pid" --proc /olc/hostproc \
	--files-here /olc/out/home/bench --files-obs /olc/home/bench --window "${OLC_BENCH_OBS_WINDOW:-6}" \
	--sections "${OLC_BENCH_OBS_SECTIONS:-obs-process obs-overlay latency rush}" --obs-version 30.2 ${OLC_BENCH_OBS_ARGS:-} </dev/null 2>&1
status=$?
kill -0 "$obs_pid" 2>/dev/null || { say "OBS is gone (crashed?); see $out/obs.log" && status=1; }
exit "$status"
