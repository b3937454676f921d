package pipeline

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/calc"
	"github.com/jeu1000/jeu1000/internal/dataset"
	"github.com/jeu1000/jeu1000/internal/figures"
	"github.com/jeu1000/jeu1000/internal/territory"
)

// Errors of AddDocument and AddRecord, wrapped with the document or record
// concerned. A feed over a national file tests them with errors.Is to count
// and skip what cannot be stored (syndicates, annexes…).
var (
	// ErrUnknownAuthority: the document's authority is not in the index
	// (a syndicate, an établissement public, a commune merged since…).
	ErrUnknownAuthority = errors.New("authority not in the index")
	// ErrDuplicate: the dataset already has a record of that authority,
	// year and kind of document.
	ErrDuplicate = errors.New("record already added")
	// ErrNotStored: a kind of budget the dataset does not store (annex
	// budgets, décisions modificatives and budgets supplémentaires).
	ErrNotStored = errors.New("kind of budget not stored")
)

// Options tune a Builder.
type Options struct {
	// TempDir holds the spool of records and the peer samples' files;
	// "" means the system's temporary folder.
	TempDir string
	// PackLimit bounds the packs of small authorities (gzip bytes); 0
	// means PackLimit.
	PackLimit int
	// FileLimit bounds the shards of a large authority's years (gzip
	// bytes); 0 means FileLimit.
	FileLimit int
}

// Source says where a document comes from, for its record's provenance.
type Source struct {
	// Path names the file, relative to the shared data folder for the
	// bundled documents ("documents/montreuil-93048/CA_2023.xml") or as
	// published for the national files ("BalanceSPL_Fonction_2024.csv").
	Path string
	// Publisher is who published the document: the authority for its own
	// budget documents ("Ville de Montreuil"), "DGFiP" for balances.
	Publisher string
	// Key forces the authority ("region:53"); "" resolves it from the
	// document (see Builder.Resolve).
	Key string
	// Note is added to the record's provenance note.
	Note string
	// document replaces the record's Document (a special case's second
	// budget, see DocumentParisDepartement).
	document string
}

// Builder assembles a dataset. Records are spooled to a temporary file as
// they come: call Close when done (Write does not). A Builder is not safe
// for concurrent use.
type Builder struct {
	calc    *calc.Calculator
	set     *territory.Set
	auths   map[string]*entry
	spool   *spool
	records recordSet // the records added, to report duplicates
	samples *sampleSet
	skipped []string
	added   map[string]int // records by kind of source, for the summary
	// annexes counts the budgets annexes and rattachés left out, by
	// label; annexLine is their line in skipped.
	annexes   map[string]int
	annexLine int
	packLimit int // Options.PackLimit
	fileLimit int // Options.FileLimit
}

// entry is an index authority with what the builder learns about it.
type entry struct {
	auth      dataset.Authority
	popSource string   // population source, in French
	years     []uint16 // years with records, ascending
	id        uint32   // index of the entry, for recordSet
	extra     bool     // added by a source, not from the territory reference
}

// NewBuilder returns a builder over the authorities of set.
func NewBuilder(set *territory.Set, c *calc.Calculator, opt Options) (*Builder, error) {
	sp, err := newSpool(opt.TempDir)
	if err != nil {
		return nil, err
	}
	b := &Builder{
		calc:      c,
		set:       set,
		auths:     make(map[string]*entry, set.Len()),
		spool:     sp,
		records:   newRecordSet(),
		samples:   &sampleSet{spill: newSampleSpill(opt.TempDir)},
		added:     make(map[string]int),
		packLimit: opt.PackLimit,
		fileLimit: opt.FileLimit,
	}
	for _, a := range set.All() {
		e := &entry{auth: indexAuthority(&a), popSource: a.PopulationSource, id: uint32(len(b.auths))}
		b.auths[e.auth.Key()] = e
	}
	return b, nil
}

