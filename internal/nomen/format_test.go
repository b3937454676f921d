package nomen

import (
	"bytes"
	"errors"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/nomen/gen"
	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

func TestFormatConstantsMatchGenerator(t *testing.T) {
	if formatMagic != gen.Magic || formatVersion != gen.Version {
		t.Errorf("decoder reads %q v%d, generator writes %q v%d", formatMagic, formatVersion, gen.Magic, gen.Version)
	}
	if flagLeaf != gen.FlagLeaf || flagDeleted != gen.FlagDeleted || flagHasDR != gen.FlagHasDR {
		t.Error("account flags differ between decoder and generator")
	}
}

// TestEmbeddedIsUpToDate re-runs the generator on the official files and
// compares with the committed plans.bin.
func TestEmbeddedIsUpToDate(t *testing.T) {
	dir := sharedtest.Path(t, "plans-de-comptes")
	plans, _, err := gen.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := gen.Payload(plans)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(payload, embedded) {
		t.Fatal("plans.bin does not hold the tables of " + dir + ": run go generate ./internal/nomen")
	}
	out, err := gen.Encode(plans)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, embedded) {
		t.Fatal("plans.bin holds the right tables but other bytes: run go generate ./internal/nomen")
	}
	again, _ := gen.Encode(plans)
	if !bytes.Equal(out, again) {
		t.Fatal("the generator is not deterministic")
	}
	if len(embedded) > 300<<10 {
		t.Errorf("plans.bin is %d bytes, budget 300 KB", len(embedded))
	}
	t.Logf("plans.bin: %d plans, %d bytes", len(plans), len(embedded))
}

// synthetic builds two years of a small plan; the second drops, changes and
// adds accounts so that its table is stored as a difference.
func synthetic() []*gen.Plan {
	chapters := []gen.Chapter{
		{Code: "011", Label: "Charges à caractère général", Section: 'F', Type: "G"},
		{Code: "014", Label: "Atténuations de produits", Section: 'F', Type: "G"},
		{Code: "20", Label: "Immobilisations incorporelles", Section: 'I', Type: "C"},
		{Code: "920", Label: "Services généraux", Section: 'F', Type: "C"},
	}
	functions := []gen.Function{{Code: "0", Label: "Services généraux"}, {Code: "01", Label: "Opérations non ventilables"}, {Code: "2", Label: "Enseignement"}, {Code: "212", Label: "Ecoles primaires"}}
	y1 := &gen.Plan{Norm: "M14", Variant: "M14_COM_SUP3500", Year: 2020, Chapters: chapters, Functions: functions, Accounts: []gen.Account{
		{Code: "2031", Label: "Frais d'études", DR: "20", HasDR: true, Leaf: true},
		{Code: "6042", Label: "Achats de prestations", DR: "011", HasDR: true, Leaf: true},
		{Code: "6060", Label: "Old", DR: "011", HasDR: true, Leaf: true},
		{Code: "739", Label: "Reversements", Leaf: false},
		{Code: "7391", Label: "Sur impôts", DR: "014", HasDR: true, Leaf: true},
	}}
	y2 := &gen.Plan{Norm: "M14", Variant: "M14_COM_SUP3500", Year: 2022, Chapters: chapters, Functions: functions[:2], Accounts: []gen.Account{
		{Code: "2031", Label: "Frais d'études", DR: "20", HasDR: true, Leaf: true},
		{Code: "6042", Label: "Achats de prestations de services", DR: "011", HasDR: true, Leaf: true, Deleted: true},
		{Code: "739", Label: "Reversements", Leaf: false},
		{Code: "7391", Label: "Sur impôts", DR: "014", HasDR: true, Leaf: true},
		{Code: "7398", Label: "Divers", Alt: "014", Leaf: true},
	}}
	other := &gen.Plan{Norm: "M4", Variant: "M43_D", Year: 2021, Chapters: chapters[:1], Accounts: y1.Accounts[:2]}
	return []*gen.Plan{y2, other, y1}
}

