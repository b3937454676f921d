package dataset

// A shard stores each field of its records, lines and items as one column.
// The lists below give, in format order, the runs of columns of one kind
// that the encoder (shard.go, encoder.shard) and the decoder
// (decoder.records, lines, items) both walk: a column added, removed or
// moved in one of these lists changes the format on both sides at once, and
// must come with a new format version (format.go).

// textColumn is a string field stored as references to the dictionary.
type textColumn[T any] struct {
	name  string // the field's name in decoding errors
	field func(*T) *string
}

// numberColumn is an int64 field stored as zigzag varints.
type numberColumn[T any] struct {
	name  string
	field func(*T) *int64
}

// provenanceColumns are the record's provenance fields, after its population.
func provenanceColumns() [5]textColumn[Record] {
	return [...]textColumn[Record]{
		{"provenance source", func(r *Record) *string { return &r.Provenance.Source }},
		{"provenance document", func(r *Record) *string { return &r.Provenance.Document }},
		{"provenance method", func(r *Record) *string { return &r.Provenance.Method }},
		{"provenance licence", func(r *Record) *string { return &r.Provenance.Licence }},
		{"provenance note", func(r *Record) *string { return &r.Provenance.Note }},
	}
}

// lineTextColumns come first among a line's columns, then its section
// (a byte column), then lineNumberColumns.
func lineTextColumns() [4]textColumn[Line] {
	return [...]textColumn[Line]{
		{"nature", func(l *Line) *string { return &l.Nature }},
		{"function", func(l *Line) *string { return &l.Function }},
		{"chapter", func(l *Line) *string { return &l.Chapter }},
		{"label", func(l *Line) *string { return &l.Label }},
	}
}

func lineNumberColumns() [2]numberColumn[Line] {
	return [...]numberColumn[Line]{
		{"amount", func(l *Line) *int64 { return &l.Amount }},
		{"restes à réaliser", func(l *Line) *int64 { return &l.RAR }},
	}
}