// Close removes the spool and the peer samples' files. It returns an error
// met reading the samples back when the peers were computed (Write then
// left the peers out).
func (b *Builder) Close() error {
	return errors.Join(b.spool.close(), b.samples.spill.close())
}

// AddAuthority adds an authority that the territory reference does not
// list but a source has figures for (e.g. the Collectivité européenne
// d'Alsace). popSource says where its population comes from.
func (b *Builder) AddAuthority(a dataset.Authority, popSource string) error {
	if !a.Kind.Valid() || a.Code == "" || a.Name == "" {
		return fmt.Errorf("authority %q (%s): kind, code and name are required", a.Name, a.Key())
	}
	if _, dup := b.auths[a.Key()]; dup {
		return fmt.Errorf("authority %s: already in the index: %w", a.Key(), ErrDuplicate)
	}
	a.Shard, a.Years = -1, nil
	b.auths[a.Key()] = &entry{auth: a, popSource: popSource, extra: true, id: uint32(len(b.auths))}
	return nil
}

// Authority returns the index entry of key ("commune:93048").
func (b *Builder) Authority(key string) (dataset.Authority, bool) {
	e, ok := b.auths[key]
	if !ok {
		return dataset.Authority{}, false
	}
	return e.auth, true
}

// Skip records something a source had that the dataset leaves out, for the
// summary (SIZES.md).
func (b *Builder) Skip(format string, args ...any) {
	b.skipped = append(b.skipped, fmt.Sprintf(format, args...))
}

// AddDocument turns a budget document (a budget principal) into a detailed
// record of its authority and adds it. It is what a feed over the national
// balance files calls for each document it streams.
func (b *Builder) AddDocument(doc *budget.Document, src Source) error {
	if err := storable(doc); err != nil {
		if annex := annexLabel(doc); annex != "" {
			b.countAnnex(annex)
		}
		return fmt.Errorf("%s: %w", src.Path, err)
	}
	key := src.Key
	if key == "" {
		var r role
		var err error
		if key, r, err = b.resolveYear(doc.Authority, doc.Year); err != nil {
			return fmt.Errorf("%s: %w", src.Path, err)
		}
		src.Note = joinNotes(r.note, src.Note)
		src.document = r.document
	}
	e, ok := b.auths[key]
	if !ok {
		return fmt.Errorf("%s: %s: %w", src.Path, key, ErrUnknownAuthority)
	}
	pop, popNote := documentPopulation(doc, e)
	rec, err := figures.Record(b.calc, doc, key, pop, dataset.Provenance{})
	if err != nil {
		return fmt.Errorf("%s: %w", src.Path, err)
	}
	if src.document != "" {
		rec.Document = src.document
	}
	rec.Provenance = documentProvenance(doc, &rec, src, popNote)
	if err := b.AddRecord(rec); err != nil {
		return fmt.Errorf("%s: %w", src.Path, err)
	}
	return nil
}

// storable refuses the budgets the dataset does not store.
func storable(doc *budget.Document) error {
	switch doc.Kind {
	case budget.KindDM, budget.KindBS:
		return fmt.Errorf("%s only moves money within a year's budget: %w", doc.Kind, ErrNotStored)
	case budget.KindUnknown, budget.KindDraft:
		return fmt.Errorf("document of unknown kind: %w", ErrNotStored)
	}
	if annex := annexLabel(doc); annex != "" {
		return fmt.Errorf("%s: records hold budgets principaux only: %w", doc.Budget, ErrNotStored)
	}
	return nil
}

// annexLabel is "budget annexe" or "budget rattaché" for such a budget,
// "" for a budget principal.
func annexLabel(doc *budget.Document) string {
	switch l := strings.ToLower(doc.Budget); l {
	case "budget annexe", "budget rattaché":
		return l
	}
	return ""
}

