package national_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jeu1000/jeu1000/internal/national"
)

// No test here touches the network: every request goes to httptest
// servers.

func TestSlugAndURL(t *testing.T) {
	const short = "balances-comptables-des-collectivites-et-des-etablissements-publics-locaux-avec"
	want := map[int]string{
		2012: short + "5",
		2013: short + "4",
		2014: short + "3",
		2015: short + "2",
		2016: short + "1",
		2017: short + "-",
		2018: short + "0",
		2019: short + "6",
		2020: short + "7",
		2021: short + "8",
		2022: "balances-comptables-des-collectivites-et-des-etablissements-publics-locaux-2022",
		2023: "balances-comptables-des-collectivites-et-des-epl-avec-fonction-2023",
		2024: "balances-comptables-des-collectivites-et-des-etablissements-publics-locaux-avec-la-presentation-croisee-nature-fonction-2024",
		2025: "balances-comptables-des-collectivites-et-des-etablissements-publics-locaux-avec-la-presentation-croisee-nature-fonction-2025",
	}
	for year := national.FirstYear; year <= national.LastYear; year++ {
		slug, err := national.Slug(year)
		if err != nil || slug != want[year] {
			t.Errorf("Slug(%d) = %q, %v; want %q", year, slug, err, want[year])
		}
		u, err := national.ExportURL("", year)
		if err != nil || u != "https://data.economie.gouv.fr/api/explore/v2.1/catalog/datasets/"+want[year]+"/exports/csv" {
			t.Errorf("ExportURL(%d) = %q, %v", year, u, err)
		}
	}
	if len(want) != national.LastYear-national.FirstYear+1 {
		t.Fatal("table and bounds disagree")
	}
	for _, year := range []int{0, 2011, 2026} {
		if _, err := national.Slug(year); !errors.Is(err, national.ErrYear) {
			t.Errorf("Slug(%d): %v, want ErrYear", year, err)
		}
	}
	if u, _ := national.ExportURL("http://127.0.0.1:1/", 2024); !strings.HasPrefix(u, "http://127.0.0.1:1/api/") {
		t.Errorf("base with a slash: %q", u)
	}
}

// balanceBody is a small national-format file; utf8Export is the same as
// the portal's CSV export gives it (BOM, lower-case column names).
func balanceBody(rows int) string {
	var b strings.Builder
	b.WriteString(national.Header + "\n")
	for i := range rows {
		b.WriteString(nrow("21330063500017", "033", "063", "BORDEAUX", "1", "M57", "Commune", "212", strconv.Itoa(6000+i), "1,5", "0") + "\n")
	}
	return b.String()
}

func utf8Export(rows int) string {
	body := balanceBody(rows)
	i := strings.IndexByte(body, '\n')
	return "\xEF\xBB\xBF" + strings.ToLower(body[:i]) + body[i:]
}

