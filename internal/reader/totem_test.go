package reader

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// totemDocsDir returns the folder of real budget documents, or skips the test
// when it is missing (fails under CI).
func totemDocsDir(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "data", "documents")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("real documents missing: %v", err)
		}
		tb.Skipf("real documents missing: %v", err)
	}
	return dir
}

func totemRead(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// totemRefLine is a LigneBudget as decoded by encoding/xml.
type totemRefLine struct {
	v   map[string]string // V attribute of each direct child, by local name
	pos int               // line of the start tag (end of it, as the decoder reports)
}

// totemRefDecode is the slow, independent reference: encoding/xml in strict
// mode, real namespaces. It returns the V of the header elements of the
// DocumentBudgetaire and every LigneBudget that has a Nature.
func totemRefDecode(data []byte) (map[string]string, []totemRefLine, error) {
	const ns = "http://www.minefi.gouv.fr/cp/demat/docbudgetaire"
	dec := xml.NewDecoder(bytes.NewReader(data))
	latin1 := false
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if !totemLatin1([]byte(label)) {
			return nil, fmt.Errorf("charset %s", label)
		}
		latin1 = true
		b, err := io.ReadAll(in)
		return bytes.NewReader(Latin1ToUTF8(b)), err
	}
	v := func(t xml.StartElement) string {
		for _, a := range t.Attr {
			if a.Name.Space == "" && a.Name.Local == "V" {
				if latin1 {
					return totemRefRepair(a.Value)
				}
				return a.Value
			}
		}
		return ""
	}
	hdr := map[string]string{}
	var (
		lines  []totemRefLine
		cur    *totemRefLine
		depth  int
		lbDep  = -1
		parent []string
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			local := t.Name.Local
			if t.Name.Space == ns && local == "Annexes" && cur == nil {
				if err := dec.Skip(); err != nil {
					return nil, nil, err
				}
				continue
			}
			switch {
			case cur != nil:
				if depth == lbDep+1 {
					cur.v[local] = v(t)
				}
			case t.Name.Space == ns && local == "LigneBudget":
				line, _ := dec.InputPos()
				cur = &totemRefLine{v: map[string]string{}, pos: line}
				lbDep = depth
			case t.Name.Space == ns && local == "Information":
				if len(parent) > 0 && parent[len(parent)-1] == "InformationsGenerales" {
					for _, a := range t.Attr {
						if a.Name.Local == "Code" && a.Value == "PopTot" {
							if _, ok := hdr["PopTot"]; !ok {
								hdr["PopTot"] = v(t)
							}
						}
					}
				}
			case t.Name.Space == ns:
				if _, ok := hdr[local]; !ok {
					hdr[local] = v(t)
				}
			}
			parent = append(parent, local)
			depth++
		case xml.EndElement:
			depth--
			parent = parent[:len(parent)-1]
			if cur != nil && depth == lbDep {
				if _, ok := cur.v["Nature"]; ok {
					lines = append(lines, *cur)
				}
				cur = nil
			}
		}
	}
	return hdr, lines, nil
}

