#!/bin/sh
# make bench-france: the national path at full size, by simulation.
#
#   1. gen-balance -years: one synthetic national file per year (~5 M rows,
#      ~750 MB each) on the real authorities of the index, reused when up
#      to date (KEEP_BALANCES=1 keeps them for the next run);
#   2. data-france on them, GOMAXPROCS=2: per year and in all rows/s, wall
#      time, peak RSS (VmHWM, reset before each year), records added and
#      skipped by reason, dataset bytes;
#   3. brotli copies of the dataset (tools/brotli.mjs --data) and the
#      per-view byte report (jeu1000 data-report, when it exists);
#   4. the browser tests on the result (e2e/france.test.mjs).
#
# Environment: GO, YEARS (2012-2024), DIR (scratch folder), OUT (dataset
# folder), ROWS (rows per year; default the national size), KEEP_BALANCES,
# SKIP_BROTLI (no brotli copies: the per-view report in gzip bytes).
# Targets (issue 12), on 2 cores: a year ≤ 30 s and ≤ 300 MB RSS; 13
# years ≤ 6 min. They are printed beside the numbers, not enforced.
set -eu
GO=${GO:-go}
YEARS=${YEARS:-2012-2024}
DIR=${DIR:-/tmp/jeu1000-bench-france}
OUT=${OUT:-data/france}
ROWS=${ROWS:-}
mkdir -p "$DIR/balances" "$DIR/tmp"
BIN="$DIR/jeu1000"
"$GO" build -o "$BIN" ./cmd/jeu1000

echo "== disk"
df -h "$DIR" | tail -1
avail=$(df -Pk "$DIR" | awk 'NR==2 {print $4}')
if [ "$avail" -lt 12000000 ] && [ ! -s "$DIR/balances/gen-balance.json" ]; then
	echo "bench-france: less than 12 GB free under $DIR" >&2
	exit 1
fi

echo "== 1. synthetic national files, $YEARS"
t0=$(date +%s)
"$BIN" gen-balance -years "$YEARS" ${ROWS:+-rows "$ROWS"} -reuse -out "$DIR/balances"
t1=$(date +%s)
echo "generated in $((t1 - t0)) s"

echo "== 2. data-france"
GOMAXPROCS=2 "$BIN" data-france -years "$YEARS" -balances "$DIR/balances" -no-fetch -out "$OUT" -tmp "$DIR/tmp" \
	| tee "$DIR/report.txt"

echo "== 3. brotli copies and bytes per view"
t2=$(date +%s)
if [ -z "${SKIP_BROTLI:-}" ]; then
	# Best quality, one file after the other: about 25 minutes for the
	# 13 simulated years (5,500 files) on this machine.
	node tools/brotli.mjs --data "$OUT"
else
	find "$OUT" -name '*.br' -delete # the report then counts gzip bytes
fi
t3=$(date +%s)
gz=$(find "$OUT" -name '*.gz' -exec cat {} + | wc -c)
br=$(find "$OUT" -name '*.br' -exec cat {} + | wc -c)
idx=$(find "$OUT" -maxdepth 1 -name 'index*.br' -exec cat {} + | wc -c)
echo "brotli copies in $((t3 - t2)) s; dataset: $gz bytes gzip, $br bytes brotli (index: $idx bytes brotli)"
if "$BIN" data-report -h >/dev/null 2>&1; then
	"$BIN" data-report -data "$OUT" | tee "$DIR/data-report.txt"
else
	echo "(jeu1000 data-report not there yet: per-view bytes not reported)"
fi

echo "== 4. browser tests on the national dataset"
browser=ok
JEU1000_DATA="$OUT" node --test --test-concurrency=1 e2e/france.test.mjs 2>&1 | tee "$DIR/browser.txt" || browser=FAILED
grep -h "search suggestions" "$DIR/browser.txt" | sed 's/^[# ]*//' || true

echo "== summary ($YEARS, rows per year: ${ROWS:-national size})"
awk '
	/^year / { header = 1; print; next }
	header && /^[0-9]{4} |^all / { print; if ($1 != "all") { if ($5 > 30) slow++; if ($7 > 300) fat++ } }
	/^(setup|streaming|writing|total|dataset) / { print }
	/^total / { total = $2 }
	END {
		printf "targets: a year <= 30 s: %s; <= 300 MB RSS: %s; the whole build <= 360 s: %s\n",
			slow ? slow " year(s) over" : "met", fat ? fat " year(s) over" : "met", total <= 360 ? "met (" total " s)" : "missed (" total " s)"
	}' "$DIR/report.txt"
echo "generation $((t1 - t0)) s; brotli $((t3 - t2)) s; dataset $gz bytes gzip, $br bytes brotli; browser tests: $browser"
if [ -z "${KEEP_BALANCES:-}" ]; then
	rm -rf "$DIR/balances" "$DIR/tmp"
	echo "(synthetic files removed; KEEP_BALANCES=1 keeps them)"
fi
[ "$browser" = ok ]
