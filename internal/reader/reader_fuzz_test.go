package reader

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// The fuzz tests check that the readers never panic and that whatever they
// accept is sane (checkSane); every error must be an *Error. Seeds come from
// the table tests and the fixtures. Run one with, e.g.,
//
//	go test -run '^$' -fuzz FuzzReadSCDL -fuzztime 30s ./internal/reader/

func addFixtures(f *testing.F, dir string) {
	files, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
}

// checkRead checks the outcome of a read.
func checkRead(t *testing.T, data []byte, doc *budget.Document, err error) {
	t.Helper()
	if err != nil {
		if doc != nil {
			t.Fatal("document returned with an error")
		}
		if _, ok := AsError(err); !ok {
			t.Fatalf("error %v (%T) is not an *Error", err, err)
		}
		return
	}
	checkSane(t, data, doc)
}

func FuzzReadSCDL(f *testing.F) {
	for _, tt := range scdlTests {
		f.Add([]byte(tt.in))
	}
	for _, tt := range scdlErrorTests {
		f.Add([]byte(tt.in))
	}
	addFixtures(f, "scdl")
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := readSCDL("f.csv", data)
		checkRead(t, data, doc, err)
	})
}

func FuzzReadBalanceCSV(f *testing.F) {
	for _, tt := range balanceCSVTests {
		f.Add([]byte(tt.in))
	}
	for _, tt := range balanceErrorTests {
		f.Add([]byte(tt.in))
	}
	f.Add([]byte("EXER;IDENT;COMPTE;OBNETDEB;OOBDEB\n2024;1;6042;1;0\n"))
	f.Add([]byte("EXER;IDENT;NDEPT;INSEE;CATEG;COMPTE;FONCTION;OBNETDEB;OOBDEB\n2024;1;101;105;Commune;6042;2-1.2;1;0\n"))
	addFixtures(f, "balance")
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := readBalanceCSV("f.csv", data, Options{})
		checkRead(t, data, doc, err)
		if err == nil {
			for _, l := range doc.Lines {
				if a, _ := l.Amount(budget.MtReal); a == 0 || l.Direction != budget.Expense || l.Operation != budget.Real {
					t.Fatalf("balance line %+v", l)
				}
			}
		}
		// The streaming scanner agrees with the document on the rows kept.
		rows := 0
		_ = ScanBalanceCSV("f.csv", bytes.NewReader(data), func(r *BalanceRow) error {
			if r.Line < 1 || r.Compte == "" || !allDigits(r.Compte) || r.Fonction != "" && !allDigits(r.Fonction) {
				t.Fatalf("row %+v", r)
			}
			rows++
			return nil
		})
		if err == nil && len(doc.Lines) > rows {
			t.Fatalf("%d lines from %d rows", len(doc.Lines), rows)
		}
	})
}

func FuzzReadBalanceJSON(f *testing.F) {
	for _, tt := range balanceJSONTests {
		f.Add([]byte(tt.in))
	}
	f.Add([]byte(`{"records": []}`))
	f.Add([]byte(`[{"exer": "2019", "ident": "1", "compte": "6042", "obnetdeb": 1e2, "oobdeb": "1,5", "fonction": "2.1"}]`))
	f.Add([]byte(`{"records": [{"exer": "2019", "ident": "1", "compte": {"a": 1}}]}`))
	addFixtures(f, "balance")
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := readBalanceJSON("f.json", data, Options{})
		checkRead(t, data, doc, err)
	})
}

func FuzzReadTemplate(f *testing.F) {
	for _, tt := range templateTests {
		f.Add([]byte(tt.in))
	}
	f.Add([]byte("# annee: 2025\n# population: 12 345\n# nomenclature: M57_A\nsection;fonction;montant\nF;212;1\n"))
	f.Add([]byte("section;fonction;montant\nX;1;1\n"))
	addHardenSeeds(f)
	addFixtures(f, "template")
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := readTemplate("f.csv", data, nil)
		checkRead(t, data, doc, err)
		if err == nil {
			for _, l := range doc.Lines {
				if l.Section == budget.SectionUnknown {
					t.Fatalf("template line without section: %+v", l)
				}
			}
		}
	})
}

func FuzzDetect(f *testing.F) {
	for _, tt := range detectTests {
		f.Add([]byte(tt.in))
	}
	for _, dir := range []string{"detect", "scdl", "balance", "template", "totem"} {
		addFixtures(f, dir)
	}
	addHardenSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		format, err := Detect("f", data)
		if err != nil {
			if _, ok := AsError(err); !ok || format != "" {
				t.Fatalf("Detect = %q, %v", format, err)
			}
		}
		doc, err := Read("f", data, Options{})
		noInternal(t, err)
		if err == nil {
			if format == "" {
				t.Fatal("Read accepted what Detect refused")
			}
			if format != budget.FormatTOTEM {
				checkSane(t, data, doc)
			}
		}
	})
}