// totemRefRepair undoes the Latin-1 reading of a value that was valid UTF-8
// in an ISO-8859-1 document (the reader keeps such values as UTF-8).
func totemRefRepair(v string) string {
	b := make([]byte, 0, len(v))
	for _, r := range v {
		switch {
		case r < 0x80 || r >= 0xA0 && r <= 0xFF:
			b = append(b, byte(r))
		default:
			i := slices.Index(cp1252[:], r)
			if i < 0 {
				return v
			}
			b = append(b, byte(0x80+i))
		}
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return v
}

// totemCompareRef checks a document against the reference decoding.
func totemCompareRef(t *testing.T, doc *budget.Document, data []byte) {
	t.Helper()
	hdr, ref, err := totemRefDecode(data)
	if err != nil {
		t.Fatalf("reference decoder: %v", err)
	}
	if len(doc.Lines) != len(ref) {
		t.Fatalf("%d lines, reference has %d", len(doc.Lines), len(ref))
	}
	normFn := strings.NewReplacer(" ", "", ".", "", "-", "")
	for i, r := range ref {
		l := doc.Lines[i]
		get := func(k string) string { return strings.TrimSpace(r.v[k]) }
		want := map[string]string{
			"Nature": get("Nature"), "Fonction": normFn.Replace(get("Fonction")), "ContNat": get("ContNat"),
			"ContFon": get("ContFon"), "CodRD": get("CodRD"), "LibCpte": get("LibCpte"),
		}
		got := map[string]string{
			"Nature": l.Nature, "Fonction": l.Function, "ContNat": l.ContNat,
			"ContFon": l.ContFon, "CodRD": string(rune(l.Direction)), "LibCpte": l.Label,
		}
		for k := range want {
			if want[k] != got[k] {
				t.Errorf("line %d (source line %d): %s = %q, reference %q", i, l.Pos, k, got[k], want[k])
			}
		}
		op := get("OpBudg")
		if op == "" {
			op = "0"
		}
		if string(rune(l.Operation)) != op {
			t.Errorf("line %d: OpBudg = %c, reference %q", i, l.Operation, op)
		}
		for f := budget.Field(0); f < budget.NumFields; f++ {
			a, ok := l.Amount(f)
			s, present := r.v[f.String()]
			s = strings.TrimSpace(s)
			if !present || s == "" {
				if ok {
					t.Errorf("line %d: %s = %s, absent in the reference", i, f, a)
				}
				continue
			}
			wa, err := budget.ParseAmount(s)
			if err != nil {
				t.Errorf("line %d: reference %s %q: %v", i, f, s, err)
				continue
			}
			if !ok || a != wa {
				t.Errorf("line %d: %s = %s (present %v), reference %s", i, f, a, ok, wa)
			}
		}
		if l.Pos != r.pos {
			t.Errorf("line %d: Pos = %d, reference %d", i, l.Pos, r.pos)
		}
	}
	for _, k := range []string{"LibelleEtab", "NatCEPL"} {
		if got, want := map[string]string{"LibelleEtab": doc.Budget, "NatCEPL": doc.Authority.Type}[k], strings.TrimSpace(hdr[k]); got != want {
			t.Errorf("%s = %q, reference %q", k, got, want)
		}
	}
	if want := strings.TrimSpace(hdr["LibelleColl"]); want != "" && doc.Authority.Name != want {
		t.Errorf("Name = %q, reference %q", doc.Authority.Name, want)
	}
	if want := strings.TrimSpace(hdr["Nomenclature"]); doc.Nomenclature.String() != want {
		t.Errorf("Nomenclature = %q, reference %q", doc.Nomenclature, want)
	}
	// A one-digit NatDec is read with its zero ("1" as "01", the code's form).
	want := strings.TrimSpace(hdr["NatDec"])
	if len(want) == 1 && want[0] >= '0' && want[0] <= '9' {
		want = "0" + want
	}
	if doc.NatDec != want {
		t.Errorf("NatDec = %q, reference %q", doc.NatDec, want)
	}
	if want := strings.TrimSpace(hdr["Exer"]); want != "" && fmt.Sprint(doc.Year) != want || want == "" && doc.Year != 0 {
		t.Errorf("Year = %d, reference %q", doc.Year, want)
	}
}

func TestReadTOTEMRealFiles(t *testing.T) {
	dir := totemDocsDir(t)
	type want struct {
		file       string
		lines      int
		format     budget.Format
		name       string
		siren      string
		insee      string
		nomen      string
		year       int
		kind       budget.Kind
		voted      budget.VotedBy
		population int64
		functions  bool // every line has a function code
	}
	const (
		mtr  = "VILLE DE MONTREUIL"
		m14  = "M14-M14_COM_SUP3500"
		m14s = "M14-M14_COM_500_3500"
		byN  = budget.VotedByNature
		byF  = budget.VotedByFunction
		tot  = budget.FormatTOTEM
	)
	tests := []want{
		{"montreuil-93048/CA_2016.xml", 1461, tot, mtr, "219300480", "", m14, 2016, budget.KindCA, byN, 0, true},
		{"montreuil-93048/CA_2017.xml", 1448, tot, mtr, "219300480", "", m14, 2017, budget.KindCA, byN, 105608, true},
		{"montreuil-93048/CA_2018.xml", 1431, tot, mtr, "219300480", "93048", m14, 2018, budget.KindCA, byN, 107564, true},
		{"montreuil-93048/CA_2019.xml", 1431, tot, mtr, "219300480", "93048", m14, 2019, budget.KindCA, byN, 109834, true},
		{"montreuil-93048/CA_2020.xml", 1415, tot, mtr, "219300480", "93048", m14, 2020, budget.KindCA, byN, 111100, true},
		{"montreuil-93048/CA_2021.xml", 1450, tot, mtr, "219300480", "93048", m14, 2021, budget.KindCA, byN, 111261, true},
		{"montreuil-93048/CA_2022.xml", 1530, tot, mtr, "219300480", "93048", m14, 2022, budget.KindCA, byN, 111810, true},
		{"montreuil-93048/CA_2023.xml", 1471, tot, mtr, "219300480", "93048", m14, 2023, budget.KindCA, byN, 112864, true},
		{"montpellier-34172/CA_2018.xml", 1697, tot, "VILLE DE MONTPELLIER", "213401722", "", "M57-M57", 2018, budget.KindCA, byF, 282143, false},
		{"grenoble-38185/CA_2018.xml", 1787, tot, "Ville de Grenoble", "213801855", "", m14, 2018, budget.KindCA, byN, 0, true},
		{"crach-56046/BP_2022.xml", 201, tot, "CRACH", "215600461", "56046", m14s, 2022, budget.KindBP, byN, 3446, false},
		{"crach-56046/CA_2021.xml", 196, tot, "CRACH", "215600461", "56046", m14s, 2021, budget.KindCA, byN, 3446, false},
		{"crach-56046/DM2_2021.xml", 185, tot, "CRACH", "215600461", "56046", m14s, 2021, budget.KindDM, byN, 3431, false},
		{"crach-56046/DM3_2021.xml", 186, tot, "CRACH", "215600461", "56046", m14s, 2021, budget.KindDM, byN, 3431, false},
		{"crach-56046-lotissement/BP_2022.xml", 21, tot, "CRACH", "215600461", "56046", m14s, 2022, budget.KindBP, byN, 3446, false},
		{"crach-56046-lotissement/CA_2021.xml", 20, tot, "CRACH", "215600461", "56046", m14s, 2021, budget.KindCA, byN, 3446, false},
		{"crach-56046-lotissement/DM1_2022.xml", 20, tot, "CRACH", "215600461", "56046", m14s, 2022, budget.KindDM, byN, 3446, false},
		{"saint-malo-agglomeration-transport/BP_2022.xml", 123, tot, "SAINT MALO AGGLOMERATION", "243500782", "", "M4-M43_D", 2022, budget.KindBP, byN, 0, false},
		{"mohon-56134/CFU_2023.xml", 163, budget.FormatCFU, "COMMUNE DE MOHON (M57)", "215601345", "56134", "M57-M57_A", 2023, budget.KindCFU, byN, 990, false},
		{"herault-34-partial/CA_2019_partial.xml", 350, tot, "CD34", "", "", "M52-M52", 2019, budget.KindCA, byN, 0, true},
		{"edge-cases/alamarge.xml", 21, tot, "CRACH", "215600461", "56046", m14s, 2022, budget.KindBP, byN, 3446, false},
		{"edge-cases/cfu_valide.xml", 163, budget.FormatCFU, "COMMUNE DE MOHON (M57)", "215601345", "56134", "M57-M57_A", 2023, budget.KindCFU, byN, 990, false},
		{"edge-cases/doc-budg-simple.xml", 1, tot, "DEPARTEMENT DE LA GIRONDE", "223300013", "", "M52-M52", 2013, budget.KindCA, byN, 1513860, true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := totemRead(t, filepath.Join(dir, tt.file))
			doc, err := readTOTEM(tt.file, data)
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Lines) != tt.lines {
				t.Errorf("%d lines, want %d", len(doc.Lines), tt.lines)
			}
			checks := []struct {
				what      string
				got, want any
			}{
				{"Source", doc.Source, tt.file},
				{"Format", doc.Format, tt.format},
				{"Name", doc.Authority.Name, tt.name},
				{"SIREN", doc.Authority.SIREN, tt.siren},
				{"INSEE", doc.Authority.INSEE, tt.insee},
				{"Nomenclature", doc.Nomenclature.String(), tt.nomen},
				{"Year", doc.Year, tt.year},
				{"Kind", doc.Kind, tt.kind},
				{"VotedBy", doc.VotedBy, tt.voted},
				{"Population", doc.Population, tt.population},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
			if tt.siren != "" && !strings.HasPrefix(doc.Authority.SIRET, tt.siren) {
				t.Errorf("SIRET %q does not start with SIREN %q", doc.Authority.SIRET, tt.siren)
			}
			for i, l := range doc.Lines {
				if tt.functions && l.Function == "" {
					t.Errorf("line %d (source line %d) has no function", i, l.Pos)
				}
				if !tt.functions && tt.voted == byN && l.Function != "" {
					t.Errorf("line %d (source line %d) has function %q", i, l.Pos, l.Function)
				}
				if i > 0 && l.Pos < doc.Lines[i-1].Pos || l.Pos < 1 {
					t.Errorf("line %d: Pos %d before %d", i, l.Pos, doc.Lines[i-1].Pos)
				}
			}
			totemCompareRef(t, doc, data)
		})
	}
}

