// Command langgen writes the language data of Retold, reproducibly (a rerun
// writes the same bytes):
//
//   - shared/lexicon/packs/<lang>.bin, one pack per language (see
//     shared/lexicon/pack.go): names of countries and capitals in that
//     language and script, the language's words for dates and times, and a
//     word list mapped to English through Unicode CLDR's emoji keywords,
//     plus the language's function words;
//   - shared/lang/profiles.go, the function words that tell Latin-script
//     languages apart.
//
// Sources, all under terms that allow Apache-2.0 redistribution:
//   - Unicode CLDR (Debian unicode-cldr-core, /usr/share/unicode/cldr),
//     Unicode licence: territory, language and time-zone city names; month,
//     weekday and date-field words; emoji annotations, whose keywords in two
//     languages name the same picture, so they pair words across languages;
//   - the time-zone table of Debian tzdata (/usr/share/zoneinfo/zone.tab,
//     public domain), to know a city's country;
//   - stopwords-iso (npm, MIT): function words per language.
//
// Bilingual dictionaries (FreeDict, Apertium) are GPL and JMdict is
// CC-BY-SA, so none ships; -extra DIR reads dictd files from DIR to build
// local packs for comparison only (into -out, never committed).
//
// Run from the repository root: go run ./scripts/langgen -stopwords FILE.
package main

import (
	"bufio"
	"compress/bzip2"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/retold/retold/shared/lexicon"
)

// langs are the languages that get a pack.
var langs = []string{"ar", "de", "es", "fr", "id", "it", "ja", "ko", "nl", "pl", "pt", "ru", "sw", "ta", "tr", "zh"}

// profileLangs are the Latin-script languages lang.Detect tells apart by
// function words.
var profileLangs = []string{"de", "en", "es", "fr", "id", "it", "nl", "pl", "pt", "sw", "tr"}

// languageCountry is the country a language's name also names as an
// adjective ("russe", "allemand"): only languages of one main country.
var languageCountry = map[string]string{
	"ru": "ru", "ja": "jp", "de": "de", "fr": "fr", "zh": "cn", "uk": "ua", "it": "it", "es": "es",
	"tr": "tr", "fa": "ir", "he": "il", "pl": "pl", "nl": "nl", "el": "gr", "vi": "vn", "th": "th",
}

// Limits of the generated data.
const (
	maxStopsPerProfile = 600 // function words per language in profiles.go (shortest first)
	maxStopRunes       = 7   // longer function words are rare in a sentence
	maxFormRunes       = 24
)

var (
	cldr      = flag.String("cldr", "/usr/share/unicode/cldr/common", "CLDR common/ directory")
	zoneTab   = flag.String("zones", "/usr/share/zoneinfo/zone.tab", "tzdata zone.tab")
	stopwords = flag.String("stopwords", "build/langdata/package/stopwords-iso.json", "stopwords-iso.json")
	out       = flag.String("out", "shared/lexicon/packs", "where packs are written")
	profiles  = flag.String("profiles", "shared/lang/profiles.go", "where the Latin profiles are written")
	packLangs = flag.String("packlangs", "shared/lexicon/packlangs.go", "where the list of pack languages is written")
	unihan    = flag.String("unihan", "/usr/share/unicode/Unihan_Readings.txt.bz2", "Unihan readings (Debian unicode-data), for the Chinese pack")
	cuesFile  = flag.String("cues", "scripts/langgen/cues.txt", "hand-written attribution and stance words per language")
	extra     = flag.String("extra", "", "optional: a directory of dictd freedict-<lang3>-eng files, for local comparison packs only")
)

