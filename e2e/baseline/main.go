//go:build js && wasm

// Command baseline is the smallest useful Go wasm program: the reference page
// of `make bench-web` instantiates it, so that the app's cold load is
// measured against the cost of Go wasm itself on the same machine and run.
package main

import "syscall/js"

func main() {
	js.Global().Set("baselineAnswer", 1000)
	if ready := js.Global().Get("baselineReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
