#!/bin/bash
# Runs inside a Debian root as its pid-namespace init (see lib-obs.sh olc_obs_start):
#   obs-in-root.sh DISPLAY_NUMBER MAX_SECONDS OBS_ARGS...
# Starts Xvfb and OBS with HOME=/olc/home, then waits until OBS exits, /olc/home/.olc-stop
# appears, this script gets SIGTERM/SIGINT or MAX_SECONDS pass. OBS is then asked to quit
# with SIGINT (see stop_obs) and killed if it has not gone 15 s later. OBS's exit status
# is left in /olc/home/.olc-obs-exit.
# When this script ends, the kernel kills whatever else is left in the namespace.
set -u
display=$1 max=$2
shift 2
home=/olc/home

export HOME=$home LIBGL_ALWAYS_SOFTWARE=1 QT_QPA_PLATFORM=xcb
export XDG_RUNTIME_DIR=/tmp/xdg-runtime XDG_CONFIG_HOME=$home/.config XDG_CACHE_HOME=$home/.cache
mkdir -m 700 "$XDG_RUNTIME_DIR"
# The roots have no /etc/machine-id: OBS logs D-Bus errors about it, harmless. The root
# is shared, so it is not given one here.

# -nolisten tcp: loopback is shared with the host. The abstract unix socket stays on so
# that other roots can reach the display; it lives in the shared network namespace, so
# another run may have taken the number lib-obs.sh picked meanwhile: then the next one is
# tried. The number in use is left in /olc/home/.olc-display.
# setsid: a Ctrl-C in the caller's terminal reaches its whole process group, this script
# included; Xvfb must outlive OBS's shutdown, and OBS must get exactly one SIGINT (ours).
start_xvfb() {
	setsid Xvfb ":$display" -screen 0 1920x1080x24 -nolisten tcp -noreset >"$home/xvfb.txt" 2>&1 &
	xvfb=$!
	for _ in $(seq 100); do
		[ -S "/tmp/.X11-unix/X$display" ] && return 0
		kill -0 "$xvfb" 2>/dev/null || return 1
		sleep 0.1
	done
	kill -KILL "$xvfb" 2>/dev/null
	return 1
}
started=0
for _ in 1 2 3 4 5 6 7 8; do
	start_xvfb && started=1 && break
	display=$((display + 1))
done
if [ "$started" = 0 ]; then
	echo "Xvfb did not start on any of 8 displays up to :$((display - 1))" >&2
	cat "$home/xvfb.txt" >&2
	echo 125 >"$home/.olc-obs-exit"
	exit 125
fi
echo "$display" >"$home/.olc-display"
export DISPLAY=:$display

# A small window manager where the root has one (openbox in both roots): docks, title bars
# and the main window are then laid out as on a desktop, for the dock's screenshot (dock.mjs). Its
# rc.xml only maximises OBS's main window.
if command -v openbox >/dev/null; then
	mkdir -p "$XDG_CONFIG_HOME/openbox"
	cat >"$XDG_CONFIG_HOME/openbox/rc.xml" <<'RC'
<?xml version="1.0" encoding="UTF-8"?>
<openbox_config xmlns="http://openbox.org/3.4/rc">
  <applications>
    <application class="obs" type="normal"><maximized>yes</maximized></application>
  </applications>
</openbox_config>
RC
	setsid openbox --sm-disable >"$home/openbox.txt" 2>&1 &
fi

# --minimize-to-tray: no tray exists under Xvfb, so the main window stays on the display.
# --disable-shutdown-check: a killed previous run must not bring up the safe-mode
# (OBS 31+) or "crashed last time" (OBS 30) question.
# --disable-missing-files-check: a demo collection with a missing file must not stop on a
# dialog.
# /olc/home/.olc-obs-env, when a tool left one (lib-obs.sh olc_obs_env): VAR=value lines set for
# OBS alone, the one way to give OBS an environment of its own (the memory bench and the soak run
# OBS under heaptrack's preload library, without libobs's profiler or with MALLOC_ARENA_MAX so).
obs_env=()
[ -f "$home/.olc-obs-env" ] && mapfile -t obs_env <"$home/.olc-obs-env"
setsid env "${obs_env[@]}" obs --minimize-to-tray --disable-shutdown-check --disable-updater --disable-missing-files-check --multi "$@" \
	>"$home/obs-stdout.txt" 2>&1 &
obs=$!

# SIGINT, not SIGTERM: OBS 30 and 32 catch SIGINT and close the main window (scene
# collection saved, modules unloaded, "Number of memory leaks" logged, exit 0), while
# SIGTERM kills OBS 30 on the spot (exit 143, log cut short).
stop_obs() {
	kill -INT "$obs" 2>/dev/null
	for _ in $(seq 150); do
		kill -0 "$obs" 2>/dev/null || return 0
		sleep 0.1
	done
	echo "OBS ignored SIGINT for 15 s: killing it" >&2
	kill -KILL "$obs" 2>/dev/null
}
trap 'stop_obs' TERM INT

deadline=$((SECONDS + max))
while kill -0 "$obs" 2>/dev/null; do
	if [ -e "$home/.olc-stop" ]; then
		stop_obs
		break
	fi
	if [ "$SECONDS" -ge "$deadline" ]; then
		echo "watchdog: OBS still running after $max s, stopping it" >&2
		stop_obs
		break
	fi
	sleep 0.2
done
wait "$obs"
status=$?
echo "$status" >"$home/.olc-obs-exit"
kill -TERM "$xvfb" 2>/dev/null
wait "$xvfb" 2>/dev/null
exit "$status"
