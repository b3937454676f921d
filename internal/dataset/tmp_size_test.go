package dataset

import (
	"bytes"
	"testing"
)

func TestTmpSizes(t *testing.T) {
	base := syntheticIndex(37000)
	gz := func(ix *Index) (int, int) {
		var buf bytes.Buffer
		if err := EncodeIndex(&buf, ix); err != nil {
			t.Fatal(err)
		}
		raw, _ := AppendIndex(nil, ix)
		return len(raw), buf.Len()
	}
	r0, g0 := gz(base)
	t.Logf("all: raw %d gz %d", r0, g0)
	for _, f := range []struct {
		name string
		mod  func(a *Authority)
	}{
		{"code", func(a *Authority) { a.Code = "" }},
		{"siren", func(a *Authority) { a.SIREN = "" }},
		{"name", func(a *Authority) { a.Name = "" }},
		{"nature", func(a *Authority) { a.Nature = "" }},
		{"postal", func(a *Authority) { a.PostalCodes = nil }},
		{"dep+reg", func(a *Authority) { a.Departement = ""; a.Region = "" }},
		{"epci", func(a *Authority) { a.EPCI = "" }},
		{"pop", func(a *Authority) { a.Population = 0 }},
		{"popyear", func(a *Authority) { a.PopulationYear = 0 }},
		{"shard", func(a *Authority) { a.Shard = -1 }},
		{"years", func(a *Authority) { a.Years = nil }},
	} {
		c := *base
		c.Authorities = slicesClone(base.Authorities)
		for i := range c.Authorities {
			f.mod(&c.Authorities[i])
		}
		r, g := gz(&c)
		t.Logf("%-8s raw %7d gz %7d", f.name, r0-r, g0-g)
	}
	c := *base
	c.Peers = nil
	r, g := gz(&c)
	t.Logf("%-8s raw %7d gz %7d", "peers", r0-r, g0-g)
}
