package national

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jeu1000/jeu1000/internal/reader"
)

// DefaultBase is the portal where the DGFiP publishes the national files.
const DefaultBase = "https://data.economie.gouv.fr"

// FirstYear and LastYear bound the exercices Slug knows.
const (
	FirstYear = 2012
	LastYear  = 2025
)

// ErrYear is wrapped by the error of Slug for a year it does not know.
var ErrYear = errors.New("no national nature-fonction balance known for this year")

// Slug returns the identifier of the data.economie.gouv.fr dataset that
// holds the national nature-fonction balance of an exercice. The
// identifiers cannot be derived from the year (see ../shared/data/README.md,
// "Where the national files live").
func Slug(year int) (string, error) {
	const short = "balances-comptables-des-collectivites-et-des-etablissements-publics-locaux-avec"
	switch year {
	case 2012, 2013, 2014, 2015, 2016:
		return fmt.Sprintf("%s%d", short, 2016-year+1), nil // …-avec5 (2012) to …-avec1 (2016)
	case 2017:
		return short + "-", nil
	case 2018:
		return short + "0", nil
	case 2019, 2020, 2021:
		return fmt.Sprintf("%s%d", short, year-2019+6), nil // …-avec6 to …-avec8
	case 2022:
		return "balances-comptables-des-collectivites-et-des-etablissements-publics-locaux-2022", nil
	case 2023:
		return "balances-comptables-des-collectivites-et-des-epl-avec-fonction-2023", nil
	case 2024, 2025:
		return fmt.Sprintf("%s-la-presentation-croisee-nature-fonction-%d", short, year), nil
	}
	return "", fmt.Errorf("%d: %w (%d–%d)", year, ErrYear, FirstYear, LastYear)
}

// ExportURL returns the URL of the CSV export of an exercice's dataset on
// base (DefaultBase when empty): base/api/explore/v2.1/catalog/datasets/
// <slug>/exports/csv. The export is ';'-separated UTF-8 with the column
// names in lower case.
func ExportURL(base string, year int) (string, error) {
	slug, err := Slug(year)
	if err != nil {
		return "", err
	}
	if base == "" {
		base = DefaultBase
	}
	return strings.TrimRight(base, "/") + "/api/explore/v2.1/catalog/datasets/" + slug + "/exports/csv", nil
}

// FetchOptions tune Fetch.
type FetchOptions struct {
	// Base is the portal; "" means DefaultBase. Tests point it at a local
	// server.
	Base string
	// Dir is the folder the file is written to; "" means the current one.
	Dir string
	// Name is the file name; "" means balance-<year>.csv.
	Name string
	// Client makes the request; nil means a client with connection and
	// response-header timeouts (the body may take minutes: see Timeout and
	// Stall).
	Client *http.Client
	// Timeout bounds the whole download; 0 means one hour.
	Timeout time.Duration
	// Stall aborts the download when no byte arrives for that long; 0
	// means two minutes.
	Stall time.Duration
	// Progress, when not nil, receives progress lines in French: the bytes
	// downloaded (of the total when known), MB/s and the time left, at
	// most once a second (rewritten in place with \r, at most four times
	// a second, when it is a terminal), and the resumption ("reprise à …").
	// nil is silent.
	Progress io.Writer
}

// FetchResult says what Fetch did.
type FetchResult struct {
	URL     string
	Path    string        // the file written
	Bytes   int64         // its size
	Resumed int64         // bytes kept from an earlier interrupted download
	Elapsed time.Duration // time of the download
}

// ErrNotBalance is wrapped by the error of Fetch when what was downloaded
// is not a national balance (an HTML page, another CSV, a truncated file).
var ErrNotBalance = errors.New("not a national nature-fonction balance")

