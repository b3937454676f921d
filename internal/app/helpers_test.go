package app

import (
	"testing"

	"github.com/jeu1000/jeu1000/internal/dataset"
)

func core(t *testing.T) *Core {
	t.Helper()
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// coreWithIndex returns a core that has loaded ix (encoded as the page
// sends it).
func coreWithIndex(t *testing.T, ix *dataset.Index) *Core {
	t.Helper()
	raw, err := dataset.AppendIndex(nil, ix)
	if err != nil {
		t.Fatal(err)
	}
	c := core(t)
	if _, err := c.LoadIndex(raw); err != nil {
		t.Fatal(err)
	}
	return c
}
