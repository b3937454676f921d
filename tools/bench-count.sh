#!/bin/sh
# bench-count.sh PKG BENCH [N1 N2] — instructions per iteration of one Go
# benchmark, natively and under Node wasm, counted by valgrind (callgrind).
#
# Timings on a shared machine vary by up to 2× from one minute to the next;
# instruction counts do not. Each side runs N1 then N2 iterations (default 3
# and 13) and the difference is divided by N2 - N1, which removes start-up.
# Go's collector is off (GOGC=off): when it runs depends on elapsed time, so
# it would make the counts vary, and what it costs is measured by timings
# (bench-ratio.sh). V8 runs with --predictable --single-threaded
# --no-liftoff, so that the same code is compiled the same way every time.
# What is counted is therefore the code's own work, the part a change to the
# code changes. About 4 minutes; needs valgrind (Debian's package).
set -eu
pkg=$1
bench=$2
n1=${3:-3}
n2=${4:-13}
command -v valgrind >/dev/null || { echo "bench-count.sh: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
. "$(dirname "$0")/testbins.sh"
exec_js="$wasmlib/wasm_exec_node.js"

count() { # count native|wasm N → instructions of the whole run
	set -- "$1" "$2"
	args="-test.run ^\$ -test.bench ^Benchmark$bench\$ -test.benchtime ${2}x"
	if [ "$1" = native ]; then
		(cd "$srcdir" && GOGC=off GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1 \
			valgrind --tool=callgrind --callgrind-out-file=/dev/null "$dir/native.test" $args 2>&1)
	else
		(cd "$srcdir" && GOGC=off valgrind --tool=callgrind --callgrind-out-file=/dev/null --smc-check=all-non-file \
			node --predictable --single-threaded --no-liftoff --stack-size=8192 "$exec_js" "$dir/wasm.test" $args 2>&1)
	fi | awk '/Collected :/ { print $4 }'
}

a=$(count native "$n1"); b=$(count native "$n2")
c=$(count wasm "$n1"); d=$(count wasm "$n2")
awk -v a="$a" -v b="$b" -v c="$c" -v d="$d" -v n1="$n1" -v n2="$n2" -v name="$bench ($pkg)" 'BEGIN {
	n = (b - a) / (n2 - n1); w = (d - c) / (n2 - n1)
	printf "%s, instructions per iteration, collector off:\n  native %.2fM, wasm %.2fM, wasm/native %.2f\n", name, n / 1e6, w / 1e6, w / n
}'
