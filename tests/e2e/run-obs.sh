#!/bin/bash
# End-to-end and compatibility tests: the module in a real OBS in a Debian root.
#
#   tests/e2e/run-obs.sh [OPTIONS] ROOT MODULE_SO DATA_DIR OUT_DIR TAG [PORT]
#
#   ROOT       trixie (OBS 30) or sid (OBS 32): where OBS runs. The node client always runs
#              in the trixie root; both share the host's loopback.
#   MODULE_SO  the built obs-live-commerce.so, or "-" for plain OBS (baseline test only).
#   DATA_DIR   the module's data directory (data/), or "-".
#   OUT_DIR    host directory for the temporary OBS home, screenshots and logs; created.
#   TAG        names the results: "PASS e2e-TAG: ...".
#   PORT       websocket port; default: the first free one from 4455.
#
# Options:
#   --hold                   keep OBS running after the tests (or instead of them, with
#                            --no-tests) until Ctrl-C, SIGTERM, OUT_DIR/home/.olc-stop or
#                            $OLC_E2E_HOLD seconds (3600). OUT_DIR/connection.env then holds
#                            OLC_OBS_URL, OLC_OBS_PASSWORD and DISPLAY for other tools.
#   --no-tests               do not run the node client.
#   --collection FILE NAME   start OBS on this scene collection instead of one empty scene.
#
# Environment: OLC_E2E_TIMEOUT (300) bounds the client run in seconds; OLC_E2E_BUILD
# (build/e2e) is where node_modules goes; OLC_OBS_PASSWORD fixes the websocket password.
# Exits with the client's status (0 with --no-tests unless OBS failed to start).
set -u

e2e_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$e2e_dir/../.." && pwd)
# shellcheck source=../../.github/scripts/lib/roots.sh
. "$repo/.github/scripts/lib/roots.sh"
# shellcheck source=lib-obs.sh
. "$e2e_dir/lib-obs.sh"

usage() {
	sed -n '2,/^set -u/p' "${BASH_SOURCE[0]}" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//' >&2
	exit 2
}

hold=0 tests=1 collection='' collection_name=''
while [ $# -gt 0 ]; do
	case $1 in
	--hold) hold=1 ;;
	--no-tests) tests=0 ;;
	--collection)
		[ $# -ge 3 ] || usage
		collection=$2 collection_name=$3
		shift 2
		;;
	-h | --help) usage ;;
	--) shift && break ;;
	-*) usage ;;
	*) break ;;
	esac
	shift
done
if [ $# -lt 5 ] || [ $# -gt 6 ]; then usage; fi
root=$1 module=$2 data=$3 out=$4 tag=$5 port=${6:-}
case $tag in *[!A-Za-z0-9_-]* | '') usage ;; esac
timeout_s=${OLC_E2E_TIMEOUT:-300}
build=${OLC_E2E_BUILD:-$repo/build/e2e}

say() { printf '[e2e-%s] %s\n' "$tag" "$*" >&2; }

for r in "$root" trixie; do
	[ -x "$(olc_root_dir "$r")/usr/bin/obs" ] || {
		say "the $r root is missing: make it with olc_ensure_$r (.github/scripts/lib/roots.sh)"
		exit 2
	}
done
if [ "$module" != - ]; then
	[ -f "$module" ] || { say "no module at $module" && exit 2; }
	module=$(cd "$(dirname "$module")" && pwd)/$(basename "$module")
fi
[ "$data" = - ] || [ -d "$data" ] || { say "no data directory at $data" && exit 2; }
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)
[ -n "$port" ] || port=$(olc_obs_free_port 4455)
password=${OLC_OBS_PASSWORD:-$(olc_obs_password)}


if [ "$tests" = 1 ]; then
	olc_obs_node_modules "$build" || { say "npm ci failed" && exit 2; }
fi

home=$out/home
olc_obs_prepare_home "$home" "$port" "$password" || exit 2
if [ "$module" != - ]; then
	olc_obs_install_module "$home" "$module" "$([ "$data" = - ] || echo "$data")" || exit 2