// TestReadTOTEMRealFileDetails pins a few values read by hand in the files.
func TestReadTOTEMRealFileDetails(t *testing.T) {
	dir := totemDocsDir(t)
	find := func(doc *budget.Document, pos int) *budget.Line {
		for i := range doc.Lines {
			if doc.Lines[i].Pos == pos {
				return &doc.Lines[i]
			}
		}
		t.Fatalf("no line at %d", pos)
		return nil
	}
	// Montpellier, voted by function: chapter-prefixed codes and ContFon.
	doc, err := readTOTEM("m", totemRead(t, filepath.Join(dir, "montpellier-34172", "CA_2018.xml")))
	if err != nil {
		t.Fatal(err)
	}
	withContFon := 0
	for _, l := range doc.Lines {
		if l.ContFon != "" {
			withContFon++
		}
	}
	if withContFon != len(doc.Lines) {
		t.Errorf("%d of %d lines have a ContFon", withContFon, len(doc.Lines))
	}
	// Montreuil 2023 (ISO-8859-1): first line.
	doc, err = readTOTEM("m", totemRead(t, filepath.Join(dir, "montreuil-93048", "CA_2023.xml")))
	if err != nil {
		t.Fatal(err)
	}
	if l := doc.Lines[0]; l.Pos != 81 || l.Nature != "6161" || l.Function != "33" || l.ContNat != "011" {
		t.Errorf("first line: %+v", l)
	}
	// Montreuil 2020 (UTF-8): an accented label.
	doc, err = readTOTEM("m", totemRead(t, filepath.Join(dir, "montreuil-93048", "CA_2020.xml")))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range doc.Lines {
		found = found || l.Label == "AGRANDISSEMENT DU CIMETIÈRE JEAN MOULIN"
	}
	if !found {
		t.Error("Montreuil 2020: accented label not found")
	}
	// Mohon CFU (ISO-8859-1): the first detail line is 001 at line 4800.
	for file, label := range map[string]string{
		"mohon-56134/CFU_2023.xml": "Opération financière",
		// the same document once mangled: U+FFFD encoded in UTF-8 inside an
		// ISO-8859-1 document
		"edge-cases/cfu_valide.xml": "Op\uFFFDration financi\uFFFDre",
	} {
		doc, err = readTOTEM("m", totemRead(t, filepath.Join(dir, file)))
		if err != nil {
			t.Fatal(err)
		}
		l := *find(doc, 4800)
		if l.Nature != "001" || l.Direction != budget.Revenue || l.Label != label {
			t.Errorf("%s 001: %+v", file, l)
		}
		if a, ok := l.Amount(budget.MtReal); !ok || a != 21919065 {
			t.Errorf("%s 001 MtReal = %v %v", file, a, ok)
		}
	}
}