// TestFetchEveryYear serves each year's export at its own path and checks
// Fetch asks for the right one.
func TestFetchEveryYear(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Write([]byte(utf8Export(3)))
	}))
	defer srv.Close()
	dir := t.TempDir()
	for year := national.FirstYear; year <= national.LastYear; year++ {
		res, err := national.Fetch(context.Background(), year, national.FetchOptions{Base: srv.URL, Dir: dir})
		if err != nil {
			t.Fatalf("%d: %v", year, err)
		}
		slug, _ := national.Slug(year)
		wantPath := "/api/explore/v2.1/catalog/datasets/" + slug + "/exports/csv"
		mu.Lock()
		got := paths[len(paths)-1]
		mu.Unlock()
		if got != wantPath {
			t.Fatalf("%d: requested %s, want %s", year, got, wantPath)
		}
		data, err := os.ReadFile(filepath.Join(dir, "balance-"+strconv.Itoa(year)+".csv"))
		if err != nil || string(data) != utf8Export(3) || res.Bytes != int64(len(data)) || res.URL != srv.URL+wantPath {
			t.Fatalf("%d: %+v, %v", year, res, err)
		}
		// What was fetched streams.
		docs := mustStream(t, "balance.csv", bytes.NewReader(data), national.Options{})
		if len(docs) != 1 || len(docs[0].Lines) != 3 {
			t.Fatalf("%d: %d documents", year, len(docs))
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != national.LastYear-national.FirstYear+1 {
		t.Fatalf("%d files in the folder: leftovers?", len(entries))
	}
	if _, err := national.Fetch(context.Background(), 2011, national.FetchOptions{Base: srv.URL, Dir: dir}); !errors.Is(err, national.ErrYear) {
		t.Fatalf("2011: %v", err)
	}
}

// TestFetchErrors checks that a failed download says why and leaves no
// file under the final name.
func TestFetchErrors(t *testing.T) {
	good := balanceBody(50)
	for _, tt := range []struct {
		name    string
		handler http.HandlerFunc
		want    string // in the error
		notBal  bool   // the error wraps ErrNotBalance
	}{
		{"404", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, "404", false},
		{"500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) }, "500", false},
		{"HTML page", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("<!DOCTYPE html><html><body>Maintenance</body></html>"))
		}, "HTML", true},
		{"HTML served as CSV", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/csv")
			w.Write([]byte("\n<!doctype html><html><body>Maintenance</body></html>"))
		}, "HTML", true},
		{"JSON error", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"error_code": "ODSQLError", "message": "bad"}`))
		}, "JSON", true},
		{"another CSV", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("a;b;c\n1;2;3\n"))
		}, "EXER", true},
		{"empty", func(w http.ResponseWriter, r *http.Request) {}, "empty", true},
		{"header only", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(national.Header)) }, "no row", true},
		{"truncated body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(len(good)))
			w.Write([]byte(good[:len(good)/2]))
		}, "interrupted", false},
		{"truncated without length", func(w http.ResponseWriter, r *http.Request) {
			// An HTTP/1.0-style body, delimited by the end of the
			// connection, cut mid-line: only the last line shows it.
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				panic(err)
			}
			buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nConnection: close\r\n\r\n")
			buf.WriteString(good[:len(good)/2+7])
			buf.Flush()
			conn.Close()
		}, "truncated?", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			dir := t.TempDir()
			_, err := national.Fetch(context.Background(), 2024, national.FetchOptions{Base: srv.URL, Dir: dir})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) || tt.notBal && !errors.Is(err, national.ErrNotBalance) {
				t.Fatalf("error %q: want %q (ErrNotBalance %v)", err, tt.want, tt.notBal)
			}
			if _, err := os.Stat(filepath.Join(dir, "balance-2024.csv")); !os.IsNotExist(err) {
				t.Fatalf("a file was left under the final name (%v)", err)
			}
		})
	}
}

// TestFetchStall checks that a body that stops arriving is abandoned.
func TestFetchStall(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(national.Header + "\n"))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	start := time.Now()
	_, err := national.Fetch(context.Background(), 2024, national.FetchOptions{Base: srv.URL, Dir: t.TempDir(), Stall: 200 * time.Millisecond})
	if err == nil || time.Since(start) > 10*time.Second {
		t.Fatalf("got %v after %s", err, time.Since(start))
	}
}

// TestFetchProgress checks the progress lines of a download of 8 MB sent
// in small writes: a few lines at most (they are throttled), the last one
// complete.
func TestFetchProgress(t *testing.T) {
	body := balanceBody(40_000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		for i := 0; i < len(body); i += 512 {
			w.Write([]byte(body[i:min(i+512, len(body))]))
		}
	}))
	defer srv.Close()
	var progress bytes.Buffer
	start := time.Now()
	res, err := national.Fetch(context.Background(), 2024, national.FetchOptions{Base: srv.URL, Dir: t.TempDir(), Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(progress.String(), "\n"), "\n")
	if max := int(time.Since(start).Seconds()) + 2; len(lines) > max {
		t.Errorf("%d progress lines in %s, want at most %d", len(lines), time.Since(start), max)
	}
	total := strings.Replace(fmt.Sprintf("%.1f Mo", float64(res.Bytes)/(1<<20)), ".", ",", 1)
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "balance-2024.csv : "+total+" sur "+total+" (100 %), ") || !strings.Contains(last, " Mo/s, terminé en ") {
		t.Errorf("last progress line %q", last)
	}
	// Silent without a writer: nothing to check but that it works.
	if _, err := national.Fetch(context.Background(), 2024, national.FetchOptions{Base: srv.URL, Dir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
}

// TestFetchResume interrupts a download, then resumes it with a Range
// request validated by the ETag; a changed file is downloaded whole.
func TestFetchResume(t *testing.T) {
	body := balanceBody(200)
	var (
		mu      sync.Mutex
		cut     = true   // the first response stops half-way
		etag    = `"v1"` // the file's version
		content = body
		ranges  []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ranges = append(ranges, r.Header.Get("Range"))
		c, e, short := content, etag, cut
		cut = false
		mu.Unlock()
		w.Header().Set("ETag", e)
		w.Header().Set("Content-Type", "text/csv")
		if short {
			w.Header().Set("Content-Length", strconv.Itoa(len(c)))
			w.Write([]byte(c[:len(c)/2]))
			return
		}
		http.ServeContent(w, r, "balance.csv", time.Time{}, strings.NewReader(c))
	}))
	defer srv.Close()
	dir := t.TempDir()
	var progress bytes.Buffer
	opt := national.FetchOptions{Base: srv.URL, Dir: dir, Progress: &progress}

	if _, err := national.Fetch(context.Background(), 2024, opt); err == nil {
		t.Fatal("cut download: no error")
	}
	if p := progress.String(); !strings.Contains(p, "balance-2024.csv : interrompu après 0,0 Mo") {
		t.Errorf("progress of the cut download: %q", p)
	}
	part, err := os.ReadFile(filepath.Join(dir, "balance-2024.csv.part"))
	if err != nil || len(part) != len(body)/2 {
		t.Fatalf("partial file: %d bytes, %v", len(part), err)
	}
	progress.Reset()
	res, err := national.Fetch(context.Background(), 2024, opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Resumed != int64(len(body)/2) || res.Bytes != int64(len(body)) || ranges[1] != "bytes="+strconv.Itoa(len(body)/2)+"-" {
		t.Fatalf("resume: %+v, ranges %q", res, ranges)
	}
	if p := progress.String(); !strings.Contains(p, "balance-2024.csv : reprise à 0,0 Mo ("+strconv.Itoa(len(body)/2)+" octets déjà là)\n") ||
		!strings.Contains(p, "sur 0,0 Mo (100 %)") || !strings.Contains(p, "terminé en") {
		t.Errorf("progress of the resumed download: %q", p)
	}
	if got, _ := os.ReadFile(res.Path); string(got) != body {
		t.Fatal("resumed file differs")
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Fatalf("leftovers: %v", left)
	}

	// The file changed on the server between the two attempts: If-Range
	// makes the server send it whole.
	os.Remove(res.Path)
	mu.Lock()
	cut, ranges = true, nil
	mu.Unlock()
	if _, err := national.Fetch(context.Background(), 2024, opt); err == nil {
		t.Fatal("cut download: no error")
	}
	mu.Lock()
	etag, content = `"v2"`, balanceBody(300)
	mu.Unlock()
	res, err = national.Fetch(context.Background(), 2024, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(res.Path); string(got) != balanceBody(300) || res.Resumed != 0 {
		t.Fatalf("changed file: resumed %d, ranges %q", res.Resumed, ranges)
	}
}

// TestCheckFile checks the verification of a file already on disk, plain
// and zipped.
func TestCheckFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	body := balanceBody(10)
	for _, tt := range []struct {
		name string
		data []byte
		ok   bool
	}{
		{"plain", []byte(body), true},
		{"export", []byte(utf8Export(10)), true},
		{"no final newline", []byte(strings.TrimSuffix(body, "\n")), true},
		{"truncated", []byte(body[:len(body)-40]), false},
		{"zip", zipOf(t, [2]string{"BalanceSPL_Fonction_2024.csv", body}), true},
		{"zip of another CSV", zipOf(t, [2]string{"x.csv", "a;b\n1;2\n"}), false},
		{"zip of two CSV", zipOf(t, [2]string{"x.csv", body}, [2]string{"y.csv", body}), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := national.CheckFile(write(tt.name, tt.data))
			if (err == nil) != tt.ok || err != nil && !errors.Is(err, national.ErrNotBalance) {
				t.Fatalf("got %v, want ok %v", err, tt.ok)
			}
		})
	}
	if err := national.CheckFile(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file: no error")
	}
}
