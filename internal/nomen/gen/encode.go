package gen

import (
	"encoding/binary"
	"fmt"
	"sort"
)

// Magic and Version open the embedded file. Package nomen checks
// both; change Version whenever the layout below changes.
const (
	Magic   = "JEU1000-NOMEN\n"
	Version = 2
)

// Account flags.
const (
	FlagLeaf    = 1 << 0
	FlagDeleted = 1 << 1
	FlagHasDR   = 1 << 2
)

// Encode writes the plans in the embedded format (uncompressed: the wasm
// that embeds it is sent compressed, and inflating it in wasm at start-up
// costs more than it saves). The output depends only on the plans (sorted
// first), so re-running it on the same files gives the same bytes.
//
// Layout, every integer an unsigned varint (encoding/binary),
// every string a reference (index) into the string table:
//
//	magic "JEU1000-NOMEN\n", version
//	strings:   n, then n × (bytes shared with the previous string, suffix length, suffix);
//	           sorted, so string 0 is "" and code order is index order
//	chapters:  n tables, each: byte length, then count, count × (code, label,
//	           section byte 0|'F'|'I', type)
//	functions: n tables, each: byte length, then count, count × (code, label) — document order
//	accounts:  n tables, each: byte length, then base (0 = none, k = table k-1),
//	           removed count, removed codes (delta-coded indices), upsert count,
//	           upserts × account; account = code (delta-coded index), label, DR,
//	           alt chapter, flags; a table is its base minus the removed codes,
//	           plus the upserts, sorted by code
//	plans:     n, each: norm, variant, year, chapter table, function table, account table
//
// Identical chapter or function tables are stored once; an account table is
// stored as the difference with whichever earlier table makes it smallest.
// The tables can be skipped by their lengths: a program that uses one plan
// decodes that plan's tables only (package nomen decodes them on first use).
func Encode(plans []*Plan) ([]byte, error) { return Payload(plans) }

type encAccount struct {
	code, label, dr, alt, flags uint64
}