fi
if [ -n "$collection" ]; then
	olc_obs_set_collection "$home" "$collection" "$collection_name" || exit 2
fi
rm -rf --one-file-system "$out/screenshots"

finish() {
	local log
	trap - EXIT INT TERM
	olc_obs_stop 20
	say "OBS exit status: $(cat "$home/.olc-obs-exit" 2>/dev/null || echo unknown)"
	if log=$(olc_obs_keep_log "$home" "$out/obs-$tag.log"); then
		say "OBS log: $log"
		# Plain OBS 30.2.3 already reports 1 here; a number above a plain run's is ours.
		grep -o 'Number of memory leaks: [0-9]*' "$log" | sed "s/^/[e2e-$tag] OBS at exit: /" >&2
		# A module that did not load leaves only OBS's lines about it, if any.
		if [ "$module" != - ] && ! grep -q "^PASS e2e-$tag: module loaded" "$out/smoke-$tag.txt" 2>/dev/null &&
			[ "$tests" = 1 ]; then
			say "log lines mentioning obs-live-commerce:"
			grep -i 'obs-live-commerce\|live_commerce\|live-commerce' "$log" >&2 || say "(none)"
		fi
	else
		say "no OBS log; OBS output:"
		tail -n 30 "$home/obs-stdout.txt" >&2 2>/dev/null
		tail -n 10 "$home/olc-root.txt" >&2 2>/dev/null
	fi
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$hold" = 1 ]; then
	obs_max=${OLC_E2E_HOLD:-3600}
else
	obs_max=$((timeout_s + 60))
fi
olc_obs_start "$root" "$home" "$obs_max" || exit 2

connect_timeout=60
if ! olc_obs_wait_port "$port" 90; then
	say "OBS is not listening on port $port; its output:"
	tail -n 30 "$home/obs-stdout.txt" >&2 2>/dev/null
	connect_timeout=5 # the client still runs, to report its tests as failed
	[ "$tests" = 1 ] || exit 1
fi

status=0
if [ "$tests" = 1 ]; then
	baseline=
	[ "$module" = - ] && baseline=--baseline-only
	olc_in_root trixie -b "$e2e_dir:/olc/e2e" -b "$build:/olc/node" -b "$out:/olc/out" -- \
		/usr/bin/env OLC_NODE_DIR=/olc/node OLC_OBS_PASSWORD="$password" \
		node /olc/e2e/smoke.mjs --tag "$tag" --url "ws://127.0.0.1:$port" --out /olc/out \
		--connect-timeout "$connect_timeout" --deadline "$timeout_s" $baseline \
		</dev/null > >(tee "$out/smoke-$tag.txt") 2>&1 &
	client=$!
	# The client has its own deadline; this one covers a client that cannot even start.
	(
		left=$((timeout_s + 30))
		while [ "$left" -gt 0 ] && kill -0 "$client" 2>/dev/null; do
			sleep 1
			left=$((left - 1))
		done
		if kill -0 "$client" 2>/dev/null; then
			echo "[e2e-$tag] watchdog: client still running after $((timeout_s + 30)) s" >&2
			for u in $(olc_obs__children "$client"); do
				for init in $(olc_obs__children "$u"); do kill -KILL "$init"; done
			done
		fi
	) &
	watchdog=$!
	wait "$client"
	status=$?
	kill "$watchdog" 2>/dev/null
	wait "$watchdog" 2>/dev/null
	sleep 0.2 # let tee flush
fi

if [ "$hold" = 1 ]; then
	cat >"$out/connection.env" <<EOF
OLC_OBS_URL=ws://127.0.0.1:$port
OLC_OBS_PASSWORD=$password
DISPLAY=:$OLC_OBS_DISPLAY
EOF
	say "OBS holds on ws://127.0.0.1:$port (display :$OLC_OBS_DISPLAY, details in $out/connection.env);" \
		"stop with Ctrl-C or: touch $home/.olc-stop"
	while kill -0 "$OLC_OBS_PID" 2>/dev/null; do
		sleep 1
	done
fi
exit "$status"
