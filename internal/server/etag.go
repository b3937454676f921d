package server

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"io/fs"
	"sync"
	"time"
)

// etagCache remembers the strong ETag of each file served, computed from
// its bytes. An entry is reused only while the file keeps its size,
// modification time and identity (device, inode and change time where the
// system gives them, see fileIdentity): a file rewritten or replaced, even
// with an older modification time, changes its change time or inode and is
// hashed again. Without an identity (another system, an in-memory FS) the
// file is hashed at every request.
type etagCache struct {
	mu      sync.Mutex
	entries map[string]etagEntry
}

type etagEntry struct {
	size  int64
	mtime time.Time
	id    string
	tag   string
}

func newETagCache() *etagCache { return &etagCache{entries: map[string]etagEntry{}} }

// tag returns the strong ETag of the file name (st its FileInfo, rs its
// content, left at offset 0).
func (c *etagCache) tag(name string, st fs.FileInfo, rs io.ReadSeeker) (string, error) {
	id := fileIdentity(st)
	if id != "" {
		c.mu.Lock()
		e, ok := c.entries[name]
		c.mu.Unlock()
		if ok && e.size == st.Size() && e.mtime.Equal(st.ModTime()) && e.id == id {
			return e.tag, nil
		}
	}
	h := sha256.New()
	if _, err := io.Copy(h, rs); err != nil {
		return "", fmt.Errorf("etag of %s: %w", name, err)
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("etag of %s: %w", name, err)
	}
	// 24 bytes of SHA-256 (192 bits), base64url: short and collision-free.
	tag := `"` + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:24]) + `"`
	if id != "" {
		c.mu.Lock()
		c.entries[name] = etagEntry{st.Size(), st.ModTime(), id, tag}
		c.mu.Unlock()
	}
	return tag, nil
}
