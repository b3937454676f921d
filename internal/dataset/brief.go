package dataset

// Brief is what places an authority of the index, read without making its
// code nor its postal codes: enough to scan every authority for those near
// another one (its groups, its peers) at little cost.
type Brief struct {
	Kind        Kind
	Population  int64
	Departement string // INSEE code, as Authority.Departement
	Region      string
	EPCI        string // SIREN of its EPCI (communes)
	HasFigures  bool   // it has records (some year)
}

// Brief returns the brief of authority i (0 ≤ i < Len()); its strings are
// views of the index's dictionary.
func (f *IndexFile) Brief(i int) Brief {
	c := &f.cols
	b := Brief{
		Kind:        Kind(c.kinds[i]),
		Population:  unzigzag(c.pops[i]),
		Departement: f.str(c.deps[i]),
		Region:      f.str(c.regions[i]),
		EPCI:        f.str(c.epcis[i]),
	}
	if f.years != nil {
		b.HasFigures = f.years[i+1] > f.years[i]
	}
	return b
}