// Payload returns the uncompressed embedded tables (see Encode).
func Payload(plans []*Plan) ([]byte, error) {
	plans = append([]*Plan(nil), plans...)
	sort.Slice(plans, func(i, j int) bool { return planLess(plans[i], plans[j]) })

	set := map[string]bool{"": true}
	for _, p := range plans {
		set[p.Norm], set[p.Variant] = true, true
		for _, c := range p.Chapters {
			set[c.Code], set[c.Label], set[c.Type] = true, true, true
		}
		for _, a := range p.Accounts {
			set[a.Code], set[a.Label], set[a.DR], set[a.Alt] = true, true, true, true
		}
		for _, f := range p.Functions {
			set[f.Code], set[f.Label] = true, true
		}
	}
	strs := make([]string, 0, len(set))
	for s := range set {
		strs = append(strs, s)
	}
	sort.Strings(strs)
	idx := make(map[string]uint64, len(strs))
	for i, s := range strs {
		idx[s] = uint64(i)
	}

	out := []byte(Magic)
	out = binary.AppendUvarint(out, Version)
	out = binary.AppendUvarint(out, uint64(len(strs)))
	prev := ""
	for _, s := range strs {
		n := 0
		for n < len(s) && n < len(prev) && s[n] == prev[n] {
			n++
		}
		out = binary.AppendUvarint(out, uint64(n))
		out = binary.AppendUvarint(out, uint64(len(s)-n))
		out = append(out, s[n:]...)
		prev = s
	}

	type tables struct {
		index map[string]int
		list  [][]byte
	}
	add := func(t *tables, b []byte) int {
		if i, ok := t.index[string(b)]; ok {
			return i
		}
		t.index[string(b)] = len(t.list)
		t.list = append(t.list, b)
		return len(t.list) - 1
	}
	chapters := &tables{index: map[string]int{}}
	functions := &tables{index: map[string]int{}}
	planCh := make([]int, len(plans))
	planFn := make([]int, len(plans))
	for i, p := range plans {
		var b []byte
		b = binary.AppendUvarint(b, uint64(len(p.Chapters)))
		for _, c := range p.Chapters {
			b = binary.AppendUvarint(b, idx[c.Code])
			b = binary.AppendUvarint(b, idx[c.Label])
			b = binary.AppendUvarint(b, uint64(c.Section))
			b = binary.AppendUvarint(b, idx[c.Type])
		}
		planCh[i] = add(chapters, b)
		b = nil
		b = binary.AppendUvarint(b, uint64(len(p.Functions)))
		for _, f := range p.Functions {
			b = binary.AppendUvarint(b, idx[f.Code])
			b = binary.AppendUvarint(b, idx[f.Label])
		}
		planFn[i] = add(functions, b)
	}

	// Account tables: full record lists (for diffing) and their encodings.
	var (
		accFull  [][]encAccount
		accEnc   [][]byte
		accIndex = map[string]int{}
		planAcc  = make([]int, len(plans))
	)
	for i, p := range plans {
		cur := make([]encAccount, len(p.Accounts))
		for j, a := range p.Accounts {
			var fl uint64
			if a.Leaf {
				fl |= FlagLeaf
			}
			if a.Deleted {
				fl |= FlagDeleted
			}
			if a.HasDR {
				fl |= FlagHasDR
			}
			cur[j] = encAccount{idx[a.Code], idx[a.Label], idx[a.DR], idx[a.Alt], fl}
			if j > 0 && cur[j].code <= cur[j-1].code {
				return nil, fmt.Errorf("%s/%s/%d: accounts not sorted at %s", p.Norm, p.Variant, p.Year, a.Code)
			}
		}
		full := encodeDiff(nil, -1, cur)
		if k, ok := accIndex[string(full)]; ok {
			planAcc[i] = k
			continue
		}
		best := full
		for k, base := range accFull {
			if d := encodeDiff(base, k, cur); len(d) < len(best) {
				best = d
			}
		}
		accIndex[string(full)] = len(accFull)
		planAcc[i] = len(accFull)
		accFull = append(accFull, cur)
		accEnc = append(accEnc, best)
	}

	for _, t := range [][][]byte{chapters.list, functions.list, accEnc} {
		out = binary.AppendUvarint(out, uint64(len(t)))
		for _, b := range t {
			out = binary.AppendUvarint(out, uint64(len(b)))
			out = append(out, b...)
		}
	}
	out = binary.AppendUvarint(out, uint64(len(plans)))
	for i, p := range plans {
		out = binary.AppendUvarint(out, idx[p.Norm])
		out = binary.AppendUvarint(out, idx[p.Variant])
		out = binary.AppendUvarint(out, uint64(p.Year))
		out = binary.AppendUvarint(out, uint64(planCh[i]))
		out = binary.AppendUvarint(out, uint64(planFn[i]))
		out = binary.AppendUvarint(out, uint64(planAcc[i]))
	}
	return out, nil
}

// encodeDiff encodes cur as the difference with base (table number k; -1 and
// a nil base for a full table). Both are sorted by code.
func encodeDiff(base []encAccount, k int, cur []encAccount) []byte {
	var removed []uint64
	var upserts []encAccount
	i, j := 0, 0
	for i < len(base) || j < len(cur) {
		switch {
		case j == len(cur) || i < len(base) && base[i].code < cur[j].code:
			removed = append(removed, base[i].code)
			i++
		case i == len(base) || cur[j].code < base[i].code:
			upserts = append(upserts, cur[j])
			j++
		default:
			if base[i] != cur[j] {
				upserts = append(upserts, cur[j])
			}
			i++
			j++
		}
	}
	var b []byte
	b = binary.AppendUvarint(b, uint64(k+1))
	b = binary.AppendUvarint(b, uint64(len(removed)))
	var last uint64
	for _, c := range removed {
		b = binary.AppendUvarint(b, c-last)
		last = c
	}
	b = binary.AppendUvarint(b, uint64(len(upserts)))
	last = 0
	for _, a := range upserts {
		b = binary.AppendUvarint(b, a.code-last)
		last = a.code
		b = binary.AppendUvarint(b, a.label)
		b = binary.AppendUvarint(b, a.dr)
		b = binary.AppendUvarint(b, a.alt)
		b = binary.AppendUvarint(b, a.flags)
	}
	return b
}
