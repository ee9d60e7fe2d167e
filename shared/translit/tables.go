package translit

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// Kana (Hepburn). Hiragana is read as the katakana 0x60 above it.
var kanaSyllables = &runeTable{src: `ア=a イ=i ウ=u エ=e オ=o カ=ka キ=ki ク=ku ケ=ke コ=ko ガ=ga ギ=gi グ=gu ゲ=ge ゴ=go サ=sa シ=shi ス=su セ=se ソ=so ザ=za ジ=ji ズ=zu ゼ=ze ゾ=zo タ=ta チ=chi ツ=tsu テ=te ト=to ダ=da ヂ=ji ヅ=zu デ=de ド=do ナ=na ニ=ni ヌ=nu ネ=ne ノ=no ハ=ha ヒ=hi フ=fu ヘ=he ホ=ho バ=ba ビ=bi ブ=bu ベ=be ボ=bo パ=pa ピ=pi プ=pu ペ=pe ポ=po マ=ma ミ=mi ム=mu メ=me モ=mo ヤ=ya ユ=yu ヨ=yo ラ=ra リ=ri ル=ru レ=re ロ=ro ワ=wa ヰ=i ヱ=e ヲ=o ン=n ヴ=vu`}

// kanaSmall are the small kana that change the syllable before them: a
// small vowel replaces its vowel (フォ "fo"), a small y-kana its i (キャ "kya").
var kanaSmall = &runeTable{src: `ァ=a ィ=i ゥ=u ェ=e ォ=o ャ=ya ュ=yu ョ=yo ヮ=wa`}

func isKana(r rune) bool { return r >= 0x3041 && r <= 0x3096 || r >= 0x30A1 && r <= 0x30FC }

// kana writes the syllable r (and a small kana after it) and returns how
// many further runes it used. The sokuon (ッ) and the long mark (ー) add
// nothing a skeleton keeps.
func kana(b *strings.Builder, r, next rune) int {
	if r < 0x30A0 {
		r += 0x60
	}
	if next >= 0x3041 && next < 0x30A0 {
		next += 0x60
	}
	if s, ok := kanaSmall.get(r); ok {
		b.WriteString(s)
		return 0
	}
	s, ok := kanaSyllables.get(r)
	if !ok {
		return 0 // ッ, ー and the rare rest
	}
	if small, ok := kanaSmall.get(next); ok && len(s) > 1 {
		base := strings.TrimRight(s, "aeiou")
		if small[0] == 'y' && strings.HasSuffix(base, "sh") || strings.HasSuffix(base, "ch") || base == "j" {
			small = small[1:] // シャ "sha", not "shya"
		}
		b.WriteString(base + small)
		return 1
	}
	b.WriteString(s)
	return 0
}

