package app

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// atlas is the bundled dataset as the page holds it: the index, opened for
// lookups by key, what search needs and the shards loaded so far. Calls
// come from several goroutines (one per JavaScript call): a mutex guards it.
type atlas struct {
	mu sync.RWMutex
	// index finds authorities by key without reading every authority
	// (36,000 of them take a good part of a second in wasm): showing one
	// authority needs no more.
	index *dataset.IndexFile
	// search builds, on its first call (a search, or PrepareSearch when
	// the page is idle), what needs every authority: a searcher over
	// them. LoadIndex and LoadDirectory replace it, so that it can run
	// outside the lock (see directory.go).
	search *searchBuild
	// dir holds the postal codes (LoadDirectory), nil until they come:
	// the first figures of a page never wait for them.
	dir *dataset.Directory
	// searched is set by the first search (or PrepareSearch); built is
	// the last search tables built, prev those served while search
	// builds tables with the directory (see directory.go).
	searched    bool
	built, prev *searchTables
	shards      map[string]*dataset.Shard
	records     map[string][]*dataset.Record // by authority key, sorted by year
}

// searchTables is a searcher over every authority of the index file, with
// their postal codes when the directory had come (dir non-nil).
type searchTables struct {
	index    *dataset.IndexFile
	dir      *dataset.Directory
	searcher *territory.Searcher
}

// IndexInfo describes a loaded index. The shards' names and versions come
// with each authority (AuthorityInfo): a national dataset has thousands.
type IndexInfo struct {
	Authorities int    `json:"authorities"`
	Source      string `json:"source"`
	Shards      int    `json:"shards"`
	// Directory is the version of the index's directory (the postal
	// codes) in its URL: directory.bin?v=<Directory>.
	Directory string `json:"directory"`
}

// errCorruptIndex is the message of an index that does not decode.
const errCorruptIndex = "Les données intégrées sont illisibles (index corrompu) : rechargez la page."

// LoadIndex opens the (inflated) index of the dataset: it checks the file
// and prepares lookups by key, not search (see PrepareSearch).
func (c *Core) LoadIndex(raw []byte) (IndexInfo, error) {
	f, err := dataset.OpenIndex(raw)
	if err != nil {
		return IndexInfo{}, &UserError{Message: errCorruptIndex, Err: err}
	}
	c.atlas.mu.Lock()
	defer c.atlas.mu.Unlock()
	c.atlas.index = f
	c.atlas.dir, c.atlas.searched, c.atlas.built, c.atlas.prev = nil, false, nil, nil
	c.atlas.search = c.atlas.newSearch(f, nil)
	c.atlas.shards = map[string]*dataset.Shard{}
	c.atlas.records = map[string][]*dataset.Record{}
	return IndexInfo{Authorities: f.Len(), Source: f.Source(), Shards: len(f.Shards()), Directory: dataset.DirectoryVersion(f)}, nil
}

// shardVersion is the version of a shard in its URL: its checksum as
// eight hex digits (the 1 above them keeps the leading zeros), so that a
// cache never serves a shard of another build of the dataset. strconv, not
// fmt: this runs on the first view's path, in cold wasm code.
func shardVersion(r dataset.ShardRef) string {
	return strconv.FormatUint(1<<32|uint64(r.Checksum), 16)[1:]
}

// searchTables returns what search needs, built on the first call: the
// lock is not held meanwhile, so that other calls (a shard, a split) go on.
func (at *atlas) searchTables() (*searchTables, error) {
	at.mu.Lock()
	build, prev := at.search, at.prev
	at.searched = build != nil
	at.mu.Unlock()
	if build == nil {
		return nil, errNoIndex
	}
	if prev != nil {
		return prev, nil // while the tables with the directory are built
	}
	return build.get()
}

// PrepareSearch reads every authority of the index and builds the searcher
// now, which the first search would otherwise do: the page calls it when a
// search is coming, so that the first keystroke does not wait. The work
// pauses every workSlice, so that the page keeps answering meanwhile.
func (c *Core) PrepareSearch() error {
	_, err := c.atlas.searchTables()
	return err
}

// workSlice is how long a long build (the search tables) works before it
// pauses; pauseFor is how long it pauses.
const (
	workSlice = 25 * time.Millisecond
	pauseFor  = time.Millisecond
)

// pacer returns the pause of a long build: once workSlice has passed since
// the last pause, it sleeps pauseFor. In the browser, a sleeping Go program
// hands the page's only thread back to the browser, which handles the
// user's input and paints meanwhile: building the search tables (most of a
// second on a slow device) no longer freezes the page. Natively it costs a
// few per cent of the build.
func pacer() func() {
	last := time.Now()
	return func() {
		if time.Since(last) >= workSlice {
			time.Sleep(pauseFor)
			last = time.Now()
		}
	}
}

