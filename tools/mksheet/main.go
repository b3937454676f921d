// Command mksheet builds an XLSX and an ODS workbook from a real budget
// CSV, laid out as people keep budgets in spreadsheets (see
// sheetfile.Fixture): the fixtures of the spreadsheet readers' tests.
//
//	go run ./tools/mksheet -in ../shared/data/…/x.csv -title "…" -amount Montant -out DIR/name
//
// writes DIR/name.xlsx and DIR/name.ods.
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/jeu1000/jeu1000/internal/reader"
	"github.com/jeu1000/jeu1000/internal/sheetfile"
)

func main() {
	in := flag.String("in", "", "CSV file")
	title := flag.String("title", "", "title row above the header")
	amount := flag.String("amount", "Montant", "header of the amount column")
	out := flag.String("out", "", "output path without extension")
	flag.Parse()
	if err := run(*in, *title, *amount, *out); err != nil {
		fmt.Fprintln(os.Stderr, "mksheet:", err)
		os.Exit(1)
	}
}

func run(in, title, amount, out string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	records, err := ReadCSV(data)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	col := -1
	for i, h := range records[0] {
		if strings.EqualFold(strings.TrimSpace(h), amount) {
			col = i
		}
	}
	if col < 0 {
		return fmt.Errorf("%s: no column %q", in, amount)
	}
	s := sheetfile.Fixture(title, records, col)
	var x, o bytes.Buffer
	if err := sheetfile.WriteXLSX(&x, s); err != nil {
		return err
	}
	if err := sheetfile.WriteODS(&o, s); err != nil {
		return err
	}
	if err := os.WriteFile(out+".xlsx", x.Bytes(), 0o644); err != nil {
		return err
	}
	return os.WriteFile(out+".ods", o.Bytes(), 0o644)
}

// ReadCSV reads a CSV whose separator is sniffed from its first line.
func ReadCSV(data []byte) ([][]string, error) {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = reader.SniffComma(first)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	return r.ReadAll()
}
