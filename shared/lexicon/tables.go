package lexicon

import "strings"

// This file holds every hand-written list and constant of the package, so
// that tuning happens in one place.

// stopWords are English function words: articles, pronouns, auxiliaries,
// prepositions, conjunctions and contractions (apostrophes already removed,
// "'s" already cut). Negations are here too: matching is about topic overlap,
// and telling a claim from its denial is another package's job.
var stopWords = setOf(`
a about above after again against all almost also although am among an and another any anybody anyone
anything are as at be because been before being below between beyond both but by can cannot could
did do does doing done down during each either else enough etc even ever every for from further
had has have having he hence her here hers herself him himself his how however i if in inside into
is it its itself just least less let like many may me might mine more most much must my myself
neither no nobody none nor not of off often on once one only onto or other others otherwise ought our ours
ourselves out over own per perhaps quite rather same several shall she should since so some
somebody someone something such than that the their theirs them themselves then there thereby
therefore these they this those though through throughout thus to too toward towards under unless
until up upon us very via was we were what whatever when whenever where whereas whether which while
who whoever whom whose why will with within without would yet you your yours yourself yourselves
dont doesnt didnt isnt arent wasnt werent wont cant couldnt shouldnt wouldnt hasnt havent hadnt
mustnt im ive youre youve youd youll hes shes theyre theyve theyd theyll weve
itll thats theres whats whos mr mrs ms dr
`)

// reportingStems are the Snowball stems of attribution verbs and nouns
// ("said", "according to", "a statement"). They carry little of a claim's
// content; the matcher lowers their weight. "ad" is the stem of "added". Irregular forms ("told", "said")
// reach these through the irregular-form table first. Note "state" is also
// the noun for a country; without part-of-speech tags both are reporting.
var reportingStems = setOf(`
say tell state statement claim accord report announc add ad note quot quotat assert declar
comment remark explain alleg insist stress mention cite write wrote spokesman spokeswoman
spokesperson spokespeopl told reiter acknowledg
`)

// deicticNames are the capitalised compass words that "the North" / "the
// South" use as a short name for a country named earlier in the document.
var deicticNames = map[string]string{"north": "@north", "south": "@south"}

// deicticBlockers are nouns after "the North"/"the South" that make it a
// place or a direction rather than a country ("the North side").
var deicticBlockers = setOf(`side sides end part parts coast shore wind winds bank face wing star pole
border region regions half direction`)

// cjkBigrams: runs of Han, Hiragana and Katakana have no spaces, so they are
// cut into overlapping character bigrams (a one-character run stays whole).
const cjkBigrams = true

// Weights. Weight = weightFloor + weightScale*ln((docs+1)/(df+0.5)), scaled so
// a word in every document weighs about 1 and an unseen word about 12.
const (
	weightFloor      = 1.0
	numberWeightCap  = 7.0  // "31" or "2022" is informative, but not as much as a rare word
	entityWeightCap  = 10.0 // an unseen entity still names a real actor
	deicticWeight    = 6.0  // "@north" before Resolve
	maxTermsPerInput = 1 << 20
	stemCacheSize    = 1 << 14 // distinct words remembered by factsOf, and word pairs by compound
)

// Similarity scores, one per kind of WordNet link (see the generator).
const (
	simStrong = 0.8 // shared frequent synset, or a derivational/pertainym link
	simWeak   = 0.5 // one is a hypernym of the other within two steps (nouns)
)

// latinFold maps U+00C0..U+017F to ASCII; "-" marks a non-letter.
var latinFold = strings.Fields(`
a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th ss
a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th y
a a a a a a c c c c c c c c d d d d e e e e e e e e e e g g g g g g g g h h h h
i i i i i i i i i i ij ij j j k k k l l l l l l l l l l n n n n n n n n n
o o o o o o oe oe r r r r r r s s s s s s s s t t t t t t u u u u u u u u u u u u
w w y y y z z z z z z s
`)

// extraFold covers the few letters past U+017F that news text in Latin
// script uses (Romanian, Azerbaijani, Vietnamese base letters).
// extraFoldTop is above extraFold's last rune: fold looks no rune above it
// up (TestExtraFoldTop keeps it so).
const extraFoldTop = 0x259

var extraFold = map[rune]string{
	'ș': "s", 'Ș': "s", 'ț': "t", 'Ț': "t", 'ə': "e", 'Ə': "e", 'ơ': "o", 'Ơ': "o",
	'ư': "u", 'Ư': "u", 'ǎ': "a", 'ǐ': "i", 'ǒ': "o", 'ǔ': "u",
}

// setOf reads a space-separated word list into a set. It runs at package
// init, which every start of the extension's service worker pays for: the
// map is sized once and the words are not collected into a slice first.
func setOf(words string) map[string]bool {
	n := 0
	for range strings.FieldsSeq(words) {
		n++
	}
	m := make(map[string]bool, n)
	for w := range strings.FieldsSeq(words) {
		m[w] = true
	}
	return m
}

// speechActs groups the stems of verbs and nouns that perform one speech act
// in news reporting. WordNet files "deny" and "reject", or "groundless" and
// "false", under senses too far apart for its classes to link them, yet in
// attribution they are interchangeable: "rejected the claims" reports what
// "denied the claims" does. General vocabulary of reporting, not of any story.
var speechActs = make(map[string]uint32, 48)

func init() {
	for i, group := range []string{
		"deni denial reject dismiss refut rebuff disput contradict repudi disavow rebut",
		"accus alleg claim",
		"condemn denounc slam critic criticis blast censur rebuk decri lambast",
		"fals groundless baseless untru fabric bogus unfound fake",
		"rumour rumor gossip specul hearsay",
	} {
		for _, stem := range strings.Fields(group) {
			speechActs[stem] = speechActClass + uint32(i)
		}
	}
}

// speechActClass is the first class id of the speech acts, in a range the
// generated WordNet classes (sequential from 0) and hashed keys (top bit set)
// never reach.
const speechActClass = 1 << 30

// britishSuffixes maps British spelling endings to American ones, longest
// first; min is the shortest word the rule applies to (so "hour" and "four"
// are never read as "hor" and "for").
var britishSuffixes = []struct {
	gb, us string
	min    int
}{
	{"isations", "izations", 9}, {"isation", "ization", 8},
	{"ising", "izing", 7}, {"ised", "ized", 6}, {"ises", "izes", 6}, {"ise", "ize", 6},
	{"ysing", "yzing", 7}, {"ysed", "yzed", 6}, {"yse", "yze", 6},
	{"ouring", "oring", 8}, {"oured", "ored", 7}, {"ours", "ors", 7}, {"our", "or", 6},
	{"ences", "enses", 7}, {"ence", "ense", 6},
	{"tres", "ters", 6}, {"tre", "ter", 5},
	{"ogues", "ogs", 7}, {"ogue", "og", 6},
}
