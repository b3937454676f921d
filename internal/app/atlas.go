package app

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// atlas is the bundled dataset as the page holds it: the index, a searcher
// over its authorities and the shards loaded so far. Calls come from several
// goroutines (one per JavaScript call): a mutex guards it.
type atlas struct {
	mu    sync.RWMutex
	index *dataset.Index
	// byKey finds authorities by key only when the index is not in its
	// canonical order (by kind, then code: see dataset.Index.Sort); in that
	// order, which `make data` writes, a binary search needs no table, and
	// loading the index builds none (36,000 keys cost tens of ms in wasm).
	byKey map[string]int
	// searcher is built on the first search, not on load: building it
	// takes a good part of a second in wasm and a permalink to an
	// authority does not need it.
	searcherOnce *sync.Once
	searcher     *territory.Searcher
	shards       map[string]*dataset.Shard
	records      map[string][]*dataset.Record // by authority key, sorted by year
}

// IndexInfo describes a loaded index.
type IndexInfo struct {
	Authorities int    `json:"authorities"`
	Source      string `json:"source"`
	Shards      int    `json:"shards"`
}

// LoadIndex decodes the (inflated) index of the dataset and prepares search.
func (c *Core) LoadIndex(raw []byte) (IndexInfo, error) {
	ix, err := dataset.DecodeIndex(raw)
	if err != nil {
		return IndexInfo{}, &UserError{Message: "Les données intégrées sont illisibles (index corrompu) : rechargez la page.", Err: err}
	}
	var byKey map[string]int
	if !canonical(ix.Authorities) {
		byKey = make(map[string]int, len(ix.Authorities))
		for i := range ix.Authorities {
			byKey[ix.Authorities[i].Key()] = i
		}
	}
	c.atlas.mu.Lock()
	defer c.atlas.mu.Unlock()
	c.atlas.index, c.atlas.byKey = ix, byKey
	c.atlas.searcherOnce, c.atlas.searcher = new(sync.Once), nil
	c.atlas.shards = map[string]*dataset.Shard{}
	c.atlas.records = map[string][]*dataset.Record{}
	return IndexInfo{Authorities: len(ix.Authorities), Source: ix.Source, Shards: len(ix.Shards)}, nil
}

func newSearcher(ix *dataset.Index) *territory.Searcher {
	auths := make([]territory.Authority, len(ix.Authorities))
	for i := range ix.Authorities {
		a := &ix.Authorities[i]
		auths[i] = territory.Authority{
			Kind: territory.Kind(a.Kind), Code: a.Code, SIREN: a.SIREN, Name: a.Name,
			PostalCodes: a.PostalCodes, Departement: a.Departement, Region: a.Region,
			EPCI: a.EPCI, Population: a.Population,
		}
	}
	return territory.NewSearcher(auths)
}

// Suggestion is one search result.
type Suggestion struct {
	Key         string   `json:"key"`
	Kind        string   `json:"kind"`
	KindLabel   string   `json:"kindLabel"`
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Departement string   `json:"departement,omitempty"`
	PostalCodes []string `json:"postalCodes,omitempty"`
	Population  int64    `json:"population,omitempty"`
	HasFigures  bool     `json:"hasFigures"`
}

// ErrNoIndex is returned before LoadIndex.
var errNoIndex = &UserError{Message: "Les données intégrées ne sont pas encore chargées."}

// Search returns the authorities matching a query (name with or without
// accents, INSEE code, postal code, SIREN), best first.
func (c *Core) Search(query string, limit int) ([]Suggestion, error) {
	c.atlas.mu.RLock()
	defer c.atlas.mu.RUnlock()
	if c.atlas.index == nil {
		return nil, errNoIndex
	}
	if limit <= 0 || limit > 50 {
		limit = 10
	}
	c.atlas.searcherOnce.Do(func() { c.atlas.searcher = newSearcher(c.atlas.index) })
	hits := c.atlas.searcher.Search(query, limit)
	out := make([]Suggestion, 0, len(hits))
	for _, i := range hits {
		a := &c.atlas.index.Authorities[i]
		out = append(out, Suggestion{
			Key: a.Key(), Kind: a.Kind.String(), KindLabel: kindLabel(a.Kind), Code: a.Code, Name: a.Name,
			Departement: a.Departement, PostalCodes: a.PostalCodes, Population: a.Population,
			HasFigures: a.Shard >= 0 && len(a.Years) > 0,
		})
	}
	return out, nil
}

