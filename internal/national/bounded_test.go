package national_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/jeu1000/jeu1000/internal/budget"
	"github.com/jeu1000/jeu1000/internal/national"
	"github.com/jeu1000/jeu1000/internal/nomen"
	"github.com/jeu1000/jeu1000/internal/reader"
)

// lazyReader gives head, then body repeated until n bytes in all, without
// holding them; it counts what was read.
type lazyReader struct {
	head, body []byte
	n, read    int64
	off        int // offset in body
}

func (r *lazyReader) Read(p []byte) (int, error) {
	if r.read >= r.n {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && r.read < r.n {
		var c int
		if r.read < int64(len(r.head)) {
			c = copy(p[k:], r.head[r.read:])
		} else {
			c = copy(p[k:], r.body[r.off:])
			r.off = (r.off + c) % len(r.body)
		}
		if rem := r.n - r.read; int64(c) > rem {
			c = int(rem)
		}
		k += c
		r.read += int64(c)
	}
	return k, nil
}

// TestStreamBounded checks that inputs built to exhaust memory stop with
// an error naming the file and line after reading a bounded number of
// bytes (the memory held is bounded by what was read).
func TestStreamBounded(t *testing.T) {
	ok := nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6042", "1", "0") + "\n"
	for _, tt := range []struct {
		name     string
		in       *lazyReader
		opt      national.Options
		line     int
		expected string
		maxRead  int64
	}{
		{"a line of 1 GB", &lazyReader{head: []byte(national.Header + "\n" + ok + "2024;"), body: []byte("x"), n: 1 << 30},
			national.Options{}, 3, reader.ExpectShortLine, 4 << 20},
		{"a line of 1 GB of separators", &lazyReader{head: []byte(national.Header + "\n"), body: []byte(";;;;"), n: 1 << 30},
			national.Options{}, 2, reader.ExpectShortLine, 4 << 20},
		{"a header of 1 GB", &lazyReader{body: []byte("EXER;"), n: 1 << 30},
			national.Options{}, 1, reader.ExpectShortLine, 4 << 20},
		{"a quoted field of 1 GB over many lines", &lazyReader{head: []byte(national.Header + "\n" + ok + "2024;\""), body: []byte("x\n"), n: 1 << 30},
			national.Options{}, 3, reader.ExpectShortLine, 4 << 20},
		{"one budget of 5 M rows", &lazyReader{head: []byte(national.Header + "\n"), body: []byte(ok), n: 5_000_000 * int64(len(ok))},
			national.Options{}, national.DefaultMaxBudgetRows + 2, reader.ExpectSmallBudget, int64(national.DefaultMaxBudgetRows+1)*int64(len(ok)) + 4<<20},
		{"one budget of 5 M rows, contiguous", &lazyReader{head: []byte(national.Header + "\n"), body: []byte(ok), n: 5_000_000 * int64(len(ok))},
			national.Options{Contiguous: true}, national.DefaultMaxBudgetRows + 2, reader.ExpectSmallBudget, int64(national.DefaultMaxBudgetRows+1)*int64(len(ok)) + 4<<20},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stream(t, "big.csv", tt.in, tt.opt)
			e, isErr := reader.AsError(err)
			if !isErr || e.File != "big.csv" || e.Line != tt.line || e.Expected != tt.expected {
				t.Fatalf("got %v, want a *reader.Error at big.csv:%d expecting %q", err, tt.line, tt.expected)
			}
			if tt.in.read > tt.maxRead {
				t.Errorf("read %d bytes before failing, want at most %d", tt.in.read, tt.maxRead)
			}
			if e.French() == "" || strings.Contains(e.French(), "valeur attendue :") {
				t.Errorf("no French rendering: %s", e.French())
			}
		})
	}
}

// zipStream zips the bytes of r (read lazily) into one entry.
func zipStream(t *testing.T, name string, r io.Reader) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(w, r); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// countingReaderAt counts the bytes read through ReadAt.
type countingReaderAt struct {
	*bytes.Reader
	read int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.Reader.ReadAt(p, off)
	c.read += int64(n)
	return n, err
}

