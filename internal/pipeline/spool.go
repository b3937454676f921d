package pipeline

import (
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/jeu1000/jeu1000/internal/dataset"
)

// spool keeps the records of a build out of memory until their shard is
// written: each record is appended to a temporary file, encoded with the
// dataset codec as a one-record shard, and only its key (its authority's),
// offset and length stay in memory. Writing then loads one authority's
// records at a time (13 years of the largest are a few MB).
type spool struct {
	f      *os.File
	size   int64
	chunks map[string][]span // by authority key, in order of addition
	buf    []byte
}

type span struct{ off, n int64 }

func newSpool(dir string) (*spool, error) {
	f, err := os.CreateTemp(dir, "jeu1000-spool-*.bin")
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	return &spool{f: f, chunks: make(map[string][]span)}, nil
}

// put appends a record to the list of a key (its authority's).
func (s *spool) put(key string, r *dataset.Record) error {
	raw, err := dataset.AppendShard(s.buf[:0], &dataset.Shard{Name: key, Records: []dataset.Record{*r}})
	if err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	s.buf = raw
	if _, err := s.f.WriteAt(raw, s.size); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	s.chunks[key] = append(s.chunks[key], span{s.size, int64(len(raw))})
	s.size += int64(len(raw))
	return nil
}

// keys returns the keys with records, sorted.
func (s *spool) keys() []string { return slices.Sorted(maps.Keys(s.chunks)) }

// load returns the records of a key, in order of addition.
func (s *spool) load(key string) ([]dataset.Record, error) {
	spans := s.chunks[key]
	out := make([]dataset.Record, 0, len(spans))
	for _, sp := range spans {
		if int64(cap(s.buf)) < sp.n {
			s.buf = make([]byte, sp.n)
		}
		raw := s.buf[:sp.n]
		if _, err := s.f.ReadAt(raw, sp.off); err != nil {
			return nil, fmt.Errorf("spool: %w", err)
		}
		sh, err := dataset.DecodeShard(raw)
		if err != nil {
			return nil, fmt.Errorf("spool: %w", err)
		}
		out = append(out, sh.Records...)
	}
	return out, nil
}

// close removes the spool file. It may be called more than once.
func (s *spool) close() error {
	if s.f == nil {
		return nil
	}
	name := s.f.Name()
	err := s.f.Close()
	s.f = nil
	if rmErr := os.Remove(name); err == nil && rmErr != nil && !os.IsNotExist(rmErr) {
		err = rmErr
	}
	if err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	return nil
}