func main() {
	flag.Parse()
	log.SetFlags(0)
	stops := readStopwords(*stopwords)
	actorIDs := readActorIDs("shared/lexicon/actors.txt")
	cities := cityCountries(actorIDs)
	en := readLocale("en")
	enEmoji := readEmoji("en")
	cues := readCues(*cuesFile)
	for _, l := range langs {
		loc := readLocale(l)
		names := map[string]string{}
		addName := func(form, key string) {
			f := lexicon.FoldForm(form)
			if f == "" || utf8.RuneCountInString(f) > maxFormRunes {
				return
			}
			if old, ok := names[f]; !ok || key < old {
				names[f] = key
			}
			// Scripts other than Latin often write a two-word name as one
			// ("வட கொரியா" and "வடகொரியா"): the joined form is a name too.
			if j := strings.ReplaceAll(f, " ", ""); j != f && !isLatin(j) {
				if old, ok := names[j]; !ok || key < old {
					names[j] = key
				}
			}
		}
		for code, ns := range loc.territories {
			if actorIDs[strings.ToLower(code)] {
				for _, n := range ns {
					addName(n, "@"+strings.ToLower(code))
				}
			}
		}
		for code, ns := range loc.languages {
			if c, ok := languageCountry[code]; ok && actorIDs[c] {
				for _, n := range ns {
					addName(n, "@"+c)
				}
			}
		}
		for zone, city := range loc.cities {
			if c, ok := cities[zone]; ok {
				addName(city, "@"+c)
			}
		}
		words := map[string]string{}
		addWord := func(form, eng string) {
			f := lexicon.FoldForm(form)
			e := strings.ToLower(strings.TrimSpace(eng))
			if f == "" || e == "" || strings.ContainsAny(e, " -") || utf8.RuneCountInString(f) > maxFormRunes {
				return
			}
			if _, isName := names[f]; isName {
				return
			}
			if old, ok := words[f]; !ok || e < old {
				words[f] = e
			}
		}
		// The stance words come first: the reader of claims needs them
		// more than any other, and CLDR's and the emoji's senses of a
		// form are rarely the news sense.
		for f, e := range cues[l] {
			addWord(f, e)
		}
		for k, v := range loc.simple {
			if e, ok := en.simple[k]; ok && cues[l][lexicon.FoldForm(v)] == "" {
				addWord(v, e)
			}
		}
		// Later sources fill only the forms earlier ones left open, decided
		// on folded forms so map order never matters.
		for _, src := range []map[string]string{emojiWords(readEmoji(l), enEmoji), readDictd(*extra, l)} {
			known := map[string]bool{}
			for f := range words {
				known[f] = true
			}
			for f, e := range src {
				if !known[lexicon.FoldForm(f)] {
					addWord(f, e)
				}
			}
		}
		var stopList []string
		for _, s := range stops[l] {
			if f := lexicon.FoldForm(s); f != "" && !strings.Contains(f, " ") && cues[l][f] == "" {
				// kept even when a name is spelled so: lower case makes it
				// the function word (lexicon's lowerStop)
				stopList = append(stopList, f)
			}
		}
		stopList = uniq(stopList)
		var nr, wr []lexicon.PackEntry
		for f, k := range names {
			nr = append(nr, lexicon.PackEntry{Form: f, Value: k})
		}
		for f, e := range words {
			wr = append(wr, lexicon.PackEntry{Form: f, Value: e})
		}
		if l == "zh" {
			wr = append(wr, hanReadings(loc)...)
		}
		b := lexicon.EncodePack(l, nr, wr, stopList)
		writeFile(filepath.Join(*out, l+".bin"), b)
		fmt.Printf("%s: %d names, %d words, %d function words, %d bytes\n", l, len(nr), len(wr), len(stopList), len(b))
	}
	writeProfiles(stops)
	writeFile(*packLangs, []byte(fmt.Sprintf("// Code generated by scripts/langgen; DO NOT EDIT.\n\npackage lexicon\n\n"+
		"// PackLangs are the languages that have a pack in lexicon/packs.\nvar PackLangs = %#v\n", langs)))
}

// locale is what langgen reads from one CLDR main/<lang>.xml.
type locale struct {
	territories map[string][]string
	languages   map[string][]string
	cities      map[string]string // time zone -> exemplar city
	simple      map[string]string // "month-1", "day-sun", "field-year", "rel-day--1" -> word
}

var (
	reTerritory = regexp.MustCompile(`<territory type="([A-Z]{2})"(?: alt="(?:short|variant)")?>([^<]+)</territory>`)
	reLanguage  = regexp.MustCompile(`<language type="([a-z]{2})">([^<]+)</language>`)
	reZone      = regexp.MustCompile(`(?s)<zone type="([A-Za-z_/]+)">\s*<exemplarCity>([^<]+)</exemplarCity>`)
	reMonthCtx  = regexp.MustCompile(`(?s)<calendar type="gregorian">.*?<monthContext type="format">.*?<monthWidth type="wide">(.*?)</monthWidth>`)
	reMonth     = regexp.MustCompile(`<month type="(\d+)">([^<]+)</month>`)
	reDayCtx    = regexp.MustCompile(`(?s)<calendar type="gregorian">.*?<dayContext type="format">.*?<dayWidth type="wide">(.*?)</dayWidth>`)
	reDay       = regexp.MustCompile(`<day type="([a-z]+)">([^<]+)</day>`)
	reField     = regexp.MustCompile(`(?s)<field type="(year|month|week|day|hour|minute)">(.*?)</field>`)
	reDisplay   = regexp.MustCompile(`<displayName>([^<]+)</displayName>`)
	reRelative  = regexp.MustCompile(`<relative type="(-1|0|1)">([^<]+)</relative>`)
	reAnnot     = regexp.MustCompile(`<annotation cp="([^"]+)"( type="tts")?>([^<]+)</annotation>`)
)