// newSearcher indexes every authority of the index file, as read row by
// row from its columns (the whole index decoded would make ten times the
// garbage, which the collector then scans in one go, unpaused).
func newSearcher(f *dataset.IndexFile, dir *dataset.Directory, pause func()) *territory.Searcher {
	auths := make([]territory.Authority, f.Len())
	for i := range auths {
		a := f.Entry(i)
		auths[i] = territory.Authority{
			Kind: territory.Kind(a.Kind), Code: a.Code, SIREN: a.SIREN, Name: a.Name,
			Departement: a.Departement, Region: a.Region,
			EPCI: a.EPCI, Population: a.Population,
		}
		if dir != nil {
			auths[i].PostalCodes = dir.PostalCodes(i)
		}
		if i%2048 == 2047 {
			pause()
		}
	}
	return territory.BuildSearcher(auths, pause)
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
// accents, INSEE code, postal code, SIREN), best first. The first search
// builds the searcher, unless PrepareSearch did.
func (c *Core) Search(query string, limit int) ([]Suggestion, error) {
	st, err := c.atlas.searchTables()
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 50 {
		limit = 10
	}
	hits := st.searcher.Search(query, limit)
	out := make([]Suggestion, 0, len(hits))
	for _, i := range hits {
		a := st.index.Authority(i)
		s := Suggestion{
			Key: a.Key(), Kind: a.Kind.String(), KindLabel: kindLabel(a.Kind), Code: a.Code, Name: a.Name,
			Departement: a.Departement, Population: a.Population,
			HasFigures: a.Shard >= 0 && len(a.Years) > 0,
		}
		if st.dir != nil {
			s.PostalCodes = st.dir.PostalCodes(i)
		}
		out = append(out, s)
	}
	return out, nil
}

func kindLabel(k dataset.Kind) string {
	if k == dataset.KindCTU {
		return "Collectivité territoriale unique"
	}
	return territory.Kind(k).Label()
}

// phraseOf is the authority's name as it stands in a French sentence.
func phraseOf(a *dataset.Authority) territory.Phrase {
	return territory.PhraseOf(territory.Kind(a.Kind), a.Code, a.Name)
}

// AuthorityInfo is what the page shows about an authority before its
// figures.
type AuthorityInfo struct {
	Key       string `json:"key"`
	Kind      string `json:"kind"`
	KindLabel string `json:"kindLabel"`
	Code      string `json:"code"`
	SIREN     string `json:"siren,omitempty"`
	Name      string `json:"name"`
	// NameThe and NameOf are the name in a sentence: « la région
	// Bretagne », « du Morbihan » (territory.Phrase).
	NameThe        string `json:"nameThe"`
	NameOf         string `json:"nameOf"`
	Departement    string `json:"departement,omitempty"`
	Region         string `json:"region,omitempty"`
	DepartementRef *Ref   `json:"departementRef,omitempty"`
	RegionRef      *Ref   `json:"regionRef,omitempty"`
	EPCI           *Ref   `json:"epci,omitempty"`
	// PostalCodes are known once the directory has come (LoadDirectory).
	PostalCodes    []string `json:"postalCodes,omitempty"`
	Population     int64    `json:"population,omitempty"`
	PopulationYear int      `json:"populationYear,omitempty"`
	// PopulationSource says where the population comes from, in French.
	PopulationSource string `json:"populationSource,omitempty"`
	// Note explains, in French, an authority whose kind does not say what
	// it is (the Ville de Paris, the Métropole de Lyon, a CTU…).
	Note   string `json:"note,omitempty"`
	Strate *Ref   `json:"strate,omitempty"`
	// Shard is the file of the latest year's figures, what the page loads
	// first (with ShardVersion in its URL); each year names its own.
	Shard        string      `json:"shard,omitempty"`
	ShardVersion string      `json:"shardVersion,omitempty"`
	Years        []YearEntry `json:"years"`
	// DefaultYear is the year the page opens on (atlas.defaultYear): the
	// latest detailed year, else the latest; 0 until the shards that tell
	// are loaded.
	DefaultYear int `json:"defaultYear,omitempty"`
}

// Ref names another thing (an EPCI, a population band).
type Ref struct {
	Key   string `json:"key,omitempty"`
	Code  string `json:"code,omitempty"`
	Name  string `json:"name,omitempty"`
	Label string `json:"label,omitempty"`
}

// YearEntry is a year with figures, and the shard that holds them (with
// its version, for its URL). Document and Detail are known once the shard
// is loaded: a year then has one entry per record (e.g. a CA and
// aggregated figures).
type YearEntry struct {
	Year     int    `json:"year"`
	Document string `json:"document,omitempty"`
	Detail   string `json:"detail,omitempty"`
	Shard    string `json:"shard,omitempty"`
	Version  string `json:"version,omitempty"`
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
		Name: a.Name, Departement: a.Departement, Region: a.Region, PostalCodes: c.atlas.postalCodes(a),
		Population: a.Population, PopulationYear: a.PopulationYear, Years: []YearEntry{},
	}
	p := phraseOf(a)
	info.NameThe, info.NameOf = p.The, p.Of
	for _, k := range []dataset.Kind{dataset.KindEPCI, dataset.KindEPT} {
		if info.EPCI = c.atlas.ref(k, a.EPCI); info.EPCI != nil {
			break
		}
	}
	info.DepartementRef = c.atlas.ref(dataset.KindDepartement, a.Departement)
	info.RegionRef = c.atlas.ref(dataset.KindRegion, a.Region)
	c.atlas.describe(&info, a)
	if a.Kind == dataset.KindCommune && a.Population > 0 {
		st := territory.StrateOf(a.Population)
		info.Strate = &Ref{Code: st.Code, Label: st.Label}
	}
	shards := c.atlas.index.Shards()
	if a.Shard >= 0 {
		info.Shard, info.ShardVersion = shards[a.Shard].Name, shardVersion(shards[a.Shard])
	}
	loaded := yearEntries(c.atlas.records[a.Key()]) // one a year, sorted
	for j, y := range a.Years {
		ref := shards[a.YearShards[j]]
		e := YearEntry{Year: y, Shard: ref.Name, Version: shardVersion(ref)}
		if _, ok := c.atlas.shards[ref.Name]; ok {
			for len(loaded) > 0 && loaded[0].Year < y {
				loaded = loaded[1:]
			}
			if len(loaded) > 0 && loaded[0].Year == y {
				e.Document, e.Detail = loaded[0].Document, loaded[0].Detail
			}
		}
		info.Years = append(info.Years, e)
	}
	info.DefaultYear = c.atlas.defaultYear(a)
	return info, nil
}

