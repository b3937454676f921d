package gen

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestFixMojibake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Coll\u00c3\u00a8ges", "Collèges"},
		{"\u00c3\u0089valuation", "Évaluation"},
		{"APA \u00c3\u00a0 domicile", "APA à domicile"},
		{"Op\u00c3\u00a9rations", "Opérations"},
		{"Collèges", "Collèges"},                       // genuine Latin-1 text stays
		{"Crèches – garderies", "Crèches – garderies"}, // runes above U+00FF: not mojibake
		{"plain", "plain"},
		{"cr\u00ef\u00bf\u00bdditeurs", "cr\uFFFDditeurs"}, // UTF-8 U+FFFD read as Latin-1
	}
	for _, tt := range tests {
		if got, _ := fixMojibake(tt.in); got != tt.want {
			t.Errorf("fixMojibake(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFixC1(t *testing.T) {
	if got, ok := fixC1("CNFPT \u0096 Formation, l\u0092eau, \u009cuvre"); !ok || got != "CNFPT – Formation, l’eau, œuvre" {
		t.Errorf("fixC1 = %q, %v", got, ok)
	}
	if _, ok := fixC1("déjà propre"); ok {
		t.Error("fixC1 changed clean text")
	}
}

func TestRepairLabels(t *testing.T) {
	mk := func(year int, label, fn string) *Plan {
		return &Plan{Norm: "M52", Variant: "M52", Year: year,
			Accounts:  []Account{{Code: "46717", Label: label, Leaf: true}},
			Functions: []Function{{Code: "0", Label: fn}, {Code: "9", Label: "D\uFFFDveloppement"}}}
	}
	plans := []*Plan{
		mk(2018, "Autres comptes cr\u00c3\u00a9diteurs\u00c2\u00a0 - Cessions, oppositions\u00c2\u00a0 ", "Services g\u00c3\u00a9n\u00c3\u00a9raux"),
		mk(2019, "Autres comptes cr\uFFFDditeurs\uFFFD- Cessions, oppositions\uFFFD", "Services g\uFFFDn\uFFFDraux"),
		{Norm: "M14", Variant: "X", Year: 2019, Functions: []Function{{Code: "1", Label: "Développement"}}},
	}
	rep := RepairLabels(plans)
	if got := plans[0].Accounts[0].Label; got != "Autres comptes créditeurs - Cessions, oppositions" {
		t.Errorf("2018 account label %q", got)
	}
	if got := plans[1].Accounts[0].Label; got != "Autres comptes créditeurs - Cessions, oppositions" {
		t.Errorf("2019 account label %q (same code, same letters once spaces are ignored)", got)
	}
	if got := plans[1].Functions[0].Label; got != "Services généraux" {
		t.Errorf("2019 function label %q", got)
	}
	if got := plans[1].Functions[1].Label; got != "Développement" {
		t.Errorf("label restored from the whole corpus: %q", got)
	}
	if rep.Unrepaired != 0 || rep.Replaced != 4 || rep.Mojibake != 2 {
		t.Errorf("report %+v", rep)
	}
}

// A plan in ISO-8859-1 with the shapes met in the real files.
const latin1Plan = "<?xml version='1.0' encoding='ISO-8859-1'?>\n" +
	`<Nomenclature Norme="M14" Declinaison="M14_COM_SUP3500" Exer="2021">
  <Nature>
    <Chapitres>
      <Chapitre Code="011" Libelle="Charges ` + "\xe0" + ` caract` + "\xe8" + `re g` + "\xe9" + `n` + "\xe9" + `ral" TypeChapitre="G" Section="F" Special="0"/>
      <Chapitre Code="014" Libelle="Att` + "\xe9" + `nuations de produits" TypeChapitre="G" Section="F" Special="0"/>
    </Chapitres>
    <Comptes>
      <Compte Code="021" Libelle="Virement" DR="" DOES="" DOIS="" RR="" ROES="021" ROIS=""/>
      <Compte Code="60" Libelle="Achats" RegrTotalise="1">
        <Compte Code=" 6042 " Libelle="Achats de prestations" DR="011" DOES="" DOIS="" RR="" ROES="" ROIS=""/>
        <Compte Code="6058" Libelle="Ancien" Supprime="1" SupprimeDepuis="2019-12-16T14:00:00" DR="011"/>
      </Compte>
      <Compte Code="739112" Libelle="Sans chapitre"/>
    </Comptes>
  </Nature>
  <Fonction>
    <Chapitres>
      <Chapitre Code="920" Libelle="Services g` + "\xe9" + `n` + "\xe9" + `raux" TypeChapitre="C" Section="F" Special="0"/>
    </Chapitres>
    <Comptes>
      <Compte Code="920" Libelle="Services" DR="920"/>
    </Comptes>
    <RefFonctionnelles>
      <RefFonc Code="0" Libelle="Services g` + "\xe9" + `n` + "\xe9" + `raux">
        <RefFonc Code="01" Libelle="Op` + "\xe9" + `rations non ventilables"/>
      </RefFonc>
      <RefFonc Code="05" Libelle="Mal plac` + "\xe9" + `"/>
    </RefFonctionnelles>
  </Fonction>
</Nomenclature>
`

func TestRead(t *testing.T) {
	p, err := Read(strings.NewReader(latin1Plan))
	if err != nil {
		t.Fatal(err)
	}
	if p.Norm != "M14" || p.Variant != "M14_COM_SUP3500" || p.Year != 2021 {
		t.Errorf("header %s %s %d", p.Norm, p.Variant, p.Year)
	}
	if len(p.Chapters) != 3 || p.Chapters[0].Label != "Charges à caractère général" || p.Chapters[2].Code != "920" || p.Chapters[2].Section != 'F' {
		t.Errorf("chapters %+v", p.Chapters)
	}
	want := []Account{
		{Code: "021", Label: "Virement", HasDR: true, Alt: "021", Leaf: true},
		{Code: "60", Label: "Achats"},
		{Code: "6042", Label: "Achats de prestations", DR: "011", HasDR: true, Leaf: true},
		{Code: "6058", Label: "Ancien", DR: "011", HasDR: true, Leaf: true, Deleted: true},
		{Code: "739112", Label: "Sans chapitre", Leaf: true},
	}
	if len(p.Accounts) != len(want) {
		t.Fatalf("accounts %+v", p.Accounts)
	}
	for i := range want {
		if p.Accounts[i] != want[i] {
			t.Errorf("account %d = %+v, want %+v", i, p.Accounts[i], want[i])
		}
	}
	if len(p.Functions) != 3 || p.Functions[1].Label != "Opérations non ventilables" {
		t.Errorf("functions %+v", p.Functions)
	}
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "05") {
		t.Errorf("notes %v", p.Notes)
	}
}

func TestReadErrors(t *testing.T) {
	for name, doc := range map[string]string{
		"not xml":        "hello",
		"other root":     `<Other/>`,
		"bad header":     `<Nomenclature Norme="M14" Exer="x"/>`,
		"dup account":    `<Nomenclature Norme="M14" Declinaison="V" Exer="2021"><Nature><Comptes><Compte Code="1"/><Compte Code="1"/></Comptes></Nature></Nomenclature>`,
		"bad section":    `<Nomenclature Norme="M14" Declinaison="V" Exer="2021"><Nature><Chapitres><Chapitre Code="1" Section="X"/></Chapitres></Nature></Nomenclature>`,
		"dup function":   `<Nomenclature Norme="M14" Declinaison="V" Exer="2021"><Fonction><RefFonctionnelles><RefFonc Code="1"/><RefFonc Code="1"/></RefFonctionnelles></Fonction></Nomenclature>`,
		"bad encoding":   "<?xml version='1.0' encoding='EBCDIC'?><Nomenclature/>",
		"empty document": "",
	} {
		if _, err := Read(strings.NewReader(doc)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, _, err := ReadDir(t.TempDir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadDir(empty) = %v, want ErrNotExist", err)
	}
}

func TestReadDirChecksPaths(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/2020/M14/M14_COM_SUP3500"
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+"/planDeCompte.xml", []byte(latin1Plan), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadDir(dir); err == nil || !strings.Contains(err.Error(), "path disagrees") {
		t.Errorf("ReadDir with a 2021 plan under 2020/: %v", err)
	}
}

func TestEncodeDeterministic(t *testing.T) {
	p, err := Read(strings.NewReader(latin1Plan))
	if err != nil {
		t.Fatal(err)
	}
	q := *p
	q.Year = 2022
	q.Accounts = append([]Account(nil), p.Accounts[:3]...)
	a, err := Encode([]*Plan{p, &q})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Encode([]*Plan{&q, p})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("output depends on the order of the plans")
	}
	unsorted := *p
	unsorted.Accounts = []Account{p.Accounts[1], p.Accounts[0]}
	if _, err := Encode([]*Plan{&unsorted}); err == nil {
		t.Error("unsorted accounts accepted")
	}
}
