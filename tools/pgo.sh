#!/bin/sh
# pgo.sh — writes wasm/reader.pgo, the profile with which `make web`
# builds the full core (the one with the file readers) for profile-guided
# optimisation.
#
# The profile is the native CPU profile of the benchmarks of reading a
# file: TOTEM and balance CSV, read and split. With it the compiler inlines
# the calls of the hot paths that its usual budget leaves as calls; in wasm
# a call costs far more than natively (Go saves and restores its own stack
# in linear memory around each one), so the reader's instruction count
# under wasm falls by about 4 % (`make bench-count`, which builds with the
# same profile). The viewer, loaded before the first figures, is built
# without it: the profile makes the full core 2 % larger (brotli) and would
# do the same to the viewer, for work (one shard decoded) that takes
# milliseconds. A profile that no longer matches the code only loses its
# gain: the compiler ignores what it cannot place. Regenerate it after a
# large change of the reader (`make pgo`), and commit it.
set -eu
GO=${GO:-go}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
i=0
for spec in \
	calc:ReadAndSplit \
	reader:ReadTOTEM \
	reader:ScanBalanceCSV; do
	pkg=${spec%%:*} bench=${spec##*:}
	i=$((i + 1))
	# Each benchmark runs about as long, so that each weighs about as much.
	(cd "$root/internal/$pkg" && $GO test -pgo=off -run '^$' -bench "^Benchmark$bench\$" -benchtime 2s \
		-cpuprofile "$dir/$i.prof" -o "$dir/$i.test" >/dev/null)
done
$GO tool pprof -proto "$dir"/*.prof >"$root/wasm/reader.pgo" 2>/dev/null
echo "pgo.sh: wrote wasm/reader.pgo ($(wc -c <"$root/wasm/reader.pgo") bytes) from $i benchmarks"
