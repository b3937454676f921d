package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jeu1000/jeu1000/internal/server"
)

// siteMarker is written into every folder that site builds: a folder is only
// ever replaced when it holds one (or is empty), never a folder of the user's.
const siteMarker = ".jeu1000-site"

// How the page of a static site asks for the dataset (the value of its
// <meta name="jeu1000-data">, read by web/boot.js).
const (
	// fetchGz: data/x.bin.gz, inflated in the page (DecompressionStream).
	// Works on any static host; no request for data/x.bin, hence no 404.
	fetchGz = "gz"
	// fetchEncoded: data/x.bin first, which a host such as nginx with
	// gzip_static/brotli_static answers from x.bin.gz/x.bin.br with a
	// Content-Encoding (brotli is smaller); the page falls back on the .gz
	// after a first 404.
	fetchEncoded = "encoded"
)

// siteOptions are the inputs of buildSite.
type siteOptions struct {
	web, data, out string
	fetch          string // fetchGz or fetchEncoded
}

// siteReport counts what buildSite wrote.
type siteReport struct {
	files, appBytes, dataBytes int64
	skipped                    []string // files left out, with why
}

// site writes the app as a folder that any static host serves as it is
// (GitHub Pages, an S3-like bucket, nginx): see the README's "Publish".
func site(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("site", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var o siteOptions
	fl.StringVar(&o.web, "web", "web", "folder of the app's files, built by `make web` (both wasm, compressed copies)")
	fl.StringVar(&o.data, "data", "data/compressed", "folder of the compressed dataset (x.bin.gz, x.bin.br)")
	fl.StringVar(&o.out, "out", "site", "folder to write; replaced if it is a site written before")
	fl.StringVar(&o.fetch, "data-fetch", fetchGz, "how the page asks for the dataset: gz (data/x.bin.gz, any static host) or encoded (data/x.bin, for hosts that answer it from x.bin.br/x.bin.gz with a Content-Encoding, e.g. nginx gzip_static)")
	nginx := fl.Bool("nginx", false, "print an nginx server block for the site (the same headers as _headers) and exit")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *nginx {
		_, err := io.WriteString(stdout, nginxConf())
		return err
	}
	rep, err := buildSite(o)
	if err != nil {
		return err
	}
	for _, s := range rep.skipped {
		fmt.Fprintln(stderr, "site: left out", s)
	}
	fmt.Fprintf(stderr, "site: wrote %s: %d files, app %.1f MB, dataset %.1f MB (compressed copies included)\n",
		o.out, rep.files, float64(rep.appBytes)/1e6, float64(rep.dataBytes)/1e6)
	return nil
}

// buildSite writes the site into a new folder beside o.out, then puts it in
// place of o.out: a failed build leaves the previous site as it was.
func buildSite(o siteOptions) (siteReport, error) {
	var rep siteReport
	if o.fetch != fetchGz && o.fetch != fetchEncoded {
		return rep, fmt.Errorf("-data-fetch %q: want %s or %s", o.fetch, fetchGz, fetchEncoded)
	}
	for _, name := range []string{"index.html", "sw.js", "boot.js", "wasm_exec.js", "jeu1000-viewer.wasm", "jeu1000.wasm"} {
		if _, err := os.Stat(filepath.Join(o.web, name)); err != nil {
			return rep, fmt.Errorf("site: %w (run `make web` first)", err)
		}
	}
	if _, err := os.Stat(filepath.Join(o.data, "index.bin.gz")); err != nil {
		return rep, fmt.Errorf("site: no dataset: %w", err)
	}
	if err := checkReplaceable(o.out); err != nil {
		return rep, err
	}
	parent := filepath.Dir(filepath.Clean(o.out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return rep, fmt.Errorf("site: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(o.out)+"-")
	if err != nil {
		return rep, fmt.Errorf("site: %w", err)
	}
	defer os.RemoveAll(tmp) // nothing left once renamed
	if err := os.Chmod(tmp, 0o755); err != nil {
		return rep, fmt.Errorf("site: %w", err)
	}

	// The app: every file of web/ but its notes, dot files and temporaries;
	// index.html gets the policy (its compressed copies, now stale, are
	// left to `make site` to write again).
	n, size, skipped, err := copyTree(o.web, tmp, func(rel string) string {
		switch {
		case rel == "README.md":
			return "notes"
		case rel == "index.html" || rel == "index.html.gz" || rel == "index.html.br":
			return "rewritten"
		case rel == server.AppSetFile || rel == server.AppSetFile+".gz" || rel == server.AppSetFile+".br":
			return "rewritten"
		}
		return ""
	})
	if err != nil {
		return rep, err
	}
	rep.files, rep.appBytes, rep.skipped = n, size, skipped
	page, err := os.ReadFile(filepath.Join(o.web, "index.html"))
	if err != nil {
		return rep, fmt.Errorf("site: %w", err)
	}
	page, err = sitePage(page, o.fetch)
	if err != nil {
		return rep, fmt.Errorf("site: %s: %w", filepath.Join(o.web, "index.html"), err)
	}
	extra := map[string][]byte{
		"index.html": page,
		"_headers":   []byte(headersFile(policyPaths(o.web))),
		// GitHub Pages: no Jekyll, which would drop files whose name starts with _.
		".nojekyll": nil,
		siteMarker:  []byte("written by `jeu1000 site`; the whole folder is replaced by the next build\n"),
	}
	for name, data := range extra {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return rep, fmt.Errorf("site: %w", err)
		}
		rep.files++
		rep.appBytes += int64(len(data))
	}

	// The dataset: its compressed files only. A raw data/x.bin would be
	// sent uncompressed by a plain host (and found before the .gz).
	n, size, skipped, err = copyTree(o.data, filepath.Join(tmp, "data"), func(rel string) string {
		switch path.Ext(rel) {
		case ".md", ".txt", ".json":
			return "notes"
		case ".bin":
			return "raw (uncompressed) dataset file: only its .gz/.br copies are published"
		}
		return ""
	})
	if err != nil {
		return rep, err
	}
	rep.files += n
	rep.dataBytes = size
	for _, s := range skipped {
		rep.skipped = append(rep.skipped, "data/"+s)
	}

	// The service worker's set: the site's own files (its index.html differs).
	if _, err := writeAppSet(tmp); err != nil {
		return rep, fmt.Errorf("site: %w", err)
	}
	rep.files++
	// One time for every file, the build's: a host that derives its ETag or
	// Last-Modified from the modification time (nginx, Apache) sees a
	// rebuilt site as new even when a file went back to an older version
	// of the same size. (Compressed copies older than their file were left
	// out above; the others stay as fresh as their file.)
	if err := touchTree(tmp, time.Now()); err != nil {
		return rep, fmt.Errorf("site: %w", err)
	}

	if err := os.RemoveAll(o.out); err != nil {
		return rep, fmt.Errorf("site: %w", err)
	}
	if err := os.Rename(tmp, o.out); err != nil {
		return rep, fmt.Errorf("site: %w", err)
	}
	return rep, nil
}

// checkReplaceable refuses to replace a folder that site did not write.
func checkReplaceable(out string) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("site: %w", err)
	}
	if _, err := os.Stat(filepath.Join(out, siteMarker)); err != nil {
		return fmt.Errorf("site: %s exists and was not written by `jeu1000 site` (no %s): not replaced", out, siteMarker)
	}
	return nil
}

// touchTree gives every file under dir the time t.
func touchTree(dir string, t time.Time) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, t, t)
	})
}

