package dataset

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestTmpTiming(t *testing.T) {
	raw := encodeIndex(t, syntheticIndex(37000))
	var keep []*Index
	for range 4 {
		runtime.GC()
		debug.FreeOSMemory()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		n0 := ms.NumGC
		t2 := time.Now()
		ix, err := DecodeIndex(raw)
		t3 := time.Now()
		runtime.ReadMemStats(&ms)
		keep = append(keep, ix)
		keep = keep[len(keep)-1:]
		t.Log("decode", t3.Sub(t2), "gcs", ms.NumGC-n0, "heap", ms.HeapAlloc>>20, err)
	}
}
