//go:build !viewer

package app

import "github.com/jeu1000/jeu1000/internal/reader"

// Template is the definition of the template CSV for hand-made drafts (its
// columns, description lines, reading rules and a complete example): what
// the page offers for download and explains.
func (c *Core) Template() reader.Template {
	return reader.TemplateFormat()
}