// TestStreamZipBomb checks that a zip whose entry inflates to much more
// than it weighs is refused before it is inflated, and that a bomb let
// through stops at the line limit.
func TestStreamZipBomb(t *testing.T) {
	// 64 MB of one endless line compress to about 64 KB.
	const size = 64 << 20
	bomb := zipStream(t, "BalanceSPL_Fonction_2024.csv", &lazyReader{head: []byte(national.Header + "\n2024;"), body: []byte("x"), n: size})
	t.Logf("zip of %d bytes holding %d bytes", len(bomb), size)

	// Refused by ratio, from the central directory: the entry is not read.
	ra := &countingReaderAt{Reader: bytes.NewReader(bomb)}
	_, err := stream(t, "bomb.zip", ra, national.Options{})
	e, ok := reader.AsError(err)
	if !ok || !errors.Is(err, national.ErrZipBomb) || e.Expected != reader.ExpectSmallZip || e.File != "bomb.zip" {
		t.Fatalf("got %v, want ErrZipBomb", err)
	}
	if ra.read > int64(len(bomb))/2 {
		t.Errorf("read %d bytes of a %d-byte zip before refusing it", ra.read, len(bomb))
	}
	// Refused by size.
	if _, err := stream(t, "bomb.zip", bytes.NewReader(bomb), national.Options{MaxRatio: 1 << 20, MaxInflated: size / 2}); !errors.Is(err, national.ErrZipBomb) {
		t.Fatalf("size: got %v, want ErrZipBomb", err)
	}
	// Spooled from a plain reader: refused too.
	if _, err := stream(t, "bomb.zip", io.MultiReader(bytes.NewReader(bomb)), national.Options{TempDir: t.TempDir()}); !errors.Is(err, national.ErrZipBomb) {
		t.Fatalf("spooled: got %v, want ErrZipBomb", err)
	}
	// Let through, it stops at the line limit, having inflated little.
	var st national.Stats
	_, err = stream(t, "bomb.zip", bytes.NewReader(bomb), national.Options{MaxRatio: 1 << 20, Stats: &st})
	if e, ok := reader.AsError(err); !ok || e.Expected != reader.ExpectShortLine || e.File != "bomb.zip/BalanceSPL_Fonction_2024.csv" || e.Line != 2 {
		t.Fatalf("got %v, want a line too long at bomb.zip/BalanceSPL_Fonction_2024.csv:2", err)
	}
	if st.Bytes > 8<<20 {
		t.Errorf("inflated %d bytes before failing", st.Bytes)
	}
	// A zip whose entry declares less than it holds is stopped by
	// archive/zip at the declared size.
	small := zipStream(t, "f.csv", strings.NewReader(national.Header+"\n"+strings.Repeat(nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6042", "1", "0")+"\n", 100)))
	lied := lieSize(t, small, 1000)
	if _, err := stream(t, "lie.zip", bytes.NewReader(lied), national.Options{}); err == nil || !errors.Is(err, zip.ErrFormat) {
		t.Fatalf("entry larger than declared: got %v, want zip.ErrFormat", err)
	}
}

// lieSize rewrites the uncompressed size of the only entry of a zip (local
// header and central directory) to n.
func lieSize(t *testing.T, z []byte, n uint32) []byte {
	t.Helper()
	out := bytes.Clone(z)
	put := func(off int) {
		out[off], out[off+1], out[off+2], out[off+3] = byte(n), byte(n>>8), byte(n>>16), byte(n>>24)
	}
	if !bytes.HasPrefix(out, []byte("PK\x03\x04")) {
		t.Fatal("no local header")
	}
	put(22)
	// The data descriptor, written after the data by zip.Writer.
	if i := bytes.Index(out, []byte("PK\x07\x08")); i > 0 {
		put(i + 12)
	}
	i := bytes.Index(out, []byte("PK\x01\x02"))
	if i < 0 {
		t.Fatal("no central directory")
	}
	put(i + 24)
	return out
}

// TestStreamRejects checks that rows that make no sense are counted by
// reason with their file:line, never become lines, and do not stop the
// stream.
func TestStreamRejects(t *testing.T) {
	row := func(exer, ident, fonction, compte, amount, oob string) string {
		r := nrow(ident, "033", "063", "B", "1", "M14", "Commune", fonction, compte, amount, oob)
		return strings.Replace(r, "2024", exer, 1)
	}
	const id = "21330063500017"
	good := strings.Repeat(row("2024", id, "", "6042", "1", "0")+"\n", 4)
	for _, tt := range []struct {
		name     string
		bad      string
		opt      national.Options
		reason   national.Reason
		field    string
		expected string
	}{
		{"no IDENT", row("2024", "", "", "6042", "1", "0"), national.Options{}, national.ReasonIdent, "IDENT", reader.ExpectValue},
		{"IDENT not a number", row("2024", "2133OO635", "", "6042", "1", "0"), national.Options{}, national.ReasonIdent, "IDENT", reader.ExpectValue},
		{"EXER not a year", row("20x4", id, "", "6042", "1", "0"), national.Options{}, national.ReasonYear, "EXER", reader.ExpectYear},
		{"EXER changes", row("2023", id, "", "6042", "1", "0"), national.Options{}, national.ReasonOtherYear, "EXER", reader.ExpectSameValue},
		{"account not a number", row("2024", id, "", "6O42", "1", "0"), national.Options{}, national.ReasonAccount, "COMPTE", reader.ExpectNature},
		{"no account", row("2024", id, "", "", "1", "0"), national.Options{}, national.ReasonAccount, "COMPTE", reader.ExpectNature},
		{"account of no plan", row("2024", id, "", "6999", "1", "0"), national.Options{Nature: func(s string) bool { return s == "6042" }}, national.ReasonUnknownAccount, "COMPTE", reader.ExpectNature},
		{"function garbage", row("2024", id, "2x", "6042", "1", "0"), national.Options{}, national.ReasonFunction, "FONCTION", reader.ExpectFunction},
		{"amount garbage", row("2024", id, "", "6042", "12a", "0"), national.Options{}, national.ReasonAmount, "OBNETDEB", reader.ExpectAmount},
		{"ordre amount garbage", row("2024", id, "", "6042", "1", "1e30"), national.Options{}, national.ReasonAmount, "OOBDEB", reader.ExpectAmount},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, contiguous := range []bool{false, true} {
				var st national.Stats
				opt := tt.opt
				opt.Stats, opt.Contiguous = &st, contiguous
				// The bad row is line 4, between good rows.
				data := national.Header + "\n" + good[:len(good)/2] + tt.bad + "\n" + good[len(good)/2:]
				docs, err := stream(t, "rows.csv", strings.NewReader(data), opt)
				if err != nil {
					t.Fatal(err)
				}
				if len(docs) != 1 || len(docs[0].Lines) != 4 {
					t.Fatalf("%d documents, want one of 4 lines", len(docs))
				}
				for _, l := range docs[0].Lines {
					if l.Pos == 4 {
						t.Fatal("the rejected row became a line")
					}
				}
				if st.Rejected != 1 || st.Rows != 5 || len(st.Faults) != 1 {
					t.Fatalf("stats %+v, want 1 of 5 rows rejected", st)
				}
				f := st.Faults[0]
				if f.Reason != tt.reason || f.Rows != 1 || len(f.Examples) != 1 {
					t.Fatalf("fault %+v, want %q", f, tt.reason)
				}
				e := f.Examples[0]
				if e.File != "rows.csv" || e.Line != 4 || e.Field != tt.field || e.Expected != tt.expected {
					t.Fatalf("example %v (line %d field %q), want line 4 field %q expected %q", e, e.Line, e.Field, tt.field, tt.expected)
				}
				if want := "1 rows: " + string(tt.reason) + " (rows.csv:4)"; st.FaultSummary() != want {
					t.Errorf("summary %q, want %q", st.FaultSummary(), want)
				}
			}
		})
	}

	// Examples: the first MaxExamples; the count is all of them.
	var st national.Stats
	data := national.Header + "\n" + strings.Repeat(good, 3) + strings.Repeat(row("2024", id, "", "6042", "x", "0")+"\n", 8)
	if _, err := stream(t, "many.csv", strings.NewReader(data), national.Options{Stats: &st}); err != nil {
		t.Fatal(err)
	}
	if f := st.Faults[0]; f.Rows != 8 || len(f.Examples) != national.MaxExamples || f.Examples[4].Line != 18 {
		t.Fatalf("fault %+v", f)
	}
	if s := st.FaultSummary(); !strings.HasSuffix(s, "many.csv:18…)") {
		t.Errorf("summary %q", s)
	}
	// Over half the rows rejected: the file fails, naming the reasons.
	data = national.Header + "\n" + good + strings.Repeat(row("2024", id, "", "6042", "x", "0")+"\n", 5)
	_, err := stream(t, "bad.csv", strings.NewReader(data), national.Options{})
	if e, ok := reader.AsError(err); !ok || !errors.Is(err, national.ErrRejected) || e.Expected != reader.ExpectSensibleRows ||
		!strings.Contains(err.Error(), "5 rows: amount that does not parse (bad.csv:6") {
		t.Fatalf("got %v, want ErrRejected", err)
	}
	// Rows of budgets left out are not checked, nor counted against the file.
	data = national.Header + "\n" + good + strings.Repeat(nrow("25330125300014", "033", "000", "SIVU", "1", "M14", "SYND", "", "6O42", "x", "0")+"\n", 20)
	if docs, err := stream(t, "synd.csv", strings.NewReader(data), national.Options{Stats: &st}); err != nil || len(docs) != 1 || st.Rejected != 0 || st.SkippedRows != 20 {
		t.Fatalf("got %d documents, %v, %+v", len(docs), err, st)
	}
}

// TestStreamNomenclature checks that a budget of an unknown nomenclature
// is skipped with an example naming it, and the others are kept.
func TestStreamNomenclature(t *testing.T) {
	cat, err := nomen.Default()
	if err != nil {
		t.Fatal(err)
	}
	data := national.Header + "\n" +
		nrow("21330063500017", "033", "063", "BORDEAUX", "1", "M14", "Commune", "", "6042", "1", "0") + "\n" +
		nrow("21340172201787", "034", "172", "MONTPELLIER", "1", "M99", "Commune", "", "6042", "1", "0") + "\n" +
		nrow("21340172201787", "034", "172", "MONTPELLIER", "1", "M99", "Commune", "", "6043", "1", "0") + "\n" +
		nrow("21930048000013", "093", "048", "MONTREUIL", "1", "M57", "Commune", "", "6042", "1", "0") + "\n"
	for _, contiguous := range []bool{false, true} {
		var st national.Stats
		docs, err := stream(t, "nomen.csv", strings.NewReader(data), national.Options{Stats: &st, Contiguous: contiguous, Nomenclature: national.PlanNomenclature(cat)})
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 2 || docs[0].Authority.Name != "BORDEAUX" || docs[1].Authority.Name != "MONTREUIL" {
			t.Fatalf("%d documents, want Bordeaux and Montreuil", len(docs))
		}
		if len(st.Faults) != 1 || st.Faults[0].Reason != national.ReasonNomenclature || st.Faults[0].Budgets != 1 || st.Faults[0].Rows != 2 || st.Rejected != 0 {
			t.Fatalf("faults %+v", st.Faults)
		}
		e := st.Faults[0].Examples[0]
		msg := e.Error()
		if e.Line != 3 || e.Field != "NOMEN" || e.Got != "M99" || e.Expected != reader.ExpectNomenclature ||
			!strings.Contains(msg, "21340172201787") || !strings.Contains(msg, "MONTPELLIER") || !strings.Contains(msg, "Commune") || !errors.Is(e, nomen.ErrUnknownNomenclature) {
			t.Fatalf("example %q", msg)
		}
	}
}

// TestPlanNatures pins which accounts the plans know.
func TestPlanNatures(t *testing.T) {
	cat, err := nomen.Default()
	if err != nil {
		t.Fatal(err)
	}
	known := national.PlanNatures(cat)
	for code, want := range map[string]bool{
		"6042": true, "60623": true, "6574": true, "2031": true, "7391": true, "1641": true, "60": true, "6068123": true,
		"": false, "6O42": false, "99": false, "0": false, "9999": false,
	} {
		if got := known(code); got != want {
			t.Errorf("known(%q) = %v, want %v", code, got, want)
		}
	}
	if err := national.PlanNomenclature(cat)(budget.Nomenclature{Norm: "M99"}, 2024); !errors.Is(err, nomen.ErrUnknownNomenclature) {
		t.Errorf("M99: %v", err)
	}
	if err := national.PlanNomenclature(cat)(budget.Nomenclature{Norm: "M57", Variant: "M57_A"}, 2024); err != nil {
		t.Errorf("M57_A: %v", err)
	}
}

// TestStreamProgress checks the progress reports and their log lines.
func TestStreamProgress(t *testing.T) {
	ok := nrow("21330063500017", "033", "063", "B", "1", "M14", "Commune", "", "6042", "1", "0") + "\n"
	data := []byte(national.Header + "\n" + strings.Repeat(ok, 140_000))
	var got []national.Progress
	var log bytes.Buffer
	logf := national.ProgressLog(&log, "p.csv", 0)
	if _, err := stream(t, "p.csv", bytes.NewReader(data), national.Options{Progress: func(p national.Progress) {
		got = append(got, p)
		logf(p)
	}}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Rows != 1<<16 || got[1].Rows != 2<<16 || got[2].Rows != 140_000 {
		t.Fatalf("progress %+v, want at 65,536, 131,072 and 140,000 rows", got)
	}
	for i, p := range got {
		if p.Total != int64(len(data)) || p.Bytes <= 0 || p.Bytes > p.Total || i > 0 && p.Bytes < got[i-1].Bytes {
			t.Fatalf("progress %d: %+v (file of %d bytes)", i, p, len(data))
		}
	}
	lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[2], "p.csv: 140000 rows, ") || !strings.HasSuffix(lines[2], " rows/s") {
		t.Fatalf("log %q", log.String())
	}
}

// budgetsReader gives a header then up to n one-row budgets, each of its
// own IDENT, made as they are read; it counts the bytes read.
type budgetsReader struct {
	n, i int
	buf  []byte
	read int64
}

func (r *budgetsReader) Read(p []byte) (int, error) {
	for len(r.buf) < len(p) && r.i <= r.n {
		if r.i == 0 {
			r.buf = append(r.buf, national.Header+"\n"...)
		} else {
			id := strconv.Itoa(21000000000000 + r.i)
			r.buf = append(r.buf, nrow(id, "033", "063", "B", "1", "M14", "Commune", "", "6042", "1", "0")+"\n"...)
		}
		r.i++
	}
	if len(r.buf) == 0 {
		return 0, io.EOF
	}
	k := copy(p, r.buf)
	r.buf = r.buf[k:]
	r.read += int64(k)
	return k, nil
}

// TestStreamManyBudgets checks that 5 M budgets of one row stop at
// Options.MaxBudgets, in either mode.
func TestStreamManyBudgets(t *testing.T) {
	for _, contiguous := range []bool{false, true} {
		in := &budgetsReader{n: 5_000_000}
		_, err := stream(t, "many.csv", in, national.Options{MaxBudgets: 10_000, Contiguous: contiguous})
		if e, ok := reader.AsError(err); !ok || e.Expected != reader.ExpectFewBudgets || e.Line != 10_002 || e.Field != "IDENT" {
			t.Fatalf("got %v, want too many budgets at many.csv:10002", err)
		}
		if in.read > 10_001*200+2<<20 {
			t.Errorf("read %d bytes before failing", in.read)
		}
	}
}