func readLocale(l string) locale {
	b, err := os.ReadFile(filepath.Join(*cldr, "main", l+".xml"))
	if err != nil {
		log.Fatal(err)
	}
	s := string(b)
	loc := locale{territories: map[string][]string{}, languages: map[string][]string{}, cities: map[string]string{}, simple: map[string]string{}}
	for _, m := range reTerritory.FindAllStringSubmatch(s, -1) {
		loc.territories[m[1]] = append(loc.territories[m[1]], html.UnescapeString(m[2]))
	}
	for _, m := range reLanguage.FindAllStringSubmatch(s, -1) {
		loc.languages[m[1]] = append(loc.languages[m[1]], html.UnescapeString(m[2]))
	}
	for _, m := range reZone.FindAllStringSubmatch(s, -1) {
		loc.cities[m[1]] = html.UnescapeString(m[2])
	}
	if m := reMonthCtx.FindStringSubmatch(s); m != nil {
		for _, mm := range reMonth.FindAllStringSubmatch(m[1], -1) {
			loc.simple["month-"+mm[1]] = mm[2]
		}
	}
	if m := reDayCtx.FindStringSubmatch(s); m != nil {
		for _, mm := range reDay.FindAllStringSubmatch(m[1], -1) {
			loc.simple["day-"+mm[1]] = mm[2]
		}
	}
	for _, m := range reField.FindAllStringSubmatch(s, -1) {
		if d := reDisplay.FindStringSubmatch(m[2]); d != nil {
			loc.simple["field-"+m[1]] = d[1]
		}
		for _, r := range reRelative.FindAllStringSubmatch(m[2], -1) {
			loc.simple["rel-"+m[1]+r[1]] = html.UnescapeString(r[2])
		}
	}
	return loc
}

// cityCountries maps a time zone to the actor id of its country, for zones
// whose English city name the actors table already files under that id
// (capitals and seats of government).
func cityCountries(actorIDs map[string]bool) map[string]string {
	f, err := os.Open(*zoneTab)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	named := map[string]string{} // folded English name -> id
	af, err := os.ReadFile("shared/lexicon/actors.txt")
	if err != nil {
		log.Fatal(err)
	}
	for _, line := range strings.Split(string(af), "\n") {
		if id, name, ok := strings.Cut(line, "\t"); ok && id != "-" {
			named[lexicon.FoldForm(name)] = id
		}
	}
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) < 3 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		cc, zone := strings.ToLower(fs[0]), fs[2]
		city := zone[strings.LastIndex(zone, "/")+1:]
		if named[lexicon.FoldForm(strings.ReplaceAll(city, "_", " "))] == cc && actorIDs[cc] {
			out[zone] = cc
		}
	}
	return out
}

// emoji is one language's annotations: per picture, its keywords and its
// spoken name.
type emoji struct {
	keywords map[string][]string
	tts      map[string]string
}

func readEmoji(l string) emoji {
	e := emoji{keywords: map[string][]string{}, tts: map[string]string{}}
	b, err := os.ReadFile(filepath.Join(*cldr, "annotations", l+".xml"))
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range reAnnot.FindAllStringSubmatch(string(b), -1) {
		v := html.UnescapeString(m[3])
		if m[2] != "" {
			e.tts[m[1]] = v
			continue
		}
		for _, k := range strings.Split(v, "|") {
			if k = strings.TrimSpace(k); k != "" {
				e.keywords[m[1]] = append(e.keywords[m[1]], k)
			}
		}
	}
	return e
}

