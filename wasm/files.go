//go:build js && wasm && !viewer

package main

import (
	"fmt"

	"github.com/hack-pad/safejs"

	"github.com/jeu1000/jeu1000/internal/app"
)

// exportName is the global the full core sets: the viewer build owns
// "jeu1000".
const exportName = "jeu1000Files"

// fileHandlers are the functions that read users' files.
func fileHandlers(core *app.Core, b *bridge) map[string]handler {
	return map[string]handler{
		// splitFile(name: string, data: Uint8Array, request?: object) → report
		"splitFile": func(args []safejs.Value) (any, error) {
			f, err := fileArgs(b, args, true)
			if err != nil {
				return nil, err
			}
			return core.SplitTable(f.name, f.data, f.req, f.table)
		},
		// exportDraft(name: string, data: Uint8Array, request?: object with format "csv"|"xlsx") → {name, type, data: base64}
		"exportDraft": func(args []safejs.Value) (any, error) {
			f, err := fileArgs(b, args, true)
			if err != nil {
				return nil, err
			}
			var format struct {
				Format string `json:"format"`
			}
			if len(args) > 2 {
				if err := b.fromJSON(args[2], &format); err != nil {
					return nil, &app.UserError{Message: "Format d'export invalide.", Err: err}
				}
			}
			return core.ExportDraft(f.name, f.data, f.req, f.table, format.Format)
		},
		// inspectFile(name: string, data: Uint8Array, options?: {sheet, year, mapping}) → proposal
		"inspectFile": func(args []safejs.Value) (any, error) {
			f, err := fileArgs(b, args, false)
			if err != nil {
				return nil, err
			}
			return core.InspectFile(f.name, f.data, f.table)
		},
		// template() → {file_name, example, columns, keys, rules}: the
		// template CSV for hand-made drafts, as the reader defines it.
		"template": func([]safejs.Value) (any, error) {
			return core.Template(), nil
		},
	}
}

// fileCall is what the file functions take: a file's name and bytes, then
// one object that is both the split request and the table options.
type fileCall struct {
	name  string
	data  []byte
	req   app.Request
	table app.TableOptions
}

// fileArgs decodes (name, data, options?) of a file function; withRequest
// also reads the options as a split request.
func fileArgs(b *bridge, args []safejs.Value, withRequest bool) (fileCall, error) {
	var f fileCall
	var err error
	if f.name, err = stringArg(args, 0, "file name"); err != nil {
		return f, err
	}
	if len(args) < 2 {
		return f, fmt.Errorf("missing argument 2 (file content)")
	}
	if f.data, err = bytesArg(args[1]); err != nil {
		return f, err
	}
	if withRequest {
		if f.req, err = request(b, args, 2); err != nil {
			return f, err
		}
	}
	f.table, err = tableOptions(b, args, 2)
	return f, err
}

// tableOptions decodes the table options of argument i (the request object).
func tableOptions(b *bridge, args []safejs.Value, i int) (app.TableOptions, error) {
	var t app.TableOptions
	if len(args) > i {
		if err := b.fromJSON(args[i], &t); err != nil {
			return t, &app.UserError{Message: "Options de lecture du tableau invalides.", Err: err}
		}
	}
	return t, nil
}
