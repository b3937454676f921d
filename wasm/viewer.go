//go:build js && wasm && viewer

package main

import "github.com/jeu1000/jeu1000/internal/app"

// exportName is the global the viewer build sets.
const exportName = "jeu1000"

// fileHandlers: the viewer build reads no user file (see files.go).
func fileHandlers(*app.Core, *bridge) map[string]handler { return nil }