// copyTree copies the regular files of src into dst (created), keeping their
// modification times until touchTree, so that `make site` refreshes only the compressed
// copies that are older than their file. skip returns why a file (its path
// relative to src, with slashes) is left out, or "". Dot files, temporaries
// and compressed copies older than their file are always left out.
func copyTree(src, dst string, skip func(rel string) string) (files, size int64, skipped []string, err error) {
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, filepath.FromSlash(rel)), 0o755)
		}
		if !d.Type().IsRegular() || strings.HasSuffix(rel, ".tmp") {
			return nil
		}
		if why := skip(rel); why != "" {
			if why != "rewritten" && why != "notes" {
				skipped = append(skipped, rel+": "+why)
			}
			return nil
		}
		if stale, err := staleCopy(p); err != nil || stale {
			if stale {
				skipped = append(skipped, rel+": older than its file (rewritten by `make site`)")
			}
			return err
		}
		n, err := copyFile(p, filepath.Join(dst, filepath.FromSlash(rel)))
		files++
		size += n
		return err
	})
	if err != nil {
		err = fmt.Errorf("site: copying %s: %w", src, err)
	}
	return files, size, skipped, err
}

// staleCopy tells whether p is a compressed copy (x.gz, x.br) older than the
// file x beside it. A dataset's x.bin.gz and x.bin.br have no x.bin: they
// are the dataset's own files, copied as they are (`make site` then
// refreshes an x.bin.br older than its x.bin.gz, as `make web` does).
func staleCopy(p string) (bool, error) {
	ext := filepath.Ext(p)
	if ext != ".gz" && ext != ".br" {
		return false, nil
	}
	orig, err := os.Stat(strings.TrimSuffix(p, ext))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	st, err := os.Stat(p)
	if err != nil {
		return false, err
	}
	return st.ModTime().Before(orig.ModTime()), nil
}

func copyFile(src, dst string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return 0, err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, err
	}
	return n, os.Chtimes(dst, st.ModTime(), st.ModTime())
}

// headersFile is the site's _headers (Netlify, Cloudflare Pages and
// compatible hosts): the headers of internal/server, server.Headers on
// every path, server.PolicyHeaders on the paths given (exact paths: the
// hosts differ in the wildcards they read).
func headersFile(policy []string) string {
	var b strings.Builder
	b.WriteString("# Written by `jeu1000 site` from internal/server.Headers() and PolicyHeaders(): the headers `jeu1000 serve` sends.\n/*\n")
	for _, h := range server.Headers() {
		fmt.Fprintf(&b, "  %s: %s\n", h.Name, h.Value)
	}
	for _, p := range policy {
		b.WriteString(p + "\n")
		for _, h := range server.PolicyHeaders() {
			fmt.Fprintf(&b, "  %s: %s\n", h.Name, h.Value)
		}
	}
	return b.String()
}

