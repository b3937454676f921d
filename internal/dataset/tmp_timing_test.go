package dataset

import (
	"testing"
	"time"
)

func TestTmpTiming(t *testing.T) {
	t0 := time.Now()
	ix := syntheticIndex(37000)
	t1 := time.Now()
	raw := encodeIndex(t, ix)
	t2 := time.Now()
	_, err := DecodeIndex(raw)
	t3 := time.Now()
	t.Log(t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), len(raw), err)
}