// countAnnex counts a budget annexe or rattaché left out, in one line of
// the summary.
//
// Annexes are counted, not stored: most are services publics industriels
// et commerciaux under the M4x nomenclatures (water, sanitation,
// transport, lotissements), which have no functional presentation, so that
// their split would say nothing of policies; a record has no field to tell
// an annex from the budget principal, and the page one record per year to
// show; and they would about double the number of records that the
// national shards must keep small.
func (b *Builder) countAnnex(label string) {
	if b.annexes == nil {
		b.annexes = make(map[string]int)
		b.annexLine = len(b.skipped)
		b.skipped = append(b.skipped, "")
	}
	b.annexes[label]++
	b.skipped[b.annexLine] = fmt.Sprintf("budgets annexes et rattachés non stockés, jamais mêlés aux budgets principaux : %d budget(s) annexe(s), %d budget(s) rattaché(s)",
		b.annexes["budget annexe"], b.annexes["budget rattaché"])
}

// Annexes returns how many budgets annexes and rattachés were left out, by
// label ("budget annexe", "budget rattaché").
func (b *Builder) Annexes() map[string]int { return maps.Clone(b.annexes) }

// documentPopulation is the population of a record: the document's PopTot
// when it gives one, else the index's (INSEE PTOT), with a note saying
// which.
func documentPopulation(doc *budget.Document, e *entry) (int64, string) {
	if doc.Population > 0 {
		return doc.Population, fmt.Sprintf("Population %d : population totale donnée par le document.", doc.Population)
	}
	a := &e.auth
	if a.Population <= 0 {
		return 0, "Population inconnue : pas de chiffres par habitant."
	}
	note := fmt.Sprintf("Population %d : %s (le document n'en donne pas)", a.Population, e.popSource)
	if a.PopulationYear != 0 && a.PopulationYear != doc.Year {
		note += fmt.Sprintf(", millésime %d pour l'exercice %d", a.PopulationYear, doc.Year)
	}
	return a.Population, note + "."
}

// AddRecord adds a record (detailed or aggregated) of an authority of the
// index. The record's lists are not copied: do not change them afterwards.
func (b *Builder) AddRecord(rec dataset.Record) error {
	e, ok := b.auths[rec.Authority]
	if !ok {
		return fmt.Errorf("record %s %d: %w", rec.Authority, rec.Year, ErrUnknownAuthority)
	}
	if !rec.Detail.Valid() || rec.Document == "" || rec.Year <= 0 {
		return fmt.Errorf("record %s %d: detail, document and year are required", rec.Authority, rec.Year)
	}
	if rec.Year > math.MaxUint16 {
		return fmt.Errorf("record %s %d: year out of range", rec.Authority, rec.Year)
	}
	if prev, dup := b.records.source(e.id, rec.Year, rec.Document); dup {
		return fmt.Errorf("record %s %d %s (%s): already added from %s: %w",
			rec.Authority, rec.Year, rec.Document, rec.Provenance.Document, prev, ErrDuplicate)
	}
	grids, err := b.sampleGrids(&rec, &e.auth)
	if err != nil {
		return fmt.Errorf("record %s %d %s: peers: %w", rec.Authority, rec.Year, rec.Document, err)
	}
	if err := b.spool.put(rec.Authority, &rec); err != nil {
		return err
	}
	if err := b.records.add(e.id, rec.Year, rec.Document, rec.Provenance.Document); err != nil {
		return fmt.Errorf("record %s %d %s: %w", rec.Authority, rec.Year, rec.Document, err)
	}
	if i, found := slices.BinarySearch(e.years, uint16(rec.Year)); !found {
		e.years = slices.Insert(e.years, i, uint16(rec.Year))
	}
	if err := b.samples.addSamples(&rec, &e.auth, grids); err != nil {
		return fmt.Errorf("record %s %d %s: peers: %w", rec.Authority, rec.Year, rec.Document, err)
	}
	b.added[rec.Detail.String()+" "+rec.Document]++
	return nil
}

// sortedYears returns the years with records of an entry, ascending.
func (e *entry) sortedYears() []int {
	if len(e.years) == 0 {
		return nil
	}
	years := make([]int, len(e.years))
	for i, y := range e.years {
		years[i] = int(y)
	}
	return years
}
