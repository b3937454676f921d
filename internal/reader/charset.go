package reader

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// cp1252 maps bytes 0x80–0x9F to the characters Windows-1252 puts there;
// files declared ISO-8859-1 are often really Windows-1252 (e.g. "€", "œ").
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

// Latin1ToUTF8 converts ISO-8859-1 (read as Windows-1252) text to UTF-8.
// It returns b itself when b is pure ASCII.
func Latin1ToUTF8(b []byte) []byte {
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return b
	}
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			out = append(out, c)
		case c < 0xA0:
			out = utf8.AppendRune(out, cp1252[c-0x80])
		default:
			out = utf8.AppendRune(out, rune(c))
		}
	}
	return out
}

// trimBOM removes a UTF-8 byte order mark.
func trimBOM(b []byte) []byte {
	return bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
}

// decodeText returns data as UTF-8 without a BOM: data itself when it is
// valid UTF-8, its conversion from UTF-16 when it starts with a UTF-16 byte
// order mark (Excel's "Texte Unicode"), else its conversion from ISO-8859-1
// (Windows-1252).
func decodeText(data []byte) []byte {
	if isUTF16(data) {
		return utf16ToUTF8(data)
	}
	data = trimBOM(data)
	if utf8.Valid(data) {
		return data
	}
	return Latin1ToUTF8(data)
}

// isUTF16 reports whether data starts with a UTF-16 byte order mark.
func isUTF16(data []byte) bool {
	return len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF)
}

// utf16ToUTF8 converts UTF-16 with a byte order mark to UTF-8, without the
// mark. A trailing odd byte is dropped; unpaired surrogates become U+FFFD.
func utf16ToUTF8(data []byte) []byte {
	big := data[0] == 0xFE
	data = data[2:]
	units := make([]uint16, len(data)/2)
	for i := range units {
		if big {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	out := make([]byte, 0, len(units))
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out
}

// toUTF8 returns s unchanged when it is valid UTF-8, else its conversion
// from ISO-8859-1 (Windows-1252). Used field by field by the streaming
// balance reader.
func toUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string(Latin1ToUTF8([]byte(s)))
}
