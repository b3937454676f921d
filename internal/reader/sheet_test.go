package reader

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/sheetfile"
)

// zipOf builds a zip of the given entries (name, body), in order.
func zipOf(t testing.TB, entries ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(entries); i += 2 {
		w, err := zw.Create(entries[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(entries[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const xlsxNS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// handXLSX is a workbook as Excel writes it: shared strings (one rich text
// with a phonetic run), a title merged over the header, a merged header
// cell, a formula with its cached value, a number stored with binary noise,
// a number stored as French text, cells without references, two sheets.
func handXLSX(t testing.TB) []byte {
	return zipOf(t,
		"xl/workbook.xml", `<?xml version="1.0"?><workbook `+xlsxNS+`><sheets>`+
			`<sheet name="Notes" sheetId="1" r:id="rId2"/><sheet name="BP 2025" sheetId="2" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Target="worksheets/budget.xml"/><Relationship Id="rId2" Target="/xl/worksheets/notes.xml"/></Relationships>`,
		"xl/sharedStrings.xml", `<?xml version="1.0"?><sst `+xlsxNS+`>`+
			`<si><t>Budget primitif 2025</t></si>`+
			`<si><r><t>Sec</t></r><r><t>tion</t></r><rPh><t>セクション</t></rPh></si>`+
			`<si><t>Fonction</t></si><si><t>Montant</t></si><si><t>1 250 000,50</t></si><si><t>Compte</t></si></sst>`,
		"xl/worksheets/notes.xml", `<worksheet `+xlsxNS+`><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>À lire</t></is></c></row></sheetData></worksheet>`,
		"xl/worksheets/budget.xml", `<worksheet `+xlsxNS+`><sheetData>`+
			`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`+
			`<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c><c r="C3" t="s"><v>3</v></c><c r="E3" t="s"><v>5</v></c></row>`+
			`<row r="4"><c r="A4" t="inlineStr"><is><t>F</t></is></c><c r="B4" t="inlineStr"><is><t>212</t></is></c><c r="C4"><v>138500.50000000001</v></c><c r="D4"/><c r="E4"><v>6042</v></c></row>`+
			`<row r="5"><c r="A5" t="inlineStr"><is><t>I</t></is></c><c t="inlineStr"><is><t>212</t></is></c><c t="s"><v>4</v></c></row>`+
			`<row r="6"><c r="A6" t="inlineStr"><is><t>F</t></is></c><c r="B6" t="str"><f>"0"&amp;"20"</f><v>020</v></c><c r="C6"><f>C4/2</f><v>69250.25</v></c><c r="D6" t="b"><v>1</v></c></row>`+
			`</sheetData><mergeCells count="2"><mergeCell ref="A1:E2"/><mergeCell ref="C3:D3"/></mergeCells></worksheet>`,
	)
}

func TestReadSheetXLSX(t *testing.T) {
	data := handXLSX(t)
	sh, err := ReadSheet("b.xlsx", data, "BP 2025")
	if err != nil {
		t.Fatal(err)
	}
	title := "Budget primitif 2025"
	want := [][]string{
		{title, title, title, title, title},
		{title, title, title, title, title},
		{"Section", "Fonction", "Montant", "Montant", "Compte"},
		{"F", "212", "138500.5", "", "6042"},
		{"I", "212", "1 250 000,50"},
		{"F", "020", "69250.25", "VRAI"},
	}
	if !reflect.DeepEqual(sh.Rows, want) {
		t.Errorf("rows\n got %q\nwant %q", sh.Rows, want)
	}
	if !reflect.DeepEqual(sh.Names, []string{"Notes", "BP 2025"}) || sh.Name != "BP 2025" || sh.Format != "xlsx" {
		t.Errorf("sheets %q, read %q (%s)", sh.Names, sh.Name, sh.Format)
	}
	first, err := ReadSheet("b.xlsx", data, "")
	if err != nil || first.Name != "Notes" || !reflect.DeepEqual(first.Rows, [][]string{{"À lire"}}) {
		t.Errorf("first sheet: %v %q %q", err, first.Name, first.Rows)
	}
	_, err = ReadSheet("b.xlsx", data, "Feuil9")
	wantError(t, err, 0, "sheet", ExpectSheet)

	// Read: the header under the merged title is found, numbers as text
	// with French formatting read, the formula's cached value counts.
	doc, err := Read("b.xlsx", data, Options{Sheet: "BP 2025"})
	if err != nil {
		t.Fatal(err)
	}
	got := summaries(doc)
	wantLines := []string{"D0F 6042/212 MtPrev=138500.50 @4", "D0I /212 MtPrev=1250000.50 @5", "D0F /020 MtPrev=69250.25 @6"}
	if !reflect.DeepEqual(got, wantLines) {
		t.Errorf("lines\n got %q\nwant %q", got, wantLines)
	}
}

// handODS is a sheet as LibreOffice writes it: repeated empty rows and
// columns (a million of them), a merged title over covered cells, a
// number cell whose display is French, a formula with its value, a cell
// with an annotation and <text:s/> spaces.
const handODS = `<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>
<table:table table:name="Feuille1"><table:table-column table:number-columns-repeated="16384"/>
<table:table-row><table:table-cell table:number-columns-spanned="3" office:value-type="string"><text:p>Projet de budget</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell table:number-columns-repeated="16381"/></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>section</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>fonction</text:p></table:table-cell><table:table-cell office:value-type="string"><office:annotation><text:p>en euros</text:p></office:annotation><text:p>montant</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>F</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>2<text:s/>12</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="1234.5" table:number-columns-repeated="1"><text:p>1 234,50</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>I</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>212</text:p></table:table-cell><table:table-cell table:formula="of:=[.C5]*2" office:value-type="currency" office:currency="EUR" office:value="2469"><text:p>2 469,00 €</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>F</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>311</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>12 000,75</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
</table:table><table:table table:name="Vide"/></office:spreadsheet></office:body></office:document-content>`

func TestReadSheetODS(t *testing.T) {
	data := zipOf(t, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", handODS)
	sh, err := ReadSheet("b.ods", data, "")
	if err != nil {
		t.Fatal(err)
	}
	title := "Projet de budget"
	want := [][]string{
		{title, title, title},
		nil, nil,
		{"section", "fonction", "montant"},
		{"F", "2 12", "1234.5"},
		{"I", "212", "2469"},
		{"F", "311", "12 000,75"},
	}
	if !reflect.DeepEqual(sh.Rows, want) {
		t.Errorf("rows\n got %q\nwant %q", sh.Rows, want)
	}
	if !reflect.DeepEqual(sh.Names, []string{"Feuille1", "Vide"}) || sh.Format != "ods" {
		t.Errorf("sheets %q (%s)", sh.Names, sh.Format)
	}
	doc, err := Read("b.ods", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// With the sheet's line numbers; the title above the header makes it a
	// table read through the proposed mapping (the template's columns).
	got := summaries(doc)
	wantLines := []string{"D0F /212 MtPrev=1234.50 @5", "D0I /212 MtPrev=2469.00 @6", "D0F /311 MtPrev=12000.75 @7"}
	if doc.Format != budget.FormatTable || !reflect.DeepEqual(got, wantLines) {
		t.Errorf("%s lines\n got %q\nwant %q", doc.Format, got, wantLines)
	}
}

func TestReadSheetErrors(t *testing.T) {
	// A zip bomb: 64 MB of zeros in a few kilobytes, refused from its
	// declared sizes before it is inflated.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("xl/workbook.xml")
	zero := make([]byte, 1<<20)
	for range 64 {
		w.Write(zero)
	}
	zw.Close()
	if bomb.Len() > 1<<20 {
		t.Fatalf("bomb of %d bytes", bomb.Len())
	}
	huge := strings.Repeat(`<c r="A1"><v>1</v></c>`, 1)
	tests := []struct {
		name     string
		data     []byte
		field    string
		expected string
	}{
		{"bomb", bomb.Bytes(), "xl/workbook.xml", ExpectSmallZip},
		{"not a workbook", zipOf(t, "readme.txt", "hello"), "", ExpectSpreadsheet},
		{"broken zip", []byte("PK\x03\x04 and then nothing"), "", ExpectSpreadsheet},
		{"no sheet", zipOf(t, "xl/workbook.xml", `<workbook><sheets/></workbook>`), "xl/workbook.xml", ExpectSpreadsheet},
		{"bad xml", zipOf(t, "xl/workbook.xml", `<workbook><sheets><sheet name="a"`), "xl/workbook.xml", ExpectXML},
		{"missing part", zipOf(t, "xl/workbook.xml", `<workbook><sheets><sheet name="a"/></sheets></workbook>`), "xl/worksheets/sheet1.xml", ExpectSpreadsheet},
		{"column beyond the limit", zipOf(t, "xl/workbook.xml", `<workbook><sheets><sheet name="a"/></sheets></workbook>`,
			"xl/worksheets/sheet1.xml", `<worksheet><sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>`), "", ExpectSmallSheet},
		{"row beyond the limit", zipOf(t, "xl/workbook.xml", `<workbook><sheets><sheet name="a"/></sheets></workbook>`,
			"xl/worksheets/sheet1.xml", `<worksheet><sheetData><row r="900000">`+huge+`</row></sheetData></worksheet>`), "", ""},
		{"shared string out of range", zipOf(t, "xl/workbook.xml", `<workbook><sheets><sheet name="a"/></sheets></workbook>`,
			"xl/worksheets/sheet1.xml", `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>`), "xl/worksheets/sheet1.xml", ExpectXML},
		{"ods rows repeated past the limit", zipOf(t, "content.xml", `<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="a">`+
			`<table:table-row table:number-rows-repeated="999999"><table:table-cell table:number-columns-repeated="9999" office:value-type="float" office:value="1"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`), "", ExpectSmallSheet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadSheet("s.xlsx", tt.data, "")
			if tt.expected == "" {
				// Cell A1 in a row numbered 900000: the cell's own
				// reference wins, as in Excel.
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e, ok := AsError(err)
			if !ok {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			if e.Expected != tt.expected || tt.field != "" && e.Field != tt.field {
				t.Errorf("got field %q expected %q (%v), want %q %q", e.Field, e.Expected, err, tt.field, tt.expected)
			}
			if tt.expected == ExpectSmallSheet && !errors.Is(err, errSheetTooLarge) {
				t.Errorf("%v does not wrap errSheetTooLarge", err)
			}
		})
	}
}

// TestSheetFixtures: the committed workbooks built by tools/mksheet from
// Gironde's 2016 accounts (title merged over the header, amounts half as
// numbers and half as French text, a total row with its formula) read as
// the CSV they come from: the same lines, one row lower.
func TestSheetFixtures(t *testing.T) {
	for _, ext := range []string{"xlsx", "ods"} {
		data, err := os.ReadFile(filepath.Join("testdata", "sheets", "gironde-2016-ca."+ext))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Read("g."+ext, data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if doc.Format != budget.FormatTable || doc.Kind != budget.KindCA || doc.Year != 2016 || doc.Nomenclature.Norm != "M52" || len(doc.Lines) != 1251 {
			t.Fatalf("%s: %s %s %d %v, %d lines", ext, doc.Format, doc.Kind, doc.Year, doc.Nomenclature, len(doc.Lines))
		}
		var spent budget.Amount
		for _, l := range doc.Lines {
			if l.Direction == budget.Expense && l.Operation == budget.Real && l.Section == budget.Investissement && l.Nature != "16449" {
				spent += l.Amounts[budget.MtReal]
			}
		}
		// The département's own figure.
		if spent.String() != "244877921.12" {
			t.Errorf("%s: real investment spending without 16449 %s, want 244877921.12", ext, spent)
		}
		csvPath := filepath.Join("..", "..", "..", "shared", "data", "departement-csv", "gironde-33", "cedi_2016_CA.csv")
		csvData, err := os.ReadFile(csvPath)
		if err != nil {
			continue // the shared data is checked by the CLI's golden tests
		}
		want, err := Read("g.csv", csvData, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range want.Lines {
			want.Lines[i].Pos++
		}
		if !reflect.DeepEqual(doc.Lines, want.Lines) {
			t.Errorf("%s: lines differ from the CSV's", ext)
		}
	}
}

// TestSheetfileRoundTrip: what sheetfile writes, the readers read back.
func TestSheetfileRoundTrip(t *testing.T) {
	s := sheetfile.Fixture("Titre", [][]string{{"section", "fonction", "montant"}, {"F", "212", "-1234567.8"}, {"I", "020", "12.5"}, {"F", "311", "7"}}, 2)
	for _, write := range []func(*bytes.Buffer, sheetfile.Sheet) error{
		func(b *bytes.Buffer, s sheetfile.Sheet) error { return sheetfile.WriteXLSX(b, s) },
		func(b *bytes.Buffer, s sheetfile.Sheet) error { return sheetfile.WriteODS(b, s) },
	} {
		var b bytes.Buffer
		if err := write(&b, s); err != nil {
			t.Fatal(err)
		}
		sh, err := ReadSheet("x", b.Bytes(), "")
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{{"Titre", "Titre", "Titre"}, {"section", "fonction", "montant"},
			{"F", "212", "-1\u00A0234\u00A0567,80"}, {"I", "020", "12.5"}, {"F", "311", "7,00"}, {"Total", "", "-1234548.3"}}
		if !reflect.DeepEqual(sh.Rows, want) {
			t.Errorf("%s: rows\n got %q\nwant %q", sh.Format, sh.Rows, want)
		}
	}
}

// FuzzReadSheet: whatever the bytes, ReadSheet and Read stay bounded and
// return an *Error or a sane document.
func FuzzReadSheet(f *testing.F) {
	f.Add(handXLSX(f))
	f.Add(zipOf(f, "content.xml", handODS))
	// Number cells, a number format of zeros (xl/styles.xml), numbers shown with zeros (ODS).
	zeros := [][]string{{"section", "fonction", "montant"}, {"F", "n000:20", "n:1000"}, {"F", "n:20", "n:250"}}
	f.Add(zeroXLSX(f, zeros))
	f.Add(zeroODS(f, zeros))
	for _, name := range []string{"gironde-2016-ca.xlsx", "gironde-2016-ca.ods"} {
		if data, err := os.ReadFile(filepath.Join("testdata", "sheets", name)); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text := data
		if sh, err := ReadSheet("f.xlsx", data, ""); err != nil {
			if _, ok := AsError(err); !ok {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
		} else {
			text = SheetText(sh.Rows) // what line numbers refer to
		}
		doc, err := Read("f.xlsx", data, Options{})
		checkRead(t, text, doc, err)
	})
}
