# shellcheck shell=bash
# The Windows side of the core's platform layer (issue 9, rule 4) must at least compile: every C
# file of plugin/core is checked with Debian's mingw-w64 cross compiler (-fsyntax-only, warnings
# as errors), the POSIX implementations (*-posix.c) left out. jansson, libcurl, libqrencode and libcsv
# come from the build environment's own headers (they are portable; curl/system.h knows
# __MINGW32__), linked into a folder of their own so no Linux system header is seen.
# -Wno-format: with mingw the printf attribute means msvcrt's printf, which has no %zu; OBS for
# Windows builds with MSVC, whose printf has it.

# Files left out on purpose, said in the log (none now).
OLC_WIN_SYNTAX_SKIP=""

# olc_host_mingw: installs the cross compiler on the host (Debian's gcc-mingw-w64-x86-64), as
# olc_host_tools installs debootstrap.
olc_host_mingw() {
	command -v x86_64-w64-mingw32-gcc >/dev/null && return 0
	command -v apt-get >/dev/null || {
		echo "no x86_64-w64-mingw32-gcc, and no apt-get to install gcc-mingw-w64-x86-64 with"
		return 1
	}
	echo "installing gcc-mingw-w64-x86-64 on the host"
	apt-get -o DPkg::Lock::Timeout=600 update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
			--no-install-recommends gcc-mingw-w64-x86-64 >/dev/null
}

# olc_win_syntax ENV DIR: checks the core's files, headers of ENV (native or a root's name)
# linked under DIR. Prints each file's errors and a summary line; fails when any file fails.
olc_win_syntax() {
	local env=$1 dir=$2 inc f failed=0 checked=0
	olc_host_mingw || return 1
	if [ "$env" = native ]; then inc=/usr/include; else inc="$(olc_root_dir "$env")/usr/include"; fi
	rm -rf "$dir" && mkdir -p "$dir" || return 1
	for f in jansson.h jansson_config.h qrencode.h csv.h; do
		[ -f "$inc/$f" ] || { echo "no $inc/$f"; return 1; }
		ln -s "$inc/$f" "$dir/$f"
	done
	for f in "$inc/curl" "$inc"/*-linux-gnu/curl; do
		[ -d "$f" ] && { ln -s "$f" "$dir/curl"; break; }
	done
	[ -e "$dir/curl" ] || { echo "no curl headers under $inc"; return 1; }
	while IFS= read -r f; do
		case " $OLC_WIN_SYNTAX_SKIP " in *" $f "*) continue ;; esac
		checked=$((checked + 1))
		(cd "$OLC_TOP" && x86_64-w64-mingw32-gcc -std=c17 -fsyntax-only -Wall -Wextra -Wno-unused-parameter \
			-Wno-format -Werror -D_WIN32_WINNT=0x0A00 -Iplugin -isystem "$dir" "$f") || {
			echo "FAILED: $f"
			failed=$((failed + 1))
		}
	done < <(cd "$OLC_TOP" && find plugin/core -name '*.c' ! -name '*-posix.c' | sort)
	echo "mingw-w64 syntax check: $checked core files, $failed failed; left out: *-posix.c ${OLC_WIN_SYNTAX_SKIP:-}"
	[ "$failed" = 0 ] && [ "$checked" -gt 0 ]
}