// Hangul (Revised Romanization), by the jamo of a precomposed syllable.
var (
	hangulInitial = []string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulMedial  = []string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	hangulFinal   = []string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "p", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

func hangul(b *strings.Builder, r rune) {
	n := int(r - 0xAC00)
	b.WriteString(hangulInitial[n/588])
	b.WriteString(hangulMedial[n%588/28])
	b.WriteString(hangulFinal[n%28])
}

// Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian letters).
var cyrillic = &runeTable{src: `а=a б=b в=v г=g д=d е=e ё=e ж=zh з=z и=i й=i к=k л=l м=m н=n о=o п=p р=r с=s т=t у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ъ= ы=y ь= э=e ю=yu я=ya і=i ї=i є=e ґ=g ў=u ђ=dj ј=j љ=lj њ=nj ћ=c џ=dz ѕ=dz`}

// Greek (ELOT 743, simplified).
var greek = &runeTable{src: `α=a ά=a β=v γ=g δ=d ε=e έ=e ζ=z η=i ή=i θ=th ι=i ί=i ϊ=i ΐ=i κ=k λ=l μ=m ν=n ξ=x ο=o ό=o π=p ρ=r σ=s ς=s τ=t υ=y ύ=y ϋ=y ΰ=y φ=f χ=ch ψ=ps ω=o ώ=o`}

// Arabic and Persian letters; short vowels are not written, long ones
// and glides come out as vowels.
var arabic = &runeTable{src: `ا=a أ=a إ=i آ=a ٱ=a ء= ؤ= ئ= ب=b ت=t ث=th ج=j ح=h خ=kh د=d ذ=dh ر=r ز=z س=s ش=sh ص=s ض=d ط=t ظ=z ع= غ=gh ف=f ق=q ك=k ل=l م=m ن=n ه=h ة=a و=u ي=i ى=a پ=p چ=ch ژ=zh گ=g ک=k ی=i ڤ=v`}

// indicScript is one Brahmic script: its consonants (with an inherent a),
// independent vowels, dependent vowel signs, and the virama that mutes
// the inherent vowel.
type indicScript struct {
	consonants, vowels, signs *runeTable
	virama, nukta             rune
	nuktaForms                *runeTable
}

// Tamil (ISO 15919, simplified).
var tamil = indicScript{
	consonants: &runeTable{src: `க=k ங=ng ச=s ஞ=ny ட=t ண=n த=t ந=n ப=p ம=m ய=y ர=r ல=l வ=v ழ=l ள=l ற=r ன=n ஜ=j ஷ=sh ஸ=s ஹ=h`},
	vowels:     &runeTable{src: `அ=a ஆ=aa இ=i ஈ=ii உ=u ஊ=uu எ=e ஏ=ee ஐ=ai ஒ=o ஓ=oo ஔ=au ஃ=`},
	signs:      &runeTable{src: `ா=aa ி=i ீ=ii ு=u ூ=uu ெ=e ே=ee ை=ai ொ=o ோ=oo ௌ=au ௗ=`},
	virama:     '்',
}

// Devanagari (ISO 15919, simplified).
var devanagari = indicScript{
	consonants: &runeTable{src: `क=k ख=kh ग=g घ=gh ङ=n च=ch छ=chh ज=j झ=jh ञ=n ट=t ठ=th ड=d ढ=dh ण=n त=t थ=th द=d ध=dh न=n प=p फ=ph ब=b भ=bh म=m य=y र=r ल=l व=v श=sh ष=sh स=s ह=h ळ=l`},
	vowels:     &runeTable{src: `अ=a आ=aa इ=i ई=ii उ=u ऊ=uu ऋ=ri ए=e ऐ=ai ओ=o औ=au ऑ=o ं=n ँ=n ः=h`},
	signs:      &runeTable{src: `ा=aa ि=i ी=ii ु=u ू=uu ृ=ri े=e ै=ai ो=o ौ=au ॉ=o`},
	virama:     '्',
	nukta:      '़',
	nuktaForms: &runeTable{src: `क=q ख=kh ग=gh ज=z ड=r ढ=rh फ=f`},
}

// indic writes the aksara at rs[*i] and moves *i past the marks it used.
func indic(b *strings.Builder, rs []rune, i *int, sc indicScript) bool {
	r := rs[*i]
	if v, ok := sc.vowels.get(r); ok {
		b.WriteString(v)
		return true
	}
	if _, ok := sc.signs.get(r); ok || r == sc.virama || r == sc.nukta {
		return true // a stray mark
	}
	c, ok := sc.consonants.get(r)
	if !ok {
		return false
	}
	if *i+1 < len(rs) && sc.nukta != 0 && rs[*i+1] == sc.nukta {
		if f, ok := sc.nuktaForms.get(r); ok {
			c = f
		}
		*i++
	}
	b.WriteString(c)
	if *i+1 < len(rs) {
		next := rs[*i+1]
		if s, ok := sc.signs.get(next); ok {
			b.WriteString(s)
			*i++
			return true
		}
		if next == sc.virama {
			*i++
			return true
		}
	}
	b.WriteString("a")
	return true
}

// runeTable is a table written as space-separated "letter=latin" pairs:
// tables as text keep the wasm binary small, where map literals compile to a
// long run of code. The map is built on first use, not at package init: most
// pages never meet most scripts, and every millisecond of init is paid at
// each start of the extension's service worker.
type runeTable struct {
	src  string
	once sync.Once
	m    map[rune]string
}

// get returns the Latin for r; a nil table holds nothing.
func (t *runeTable) get(r rune) (string, bool) {
	if t == nil {
		return "", false
	}
	t.once.Do(t.read)
	s, ok := t.m[r]
	return s, ok
}

// read builds the map from src; safe for concurrent use through once.
func (t *runeTable) read() {
	m := map[rune]string{}
	for _, pair := range strings.Fields(t.src) {
		k, v, ok := strings.Cut(pair, "=")
		r, n := utf8.DecodeRuneInString(k)
		if ok && n == len(k) { // anything else is a typo here, which the tests catch
			m[r] = v
		}
	}
	t.m = m
}

// size is the number of letters the table holds.
func (t *runeTable) size() int {
	t.once.Do(t.read)
	return len(t.m)
}
