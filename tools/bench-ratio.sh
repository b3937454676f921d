#!/bin/sh
# bench-ratio.sh PKG BENCH [ROUNDS] — one Go benchmark natively and under
# Node wasm, interleaved, and the ratio of their medians.
#
# Both test binaries are built once, then run in turn ROUNDS times (default
# 7), so that a busy moment of the machine hits both alike. Each run does a
# fixed number of iterations (BENCHTIME, default 300x): V8 compiles wasm
# lazily and optimises it in the background, so the first iterations of a
# run are slower; that warm-up is part of every run of both.
#
# Environment: GO (go), GOWASM (as for `make web`), BENCHTIME, TARGET (the
# ratio's target, printed beside it; "none" for a reference measurement).
set -eu
pkg=$1
bench=$2
rounds=${3:-7}
benchtime=${BENCHTIME:-300x}
target=${TARGET:-3}
. "$(dirname "$0")/testbins.sh"
exec_wasm="$wasmlib/go_js_wasm_exec"
run() { # run native|wasm → ns/op of one run
	if [ "$1" = native ]; then
		(cd "$srcdir" && "$dir/native.test" -test.run '^$' -test.bench "^Benchmark$bench\$" -test.benchtime "$benchtime" -test.benchmem)
	else
		(cd "$srcdir" && "$exec_wasm" "$dir/wasm.test" -test.run '^$' -test.bench "^Benchmark$bench\$" -test.benchtime "$benchtime" -test.benchmem)
	fi | awk '/^Benchmark/ { for (i = 1; i < NF; i++) if ($(i+1) == "ns/op") print $i }'
}

i=0
while [ "$i" -lt "$rounds" ]; do
	run native >>"$dir/native"
	run wasm >>"$dir/wasm"
	i=$((i + 1))
done

median() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
n=$(median "$dir/native")
w=$(median "$dir/wasm")
echo "$bench ($pkg), $rounds interleaved runs of $benchtime:"
echo "  native ns/op: $(sort -n "$dir/native" | tr '\n' ' ')"
echo "  wasm   ns/op: $(sort -n "$dir/wasm" | tr '\n' ' ')"
awk -v n="$n" -v w="$w" -v t="$target" 'BEGIN { printf "  medians: native %.2f ms, wasm %.2f ms, wasm/native %.2f%s\n", n / 1e6, w / 1e6, w / n, t == "none" ? "" : " (target <= " t ")" }'
