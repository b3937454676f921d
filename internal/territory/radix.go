package territory

import "slices"

// radixSort sorts keys in ascending order, least significant byte first:
// eight linear passes (fewer when a byte is the same in every key) instead
// of n log n comparisons, which is several times faster in wasm. When vals
// is not nil (and as long as keys), vals[i] moves with keys[i]; keys equal
// keep the order of their vals (the sort is stable).
func radixSort(keys []uint64, vals []int32) {
	n := len(keys)
	if n < 2 {
		return
	}
	if vals == nil && n < 256 {
		slices.Sort(keys)
		return
	}
	srcK, dstK := keys, make([]uint64, n)
	var srcV, dstV []int32
	if vals != nil {
		srcV, dstV = vals, make([]int32, n)
	}
	for shift := 0; shift < 64; shift += 8 {
		var start [256]int
		for _, k := range srcK {
			start[byte(k>>shift)]++
		}
		if start[byte(srcK[0]>>shift)] == n {
			continue // the same byte in every key
		}
		sum := 0
		for b, c := range start {
			start[b] = sum
			sum += c
		}
		for i, k := range srcK {
			b := byte(k >> shift)
			j := start[b]
			start[b]++
			dstK[j] = k
			if srcV != nil {
				dstV[j] = srcV[i]
			}
		}
		srcK, dstK = dstK, srcK
		srcV, dstV = dstV, srcV
	}
	if &srcK[0] != &keys[0] {
		copy(keys, srcK)
		copy(vals, srcV)
	}
}
