# shellcheck shell=bash
# Where and how the plugin builds: natively when this machine has OBS >= 30.2 development
# files with Qt 6 (a user's Ubuntu or Fedora), otherwise inside the Debian 13 root.
# The work tree is bound into a root at the same path, so every path means the same
# thing inside and outside.

# shellcheck source=roots.sh
. "$(dirname "${BASH_SOURCE[0]}")/roots.sh"

olc_version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# Prints "native" or "trixie". OLC_ENV overrides.
olc_pick_env() {
	if [ -n "${OLC_ENV:-}" ]; then
		echo "$OLC_ENV"
		return
	fi
	local v
	v=$(pkg-config --modversion libobs 2>/dev/null || true)
	if [ -n "$v" ] && olc_version_ge "$v" 30.2 && pkg-config --exists Qt6Widgets 2>/dev/null &&
		[ -f /usr/include/obs/obs-frontend-api.h ] && command -v cmake >/dev/null; then
		echo native
	else
		echo trixie
	fi
}

# olc_exec ENV [-b HOST:ROOT]... -- CMD...: runs CMD natively or in the named root with the
# work tree (and OLC_CACHE) bound at their own paths.
olc_exec() {
	local env=$1
	shift
	local binds=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		binds+=("$1" "$2")
		shift 2
	done
	shift
	if [ "$env" = native ]; then
		"$@"
	else
		olc_in_root "$env" -b "$OLC_TOP:$OLC_TOP" -b "$OLC_CACHE:$OLC_CACHE" "${binds[@]}" -- "$@"
	fi
}

# olc_ensure_env ENV: makes sure the build environment exists.
olc_ensure_env() {
	case $1 in
	native) ;;
	trixie) olc_ensure_trixie ;;
	sid) olc_ensure_sid ;;
	*)
		olc_log "unknown environment $1"
		return 1
		;;
	esac
}

# olc_build ENV BUILD_DIR [CMAKE_ARGS...]: configures and builds with Ninja (with ccache, its
# cache in OLC_CACHE, when the environment has it: a fresh clone at the same path then rebuilds
# in seconds; no CCACHE_BASEDIR, as tests find their data through absolute __FILE__ paths).
# OLC_BUILD_TARGET builds one target instead of all; OLC_BUILD_CC / OLC_BUILD_CXX pick the
# compilers (clang for the fuzzers).
olc_build() {
	local env=$1 dir=$2
	shift 2
	mkdir -p "$(dirname "$dir")" "$OLC_CACHE/ccache"
	olc_exec "$env" -- /usr/bin/env CCACHE_DIR="$OLC_CACHE/ccache" \
		${OLC_BUILD_CC:+CC="$OLC_BUILD_CC"} ${OLC_BUILD_CXX:+CXX="$OLC_BUILD_CXX"} /bin/sh -c 'set -e
		dir=$1; top=$2; target=$3; shift 3
		if command -v ccache >/dev/null; then
			set -- -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache "$@"
		fi
		cmake -S "$top" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >"$dir.configure.log" 2>&1 ||
			{ cat "$dir.configure.log"; exit 1; }
		cmake --build "$dir" ${target:+--target "$target"} -- -j2' olc-build "$dir" "$OLC_TOP" "${OLC_BUILD_TARGET:-}" "$@"
}