func TestRoundTrip(t *testing.T) {
	src := synthetic()
	data, err := gen.Encode(src)
	if err != nil {
		t.Fatal(err)
	}
	c, err := decode(data)
	if err != nil {
		t.Fatal(err)
	}
	infos := c.Plans()
	if len(infos) != 2 || infos[0].Norm != "M14" || !equalInts(infos[0].Years, []int{2020, 2022}) || infos[1].Variant != "M43_D" {
		t.Fatalf("Plans() = %+v", infos)
	}
	for _, want := range src {
		p, err := c.Plan(budget.Nomenclature{Norm: want.Norm, Variant: want.Variant}, want.Year)
		if err != nil {
			t.Fatal(err)
		}
		if p.Year() != want.Year {
			t.Fatalf("year %d, want %d", p.Year(), want.Year)
		}
		if len(p.accounts) != len(want.Accounts) {
			t.Errorf("%d: %d accounts, want %d", want.Year, len(p.accounts), len(want.Accounts))
		}
		for _, a := range want.Accounts {
			got, ok := p.Account(a.Code)
			if !ok || got.Code != a.Code || got.Label != a.Label || got.Leaf != a.Leaf || got.Deleted != a.Deleted {
				t.Errorf("%d: account %s = %+v, want %+v", want.Year, a.Code, got, a)
			}
		}
		if len(p.Functions()) != len(want.Functions) || len(p.chapters) != len(want.Chapters) {
			t.Errorf("%d: %d functions %d chapters", want.Year, len(p.Functions()), len(p.chapters))
		}
	}
	p, _ := c.Plan(budget.Nomenclature{Norm: "M14"}, 2022)
	if _, ok := p.Account("6060"); ok {
		t.Error("removed account 6060 still there")
	}
	if got := p.RealChapter("739"); got != "014" {
		t.Errorf("RealChapter(739) = %q, want 014 (agreed by its sub-accounts)", got)
	}
	if got := p.Section("7398"); got != budget.Fonctionnement {
		t.Errorf("Section(7398) = %v, want F from its other chapter", got)
	}
	if !p.IsAttenuationOfProducts("7398") {
		t.Error("7398 without a real chapter: the 739 fallback should apply")
	}
	if ch, ok := p.Chapter("920"); !ok || ch.Section != budget.Fonctionnement || ch.Type != "C" {
		t.Errorf("Chapter(920) = %+v, %v", ch, ok)
	}
	if f, ok := p.Function("01"); !ok || f.Parent != "0" || f.Level != 2 {
		t.Errorf("Function(01) = %+v, %v", f, ok)
	}
}

func TestDecodeErrors(t *testing.T) {
	good, err := gen.Payload(synthetic())
	if err != nil {
		t.Fatal(err)
	}
	gz := func(b []byte) []byte { return append([]byte(nil), b...) }
	badVersion := append([]byte(formatMagic), 99)
	cases := map[string][]byte{
		"empty":       nil,
		"gzip":        {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255},
		"no magic":    gz([]byte("hello world, this is not it")),
		"version":     gz(append(badVersion, good[len(formatMagic)+1:]...)),
		"truncated":   gz(good[:len(good)-3]),
		"trailing":    gz(append(append([]byte{}, good...), 0)),
		"only header": gz(good[:len(formatMagic)+1]),
	}
	for name, data := range cases {
		if _, err := decode(data); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: error %v, want ErrFormat", name, err)
		}
	}
	// Every truncation of the payload fails cleanly (no panic).
	for n := len(formatMagic); n < len(good); n++ {
		if _, err := decode(gz(good[:n])); err == nil {
			t.Errorf("payload truncated to %d bytes decoded without error", n)
		}
	}
}

// TestDamagedTables changes every byte of a payload in turn: the header,
// strings and plan list are checked by decode, each plan's tables when the
// plan is first asked for. Either may refuse the damage (with ErrFormat),
// and nothing panics.
func TestDamagedTables(t *testing.T) {
	good, err := gen.Payload(synthetic())
	if err != nil {
		t.Fatal(err)
	}
	lazy := 0 // damage that only a plan's tables reveal
	for i := len(formatMagic); i < len(good); i++ {
		for _, delta := range []byte{1, 0x80} {
			data := append([]byte(nil), good...)
			data[i] += delta
			c, err := decode(data)
			if err != nil {
				if !errors.Is(err, ErrFormat) {
					t.Fatalf("byte %d +%d: decode: %v, want ErrFormat", i, delta, err)
				}
				continue
			}
			for _, e := range c.entries {
				if _, err := e.build(); err != nil {
					if !errors.Is(err, ErrFormat) {
						t.Fatalf("byte %d +%d: plan %s/%d: %v, want ErrFormat", i, delta, e.variant, e.year, err)
					}
					lazy++
					break
				}
			}
		}
	}
	if lazy == 0 {
		t.Error("no damage was left for the plans' tables to find: are they still decoded lazily?")
	}
}
