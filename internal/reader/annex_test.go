package reader

import (
	"os"
	"testing"

	"github.com/jeu1000/jeu1000/internal/sharedtest"
)

// TestTotemAnnex reads whether a TOTEM document is a budget annexe
// (CodTypBud "A") and keeps its own name.
func TestTotemAnnex(t *testing.T) {
	for _, tc := range []struct {
		path   []string
		annex  bool
		budget string
	}{
		{[]string{"documents", "crach-56046-lotissement", "CA_2021.xml"}, true, "LOTISSEMENT LE BOCENO"},
		{[]string{"documents", "saint-malo-agglomeration-transport", "BP_2022.xml"}, true, "TRANSPORT ET MOBILITE SMA"},
		{[]string{"documents", "crach-56046", "CA_2021.xml"}, false, "BUDGET PRINCIPAL"},
		{[]string{"documents", "montreuil-93048", "CA_2023.xml"}, false, "BUDGET PRINCIPAL MONTREUIL"},
	} {
		p := sharedtest.Path(t, tc.path...)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Read(p, data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if doc.Annex != tc.annex || doc.Budget != tc.budget {
			t.Errorf("%s: Annex %v, Budget %q; want %v, %q", p, doc.Annex, doc.Budget, tc.annex, tc.budget)
		}
	}
}
