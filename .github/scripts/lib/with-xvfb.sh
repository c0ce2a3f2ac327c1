#!/bin/sh
# with-xvfb.sh CMD...: runs CMD with DISPLAY on a private Xvfb that ends with it.
# (xvfb-run hangs as a pid namespace's init: it waits for a SIGUSR1 that never comes.)
# Xvfb picks a free display itself (-displayfd) and writes its number once it is ready.
set -u
dir=$(mktemp -d)
Xvfb -displayfd 3 -screen 0 1280x720x24 -nolisten tcp 3>"$dir/display" >"$dir/xvfb.log" 2>&1 &
xvfb=$!
i=0
while [ ! -s "$dir/display" ] && [ "$i" -lt 100 ] && kill -0 "$xvfb" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
if [ ! -s "$dir/display" ]; then
	echo "with-xvfb: Xvfb did not start" >&2
	cat "$dir/xvfb.log" >&2
	kill "$xvfb" 2>/dev/null
	exit 125
fi
DISPLAY=:$(head -n 1 "$dir/display")
export DISPLAY
"$@"
status=$?
kill "$xvfb" 2>/dev/null
wait "$xvfb" 2>/dev/null
rm -rf "$dir"
exit "$status"
