//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"

	"github.com/hack-pad/safejs"
)

// handler is a function exported to JavaScript. It receives the call's
// arguments and returns a value that encoding/json can marshal (amounts as
// strings), or an error whose message is shown to users.
type handler func(args []safejs.Value) (any, error)

// bridge exports handlers. Every export goes through wrap: the call returns a
// Promise at once, the work runs on a goroutine (never blocking the event
// loop), any panic is recovered, results are plain JavaScript values and
// failures reject with a JavaScript Error carrying a French message.
type bridge struct {
	promise safejs.Value // the Promise constructor
	errorC  safejs.Value // the Error constructor
	json    safejs.Value // the JSON object
	message func(error) string
}

func newBridge(message func(error) string) (*bridge, error) {
	g := safejs.Global()
	b := &bridge{message: message}
	var err error
	if b.promise, err = g.Get("Promise"); err != nil {
		return nil, fmt.Errorf("Promise: %w", err)
	}
	if b.errorC, err = g.Get("Error"); err != nil {
		return nil, fmt.Errorf("Error: %w", err)
	}
	if b.json, err = g.Get("JSON"); err != nil {
		return nil, fmt.Errorf("JSON: %w", err)
	}
	return b, nil
}

// export sets obj[name] to the wrapped handler.
func (b *bridge) export(obj safejs.Value, name string, h handler) error {
	fn, err := safejs.FuncOf(b.wrap(name, h))
	if err != nil {
		return fmt.Errorf("exporting %s: %w", name, err)
	}
	if err := obj.Set(name, fn); err != nil {
		return fmt.Errorf("exporting %s: %w", name, err)
	}
	return nil
}

func (b *bridge) wrap(name string, h handler) func(this safejs.Value, args []safejs.Value) any {
	return func(_ safejs.Value, args []safejs.Value) (result any) {
		// Nothing may panic out of a callback: it would kill the Go instance.
		defer func() {
			if r := recover(); r != nil {
				result = safejs.Undefined()
			}
		}()
		var resolve, reject safejs.Value
		executor, err := safejs.FuncOf(func(_ safejs.Value, a []safejs.Value) any {
			if len(a) == 2 {
				resolve, reject = a[0], a[1]
			}
			return nil
		})
		if err != nil {
			return safejs.Undefined()
		}
		p, err := b.promise.New(executor)
		executor.Release()
		if err != nil {
			return safejs.Undefined()
		}
		go b.settle(name, h, args, resolve, reject)
		return p
	}
}

// settle runs the handler and resolves or rejects the promise.
func (b *bridge) settle(name string, h handler, args []safejs.Value, resolve, reject safejs.Value) {
	defer func() {
		if r := recover(); r != nil {
			b.fail(reject, fmt.Sprintf("Erreur interne (%s) : %v. L'application reste utilisable.", name, r))
		}
	}()
	v, err := h(args)
	if err != nil {
		b.fail(reject, b.message(err))
		return
	}
	js, err := b.toJS(v)
	if err != nil {
		b.fail(reject, fmt.Sprintf("Erreur interne (%s) : %v", name, err))
		return
	}
	_, _ = resolve.Invoke(js)
}

func (b *bridge) fail(reject safejs.Value, msg string) {
	e, err := b.errorC.New(msg)
	if err != nil {
		_, _ = reject.Invoke(msg)
		return
	}
	_, _ = reject.Invoke(e)
}

// toJS converts a Go value into plain JavaScript values through JSON, so that
// only strings, numbers, booleans, arrays and objects cross the boundary.
func (b *bridge) toJS(v any) (safejs.Value, error) {
	switch v := v.(type) {
	case nil:
		return safejs.Undefined(), nil
	case safejs.Value:
		return v, nil
	case string:
		return safejs.ValueOf(v)
	case bool:
		return safejs.ValueOf(v)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return safejs.Value{}, err
	}
	return b.json.Call("parse", string(data))
}

// fromJSON decodes a JavaScript value (an options object) into dst through
// JSON.stringify. Undefined and null leave dst unchanged.
func (b *bridge) fromJSON(v safejs.Value, dst any) error {
	if v.IsUndefined() || v.IsNull() {
		return nil
	}
	s, err := b.json.Call("stringify", v)
	if err != nil {
		return err
	}
	str, err := s.String()
	if err != nil {
		return err
	}
	return json.Unmarshal([]byte(str), dst)
}

// bytesArg copies a Uint8Array argument into Go.
func bytesArg(v safejs.Value) ([]byte, error) {
	n, err := v.Length()
	if err != nil {
		return nil, fmt.Errorf("expected a Uint8Array: %w", err)
	}
	buf := make([]byte, n)
	if _, err := safejs.CopyBytesToGo(buf, v); err != nil {
		return nil, fmt.Errorf("expected a Uint8Array: %w", err)
	}
	return buf, nil
}

// stringArg reads a string argument.
func stringArg(args []safejs.Value, i int, what string) (string, error) {
	if i >= len(args) {
		return "", fmt.Errorf("missing argument %d (%s)", i+1, what)
	}
	return args[i].String()
}