// Fetch downloads the national nature-fonction balance of an exercice from
// its CSV export (ExportURL) into opt.Dir, streaming to disk.
//
// The download is atomic: it is written to <name>.part and renamed once
// complete and checked (a header naming the balance columns, a last line
// as long as the header); a failed download leaves no <name>. It is
// resumable: when the server sent an ETag, it is kept in <name>.part.etag
// and a later Fetch asks only for the missing bytes (Range with If-Range:
// a server whose file changed sends it whole again).
func Fetch(ctx context.Context, year int, opt FetchOptions) (FetchResult, error) {
	u, err := ExportURL(opt.Base, year)
	if err != nil {
		return FetchResult{}, err
	}
	res := FetchResult{URL: u}
	name := opt.Name
	if name == "" {
		name = fmt.Sprintf("balance-%d.csv", year)
	}
	res.Path = filepath.Join(opt.Dir, name)
	part, etagPath := res.Path+".part", res.Path+".part.etag"

	timeout, stall := opt.Timeout, opt.Stall
	if timeout <= 0 {
		timeout = time.Hour
	}
	if stall <= 0 {
		stall = 2 * time.Minute
	}
	client := opt.Client
	if client == nil {
		client = &http.Client{Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   30 * time.Second,
			ResponseHeaderTimeout: 2 * time.Minute,
		}}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return res, fmt.Errorf("fetch %d: %w", year, err)
	}
	req.Header.Set("Accept", "text/csv, application/zip;q=0.9, */*;q=0.1")
	var have int64
	if fi, err := os.Stat(part); err == nil && fi.Size() > 0 {
		if etag, err := os.ReadFile(etagPath); err == nil && len(bytes.TrimSpace(etag)) > 0 {
			have = fi.Size()
			req.Header.Set("Range", fmt.Sprintf("bytes=%d-", have))
			req.Header.Set("If-Range", string(bytes.TrimSpace(etag)))
		}
	}

	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return res, fmt.Errorf("fetch %d: %w", year, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusPartialContent && have > 0 && contentRangeStart(resp.Header.Get("Content-Range")) == have:
		res.Resumed = have
	case resp.StatusCode == http.StatusOK:
		have = 0
	case resp.StatusCode == http.StatusPartialContent:
		// Not the range asked for: start again next time.
		os.Remove(part)
		os.Remove(etagPath)
		return res, fmt.Errorf("fetch %d: %s: unexpected partial content %q (run again to download the whole file)", year, u, resp.Header.Get("Content-Range"))
	default:
		return res, fmt.Errorf("fetch %d: %s: %s", year, u, resp.Status)
	}
	if ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); ct == "text/html" {
		return res, fmt.Errorf("fetch %d: %s: got an HTML page (%s): %w", year, u, resp.Header.Get("Content-Type"), ErrNotBalance)
	}

	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if res.Resumed > 0 {
		flags = os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(part, flags, 0o644)
	if err != nil {
		return res, fmt.Errorf("fetch %d: %w", year, err)
	}
	defer f.Close()
	if etag := resp.Header.Get("ETag"); etag != "" && !strings.HasPrefix(etag, "W/") {
		if err := os.WriteFile(etagPath, []byte(etag+"\n"), 0o644); err != nil {
			return res, fmt.Errorf("fetch %d: %w", year, err)
		}
	} else {
		os.Remove(etagPath)
	}

	// Abort when the body stalls.
	timer := time.AfterFunc(stall, cancel)
	defer timer.Stop()
	var body io.Reader = &stallReader{r: resp.Body, timer: timer, stall: stall}
	var prog *progressWriter
	if opt.Progress != nil {
		total := int64(-1)
		if resp.ContentLength >= 0 {
			total = have + resp.ContentLength
		}
		prog = newProgressWriter(opt.Progress, name, have, total)
		if res.Resumed > 0 {
			prog.resumed()
		}
		body = io.TeeReader(body, prog)
	}
	n, err := io.Copy(f, body)
	if prog != nil {
		prog.done(err == nil)
	}
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (%w)", err, context.Cause(ctx))
		}
		again := "run again to download it whole"
		if _, serr := os.Stat(etagPath); serr == nil {
			again = "run again to resume"
		}
		return res, fmt.Errorf("fetch %d: %s: download interrupted after %d bytes (%s): %w", year, u, have+n, again, err)
	}
	if err := f.Sync(); err != nil {
		return res, fmt.Errorf("fetch %d: %w", year, err)
	}
	if err := f.Close(); err != nil {
		return res, fmt.Errorf("fetch %d: %w", year, err)
	}
	res.Elapsed = time.Since(start)
	res.Bytes = have + n
	if err := CheckFile(part); err != nil {
		os.Remove(part)
		os.Remove(etagPath)
		return res, fmt.Errorf("fetch %d: %s: %w", year, u, err)
	}
	if err := os.Rename(part, res.Path); err != nil {
		return res, fmt.Errorf("fetch %d: %w", year, err)
	}
	os.Remove(etagPath)
	return res, nil
}

// stallReader resets timer (which cancels the download) on every read
// that brings bytes.
type stallReader struct {
	r     io.Reader
	timer *time.Timer
	stall time.Duration
}

func (s *stallReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if n > 0 {
		s.timer.Reset(s.stall)
	}
	return n, err
}

// progressWriter counts the bytes written through it and reports them.
type progressWriter struct {
	w        io.Writer
	name     string
	tty      bool
	start    time.Time
	last     time.Time // last report
	every    time.Duration
	have     int64 // bytes kept from an earlier download
	n        int64 // bytes downloaded now
	total    int64 // -1 when unknown
	reported bool  // a \r line is pending a newline
}

func newProgressWriter(w io.Writer, name string, have, total int64) *progressWriter {
	p := &progressWriter{w: w, name: name, have: have, total: total, start: time.Now(), every: time.Second}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.every = true, 250*time.Millisecond
		}
	}
	p.last = p.start
	return p
}

func (p *progressWriter) Write(b []byte) (int, error) {
	p.n += int64(len(b))
	if now := time.Now(); now.Sub(p.last) >= p.every {
		p.last = now
		p.report(false)
	}
	return len(b), nil
}

// frMB writes a size in MB with a decimal comma.
func frMB(n int64) string {
	return strings.Replace(fmt.Sprintf("%.1f Mo", float64(n)/(1<<20)), ".", ",", 1)
}

func (p *progressWriter) resumed() {
	fmt.Fprintf(p.w, "%s : reprise à %s (%d octets déjà là)\n", p.name, frMB(p.have), p.have)
}