// emojiWords pairs words across languages through the pictures both
// annotate: a foreign one-word keyword reads as the English one-word
// keyword it shares the most pictures with; a foreign one-word spoken name
// as the English one-word spoken name of the same picture first. A word
// that shares a picture only once, with an English word it never meets
// again, is still paired: CLDR's keywords are chosen by translators, not
// scraped.
func emojiWords(f, en emoji) map[string]string {
	count := map[string]map[string]int{}
	bump := func(fw, ew string, n int) {
		if strings.Contains(fw, " ") || strings.Contains(ew, " ") {
			return
		}
		if count[fw] == nil {
			count[fw] = map[string]int{}
		}
		count[fw][strings.ToLower(ew)] += n
	}
	for cp, fk := range f.keywords {
		ek := en.keywords[cp]
		for _, fw := range fk {
			for _, ew := range ek {
				bump(fw, ew, 1)
			}
		}
		if t, ok := f.tts[cp]; ok {
			if et, ok := en.tts[cp]; ok {
				bump(t, et, 3)
			}
		}
	}
	out := map[string]string{}
	for fw, m := range count {
		best, bn := "", 0
		for ew, n := range m {
			if n > bn || n == bn && ew < best {
				best, bn = ew, n
			}
		}
		if bn >= 2 {
			out[fw] = best
		}
	}
	return out
}

// readDictd reads a dictd dictionary freedict-<lang3>-eng for local
// comparison packs: headword -> first English word of the definition.
func readDictd(dir, l string) map[string]string {
	if dir == "" {
		return nil
	}
	l3 := map[string]string{"fr": "fra", "de": "deu", "es": "spa", "tr": "tur", "sw": "swh", "ja": "jpn", "ar": "ara", "pt": "por", "it": "ita", "nl": "nld", "pl": "pol"}[l]
	if l3 == "" {
		return nil
	}
	f, err := os.Open(filepath.Join(dir, "freedict-"+l3+"-eng.dict.dz"))
	if err != nil {
		return nil
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil
	}
	raw, err := io.ReadAll(io.LimitReader(zr, 400<<20))
	if err != nil {
		return nil
	}
	idx, err := os.ReadFile(filepath.Join(dir, "freedict-"+l3+"-eng.index"))
	if err != nil {
		return nil
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(idx), "\n") {
		fs := strings.Split(line, "\t")
		if len(fs) != 3 || strings.HasPrefix(fs[0], "00database") {
			continue
		}
		off, n := b64(fs[1]), b64(fs[2])
		if off < 0 || n <= 0 || off+n > len(raw) {
			continue
		}
		lines := strings.Split(strings.TrimSpace(string(raw[off:off+n])), "\n")
		head := fs[0]
		if _, ok := out[head]; ok || len(lines) < 2 {
			continue
		}
		for _, ln := range lines[1:] {
			ln = strings.TrimSpace(ln)
			if ln == "" || strings.HasPrefix(ln, "<") || strings.HasPrefix(ln, "Note") || strings.HasPrefix(ln, "Synonym") || strings.HasPrefix(ln, "See") {
				continue
			}
			ln = strings.TrimLeft(ln, "0123456789. ")
			w := strings.Fields(strings.Split(strings.Split(ln, ",")[0], ";")[0])
			for len(w) > 1 && (w[0] == "to" || w[0] == "a" || w[0] == "an" || w[0] == "the") {
				w = w[1:]
			}
			if len(w) == 1 && isASCIIWord(w[0]) {
				out[head] = w[0]
				break
			}
		}
	}
	return out
}

// b64 decodes a dictd index number (base 64, most significant digit first).
func b64(s string) int {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	v := 0
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(digits, s[i])
		if d < 0 || v > 1<<40 {
			return -1
		}
		v = v*64 + d
	}
	return v
}

func isASCIIWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

func readStopwords(path string) map[string][]string {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatalf("%v (make langpacks fetches stopwords-iso with npm pack)", err)
	}
	var m map[string][]string
	if err := json.Unmarshal(b, &m); err != nil {
		log.Fatal(err)
	}
	return m
}

func readActorIDs(path string) map[string]bool {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	ids := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if id, _, ok := strings.Cut(line, "\t"); ok && id != "-" {
			ids[id] = true
		}
	}
	return ids
}

