//go:build !viewer

package app

import (
	"github.com/jeu1000/jeu1000/internal/reader"
	"github.com/jeu1000/jeu1000/internal/report"
)

// Reading users' files (and with it gocsv, which weighs ~300 KB of
// compressed wasm) is left out of the "viewer" build, which the page loads
// first to show the bundled figures; the full build is loaded on demand.

// SplitFile reads a user's budget file and splits it.
func (c *Core) SplitFile(name string, data []byte, req Request) (report.Report, error) {
	opt, err := req.Options()
	if err != nil {
		return report.Report{}, err
	}
	doc, err := reader.Read(name, data, reader.Options{Ident: req.Ident})
	if err != nil {
		return report.Report{}, err
	}
	return c.split(doc, opt, req)
}