// report writes one progress line; final ends it.
func (p *progressWriter) report(final bool) {
	secs := max(time.Since(p.start).Seconds(), 1e-3)
	rate := float64(p.n) / secs
	got := p.have + p.n
	var b strings.Builder
	fmt.Fprintf(&b, "%s : %s", p.name, frMB(got))
	if p.total > 0 {
		fmt.Fprintf(&b, " sur %s (%d %%)", frMB(p.total), got*100/p.total)
	}
	fmt.Fprintf(&b, ", %s/s", frMB(int64(rate)))
	if p.total > 0 && rate > 0 && !final && got < p.total {
		left := time.Duration(float64(p.total-got) / rate * float64(time.Second))
		fmt.Fprintf(&b, ", reste %s", left.Round(time.Second))
	}
	if final {
		fmt.Fprintf(&b, ", terminé en %s", time.Since(p.start).Round(time.Millisecond))
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r%s\x1b[K", b.String())
		p.reported = true
		if final {
			fmt.Fprintln(p.w)
		}
		return
	}
	fmt.Fprintln(p.w, b.String())
}

// done writes the last line (ok: the download completed).
func (p *progressWriter) done(ok bool) {
	if ok {
		p.report(true)
		return
	}
	if p.tty && p.reported {
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "%s : interrompu après %s\n", p.name, frMB(p.have+p.n))
}

// contentRangeStart reads the first byte position of "bytes 100-199/200";
// -1 when it cannot.
func contentRangeStart(s string) int64 {
	var start, end, size int64
	if _, err := fmt.Sscanf(s, "bytes %d-%d/%d", &start, &end, &size); err == nil {
		return start
	}
	if _, err := fmt.Sscanf(s, "bytes %d-%d/*", &start, &end); err == nil {
		return start
	}
	return -1
}

// CheckFile checks that a file looks like a national nature-fonction
// balance: a CSV (or a zip holding one) whose header names the columns
// Stream needs (EXER, IDENT, COMPTE, OBNETDEB, OOBDEB, in any case), and,
// for a plain CSV, whose last line has as many fields as the header (a
// truncated download usually does not). It reads only the beginning and
// the end of the file.
func CheckFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	var magic [4]byte
	if n, _ := f.ReadAt(magic[:], 0); n == 4 && string(magic[:]) == zipMagic {
		in, err := openZip(filepath.Base(path), io.NewSectionReader(f, 0, fi.Size()), Options{})
		if err != nil {
			return fmt.Errorf("%w: %w", ErrNotBalance, err)
		}
		defer in.close()
		_, err = checkHeader(bufio.NewReaderSize(in.src, 64<<10))
		return err
	}
	br := bufio.NewReaderSize(f, 64<<10)
	fields, err := checkHeader(br)
	if err != nil {
		return err
	}
	// The last line.
	const tail = 64 << 10
	off := max(fi.Size()-tail, 0)
	buf := make([]byte, fi.Size()-off)
	if _, err := f.ReadAt(buf, off); err != nil && err != io.EOF {
		return err
	}
	buf = bytes.TrimRight(buf, "\r\n")
	last := buf[bytes.LastIndexByte(buf, '\n')+1:]
	if off == 0 && bytes.IndexByte(buf, '\n') < 0 {
		return fmt.Errorf("%w: a header and no row", ErrNotBalance)
	}
	if bytes.IndexByte(last, '"') < 0 {
		if n := bytes.Count(last, []byte{fields.comma}) + 1; n != fields.n {
			return fmt.Errorf("%w: the last line has %d fields, the header %d: truncated?", ErrNotBalance, n, fields.n)
		}
	}
	return nil
}

type headerInfo struct {
	comma byte
	n     int
}

// checkHeader reads the header line and checks it names the balance
// columns.
func checkHeader(br *bufio.Reader) (headerInfo, error) {
	head, _ := br.Peek(4096)
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 {
		return headerInfo{}, fmt.Errorf("%w: empty file", ErrNotBalance)
	}
	if trimmed[0] == '<' || bytes.HasPrefix(bytes.ToLower(trimmed), []byte("<!doctype")) {
		return headerInfo{}, fmt.Errorf("%w: got an HTML or XML page", ErrNotBalance)
	}
	if trimmed[0] == '{' || trimmed[0] == '[' {
		return headerInfo{}, fmt.Errorf("%w: got JSON (an error message?): %.200s", ErrNotBalance, trimmed)
	}
	line := head
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimRight(line, "\r")
	comma := byte(reader.SniffComma(line))
	cols := map[string]bool{}
	n := 0
	for _, h := range bytes.Split(line, []byte{comma}) {
		cols[strings.ToUpper(strings.Trim(strings.TrimSpace(string(h)), `"`))] = true
		n++
	}
	var missing []string
	for _, c := range []string{"EXER", "IDENT", "COMPTE", "OBNETDEB", "OOBDEB"} {
		if !cols[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return headerInfo{}, fmt.Errorf("%w: the header lacks %s: %.200q", ErrNotBalance, strings.Join(missing, ", "), line)
	}
	return headerInfo{comma: comma, n: n}, nil
}