// policyPaths lists the URL paths of the app's folder web that carry
// server.PolicyHeaders (server.HasPolicy): "/", its documents, SVG images
// and workers' scripts, sorted.
func policyPaths(web string) []string {
	out := []string{"/"}
	_ = filepath.WalkDir(web, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(web, p)
		if err == nil && server.HasPolicy(filepath.ToSlash(rel)) && !strings.HasPrefix(filepath.Base(rel), ".") {
			out = append(out, "/"+filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out[1:])
	return out
}

// The element after which sitePage inserts its own: the policy must come
// before any script or resource of the page.
const charsetMeta = `<meta charset="utf-8">`

// sitePage returns the page (web/index.html) with, right after its charset:
// the Content-Security-Policy and the Referrer-Policy as <meta> elements (for
// hosts where headers cannot be set) and, for fetch mode gz, <meta name="jeu1000-data" content="gz">, which
// tells boot.js and engine.js to fetch data/x.bin.gz directly; the preload of
// the index then names the .gz too.
func sitePage(page []byte, fetch string) ([]byte, error) {
	i := bytes.Index(page, []byte(charsetMeta))
	if i < 0 {
		return nil, fmt.Errorf("no %s to put the policy after", charsetMeta)
	}
	i += len(charsetMeta)
	var ins strings.Builder
	ins.WriteString("\n<!-- Written by `jeu1000 site`: the policy of internal/server, for hosts that cannot send it as a header.\n" +
		"     A <meta> policy cannot carry frame-ancestors, report-uri or sandbox (browsers ignore them there):\n" +
		"     only the Content-Security-Policy header (the site's _headers file, nginx) enforces those. -->\n")
	// A double-quoted attribute: the policy's single quotes stay readable.
	attr := strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;")
	fmt.Fprintf(&ins, `<meta http-equiv="Content-Security-Policy" content="%s">`, attr.Replace(server.MetaCSP()))
	for _, h := range server.PolicyHeaders() {
		if h.Name == "Referrer-Policy" { // the one other header with a <meta> form
			fmt.Fprintf(&ins, "\n"+`<meta name="referrer" content="%s">`, attr.Replace(h.Value))
		}
	}
	if fetch == fetchGz {
		ins.WriteString("\n" + `<meta name="jeu1000-data" content="gz">`)
		page = bytes.ReplaceAll(page, []byte(`href="data/index.bin"`), []byte(`href="data/index.bin.gz"`))
	}
	out := make([]byte, 0, len(page)+ins.Len())
	out = append(out, page[:i]...)
	out = append(out, ins.String()...)
	return append(out, page[i:]...), nil
}

// nginxConf is a server block for the site: the dataset's data/x.bin answered
// from x.bin.br/x.bin.gz (with -data-fetch encoded; the gz mode needs none of
// it) and the headers of _headers.
func nginxConf() string {
	var b strings.Builder
	b.WriteString(`# nginx server block for the folder written by ` + "`jeu1000 site`" + ` (written by ` + "`jeu1000 site -nginx`" + `).
server {
    listen 80;
    server_name _;
    root /srv/jeu1000/site;          # the folder written by make site
    index index.html;
    charset utf-8;
    include /etc/nginx/mime.types;
    # (drop wasm below if nginx warns of a duplicate extension)
    types { application/wasm wasm; application/manifest+json webmanifest; }

    # x answered from x.gz / x.br with Content-Encoding when the browser
    # accepts it: the app's files, and the dataset's data/x.bin (which the
    # site holds only as x.bin.gz and x.bin.br) when built with
    # ` + "`jeu1000 site -data-fetch encoded`" + `.
    gzip_static on;
    # brotli_static on;              # with the ngx_brotli module

`)
	addHeaders := func(indent string, hs ...[]server.Header) {
		for _, list := range hs {
			for _, h := range list {
				fmt.Fprintf(&b, "%sadd_header %s %q always;\n", indent, h.Name, h.Value)
			}
		}
	}
	addHeaders("    ", server.Headers())
	// The policy on documents, SVG images and the workers' scripts
	// (server.HasPolicy); add_header in a location replaces the server's,
	// hence all of them again.
	scripts := server.WorkerScripts()
	workers := make([]string, len(scripts))
	for i, w := range scripts {
		workers[i] = "^/" + regexp.QuoteMeta(w) + "$"
	}
	fmt.Fprintf(&b, "\n    location ~ (/$|\\.html?$|\\.svg$|%s) {\n", strings.Join(workers, "|"))
	addHeaders("        ", server.Headers(), server.PolicyHeaders())
	b.WriteString("    }\n}\n")
	return b.String()
}