func kindLabel(k dataset.Kind) string {
	if k == dataset.KindCTU {
		return "Collectivité territoriale unique"
	}
	return territory.Kind(k).Label()
}

// AuthorityInfo is what the page shows about an authority before its
// figures.
type AuthorityInfo struct {
	Key            string      `json:"key"`
	Kind           string      `json:"kind"`
	KindLabel      string      `json:"kindLabel"`
	Code           string      `json:"code"`
	SIREN          string      `json:"siren,omitempty"`
	Name           string      `json:"name"`
	Departement    string      `json:"departement,omitempty"`
	Region         string      `json:"region,omitempty"`
	DepartementRef *Ref        `json:"departementRef,omitempty"`
	RegionRef      *Ref        `json:"regionRef,omitempty"`
	EPCI           *Ref        `json:"epci,omitempty"`
	PostalCodes    []string    `json:"postalCodes,omitempty"`
	Population     int64       `json:"population,omitempty"`
	PopulationYear int         `json:"populationYear,omitempty"`
	Strate         *Ref        `json:"strate,omitempty"`
	Shard          string      `json:"shard,omitempty"`
	Years          []YearEntry `json:"years"`
}

// Ref names another thing (an EPCI, a population band).
type Ref struct {
	Key   string `json:"key,omitempty"`
	Code  string `json:"code,omitempty"`
	Name  string `json:"name,omitempty"`
	Label string `json:"label,omitempty"`
}

// YearEntry is a year with figures. Document and Detail are known once the
// shard is loaded.
type YearEntry struct {
	Year     int    `json:"year"`
	Document string `json:"document,omitempty"`
	Detail   string `json:"detail,omitempty"`
}

// Authority describes the authority of key ("commune:93048").
func (c *Core) Authority(key string) (AuthorityInfo, error) {
	c.atlas.mu.RLock()
	defer c.atlas.mu.RUnlock()
	a, err := c.atlas.authority(key)
	if err != nil {
		return AuthorityInfo{}, err
	}
	info := AuthorityInfo{
		Key: a.Key(), Kind: a.Kind.String(), KindLabel: kindLabel(a.Kind), Code: a.Code, SIREN: a.SIREN,
		Name: a.Name, Departement: a.Departement, Region: a.Region, PostalCodes: a.PostalCodes,
		Population: a.Population, PopulationYear: a.PopulationYear, Years: []YearEntry{},
	}
	if a.EPCI != "" {
		for _, k := range []dataset.Kind{dataset.KindEPCI, dataset.KindEPT} {
			if i, ok := c.atlas.find(k, a.EPCI); ok {
				e := &c.atlas.index.Authorities[i]
				info.EPCI = &Ref{Key: e.Key(), Code: e.Code, Name: e.Name}
				break
			}
		}
	}
	info.DepartementRef = c.atlas.ref(dataset.KindDepartement, a.Departement)
	info.RegionRef = c.atlas.ref(dataset.KindRegion, a.Region)
	if a.Kind == dataset.KindCommune && a.Population > 0 {
		st := territory.StrateOf(a.Population)
		info.Strate = &Ref{Code: st.Code, Label: st.Label}
	}
	if a.Shard >= 0 && a.Shard < len(c.atlas.index.Shards) {
		info.Shard = c.atlas.index.Shards[a.Shard].Name
	}
	recs, loaded := c.atlas.records[a.Key()]
	if loaded || info.Shard == "" {
		for _, r := range recs {
			info.Years = append(info.Years, YearEntry{Year: r.Year, Document: r.Document, Detail: r.Detail.String()})
		}
	} else {
		for _, y := range a.Years {
			info.Years = append(info.Years, YearEntry{Year: y})
		}
	}
	return info, nil
}

// ref names the authority of a kind and code, nil when unknown.
func (at *atlas) ref(k dataset.Kind, code string) *Ref {
	if code == "" {
		return nil
	}
	i, ok := at.find(k, code)
	if !ok {
		return nil
	}
	a := &at.index.Authorities[i]
	return &Ref{Key: a.Key(), Code: a.Code, Name: a.Name}
}

func (at *atlas) authority(key string) (*dataset.Authority, error) {
	if at.index == nil {
		return nil, errNoIndex
	}
	i, ok := at.findKey(key)
	if !ok {
		return nil, &UserError{Message: fmt.Sprintf("Collectivité inconnue : %s.", key)}
	}
	return &at.index.Authorities[i], nil
}

