package national

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/jeu1000/jeu1000/internal/reader"
)

// zipMagic starts every zip file (a local file header).
const zipMagic = "PK\x03\x04"

// sizedReaderAt is what archive/zip needs; *bytes.Reader, *strings.Reader
// and io.SectionReader have it.
type sizedReaderAt interface {
	io.ReaderAt
	Size() int64
}

// input is the CSV stream of a file.
type input struct {
	src   io.Reader
	entry string // the CSV file inside a zip; "" for a plain CSV
	size  int64  // size of the CSV when known (a file, a zip entry), else 0
	close func() // releases what open took; never nil
}

// open returns the CSV stream of r: r itself (buffered) for a plain CSV,
// the single CSV file inside for a zip. A zip is read in place when r is
// an *os.File or a sized io.ReaderAt, else spooled to a temporary file in
// opt.TempDir first. A zip entry beyond opt.MaxInflated or opt.MaxRatio is
// refused.
func open(name string, r io.Reader, opt Options) (input, error) {
	nop := func() {}
	var ra sizedReaderAt
	var size int64
	switch v := r.(type) {
	case *os.File:
		off, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			break // not seekable (a pipe): read it as a stream
		}
		fi, err := v.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			break
		}
		size = fi.Size() - off
		var magic [4]byte
		if n, _ := v.ReadAt(magic[:], off); n == 4 && string(magic[:]) == zipMagic {
			ra = io.NewSectionReader(v, off, fi.Size()-off)
		}
	case sizedReaderAt:
		size = v.Size()
		var magic [4]byte
		if n, _ := v.ReadAt(magic[:], 0); n == 4 && string(magic[:]) == zipMagic {
			ra = v
		}
	}
	if ra == nil {
		br := bufio.NewReaderSize(r, bufSize)
		magic, _ := br.Peek(len(zipMagic))
		if string(magic) != zipMagic {
			return input{src: br, size: size, close: nop}, nil
		}
		tmp, err := os.CreateTemp(opt.TempDir, "jeu1000-balance-*.zip")
		if err != nil {
			return input{close: nop}, fmt.Errorf("%s: spooling the zip: %w", name, err)
		}
		remove := func() {
			tmp.Close()
			os.Remove(tmp.Name())
		}
		n, err := io.Copy(tmp, br)
		if err != nil {
			remove()
			return input{close: nop}, fmt.Errorf("%s: spooling the zip: %w", name, err)
		}
		in, err := openZip(name, io.NewSectionReader(tmp, 0, n), opt)
		if err != nil {
			remove()
			return input{close: nop}, err
		}
		closeEntry := in.close
		in.close = func() { closeEntry(); remove() }
		return in, nil
	}
	return openZip(name, ra, opt)
}

// errZip is wrapped by the errors of zipped inputs that hold no single CSV.
var errZip = errors.New("expected a zip holding one CSV file")

// ErrZipBomb is wrapped by the error of Stream for a zip entry whose size
// or compression ratio is beyond Options.MaxInflated or Options.MaxRatio.
var ErrZipBomb = errors.New("zip entry too large or too compressed")

// openZip opens the CSV file of a zip: the only *.csv file, or the only
// file (folders and macOS "__MACOSX" or "._" entries are ignored). Only
// opt's zip limits are used.
func openZip(name string, ra sizedReaderAt, opt Options) (input, error) {
	nop := func() {}
	opt = opt.limits()
	zr, err := zip.NewReader(ra, ra.Size())
	if err != nil {
		return input{close: nop}, fmt.Errorf("%s: %w: %w", name, errZip, err)
	}
	var files, csvs []*zip.File
	for _, f := range zr.File {
		base := path.Base(f.Name)
		if f.FileInfo().IsDir() || strings.HasPrefix(f.Name, "__MACOSX/") || strings.HasPrefix(base, "._") {
			continue
		}
		files = append(files, f)
		if strings.EqualFold(path.Ext(base), ".csv") {
			csvs = append(csvs, f)
		}
	}
	if len(csvs) == 0 && len(files) == 1 {
		csvs = files
	}
	if len(csvs) != 1 {
		var names []string
		for _, f := range files {
			names = append(names, f.Name)
		}
		return input{close: nop}, fmt.Errorf("%s: %w, found %d (%s)", name, errZip, len(csvs), strings.Join(names, ", "))
	}
	f := csvs[0]
	// archive/zip stops an entry that inflates beyond its declared size
	// (ErrFormat): checking the declared sizes bounds the bytes inflated.
	usize, csize := f.UncompressedSize64, max(f.CompressedSize64, 1)
	if usize > uint64(opt.MaxInflated) || usize/csize > uint64(opt.MaxRatio) {
		return input{close: nop}, &reader.Error{File: name, Field: f.Name, Expected: reader.ExpectSmallZip,
			Got: fmt.Sprintf("%d bytes compressed to %d", usize, f.CompressedSize64),
			Err: fmt.Errorf("%w (limits: %d bytes, ratio %d)", ErrZipBomb, opt.MaxInflated, opt.MaxRatio)}
	}
	rc, err := f.Open()
	if err != nil {
		return input{close: nop}, fmt.Errorf("%s: %s: %w", name, f.Name, err)
	}
	ahead := newReadAhead(rc)
	return input{src: ahead, entry: f.Name, size: int64(usize), close: func() { ahead.close(); rc.Close() }}, nil
}

// readAhead inflates in its own goroutine, a few chunks ahead of the
// parser, so that inflating and parsing use two cores.
type readAhead struct {
	chunks chan []byte // filled chunks
	free   chan []byte // chunks to reuse
	done   chan struct{}
	err    error // the source's error, set before chunks is closed
	cur    []byte
	buf    []byte // chunk being read
}

const (
	chunkSize   = 1 << 20
	chunksAhead = 4
)

func newReadAhead(r io.Reader) *readAhead {
	ra := &readAhead{
		chunks: make(chan []byte, chunksAhead),
		free:   make(chan []byte, chunksAhead+2),
		done:   make(chan struct{}),
	}
	for range chunksAhead + 2 {
		ra.free <- make([]byte, chunkSize)
	}
	go func() {
		defer close(ra.chunks)
		for {
			var b []byte
			select {
			case b = <-ra.free:
			case <-ra.done:
				return
			}
			n, err := fill(r, b[:cap(b)])
			if n > 0 {
				select {
				case ra.chunks <- b[:n]:
				case <-ra.done:
					return
				}
			}
			if err != nil {
				if err != io.EOF {
					ra.err = err
				}
				return
			}
		}
	}()
	return ra
}

// fill reads into b until it is full or r fails; the error is r's, as is.
func fill(r io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (ra *readAhead) Read(p []byte) (int, error) {
	for len(ra.cur) == 0 {
		if ra.buf != nil {
			ra.free <- ra.buf
			ra.buf = nil
		}
		b, ok := <-ra.chunks
		if !ok {
			if ra.err != nil {
				return 0, ra.err
			}
			return 0, io.EOF
		}
		ra.buf, ra.cur = b, b
	}
	n := copy(p, ra.cur)
	ra.cur = ra.cur[n:]
	return n, nil
}

// close stops the goroutine and waits for it to let go of the source.
func (ra *readAhead) close() {
	close(ra.done)
	for range ra.chunks {
	}
}