// writeProfiles writes the Latin-script function words lang.Detect reads:
// per language its shortest function words, folded, ASCII only.
func writeProfiles(stops map[string][]string) {
	var b strings.Builder
	b.WriteString("// Code generated by scripts/langgen from stopwords-iso (MIT); DO NOT EDIT.\n\npackage lang\n\n")
	b.WriteString("// profiles are the function words of each Latin-script language, shortest first.\nvar profiles = map[string]string{\n")
	for _, l := range profileLangs {
		var ws []string
		for _, s := range stops[l] {
			f := lexicon.FoldForm(s)
			if len(f) < 2 || len(f) > maxStopRunes || !isASCIIWord(f) {
				continue // one letter says nothing; isASCIIWord also rules out spaces
			}
			ws = append(ws, f)
		}
		ws = uniq(ws)
		sort.SliceStable(ws, func(i, j int) bool {
			if len(ws[i]) != len(ws[j]) {
				return len(ws[i]) < len(ws[j])
			}
			return ws[i] < ws[j]
		})
		if len(ws) > maxStopsPerProfile {
			ws = ws[:maxStopsPerProfile]
		}
		fmt.Fprintf(&b, "\t%q: %q,\n", l, strings.Join(ws, " "))
	}
	b.WriteString("}\n")
	writeFile(*profiles, []byte(b.String()))
}

func uniq(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// writeFile replaces path atomically: a temp file, then a rename.
func writeFile(path string, b []byte) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		log.Fatal(err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		log.Fatal(err)
	}
}

// readCues reads the hand-written stance words (cues.txt): language ->
// folded form -> English word. A form listed twice keeps its first word.
func readCues(path string) map[string]map[string]string {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	out := map[string]map[string]string{}
	for n, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) != 3 {
			log.Fatalf("%s:%d: want lang, English word and forms, tab-separated", path, n+1)
		}
		if out[fs[0]] == nil {
			out[fs[0]] = map[string]string{}
		}
		for _, form := range strings.Fields(fs[2]) {
			if f := lexicon.FoldForm(form); f != "" && !strings.Contains(f, " ") && out[fs[0]][f] == "" {
				out[fs[0]][f] = fs[1]
			}
		}
	}
	return out
}

// isLatin reports whether s is written in ASCII letters and digits only.
func isLatin(s string) bool {
	for _, r := range s {
		if r >= 0x80 {
			return false
		}
	}
	return true
}

// hanReadings are the Mandarin readings (Unihan kMandarin, tones dropped,
// spelled the English way: x as sh, q as ch, c as ts) of the Han
// characters with which CLDR writes the names of countries, languages and
// cities: the characters Chinese spells foreign names with.
func hanReadings(loc locale) []lexicon.PackEntry {
	used := map[rune]bool{}
	add := func(s string) {
		for _, r := range s {
			if unicode.Is(unicode.Han, r) {
				used[r] = true
			}
		}
	}
	for _, ns := range loc.territories {
		for _, n := range ns {
			add(n)
		}
	}
	for _, ns := range loc.languages {
		for _, n := range ns {
			add(n)
		}
	}
	for _, c := range loc.cities {
		add(c)
	}
	f, err := os.Open(*unihan)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	var out []lexicon.PackEntry
	sc := bufio.NewScanner(bzip2.NewReader(f))
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) != 3 || fs[1] != "kMandarin" || !strings.HasPrefix(fs[0], "U+") {
			continue
		}
		cp, err := strconv.ParseUint(fs[0][2:], 16, 32)
		if err != nil || !used[rune(cp)] {
			continue
		}
		if rd := pinyinLatin(strings.Fields(fs[2])[0]); rd != "" {
			out = append(out, lexicon.PackEntry{Form: lexicon.ReadingForm(rune(cp)), Value: rd})
		}
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	return out
}

// pinyinLatin spells a pinyin syllable without tones, its initials as an
// English reader would write the sound.
func pinyinLatin(py string) string {
	var b strings.Builder
	for _, r := range py {
		switch r {
		case 'ā', 'á', 'ǎ', 'à':
			r = 'a'
		case 'ē', 'é', 'ě', 'è', 'ê':
			r = 'e'
		case 'ī', 'í', 'ǐ', 'ì':
			r = 'i'
		case 'ō', 'ó', 'ǒ', 'ò':
			r = 'o'
		case 'ū', 'ú', 'ǔ', 'ù', 'ü', 'ǖ', 'ǘ', 'ǚ', 'ǜ':
			r = 'u'
		}
		if r < 'a' || r > 'z' {
			return ""
		}
		b.WriteRune(r)
	}
	s := b.String()
	switch {
	case strings.HasPrefix(s, "x"):
		s = "sh" + s[1:]
	case strings.HasPrefix(s, "q"):
		s = "ch" + s[1:]
	case strings.HasPrefix(s, "c") && !strings.HasPrefix(s, "ch"):
		s = "ts" + s[1:]
	}
	return s
}
