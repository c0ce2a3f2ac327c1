#!/bin/bash
# Runs every libFuzzer target of tests/fuzz for SECONDS_EACH seconds and reports one line each:
#   PASS fuzz: <target> (N runs in S s)
#   FAIL fuzz: <target> -- crash ... (the input is saved under BUILD_DIR/fuzz-artifacts/)
# then "fuzz: N passed, N failed". Exit status 0 only when every target passed.
#
# usage: tests/fuzz/run.sh BUILD_DIR SECONDS_EACH [RUNS_EACH]
#   A target stops after SECONDS_EACH seconds or RUNS_EACH executions, whichever comes first.
#   OLC_FUZZ_TARGETS="fuzz-deck-json fuzz-deck-csv" runs only those.
#   BUILD_DIR was configured with CC=clang CXX=clang++ -DBUILD_TESTING=ON -DOLC_FUZZ=ON and built
#   with --target olc-fuzzers (see tests/fuzz/CMakeLists.txt).
#
# Long run (an hour per target; the corpus in BUILD_DIR/fuzz-corpus/ grows and is reused):
#   CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DBUILD_TESTING=ON -DOLC_FUZZ=ON &&
#   cmake --build build/fuzz --target olc-fuzzers && tests/fuzz/run.sh build/fuzz 3600
set -u

if [ $# -lt 2 ] || [ $# -gt 3 ] || ! [[ $2 =~ ^[0-9]+$ ]] || [ "$2" -lt 1 ] || ! [[ ${3:-1} =~ ^[0-9]+$ ]]; then
	echo "usage: $0 BUILD_DIR SECONDS_EACH [RUNS_EACH]" >&2
	exit 2
fi
build=$(cd "$1" && pwd) || exit 2
seconds=$2
runs_each=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$(cd "$here/../unit/fixtures" && pwd)

# target, its seed directories (read only; new finds go to the target's own corpus), and its
# dictionary.
targets=(
	"fuzz-provider-json|$fixtures/json|json.dict"
	"fuzz-provider-woocommerce|$fixtures/woocommerce $fixtures/json|json.dict"
	"fuzz-provider-shopify|$fixtures/shopify|json.dict"
	"fuzz-provider-douyin|$fixtures/douyin|json.dict"
	"fuzz-provider-kuaishou|$fixtures/kuaishou|json.dict"
	"fuzz-provider-youzan|$fixtures/youzan|json.dict"
	"fuzz-provider-taobao|$fixtures/taobao|json.dict"
	"fuzz-deck-json|$here/seeds/deck|json.dict"
	"fuzz-deck-csv|$fixtures/decks|csv.dict"
	"fuzz-image-decode|$here/seeds/image|image.dict"
)

passed=0
failed=0
mkdir -p "$build/fuzz-corpus" "$build/fuzz-artifacts" "$build/fuzz-logs"
for entry in "${targets[@]}"; do
	IFS='|' read -r target seed_dirs dict <<<"$entry"
	read -r -a seeds <<<"$seed_dirs"
	case " ${OLC_FUZZ_TARGETS:-$target} " in *" $target "*) ;; *) continue ;; esac
	bin=$build/tests/fuzz/$target
	log=$build/fuzz-logs/$target.log
	corpus=$build/fuzz-corpus/$target
	mkdir -p "$corpus"
	if [ ! -x "$bin" ]; then
		echo "FAIL fuzz: $target -- not built ($bin)"
		failed=$((failed + 1))
		continue
	fi

	started=$(date +%s)
	# UBSan findings abort (the targets are built with -fno-sanitize-recover) so they count as crashes.
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
		UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		"$bin" -max_total_time="$seconds" ${runs_each:+-runs="$runs_each"} -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-dict="$here/$dict" -artifact_prefix="$build/fuzz-artifacts/$target-" \
		"$corpus" "${seeds[@]}" >"$log" 2>&1
	status=$?
	elapsed=$(($(date +%s) - started))

	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
	if [ $status -eq 0 ] && [ -n "$runs" ]; then
		echo "PASS fuzz: $target ($runs runs in $elapsed s)"
		passed=$((passed + 1))
	else
		reason=$(grep -m 1 -E 'ERROR: |runtime error:|deadly signal|Timeout|out-of-memory|leak' "$log" |
			sed -E 's/^==[0-9]+== ?//' | cut -c 1-160)
		artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		echo "FAIL fuzz: $target -- crash ${reason:-with status $status}${artifact:+ (input: $artifact)} (log: $log)"
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
