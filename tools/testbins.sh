# testbins.sh — sourced by bench-ratio.sh and bench-count.sh, with $pkg set:
# builds the package's test binary natively and for js/wasm, as
# $dir/native.test and $dir/wasm.test ($dir is removed on exit), and sets
# $srcdir, the package's directory, where test binaries run as `go test`
# runs them, and $wasmlib, the folder of Go's wasm_exec scripts. Both are
# built with the full core's profile (wasm/reader.pgo, see pgo.sh), so that
# what is measured is compiled as `make web` compiles the full core.
GO=${GO:-go}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
wasmlib="$($GO env GOROOT)/lib/wasm"
pgo="$(cd "$(dirname "$0")/.." && pwd)/wasm/reader.pgo"
[ -f "$pgo" ] || pgo=off
$GO test -c -pgo="$pgo" -o "$dir/native.test" "$pkg"
GOOS=js GOARCH=wasm $GO test -c -pgo="$pgo" -o "$dir/wasm.test" "$pkg"
srcdir=$($GO list -f '{{.Dir}}' "$pkg")
