package territory_test

import (
	"testing"
	"time"

	"github.com/jeu1000/jeu1000/internal/territory"
)

func TestQ(t *testing.T) {
	s := realSet(t)
	se := territory.NewSearcher(s.All())
	for _, q := range []string{"s", "m", "b", "e", "9", "mon", "sai", "bor", "lyo", "930", "montreui", "saint et", "st etien", "bordeaux", "grand pa"} {
		t0 := time.Now()
		for range 200 {
			se.Search(q, 10)
		}
		t.Logf("%-10q %v", q, time.Since(t0)/200)
	}
}
