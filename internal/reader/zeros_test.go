package reader

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
)

// A function code is a code, never a number: these tests check every way a
// code typed 020 reaches the readers (calc gives a number's zeros back).

// zeroXLSX is a one-sheet workbook of rows (cells: "n:20" a number cell,
// "n000:20" a number cell of format "000", anything else inline text) with
// a styles part whose second cell format shows numbers with three digits.
func zeroXLSX(t testing.TB, rows [][]string) []byte {
	var b strings.Builder
	for r, row := range rows {
		fmt.Fprintf(&b, `<row r="%d">`, r+1)
		for c, v := range row {
			ref := fmt.Sprintf("%c%d", 'A'+c, r+1)
			switch {
			case strings.HasPrefix(v, "n000:"):
				fmt.Fprintf(&b, `<c r="%s" s="1"><v>%s</v></c>`, ref, strings.TrimPrefix(v, "n000:"))
			case strings.HasPrefix(v, "n:"):
				fmt.Fprintf(&b, `<c r="%s" s="0"><v>%s</v></c>`, ref, strings.TrimPrefix(v, "n:"))
			default:
				fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, v)
			}
		}
		b.WriteString(`</row>`)
	}
	return zipOf(t,
		"xl/workbook.xml", `<?xml version="1.0"?><workbook `+xlsxNS+`><sheets><sheet name="BP" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/styles.xml", `<?xml version="1.0"?><styleSheet `+xlsxNS+`><numFmts count="2"><numFmt numFmtId="164" formatCode="000"/><numFmt numFmtId="165" formatCode="#,##0.00"/></numFmts>`+
			`<cellStyleXfs count="1"><xf numFmtId="164"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/></cellXfs></styleSheet>`,
		"xl/worksheets/sheet1.xml", `<worksheet `+xlsxNS+`><sheetData>`+b.String()+`</sheetData></worksheet>`,
	)
}

// zeroODS is a one-sheet ODS of rows (cells: "n:20" a float cell shown
// "20", "n000:20" a float cell shown "020", anything else text).
func zeroODS(t testing.TB, rows [][]string) []byte {
	var b strings.Builder
	for _, row := range rows {
		b.WriteString(`<table:table-row>`)
		for _, v := range row {
			switch {
			case strings.HasPrefix(v, "n000:"):
				n := strings.TrimPrefix(v, "n000:")
				fmt.Fprintf(&b, `<table:table-cell office:value-type="float" office:value="%s"><text:p>%03s</text:p></table:table-cell>`, n, n)
			case strings.HasPrefix(v, "n:"):
				n := strings.TrimPrefix(v, "n:")
				fmt.Fprintf(&b, `<table:table-cell office:value-type="float" office:value="%s"><text:p>%s</text:p></table:table-cell>`, n, n)
			default:
				fmt.Fprintf(&b, `<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>`, v)
			}
		}
		b.WriteString(`</table-row>`)
	}
	body := strings.ReplaceAll(b.String(), "</table-row>", "</table:table-row>")
	return zipOf(t, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml",
		`<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="BP">`+
			body+`</table:table></office:spreadsheet></office:body></office:document-content>`)
}

func TestFunctionCodesKeepTheirZeros(t *testing.T) {
	// The template's columns on the first row, or a title above them (the
	// file is then a table read through the proposed mapping).
	template := [][]string{{"section", "fonction", "montant"}}
	titled := [][]string{{"Projet de budget 2025"}, {"Section", "Fonction", "Montant"}}
	rows := [][]string{
		{"F", "n000:20", "n:1000"}, // a number shown 020 by its format
		{"F", "020", "n:500"},      // text
		{"F", "n:20", "n:250"},     // a number: 20 or 020, the plan will tell
		{"I", "n:4221", "n:100"},   // four digits: never a lost zero
	}
	want := []string{"/020 @%d", "/020 @%d", "/20 @%d", "/4221 @%d"}
	for _, tt := range []struct {
		name   string
		head   [][]string
		format budget.Format
		file   func(testing.TB, [][]string) []byte
		ext    string
	}{
		{"xlsx template", template, budget.FormatTemplate, zeroXLSX, "xlsx"},
		{"xlsx table", titled, budget.FormatTable, zeroXLSX, "xlsx"},
		{"ods template", template, budget.FormatTemplate, zeroODS, "ods"},
		{"ods table", titled, budget.FormatTable, zeroODS, "ods"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("b."+tt.ext, tt.file(t, append(append([][]string{}, tt.head...), rows...)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != tt.format {
				t.Errorf("format %s, want %s", doc.Format, tt.format)
			}
			first := len(tt.head) + 1
			var got, wantLines []string
			for i, l := range doc.Lines {
				got = append(got, fmt.Sprintf("/%s @%d", l.Function, l.Pos))
				wantLines = append(wantLines, fmt.Sprintf(want[i], first+i))
			}
			if !reflect.DeepEqual(got, wantLines) {
				t.Errorf("lines\n got %q\nwant %q", got, wantLines)
			}
			header := tt.head[len(tt.head)-1][1]
			if w := []budget.NumberCode{{Index: 2, Field: header}}; !reflect.DeepEqual(doc.NumberCodes, w) {
				t.Errorf("number codes %+v, want %+v", doc.NumberCodes, w)
			}
		})
	}
}

func TestFunctionCodesAsTextInCSV(t *testing.T) {
	byHand := &Mapping{Header: 2, Columns: map[Role]int{RoleSection: 0, RoleFunction: 1, RoleNature: 2, RoleAmount: 3}}
	for _, tt := range []struct {
		name, csv string
		mapping   *Mapping
		want      []string
	}{
		{"template: quote and formula in front", "section;fonction;montant\nF;'020;10\nF;=\"020\";20\nF;`0202;30\nF; 020 ;40\n", nil,
			[]string{"D0F /020 MtPrev=10.00 @2", "D0F /020 MtPrev=20.00 @3", "D0F /0202 MtPrev=30.00 @4", "D0F /020 MtPrev=40.00 @5"}},
		{"table: quote and formula in front", "Projet\nSection;Rubrique;Article;Montant\nF;'020;6042;10\nF;=\"020\";6042;20\n", byHand,
			[]string{"D0F 6042/020 MtPrev=10.00 @3", "D0F 6042/020 MtPrev=20.00 @4"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("b.csv", []byte(tt.csv), Options{Mapping: tt.mapping})
			if err != nil {
				t.Fatal(err)
			}
			if got := summaries(doc); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("lines\n got %q\nwant %q", got, tt.want)
			}
			if len(doc.NumberCodes) != 0 {
				t.Errorf("a CSV holds text only: number codes %+v", doc.NumberCodes)
			}
		})
	}
}

func TestZeroWidth(t *testing.T) {
	for code, want := range map[string]int{"000": 3, "0000": 4, `"0"00`: 3, `\0\0\0`: 3, "000;-000": 3, "0": 0, "#,##0": 0, "0.00": 0, "General": 0, "": 0, "@": 0} {
		if got := zeroWidth(code); got != want {
			t.Errorf("zeroWidth(%q) = %d, want %d", code, got, want)
		}
	}
}
