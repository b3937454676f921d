//go:build js && wasm

// Command wasm is the Go core compiled to WebAssembly for the browser app. It
// exports its functions through one wrapper (see bridge) and calls
// globalThis.<name>Ready() when they are in place. It comes in two builds:
//
//   - the viewer (-tags viewer, web/jeu1000-viewer.wasm): the bundled dataset
//     (index, search, shards, splits, history), exported as globalThis.jeu1000;
//     what the page loads first;
//   - the full core (web/jeu1000.wasm): the same plus reading users' budget
//     files (splitFile), exported as globalThis.jeu1000Files; loaded when a
//     file or a typed draft is first split.
//
// Build: GOOS=js GOARCH=wasm go build [-tags viewer] -o web/… ./wasm
package main

import (
	"fmt"
	"runtime/debug"

	"github.com/hack-pad/safejs"

	"github.com/jeu1000/jeu1000/internal/app"
	"github.com/jeu1000/jeu1000/internal/report"
)

func main() {
	// Decoding the whole dataset index, for search (~16 MB of small
	// objects), takes half the time with a lazier collector in wasm. Set
	// once, here, for the process.
	debug.SetGCPercent(400)
	if err := start(); err != nil {
		fmt.Println("jeu1000: start:", err)
		return
	}
	select {} // keep the exports alive
}

func start() error {
	core, err := app.New()
	if err != nil {
		return err
	}
	b, err := newBridge(app.Message)
	if err != nil {
		return err
	}
	obj, err := safejs.Global().Get("Object")
	if err != nil {
		return err
	}
	exports, err := obj.New()
	if err != nil {
		return err
	}
	for _, hs := range []map[string]handler{handlers(core, b), fileHandlers(core, b)} {
		for name, h := range hs {
			if err := b.export(exports, name, h); err != nil {
				return err
			}
		}
	}
	if err := safejs.Global().Set(exportName, exports); err != nil {
		return err
	}
	if ready, err := safejs.Global().Get(exportName + "Ready"); err == nil && !ready.IsUndefined() {
		if _, err := ready.Invoke(); err != nil {
			return err
		}
	}
	return nil
}