// totemMinimal is a small document with three lines.
const totemMinimal = `<?xml version="1.0" encoding="UTF-8"?>
<DocumentBudgetaire xmlns="http://www.minefi.gouv.fr/cp/demat/docbudgetaire">
<EnTeteDocBudgetaire><LibelleColl V="X"/></EnTeteDocBudgetaire>
<Budget>
<BlocBudget><NatDec V="09"/><Exer V="2023"/></BlocBudget>
<LigneBudget>
<Nature V="6042"/>
<CodRD V="D"/>
<MtReal V="12.50"/>
</LigneBudget>
</Budget>
</DocumentBudgetaire>
`

func TestReadTOTEMFixtures(t *testing.T) {
	type line struct {
		nature, function, contNat, contFon, label string
		dir                                       budget.Direction
		op                                        budget.Operation
		amounts                                   map[budget.Field]budget.Amount
		pos                                       int
	}
	tests := []struct {
		file       string
		format     budget.Format
		name       string
		siret      string
		siren      string
		insee      string
		typ        string
		budget     string
		nomen      budget.Nomenclature
		year       int
		natDec     string
		kind       budget.Kind
		voted      budget.VotedBy
		population int64
		lines      []line
	}{
		{
			file: "minimal.xml", format: budget.FormatTOTEM, name: "VILLE D'ESSAI & ENVIRONS",
			siret: "21930048000023", siren: "219300480", insee: "93048", typ: "VILLE", budget: "BUDGET PRINCIPAL",
			nomen: budget.Nomenclature{Norm: "M14", Variant: "M14_COM_SUP3500"}, year: 2023, natDec: "09",
			kind: budget.KindCA, voted: budget.VotedByNature, population: 112864,
			lines: []line{
				{nature: "6042", function: "020", contNat: "011", label: `Achats <prestations> "A" été €`,
					dir: budget.Expense, op: budget.Real, pos: 26, amounts: map[budget.Field]budget.Amount{
						budget.MtBudgPrec: 0, budget.MtRARPrec: 0, budget.MtPropNouv: 0, budget.MtPrev: 150050,
						budget.CredOuv: 150050, budget.MtReal: 123450, budget.MtRAR3112: -1235}},
				{nature: "7381", function: "01", dir: budget.Revenue, op: budget.Real, pos: 44,
					amounts: map[budget.Field]budget.Amount{budget.MtReal: 4200}},
				{nature: "023", function: "010", dir: budget.Expense, op: budget.Ordre, pos: 50,
					amounts: map[budget.Field]budget.Amount{budget.MtPrev: 1000}},
			},
		},
		{
			file: "oneline-latin1.xml", format: budget.FormatTOTEM, name: "Commune de Sainte-Hélène",
			siret: "21560234000012", siren: "215602340", insee: "56234", typ: "Commune", budget: "Budget principal",
			nomen: budget.Nomenclature{Norm: "M14", Variant: "M14_COM_500_3500"}, year: 2022, natDec: "02",
			kind: budget.KindDM, voted: budget.VotedByNature, population: 1234,
			lines: []line{
				{nature: "60612", label: "Fourniture d’énergie €", dir: budget.Expense, op: budget.Real, pos: 1,
					amounts: map[budget.Field]budget.Amount{budget.MtPropNouv: -120000, budget.MtRARPrec: 350}},
				{nature: "7478", contNat: "74", dir: budget.Revenue, op: budget.Real, pos: 1,
					amounts: map[budget.Field]budget.Amount{budget.MtPropNouv: 0}},
			},
		},
		{
			file: "by-function.xml", format: budget.FormatTOTEM, name: "VILLE VOTANT PAR FONCTION",
			siret: "21340172201787", siren: "213401722", insee: "34172", typ: "Commune", budget: "BUDGET PRINCIPAL",
			nomen: budget.Nomenclature{Norm: "M57", Variant: "M57"}, year: 2018, natDec: "01",
			kind: budget.KindBP, voted: budget.VotedByFunction,
			lines: []line{
				{nature: "6042", function: "93020", contFon: "930", dir: budget.Expense, op: budget.Real, pos: 20,
					amounts: map[budget.Field]budget.Amount{budget.MtPrev: 10000}},
				{nature: "2313", function: "90822", contFon: "908", dir: budget.Expense, op: budget.Real, pos: 28,
					amounts: map[budget.Field]budget.Amount{budget.MtPrev: 25025}},
			},
		},
		{
			file: "cfu.xml", format: budget.FormatCFU, name: "COMMUNE DE MOHON 260",
			siret: "21560134500014", siren: "215601345", insee: "56134", typ: "Commune", budget: "COMMUNE DE MOHON 260",
			nomen: budget.Nomenclature{Norm: "M57", Variant: "M57_A"}, year: 2023, natDec: "10",
			kind: budget.KindCFU, voted: budget.VotedByNature, population: 993,
			lines: []line{
				{nature: "6042", label: "Achats", dir: budget.Expense, op: budget.Real, pos: 34,
					amounts: map[budget.Field]budget.Amount{budget.MtReal: 10010}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := totemRead(t, filepath.Join("testdata", "totem", tt.file))
			doc, err := readTOTEM(tt.file, data)
			if err != nil {
				t.Fatal(err)
			}
			want := budget.Document{
				Source: tt.file, Format: tt.format,
				Authority: budget.Authority{Name: tt.name, SIRET: tt.siret, SIREN: tt.siren, INSEE: tt.insee, Type: tt.typ},
				Budget:    tt.budget, Nomenclature: tt.nomen, Year: tt.year, Kind: tt.kind, NatDec: tt.natDec,
				VotedBy: tt.voted, Population: tt.population,
			}
			got := *doc
			got.Lines = nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("header\n got %+v\nwant %+v", got, want)
			}
			if len(doc.Lines) != len(tt.lines) {
				t.Fatalf("%d lines, want %d: %+v", len(doc.Lines), len(tt.lines), doc.Lines)
			}
			for i, w := range tt.lines {
				var wl budget.Line
				wl.Nature, wl.Function, wl.ContNat, wl.ContFon, wl.Label = w.nature, w.function, w.contNat, w.contFon, w.label
				wl.Direction, wl.Operation, wl.Pos = w.dir, w.op, w.pos
				for f, a := range w.amounts {
					wl.SetAmount(f, a)
				}
				if doc.Lines[i] != wl {
					t.Errorf("line %d\n got %+v\nwant %+v", i, doc.Lines[i], wl)
				}
			}
			totemCompareRef(t, doc, data)
		})
	}
}

