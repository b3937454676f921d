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
			name, err := stringArg(args, 0, "file name")
			if err != nil {
				return nil, err
			}
			if len(args) < 2 {
				return nil, fmt.Errorf("missing argument 2 (file content)")
			}
			data, err := bytesArg(args[1])
			if err != nil {
				return nil, err
			}
			req, err := request(b, args, 2)
			if err != nil {
				return nil, err
			}
			t, err := tableOptions(b, args, 2)
			if err != nil {
				return nil, err
			}
			return core.SplitTable(name, data, req, t)
		},
		// exportDraft(name: string, data: Uint8Array, request?: object with format "csv"|"xlsx") → {name, type, data: base64}
		"exportDraft": func(args []safejs.Value) (any, error) {
			name, err := stringArg(args, 0, "file name")
			if err != nil {
				return nil, err
			}
			if len(args) < 2 {
				return nil, fmt.Errorf("missing argument 2 (file content)")
			}
			data, err := bytesArg(args[1])
			if err != nil {
				return nil, err
			}
			req, err := request(b, args, 2)
			if err != nil {
				return nil, err
			}
			t, err := tableOptions(b, args, 2)
			if err != nil {
				return nil, err
			}
			var f struct {
				Format string `json:"format"`
			}
			if len(args) > 2 {
				if err := b.fromJSON(args[2], &f); err != nil {
					return nil, &app.UserError{Message: "Format d'export invalide.", Err: err}
				}
			}
			return core.ExportDraft(name, data, req, t, f.Format)
		},
		// inspectFile(name: string, data: Uint8Array, options?: {sheet, year, mapping}) → proposal
		"inspectFile": func(args []safejs.Value) (any, error) {
			name, err := stringArg(args, 0, "file name")
			if err != nil {
				return nil, err
			}
			if len(args) < 2 {
				return nil, fmt.Errorf("missing argument 2 (file content)")
			}
			data, err := bytesArg(args[1])
			if err != nil {
				return nil, err
			}
			t, err := tableOptions(b, args, 2)
			if err != nil {
				return nil, err
			}
			return core.InspectFile(name, data, t)
		},
		// template() → {file_name, example, columns, keys, rules}: the
		// template CSV for hand-made drafts, as the reader defines it.
		"template": func([]safejs.Value) (any, error) {
			return core.Template(), nil
		},
	}
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