// ref names the authority of a kind and code, nil when unknown.
func (at *atlas) ref(k dataset.Kind, code string) *Ref {
	if code == "" {
		return nil
	}
	i, ok := at.index.Lookup(k, code)
	if !ok {
		return nil
	}
	a := at.index.Authority(i)
	return &Ref{Key: a.Key(), Code: a.Code, Name: a.Name}
}

// authority finds the authority of key ("commune:93048"); of several with
// that key, the last one in the index.
func (at *atlas) authority(key string) (*dataset.Authority, error) {
	if at.index == nil {
		return nil, errNoIndex
	}
	a, ok := at.index.Find(key)
	if !ok {
		return nil, &UserError{Message: fmt.Sprintf("Collectivité inconnue : %s.", key)}
	}
	return a, nil
}

// ShardInfo describes a loaded shard.
type ShardInfo struct {
	Name    string `json:"name"`
	Records int    `json:"records"`
}

// LoadShard decodes an (inflated) shard and indexes its records. The shard
// must be the one the loaded index was built with (same name, length and
// checksum): one of another build of the dataset (a cache that kept it
// across an update) is refused rather than mixed in.
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
	i := slices.IndexFunc(c.atlas.index.Shards(), func(r dataset.ShardRef) bool { return r.Name == name })
	if i < 0 {
		return ShardInfo{}, &UserError{Message: "Ce fichier de données n'appartient pas aux données intégrées : rechargez la page.", Err: fmt.Errorf("shard %q: not in the index", name)}
	}
	if err := c.atlas.index.Shards()[i].Check(raw); err != nil {
		return ShardInfo{}, &UserError{Message: "Les données intégrées ont été mises à jour depuis l'ouverture de la page : rechargez-la.", Err: err}
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
	if a.Shard < 0 {
		return nil, a, &UserError{Message: fmt.Sprintf("Pas de données fonctionnelles pour %s dans les fichiers intégrés : chargez un fichier budgétaire dans « Mon budget ».", phraseOf(a).The)}
	}
	if s := a.ShardOf(year); s >= 0 {
		if _, loaded := at.shards[at.index.Shards()[s].Name]; !loaded {
			return nil, a, &UserError{Message: "Les données de cette collectivité ne sont pas encore chargées."}
		}
	}
	var best *dataset.Record
	for _, r := range at.records[key] {
		if r.Year != year {
			continue
		}
		if best == nil || rank(r) < rank(best) {
			best = r
		}
	}
	if best == nil {
		return nil, a, &UserError{Message: fmt.Sprintf("Pas de données %d pour %s.", year, phraseOf(a).The)}
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
	if secondary(r.Document) {
		n += 20
	}
	return n
}