// handlers lists the exported functions.
func handlers(core *app.Core, b *bridge) map[string]handler {
	return map[string]handler{
		// loadIndex(data: Uint8Array /* inflated index */) → {authorities, source, shards}
		// Opens the index for lookups by key; search is prepared apart.
		"loadIndex": func(args []safejs.Value) (any, error) {
			if len(args) < 1 {
				return nil, fmt.Errorf("missing argument 1 (index content)")
			}
			data, err := bytesArg(args[0])
			if err != nil {
				return nil, err
			}
			return core.LoadIndex(data)
		},
		// loadDirectory(data: Uint8Array /* inflated directory */) → {rebuilt}
		// The postal codes of the index's authorities, fetched after the
		// first figures; search tables already built are built again with
		// them (searches meanwhile use the former ones).
		"loadDirectory": func(args []safejs.Value) (any, error) {
			if len(args) < 1 {
				return nil, fmt.Errorf("missing argument 1 (directory content)")
			}
			data, err := bytesArg(args[0])
			if err != nil {
				return nil, err
			}
			return core.LoadDirectory(data)
		},
		// prepareSearch() → undefined: reads every authority of the index
		// and builds the searcher now (the first search would), pausing
		// so that the page keeps answering.
		"prepareSearch": func([]safejs.Value) (any, error) {
			return nil, core.PrepareSearch()
		},
		// search(query: string, limit: number) → [suggestion]
		"search": func(args []safejs.Value) (any, error) {
			q, err := stringArg(args, 0, "query")
			if err != nil {
				return nil, err
			}
			limit := 10
			if len(args) > 1 {
				if n, err := args[1].Int(); err == nil {
					limit = n
				}
			}
			return core.Search(q, limit)
		},
		// authority(key: string) → authority
		"authority": func(args []safejs.Value) (any, error) {
			key, err := stringArg(args, 0, "key")
			if err != nil {
				return nil, err
			}
			return core.Authority(key)
		},
		// loadShard(name: string, data: Uint8Array /* inflated */) → {name, records}
		"loadShard": func(args []safejs.Value) (any, error) {
			name, err := stringArg(args, 0, "shard name")
			if err != nil {
				return nil, err
			}
			if len(args) < 2 {
				return nil, fmt.Errorf("missing argument 2 (shard content)")
			}
			data, err := bytesArg(args[1])
			if err != nil {
				return nil, err
			}
			return core.LoadShard(name, data)
		},
		// splitRecord(key: string, year: number, request?: object) → report
		"splitRecord": func(args []safejs.Value) (any, error) {
			key, err := stringArg(args, 0, "key")
			if err != nil {
				return nil, err
			}
			if len(args) < 2 {
				return nil, fmt.Errorf("missing argument 2 (year)")
			}
			year, err := args[1].Int()
			if err != nil {
				return nil, fmt.Errorf("year: %w", err)
			}
			req, err := request(b, args, 2)
			if err != nil {
				return nil, err
			}
			return core.SplitRecord(key, year, req)
		},
		// noData(key: string) → {title, reason, waysOn: [{key, name, kindLabel, relation}]}
		// or undefined when the authority has figures.
		"noData": func(args []safejs.Value) (any, error) {
			key, err := stringArg(args, 0, "key")
			if err != nil {
				return nil, err
			}
			nd, err := core.NoData(key)
			if err != nil || nd == nil {
				return nil, err
			}
			return nd, nil
		},
		// labels(nomenclature: string, codes: string[], year?: number) →
		// {nomenclature, labels: [{code, plain, official?, note?}]}: the
		// labels table of the core (citizen's words, official labels).
		"labels": func(args []safejs.Value) (any, error) {
			n, err := stringArg(args, 0, "nomenclature")
			if err != nil {
				return nil, err
			}
			var codes []string
			if len(args) > 1 {
				if err := b.fromJSON(args[1], &codes); err != nil {
					return nil, &app.UserError{Message: "Codes invalides.", Err: err}
				}
			}
			year := 0
			if len(args) > 2 {
				if y, err := args[2].Int(); err == nil {
					year = y
				}
			}
			return core.FunctionLabels(n, year, codes)
		},
		// history(key: string, request?: object) → [{year, report?, error?}]
		"history": func(args []safejs.Value) (any, error) {
			key, err := stringArg(args, 0, "key")
			if err != nil {
				return nil, err
			}
			req, err := request(b, args, 1)
			if err != nil {
				return nil, err
			}
			return core.History(key, req)
		},
		// compare(a: side, b: side, request?: object) → {comparable, reason, grid, section}
		// A side is {key, year} (the dataset's figures) or {report} (a
		// user's file, as splitFile gave it): app.Compare.
		"compare": func(args []safejs.Value) (any, error) {
			if len(args) < 2 {
				return nil, fmt.Errorf("missing argument %d (side)", len(args)+1)
			}
			var a, o app.Side
			if err := b.fromJSON(args[0], &a); err != nil {
				return nil, &app.UserError{Message: "Options invalides.", Err: err}
			}
			if err := b.fromJSON(args[1], &o); err != nil {
				return nil, &app.UserError{Message: "Options invalides.", Err: err}
			}
			req, err := request(b, args, 2)
			if err != nil {
				return nil, err
			}
			return core.Compare(a, o, req)
		},
		// threeWay(draft: report, key: string, request?: object) → ThreeWay:
		// the draft beside the authority's latest accounts and its peers'
		// median (app.ThreeWay; every year's shard of key loaded).
		"threeWay": func(args []safejs.Value) (any, error) {
			var draft report.Report
			if len(args) < 1 {
				return nil, fmt.Errorf("missing argument 1 (draft report)")
			}
			if err := b.fromJSON(args[0], &draft); err != nil {
				return nil, &app.UserError{Message: "Brouillon invalide.", Err: err}
			}
			key, err := stringArg(args, 1, "key")
			if err != nil {
				return nil, err
			}
			req, err := request(b, args, 2)
			if err != nil {
				return nil, err
			}
			return core.ThreeWay(&draft, key, req)
		},
		// pairYears(key: string, other: string, asked: number, request?: object)
		// → {year, otherYear, verdict}: the game's duel (app.PairYears).
		"pairYears": func(args []safejs.Value) (any, error) {
			key, err := stringArg(args, 0, "key")
			if err != nil {
				return nil, err
			}
			other, err := stringArg(args, 1, "other key")
			if err != nil {
				return nil, err
			}
			asked := 0
			if len(args) > 2 {
				if n, err := args[2].Int(); err == nil {
					asked = n
				}
			}
			req, err := request(b, args, 3)
			if err != nil {
				return nil, err
			}
			return core.PairYears(key, other, asked, req)
		},
	}
}

// request reads the optional request object at args[i].
func request(b *bridge, args []safejs.Value, i int) (app.Request, error) {
	var req app.Request
	if len(args) > i {
		if err := b.fromJSON(args[i], &req); err != nil {
			return req, &app.UserError{Message: "Options invalides.", Err: err}
		}
	}
	return req, nil
}
