package territory

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:generate go run genarticles.go -cog ../../../shared/data/population

// Names in a French sentence take an article that depends on the name:
// « pour la Bretagne », « du Morbihan », « des Hauts-de-Seine », « de l'Ain »,
// « de la CC du Val de Drôme », « du Havre », « d'Angers ». A commune's name
// carries its own article (« Le Havre »); a département's comes from the
// COG's TNCC (articles_gen.go); an intercommunality's from the word its name
// begins with. A région is named as its law names it, after « la région »:
// the COG gives Bretagne, Normandie or Corse no article (TNCC 0), and
// « pour Bretagne » is not French.

// Phrase is a name as it stands in a French sentence.
type Phrase struct {
	The string // the name with its article: « la Bretagne », « Le Havre »
	Of  string // after « de », contracted: « de la Bretagne », « du Havre »
}

// Subject is the phrase at the start of a sentence: « La région Bretagne ».
func (p Phrase) Subject() string {
	r, n := utf8.DecodeRuneInString(p.The)
	return string(unicode.ToUpper(r)) + p.The[n:]
}

// PhraseOf returns the sentence forms of an authority's name.
func PhraseOf(kind Kind, code, name string) Phrase {
	the := article(kind, code, name) + name
	return Phrase{The: the, Of: of(the)}
}

// departementTNCC returns the COG's TNCC (type de nom en clair) of a
// département, false for a code the COG does not have.
func departementTNCC(code string) (byte, bool) {
	if code == "" || strings.ContainsAny(code, " =") {
		return 0, false
	}
	i := strings.Index(departementTNCCs, " "+code+"=")
	if i < 0 {
		return 0, false
	}
	return departementTNCCs[i+len(code)+2] - '0', true
}

// tnccArticle is the article of a TNCC value (COG documentation: 0 and 1
// none, 2 « le », 3 « la », 4 « les », 5 « l' », 6 « aux », 7 « las »,
// 8 « los »; genarticles.go accepts only 0 to 8).
func tnccArticle(t byte) string {
	return [...]string{"", "", "le ", "la ", "les ", "l'", "aux ", "las ", "los "}[t]
}

// groupArticle is the article before a name that begins with the word:
// the legal forms of intercommunalities and of the Collectivité européenne
// d'Alsace, all feminine.
func groupArticle(word string) string {
	switch word {
	case "CC", "CA", "CU", "Communauté", "Métropole", "Collectivité":
		return "la "
	case "Eurométropole":
		return "l'"
	}
	return ""
}

func article(kind Kind, code, name string) string {
	switch kind {
	case Commune:
		return ""
	case Region:
		return "la région "
	case Departement:
		if t, ok := departementTNCC(code); ok {
			return tnccArticle(t)
		}
	}
	word, _, _ := strings.Cut(name, " ")
	return groupArticle(word)
}

// of puts « de » before a name with its article, contracted as French
// requires: « de le » → « du », « de les » → « des », « de » + vowel → « d' ».
// An h is left alone (« de Hautmont », « du Havre »: aspirated or not is a
// matter of each word).
func of(the string) string {
	for _, c := range [...]struct{ article, of string }{
		{"le ", "du "}, {"Le ", "du "}, {"les ", "des "}, {"Les ", "des "},
	} {
		if rest, ok := strings.CutPrefix(the, c.article); ok {
			return c.of + rest
		}
	}
	if r, _ := utf8.DecodeRuneInString(the); strings.ContainsRune("AEIOUYÂÉÈÊÎÏÔŒ", unicode.ToUpper(r)) {
		return "d'" + the
	}
	return "de " + the
}