// compareKindCode orders authorities by kind, then code.
func compareKindCode(a *dataset.Authority, k dataset.Kind, code string) int {
	return cmp.Or(cmp.Compare(a.Kind, k), strings.Compare(a.Code, code))
}

// canonical tells whether the authorities are sorted by kind, then code.
func canonical(as []dataset.Authority) bool {
	for i := 1; i < len(as); i++ {
		if compareKindCode(&as[i-1], as[i].Kind, as[i].Code) > 0 {
			return false
		}
	}
	return true
}

// findKey finds the authority of key ("commune:93048").
func (at *atlas) findKey(key string) (int, bool) {
	if at.byKey != nil {
		i, ok := at.byKey[key]
		return i, ok
	}
	kind, code, ok := strings.Cut(key, ":")
	if !ok {
		return 0, false
	}
	k, err := dataset.ParseKind(kind)
	if err != nil {
		return 0, false
	}
	return at.find(k, code)
}

// find finds the authority of a kind and code; of several with the same
// kind and code, the last one in the index (as a map by key would).
func (at *atlas) find(k dataset.Kind, code string) (int, bool) {
	if at.byKey != nil {
		i, ok := at.byKey[k.String()+":"+code]
		return i, ok
	}
	as := at.index.Authorities
	// The first authority after (k, code), then the one before it.
	i := sort.Search(len(as), func(i int) bool { return compareKindCode(&as[i], k, code) > 0 })
	if i == 0 || compareKindCode(&as[i-1], k, code) != 0 {
		return 0, false
	}
	return i - 1, true
}

// ShardInfo describes a loaded shard.
type ShardInfo struct {
	Name    string `json:"name"`
	Records int    `json:"records"`
}

// LoadShard decodes an (inflated) shard and indexes its records.
func (c *Core) LoadShard(name string, raw []byte) (ShardInfo, error) {
	sh, err := dataset.DecodeShard(raw)
	if err != nil {
		return ShardInfo{}, &UserError{Message: "Les données de cette collectivité sont illisibles (fichier corrompu) : rechargez la page.", Err: err}
	}
	c.atlas.mu.Lock()
	defer c.atlas.mu.Unlock()
	if c.atlas.index == nil {
		return ShardInfo{}, errNoIndex
	}
	if _, done := c.atlas.shards[name]; !done {
		c.atlas.shards[name] = sh
		touched := map[string]bool{}
		for i := range sh.Records {
			r := &sh.Records[i]
			c.atlas.records[r.Authority] = append(c.atlas.records[r.Authority], r)
			touched[r.Authority] = true
		}
		for k := range touched {
			slices.SortStableFunc(c.atlas.records[k], func(a, b *dataset.Record) int { return a.Year - b.Year })
		}
	}
	return ShardInfo{Name: name, Records: len(sh.Records)}, nil
}

// record finds the record of an authority for a year (a CA, CFU or balance
// before a BP of the same year; the most detailed first).
func (at *atlas) record(key string, year int) (*dataset.Record, *dataset.Authority, error) {
	a, err := at.authority(key)
	if err != nil {
		return nil, nil, err
	}
	recs, ok := at.records[key]
	if !ok {
		if a.Shard < 0 {
			return nil, a, &UserError{Message: fmt.Sprintf("Pas de données fonctionnelles pour %s dans les fichiers intégrés : chargez un fichier budgétaire dans « Mon budget ».", a.Name)}
		}
		return nil, a, &UserError{Message: "Les données de cette collectivité ne sont pas encore chargées."}
	}
	var best *dataset.Record
	for _, r := range recs {
		if r.Year != year {
			continue
		}
		if best == nil || rank(r) < rank(best) {
			best = r
		}
	}
	if best == nil {
		return nil, a, &UserError{Message: fmt.Sprintf("Pas de données %d pour %s.", year, a.Name)}
	}
	return best, a, nil
}

// rank orders the records of one year: executed accounts before budgets,
// detailed before aggregated.
func rank(r *dataset.Record) int {
	n := 0
	if r.Detail != dataset.Detailed {
		n += 10
	}
	switch budget.Kind(r.Document) {
	case budget.KindCA, budget.KindCFU:
	case budget.KindBalance:
		n++
	default:
		n += 2
	}
	return n
}
