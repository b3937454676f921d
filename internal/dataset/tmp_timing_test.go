package dataset

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

func TestTmpTiming(t *testing.T) {
	raw := encodeIndex(t, syntheticIndex(37000))
	sraw := encodeShard(t, syntheticShard(10, 1500, 3400, 10))
	var ds, ss []time.Duration
	var first time.Duration
	for i := range 15 {
		runtime.GC()
		t0 := time.Now()
		_, err := DecodeIndex(raw)
		d := time.Since(t0)
		if i == 0 {
			first = d
		}
		ds = append(ds, d)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		t0 = time.Now()
		_, err = DecodeShard(sraw)
		ss = append(ss, time.Since(t0))
	}
	slices.Sort(ds)
	slices.Sort(ss)
	t.Logf("index: first %v min %v median %v; shard: min %v median %v", first, ds[0], ds[len(ds)/2], ss[0], ss[len(ss)/2])
}