// TestReadTOTEMValues covers encodings, entities, prefixes and attribute
// syntax on one-line documents.
func TestReadTOTEMValues(t *testing.T) {
	doc := func(decl, prefix, info, lines string) string {
		p := prefix
		return decl + "<" + p + "DocumentBudgetaire><" + p + "EnTeteDocBudgetaire><" + p + "LibelleColl V=\"Ville\"/></" + p + "EnTeteDocBudgetaire>" +
			"<" + p + "Budget><" + p + "InformationsGenerales>" + info + "</" + p + "InformationsGenerales>" + lines + "</" + p + "Budget></" + p + "DocumentBudgetaire>"
	}
	const utf8Decl = `<?xml version="1.0" encoding="UTF-8"?>`
	const latinDecl = `<?xml version="1.0" encoding="iso-8859-1"?>`
	tests := []struct {
		name       string
		input      string
		label      string // label of the first line
		nature     string
		function   string
		population int64
	}{
		{"plain", doc(utf8Decl, "", "", `<LigneBudget><Nature V="6042"/><LibCpte V="Achats"/><CodRD V="D"/></LigneBudget>`), "Achats", "6042", "", 0},
		{"no declaration", doc("", "", "", `<LigneBudget><Nature V="6042"/><CodRD V="D"/></LigneBudget>`), "", "6042", "", 0},
		{"BOM", "\xEF\xBB\xBF" + doc(latinDecl, "", "", `<LigneBudget><Nature V="6042"/><LibCpte V="Été"/><CodRD V="D"/></LigneBudget>`), "Été", "6042", "", 0},
		{"latin1", doc(latinDecl, "", "", "<LigneBudget><Nature V=\"6042\"/><LibCpte V=\"\xC9t\xE9 \x80 \x9C\"/><CodRD V=\"D\"/></LigneBudget>"), "Été € œ", "6042", "", 0},
		{"windows-1252", doc(`<?xml version="1.0" encoding="Windows-1252" standalone="yes"?>`, "", "", "<LigneBudget><Nature V=\"6042\"/><LibCpte V=\"\x80\"/><CodRD V=\"D\"/></LigneBudget>"), "€", "6042", "", 0},
		{"invalid UTF-8 read as latin1", doc(utf8Decl, "", "", "<LigneBudget><Nature V=\"6042\"/><LibCpte V=\"\xE9\"/><CodRD V=\"D\"/></LigneBudget>"), "é", "6042", "", 0},
		{"entities", doc(utf8Decl, "", "", `<LigneBudget><Nature V="6042"/><LibCpte V="&amp;&lt;&gt;&quot;&apos;&#233;&#xE9;&#XE9;&unknown;&#xZZ;&#0;&"/><CodRD V="D"/></LigneBudget>`), `&<>"'ééé&unknown;&#xZZ;&#0;&`, "6042", "", 0},
		{"entity in a code", doc(utf8Decl, "", "", `<LigneBudget><Nature V="&#54;042"/><Fonction V="&#50;1.2"/><CodRD V="&#68;"/></LigneBudget>`), "", "6042", "212", 0},
		{"prefix", doc(utf8Decl, "db:", `<db:Information Code="PopTot" V="12"/>`, `<db:LigneBudget><db:Nature V="6042"/><db:CodRD V="D"/></db:LigneBudget>`), "", "6042", "", 12},
		{"attribute order and quotes", doc(utf8Decl, "", `<Information V='1 234' Code='PopTot'/>`, `<LigneBudget  id='x' ><Nature  V = '6042' /><CodRD V='D' other="a'b>c"/></LigneBudget>`), "", "6042", "", 1234},
		{"pretty and CRLF", doc(utf8Decl, "", "\r\n  <Information\r\n Code=\"PopTot\"\r\n V=\"5\"/>\r\n", "\r\n<LigneBudget>\r\n  <Nature V=\"6042\"/>\r\n  <CodRD V=\"R\"/>\r\n</LigneBudget>\r\n"), "", "6042", "", 5},
		{"comments and CDATA", doc(utf8Decl, "", `<!-- <Information Code="PopTot" V="9"/> -->`, `<LigneBudget><!-- <Nature V="1"/> --><![CDATA[<Nature V="2"/></LigneBudget>]]><Nature V="6042"/><?pi <Nature V="3"/>?><CodRD V="D"/></LigneBudget><!--<LigneBudget><Nature V="4"/><CodRD V="D"/></LigneBudget>-->`), "", "6042", "", 0},
		{"text content ignored", doc(utf8Decl, "", "", `<LigneBudget>text &amp; more<Nature V="6042">inner text</Nature><CodRD V="D"/></LigneBudget>`), "", "6042", "", 0},
		{"function normalised", doc(utf8Decl, "", "", `<LigneBudget><Nature V=" 6042 "/><Fonction V=" 8-2.2 1 "/><CodRD V=" D "/></LigneBudget>`), "", "6042", "8221", 0},
		{"PopTot with no-break spaces", doc(utf8Decl, "", "<Information Code=\"PopTot\" V=\"109\u00a0834\"/>", ""), "", "", "", 109834},
		{"PopTot with narrow no-break spaces", doc(utf8Decl, "", "<Information Code=\"PopTot\" V=\"109\u202f834\"/>", ""), "", "", "", 109834},
		{"PopTot latin1 no-break space", doc(latinDecl, "", "<Information Code=\"PopTot\" V=\"1\xA0234,00\"/>", ""), "", "", "", 1234},
		{"PopTot zero", doc(utf8Decl, "", `<Information V="0.00" Code="PopTot"/>`, ""), "", "", "", 0},
		{"PopTot unparsable", doc(utf8Decl, "", `<Information Code="PopTot" V="environ 100"/>`, ""), "", "", "", 0},
		{"PopTot thousands dot", doc(utf8Decl, "", `<Information Code="PopTot" V="12.345"/>`, ""), "", "", "", 12345},
		{"PopTot outside InformationsGenerales ignored", strings.Replace(doc(utf8Decl, "", "", ""), "<Budget>", `<Budget><Information Code="PopTot" V="7"/>`, 1), "", "", "", 0},
		{"DOCTYPE", strings.Replace(doc(utf8Decl, "", "", `<LigneBudget><Nature V="6042"/><CodRD V="D"/></LigneBudget>`), "?>", `?><!DOCTYPE DocumentBudgetaire [ <!ENTITY x "<y>"> ]>`, 1), "", "6042", "", 0},
		{"empty LigneBudget and summary lines dropped", doc(utf8Decl, "", "", `<LigneBudget/><LigneBudget><Groupe V="X"/><MtReal V="abc"/><CodRD V="?"/></LigneBudget><LigneBudget><Nature V="6042"/><CodRD V="D"/></LigneBudget>`), "", "6042", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := readTOTEM("t.xml", []byte(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if d.Population != tt.population {
				t.Errorf("Population = %d, want %d", d.Population, tt.population)
			}
			if d.Authority.Name != "Ville" {
				t.Errorf("Name = %q", d.Authority.Name)
			}
			if tt.nature == "" {
				if len(d.Lines) != 0 {
					t.Errorf("lines: %+v", d.Lines)
				}
				return
			}
			if len(d.Lines) != 1 {
				t.Fatalf("%d lines: %+v", len(d.Lines), d.Lines)
			}
			l := d.Lines[0]
			if l.Nature != tt.nature || l.Label != tt.label || l.Function != tt.function {
				t.Errorf("nature %q label %q function %q, want %q %q %q", l.Nature, l.Label, l.Function, tt.nature, tt.label, tt.function)
			}
		})
	}
}

func TestReadTOTEMErrors(t *testing.T) {
	lines := func(body string) string {
		return strings.Replace(totemMinimal, "<LigneBudget>\n<Nature V=\"6042\"/>\n<CodRD V=\"D\"/>\n<MtReal V=\"12.50\"/>\n</LigneBudget>\n", body, 1)
	}
	tests := []struct {
		name     string
		input    string
		line     int
		field    string
		expected string
		got      string
		is       error
	}{
		{"empty", "", 1, "", ExpectXML, "", errTOTEMSyntax},
		{"CSV", "BGT_NATDEC;BGT_ANNEE\n09;2023\n", 1, "", ExpectXML, "BGT_NATDEC;BGT_ANNEE", errTOTEMSyntax},
		{"JSON", "\n  {\"a\": \"<b>\"}", 2, "", ExpectXML, `{"a": "<b>"}`, errTOTEMSyntax},
		{"UTF-16", "\xFF\xFE<\x00?\x00", 1, "", ExpectXML, "", errTOTEMUTF16},
		{"other root", "<?xml version=\"1.0\"?>\n<html><body/></html>", 2, "html", ExpectFormat, "<html>", errTOTEMRoot},
		{"only a declaration", `<?xml version="1.0"?>`, 1, "", ExpectXML, "", errTOTEMSyntax},
		{"truncated", totemMinimal[:strings.Index(totemMinimal, "<MtReal")], 9, "LigneBudget", ExpectXML, "", errTOTEMTruncated},
		{"truncated in a tag", totemMinimal[:strings.Index(totemMinimal, "<CodRD")+8], 8, "CodRD", ExpectXML, "", errTOTEMTruncated},
		{"truncated in a value", totemMinimal[:strings.Index(totemMinimal, "<CodRD")+10], 8, "CodRD", ExpectXML, "", errTOTEMTruncated},
		{"truncated at the end", strings.TrimSpace(totemMinimal)[:len(strings.TrimSpace(totemMinimal))-3], 12, "DocumentBudgetaire", ExpectXML, "", errTOTEMTruncated},
		{"missing root end", strings.Replace(totemMinimal, "</DocumentBudgetaire>", "", 1), 13, "DocumentBudgetaire", ExpectXML, "", errTOTEMTruncated},
		{"truncated in annexes", strings.Replace(totemMinimal, "</Budget>", "<Annexes>\n<DATA_EMPRUNT>", 1), 14, "Annexes", ExpectXML, "", errTOTEMTruncated},
		{"truncated in a comment", strings.Replace(totemMinimal, "</Budget>", "<!-- unterminated", 1), 13, "Budget", ExpectXML, "", errTOTEMTruncated},
		{"LigneBudget not closed", lines("<LigneBudget>\n<Nature V=\"6042\"/>\n<CodRD V=\"D\"/>\n"), 9, "LigneBudget", ExpectXML, "</Budget>", errTOTEMNotClosed},
		{"LigneBudget not closed before the next", lines("<LigneBudget>\n<Nature V=\"6042\"/>\n<CodRD V=\"D\"/>\n<LigneBudget><Nature V=\"1\"/><CodRD V=\"D\"/></LigneBudget>\n"), 9, "LigneBudget", ExpectXML, `<LigneBudget><Nature V="1"/><CodRD V="D"`, errTOTEMNotClosed},
		{"mismatched end tag", lines("<LigneBudget>\n<Nature V=\"6042\">\n<CodRD V=\"D\"/>\n</LigneBudget>\n"), 9, "Nature", ExpectXML, "</LigneBudget>", errTOTEMNotClosed},
		{"end tag without start", "</DocumentBudgetaire>", 1, "DocumentBudgetaire", ExpectXML, "</DocumentBudgetaire>", errTOTEMSyntax},
		{"bad amount", lines("<LigneBudget>\n<Nature V=\"6042\"/>\n<CodRD V=\"D\"/>\n<MtReal V=\"12,50 €\"/>\n</LigneBudget>\n"), 9, "MtReal", ExpectAmount, "12,50 €", budget.ErrAmount},
		{"bad amount with entity", lines("<LigneBudget>\n<Nature V=\"6042\"/>\n<CodRD V=\"D\"/>\n<MtPrev V=\"1&amp;2\"/>\n</LigneBudget>\n"), 9, "MtPrev", ExpectAmount, "1&2", budget.ErrAmount},
		{"bad CodRD", lines("<LigneBudget>\n<Nature V=\"6042\"/>\n<CodRD V=\"X\"/>\n</LigneBudget>\n"), 8, "CodRD", ExpectDirection, "X", nil},
		{"missing CodRD", lines("<LigneBudget>\n<Nature V=\"6042\"/>\n</LigneBudget>\n"), 6, "CodRD", ExpectDirection, "", nil},
		{"bad OpBudg", lines("<LigneBudget>\n<Nature V=\"6042\"/>\n<CodRD V=\"D\"/>\n<OpBudg V=\"2\"/>\n</LigneBudget>\n"), 9, "OpBudg", ExpectOperation, "2", nil},
		{"empty Nature", lines("<LigneBudget>\n<Nature V=\" \"/>\n<CodRD V=\"D\"/>\n</LigneBudget>\n"), 7, "Nature", ExpectNature, "", nil},
		{"bad Exer", strings.Replace(totemMinimal, `V="2023"`, `V="20x3"`, 1), 5, "Exer", ExpectYear, "20x3", nil},
		{"garbage tag", lines("<LigneBudget>< Nature V=\"6042\"/></LigneBudget>\n"), 6, "", ExpectXML, `< Nature V="6042"/></LigneBudget>`, errTOTEMSyntax},
		{"attribute without quotes", lines("<LigneBudget><Nature V=6042/></LigneBudget>\n"), 6, "Nature", ExpectXML, "6042/></LigneBudget>", errTOTEMSyntax},
		{"missing quote", lines("<LigneBudget><Nature V=\"6042/><CodRD V=\"D\"/></LigneBudget>\n"), 6, "Nature", ExpectXML, "<CodRD V=\"D\"/></LigneBudget>", errTOTEMSyntax},
		{"text before root", "garbage<DocumentBudgetaire/>", 1, "", ExpectXML, "garbage<DocumentBudgetaire/>", errTOTEMSyntax},
		{"one-line document column", `<DocumentBudgetaire><Budget><LigneBudget><Nature V="1"/><CodRD V="Z"/></LigneBudget></Budget></DocumentBudgetaire>`, 1, "CodRD", ExpectDirection, "Z", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := readTOTEM("t.xml", []byte(tt.input))
			if tt.expected == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error; %d lines", len(doc.Lines))
			}
			e, ok := AsError(err)
			if !ok {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			if e.File != "t.xml" || e.Line != tt.line || e.Field != tt.field || e.Expected != tt.expected || e.Got != tt.got {
				t.Errorf("got  line %d field %q expected %q got %q\nwant line %d field %q expected %q got %q\n(%v)",
					e.Line, e.Field, e.Expected, e.Got, tt.line, tt.field, tt.expected, tt.got, err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if e.Column <= 0 {
				t.Errorf("no column: %v", err)
			}
			if e.French() == "" || err.Error() == "" {
				t.Error("empty message")
			}
		})
	}
}

func TestReadTOTEMErrorColumn(t *testing.T) {
	in := `<DocumentBudgetaire><Budget><LigneBudget><Nature V="1"/><CodRD V="Z"/></LigneBudget></Budget></DocumentBudgetaire>`
	_, err := readTOTEM("t.xml", []byte(in))
	e, ok := AsError(err)
	if !ok {
		t.Fatalf("%v", err)
	}
	if want := strings.Index(in, `"Z"`) + 2; e.Column != want {
		t.Errorf("column %d, want %d (%v)", e.Column, want, err)
	}
}

func TestTOTEMPopulation(t *testing.T) {
	for in, want := range map[string]int64{
		"": 0, "0": 0, "0.00": 0, "0.0%": 0, "abc": 0, "-5": 0,
		"112864": 112864, "109 834": 109834, "109\u00a0834": 109834, "109\u202f834": 109834,
		"1 234,00": 1234, "1234.00": 1234, "1.234": 1234, "1,234,567": 1234567, "1.234.567": 1234567,
		"1234,5": 1235, "12.3456": 12,
	} {
		if got := totemPopulation(in); got != want {
			t.Errorf("totemPopulation(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestTOTEMAmount checks the general path of the scanner's amounts, which
// takes what totemAmountWord leaves (too many digits, too close to the end
// of the data, spaces, entities), against budget.ParseAmount. The word
// path has its own tests (TestTotemWordPaths, FuzzTotemWords).
func TestTOTEMAmount(t *testing.T) {
	for _, in := range []string{
		"0", "0.00", "-0.00", "1234.5", "1234.56", "-1234.56", "999999999999999.99", "1", ".5", "5.",
		"1.234", "1,5", "+3", "-", "", "1e3", "1 234", "1234567890123456", "00012.30", " 12.5 ", "1&#50;.5",
	} {
		for _, pad := range []string{"", "        "} {
			s := &totemScanner{data: []byte(in + pad)}
			a, ok, err := s.amount(totemRaw{start: 0, end: len(in), set: true})
			want, werr := budget.ParseAmount(strings.TrimSpace(strings.ReplaceAll(in, "&#50;", "2")))
			switch {
			case strings.TrimSpace(in) == "":
				if ok || err != nil {
					t.Errorf("amount(%q) = %d, %v, %v; want not given", in, a, ok, err)
				}
			case werr != nil:
				if err == nil {
					t.Errorf("amount(%q) = %d, want an error (ParseAmount: %v)", in, a, werr)
				}
			case err != nil || !ok || a != want:
				t.Errorf("amount(%q) = %d, %v, %v; ParseAmount = %d", in, a, ok, err, want)
			}
		}
	}
}

func BenchmarkReadTOTEM(b *testing.B) {
	for _, c := range []struct {
		name, file string
		lines      int
	}{
		{"CA", filepath.Join("montreuil-93048", "CA_2023.xml"), 1471},
		// A CFU: 850 KB of signatures after the budget document.
		{"CFU", filepath.Join("mohon-56134", "CFU_2023.xml"), -1},
	} {
		b.Run(c.name, func(b *testing.B) {
			data := totemRead(b, filepath.Join(totemDocsDir(b), c.file))
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				doc, err := readTOTEM(filepath.Base(c.file), data)
				if err != nil {
					b.Fatal(err)
				}
				if c.lines >= 0 && len(doc.Lines) != c.lines {
					b.Fatalf("%d lines", len(doc.Lines))
				}
			}
		})
	}
}

// TestTotemTrimmed checks that a value totemTrimmed accepts is one that
// bytes.TrimSpace leaves as is, for every first and last byte.
func TestTotemTrimmed(t *testing.T) {
	for c := 0; c < 256; c++ {
		for _, b := range [][]byte{{byte(c)}, {byte(c), 'x'}, {'x', byte(c)}, {byte(c), 0xA0}, {0xC2, 0xA0, byte(c)}} {
			if totemTrimmed(b) && !bytes.Equal(bytes.TrimSpace(b), b) {
				t.Errorf("totemTrimmed(%q) = true, but bytes.TrimSpace trims it", b)
			}
		}
	}
	if !totemTrimmed([]byte("6161")) || totemTrimmed([]byte(" 6161")) || totemTrimmed(nil) {
		t.Error("totemTrimmed: wrong answer for plain values")
	}
}
