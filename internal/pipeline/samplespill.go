package pipeline

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/jeu1000/jeu1000/internal/dataset"
)

// sampleSpill keeps the peer samples of a build in temporary files, one
// per year, instead of memory: a national build adds about 36,000 detailed
// records a year, whose samples (about 300 bytes a record held compactly)
// made the builder's memory grow by some 12 MB a year. computePeers reads
// them back one year at a time.
//
// A sample is written as a fixed 20-byte head (population int64, authority
// id uint32, year uint16, then n, grid, detail, rank, kind and band, one
// byte each), then its n area ids (one byte each) and n amounts (int64),
// little-endian. The authority and area ids are the sampleSet's.
type sampleSpill struct {
	dir   string
	years map[uint16]*spillFile
	buf   []byte
	err   error // the first error, returned by close
}

type spillFile struct {
	f *os.File
	w *bufio.Writer
}

const spillHead = 20

func newSampleSpill(dir string) *sampleSpill {
	return &sampleSpill{dir: dir, years: map[uint16]*spillFile{}}
}

// put writes a sample to its year's file.
func (sp *sampleSpill) put(h *sampleHead, areas []uint8, amounts []int64) error {
	if sp.err != nil {
		return sp.err
	}
	yf := sp.years[h.year]
	if yf == nil {
		f, err := os.CreateTemp(sp.dir, fmt.Sprintf("jeu1000-samples-%d-*.bin", h.year))
		if err != nil {
			return sp.fail(err)
		}
		yf = &spillFile{f: f, w: bufio.NewWriterSize(f, 64<<10)}
		sp.years[h.year] = yf
	}
	b := sp.buf[:0]
	b = binary.LittleEndian.AppendUint64(b, uint64(h.population))
	b = binary.LittleEndian.AppendUint32(b, h.auth)
	b = binary.LittleEndian.AppendUint16(b, h.year)
	b = append(b, h.n, h.grid, uint8(h.detail), h.rank, uint8(h.kind), h.band)
	b = append(b, areas...)
	for _, a := range amounts {
		b = binary.LittleEndian.AppendUint64(b, uint64(a))
	}
	sp.buf = b
	if _, err := yf.w.Write(b); err != nil {
		return sp.fail(err)
	}
	return nil
}

// sortedYears returns the years with samples, ascending.
func (sp *sampleSpill) sortedYears() []uint16 { return slices.Sorted(maps.Keys(sp.years)) }

// load appends the samples of a year to ss's heads, areas and amounts, in
// order of addition.
func (sp *sampleSpill) load(year uint16, ss *sampleSet) error {
	yf := sp.years[year]
	if yf == nil {
		return nil
	}
	if err := yf.w.Flush(); err != nil {
		return sp.fail(err)
	}
	r := bufio.NewReaderSize(io.NewSectionReader(yf.f, 0, 1<<62), 64<<10)
	var head [spillHead]byte
	for {
		if _, err := io.ReadFull(r, head[:]); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return sp.fail(err)
		}
		h := sampleHead{
			population: int64(binary.LittleEndian.Uint64(head[0:])),
			auth:       binary.LittleEndian.Uint32(head[8:]),
			year:       binary.LittleEndian.Uint16(head[12:]),
			n:          head[14], grid: head[15], detail: dataset.Detail(head[16]),
			rank: head[17], kind: dataset.Kind(head[18]), band: head[19],
		}
		n := int(h.n)
		body := slices.Grow(sp.buf[:0], 9*n)[:9*n]
		sp.buf = body
		if _, err := io.ReadFull(r, body); err != nil {
			return sp.fail(fmt.Errorf("sample of %d: %w", year, err))
		}
		amounts := make([]int64, n)
		for i := range amounts {
			amounts[i] = int64(binary.LittleEndian.Uint64(body[n+8*i:]))
		}
		ss.push(h, body[:n], amounts)
	}
}

// fail keeps the first error, wrapped, and returns it.
func (sp *sampleSpill) fail(err error) error {
	if sp.err == nil {
		sp.err = fmt.Errorf("peer samples: %w", err)
	}
	return sp.err
}

// close removes the files and returns the first error met, if any. It
// may be called more than once.
func (sp *sampleSpill) close() error {
	if sp == nil {
		return nil
	}
	err := sp.err
	for y, yf := range sp.years {
		name := yf.f.Name()
		if cerr := yf.f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("peer samples: %w", cerr)
		}
		if rerr := os.Remove(name); err == nil && rerr != nil {
			err = fmt.Errorf("peer samples: %w", rerr)
		}
		delete(sp.years, y)
	}
	sp.err = nil
	return err
}
