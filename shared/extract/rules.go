package extract

import (
	"math/bits"
	"strings"

	"golang.org/x/net/html/atom"
)

// This file is the one place for the extractor's tables: which elements are
// dropped, which class/id words mark boilerplate or content, how elements are
// weighted, and the thresholds. Tuning the extractor means editing here.

// limits holds the size and score thresholds of the extractor.
var limits = struct {
	maxPage        int     // bytes; larger pages are refused
	maxTags        int     // '<' bytes; more are refused (html.Parse slows down badly on millions)
	minUnit        int     // characters a paragraph needs before it scores
	isArticleMin   int     // characters a <p> needs before IsArticle counts it
	isArticleScore float64 // IsArticle's sum of sqrt(len-min) to reach
	siblingShare   float64 // a sibling joins when it scores this share of the top
	siblingFloor   float64 // ... and at least this much
	ancestorShare  float64 // top candidates within this share of the best count as peers
	ancestorPeers  int     // that many peers under one ancestor promote the ancestor
	maxLinkDensity float64 // a unit or sub-block with more link text than this is navigation
	jsonLDShare    float64 // use JSON-LD articleBody when the DOM text is under this share of it
	jsonLDMin      int     // ... and articleBody has at least this many characters
	maxDepth       int     // tree walks stop here (html.Parse already refuses > 512)
	maxMetaText    int     // longest title/byline/date string kept, in bytes
	maxJSONDepth   int     // JSON-LD nested deeper is skipped
	maxLiveUpdates int     // a live blog's JSON-LD updates read at most
}{
	maxPage:        20 << 20,
	maxTags:        500_000,
	minUnit:        25,
	isArticleMin:   100,
	isArticleScore: 20,
	siblingShare:   0.2,
	siblingFloor:   10,
	ancestorShare:  0.75,
	ancestorPeers:  3,
	maxLinkDensity: 0.5,
	jsonLDShare:    0.5,
	jsonLDMin:      500,
	maxDepth:       600,
	maxMetaText:    1000,
	maxJSONDepth:   200,
	maxLiveUpdates: 500,
}

// dropTags are removed with everything inside them before scoring: they never
// hold article prose. <form> is not here: some sites wrap the whole page in one;
// it is dropped only when it holds little paragraph text (see clean).
var dropTags = atomSet(
	atom.Script, atom.Style, atom.Noscript, atom.Nav, atom.Header, atom.Footer,
	atom.Aside, atom.Iframe, atom.Svg, atom.Math, atom.Template, atom.Button,
	atom.Select, atom.Textarea, atom.Input, atom.Object, atom.Embed, atom.Canvas,
	atom.Dialog, atom.Menu, atom.Figcaption, atom.Video, atom.Audio, atom.Picture,
	atom.Label, atom.Head, atom.Link, atom.Meta, atom.Title,
)

// dropCustom are the custom elements (no atom) dropped like dropTags: the
// furniture of AMP pages, whose prose sits in ordinary <p>s.
var dropCustom = stringSet("amp-ad", "amp-embed", "amp-analytics", "amp-sidebar",
	"amp-social-share", "amp-consent", "amp-sticky-ad", "amp-iframe", "amp-user-notification",
	"amp-auto-ads", "amp-geo", "amp-pixel", "amp-web-push", "amp-call-tracking", "amp-lightbox")

// voidTags are the dropTags that have no end tag, so IsArticle's tokenizer
// must not wait for one.
var voidTags = atomSet(atom.Input, atom.Embed, atom.Link, atom.Meta)

// blockTags end the running paragraph when they open or close while the body
// text is written out; everything else is inline and joins the text around it.
var blockTags = atomSet(
	atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Li, atom.Ul,
	atom.Ol, atom.Dl, atom.Dd, atom.Dt, atom.Blockquote, atom.Pre, atom.H1,
	atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table, atom.Tr, atom.Td,
	atom.Th, atom.Tbody, atom.Thead, atom.Figure, atom.Hr, atom.Br, atom.Address,
	atom.Center, atom.Details, atom.Summary, atom.Body,
)

// paraTags are the elements whose text is scored as a paragraph.
var paraTags = atomSet(atom.P, atom.Pre)

// tagWeight is the starting score of a candidate container by its tag:
// containers of prose gain, lists and headings lose.
var tagWeight = map[atom.Atom]float64{
	atom.Div: 5, atom.Article: 10, atom.Main: 5, atom.Section: 3,
	atom.Pre: 3, atom.Td: 3, atom.Blockquote: 3,
	atom.Address: -3, atom.Ol: -3, atom.Ul: -3, atom.Dl: -3, atom.Dd: -3,
	atom.Dt: -3, atom.Li: -3, atom.Form: -3,
	atom.H1: -5, atom.H2: -5, atom.H3: -5, atom.H4: -5, atom.H5: -5,
	atom.H6: -5, atom.Th: -5,
}

// boilerWords mark an element as page furniture when one of its class/id words
// equals or starts with them ("comments", "share-bar", "sidebar-left").
var boilerWords = newWordList(
	"comment", "share", "sharing", "social", "related", "promo", "advert",
	"ad", "ads", "adv", "cookie", "newsletter", "subscri", "footer", "sidebar",
	"nav", "menu", "breadcrumb", "caption", "banner", "popup", "modal",
	"sponsor", "outbrain", "taboola", "recirc", "recommend", "trending",
	"popular", "pagination", "pager", "toolbar", "masthead", "disqus",
	"signup", "widget", "byline", "author", "tags", "tag", "topics", "rail",
	"hidden", "visually", "sr", "print", "skip", "more", "next", "prev",
	"timestamp", "meta", "credit", "overlay", "toc",
	"follow", "tooltip", "embed", "alert",
)

// contentWords mark an element as likely article prose; they win over
// boilerWords on the same element ("article-body", "story-content").
var contentWords = newWordList(
	"article", "body", "content", "story", "entry", "post", "text", "main",
	"blog", "prose", "copy", "paragraph",
)

// negativeWords lower a candidate's score without removing it.
var negativeWords = newWordList(
	"comment", "footer", "sidebar", "related", "share", "social", "widget",
	"promo", "sponsor", "hidden", "meta", "shopping", "tags", "ad", "ads",
)

// classWeightStep is added per contentWords hit and subtracted per negativeWords hit.
const classWeightStep = 25

// boilerExact are words that match only whole, because as prefixes they would
// also hit ordinary words ("ad" in "admin", "tag" in "tagline", "sr" in "src").
var boilerExact = stringSet("ad", "ads", "adv", "tag", "tags", "sr", "more",
	"next", "prev", "meta", "toc", "rail", "print", "embed", "alert")

// articleTypes are the JSON-LD @type values that describe an article.
var articleTypes = stringSet("article", "newsarticle", "reportagenewsarticle",
	"analysisnewsarticle", "opinionnewsarticle", "blogposting", "reviewnewsarticle",
	"backgroundnewsarticle", "scholarlyarticle", "techarticle", "report",
	"liveblogposting", "socialmediaposting", "webpage")

// Meta tags read for metadata, in order of preference (name or property).
var (
	metaTitle  = []string{"og:title", "twitter:title", "dc.title", "headline"}
	metaOutlet = []string{"og:site_name", "application-name", "publisher", "dc.publisher"}
	metaDate   = []string{"article:published_time", "datepublished", "publishdate",
		"pubdate", "publish-date", "date", "dc.date", "dc.date.issued", "dcterms.created",
		"parsely-pub-date", "sailthru.date", "og:published_time", "article.published", "published_time"}
	metaAuthor = []string{"author", "article:author", "byl", "dc.creator", "parsely-author",
		"sailthru.author", "twitter:creator"}
	metaURL        = []string{"og:url", "twitter:url"}
	metaStandfirst = []string{"og:description", "description", "twitter:description", "dc.description"}
	metaLang       = []string{"content-language", "og:locale", "dc.language", "language"}
)

// titleSeparators split a page title from the outlet's name after it.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " // ", " · ", " » "}

// tagSet is a set of elements, indexed by the atom's offset in the atom
// table (atom>>8): a lookup per node in every pass is an index, not a hash.
// Atoms that share an offset ("a" and "abbr") go to a short overflow list.
// Elements without an atom (custom elements) are never in a set.
type tagSet struct {
	at   []atom.Atom // at[a>>8] == a for members
	more []atom.Atom // members whose slot another member took
}

func atomSet(as ...atom.Atom) tagSet {
	var max uint32
	for _, a := range as {
		max = maxU(max, uint32(a)>>8)
	}
	s := tagSet{at: make([]atom.Atom, max+1)}
	for _, a := range as {
		if i := uint32(a) >> 8; s.at[i] == 0 {
			s.at[i] = a
		} else {
			s.more = append(s.more, a)
		}
	}
	return s
}

// has reports whether a is in the set.
func (s tagSet) has(a atom.Atom) bool {
	if a == 0 {
		return false
	}
	if i := uint32(a) >> 8; i < uint32(len(s.at)) && s.at[i] == a {
		return true
	}
	for _, m := range s.more {
		if m == a {
			return true
		}
	}
	return false
}

func maxU(a, b uint32) uint32 {
	if a > b {
		return a
	}
	return b
}

func stringSet(ss ...string) map[string]bool {
	m := make(map[string]bool, len(ss))
	for _, s := range ss {
		m[s] = true
	}
	return m
}

// classWords splits class and id values into lower-case words at anything that
// is not a letter or digit, and at lower-to-upper case changes ("shareBar").
// The words are substrings of one lower-cased copy: one allocation for the
// copy when there are capitals, and one for the slice.
func classWords(s string) []string { return appendClassWords(nil, s) }

// appendClassWords appends classWords(s) to dst.
func appendClassWords(dst []string, s string) []string {
	lower := s
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			lower = strings.ToLower(s)
			break
		}
	}
	if len(lower) != len(s) { // a non-ASCII capital changed the length: split the copy alone
		s = lower
	}
	words := dst
	start := -1
	for i := 0; i <= len(s); i++ {
		var c byte
		if i < len(s) {
			c = s[i]
		}
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		camel := i > 0 && i < len(s) && c >= 'A' && c <= 'Z' && s[i-1] >= 'a' && s[i-1] <= 'z'
		if start >= 0 && (!alnum || camel) {
			words = append(words, lower[start:i])
			start = -1
		}
		if alnum && start < 0 {
			start = i
		}
	}
	return words
}

// matchWords counts the class/id words that match one of list: whole for
// words in boilerExact, as a prefix otherwise.
func matchWords(words []string, list *wordList) int {
	n := 0
	for _, w := range words {
		if w == "" {
			continue
		}
		for m := list.byFirst[w[0]]; m != 0; m &= m - 1 {
			k := bits.TrailingZeros64(m)
			if p := list.words[k]; w == p || !list.exact[k] && strings.HasPrefix(w, p) {
				n++
				break
			}
		}
	}
	return n
}

// wordList is a list of class words with, for each, whether it must match
// whole, and the words indexed by their first byte: a page asks for every
// element with a class, so each word is held only to the few list words that
// begin like it. At most 64 words a list (TestWordLists).
type wordList struct {
	words   []string
	exact   []bool
	byFirst [256]uint64 // bit k: words[k] begins with this byte
}

func newWordList(ws ...string) *wordList {
	l := &wordList{words: ws, exact: make([]bool, len(ws))}
	for i, w := range ws {
		l.exact[i] = boilerExact[w]
		if i < 64 && w != "" {
			l.byFirst[w[0]] |= 1 << i
		}
	}
	return l
}

// bylineWords are the class words of an element that holds the byline.
var bylineWords = newWordList("byline", "author")

// mayMatch is a cheap test before classWords and matchWords on class
// attribute s: false when no word of s can match l. A class word is a piece
// of s itself, lower-cased only when s has an ASCII capital, so without one
// a match needs a word of l inside s. For short lists (bylineWords), whose
// words most class attributes of a page never hold.
func (l *wordList) mayMatch(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	for _, w := range l.words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// edgeCues are phrases of the notices sites put at the start or end of an
// article's text: subscription and app prompts, newsletters, copyright and
// advertising notices. A short paragraph at either edge of the body that
// holds one is furniture, not prose; the trim stops at the first paragraph
// that is not, so the article's own mention of a subscription stays.
var edgeCues = []string{
	"subscribe", "subscriber", "subscription", "sign up", "signing up", "newsletter",
	"download the", "download our", "our app", "app store", " apps for ",
	"copyright", "copyrighted", "all rights reserved", "reprint", "written permission",
	"advertising disclosure", "advertising disclaimer", "may receive compensation",
	"affiliate link", "follow us on", "click here", "log in", "already a subscriber",
	"full story", "never miss", "related coverage", "read more:", "recommended:",
}

// edgeMax is the longest paragraph, in bytes, that the edge trim may drop.
const edgeMax = 320

// appendClassIDWords appends to dst the words of an element's class and
// id, as classWords(class + " " + id) splits them, without building that
// string (ASCII values, nearly all, are split apart: nothing joins words
// across the space).
func appendClassIDWords(dst []string, n *node) []string {
	class, id := attr(n, "class"), attr(n, "id")
	if !isASCII(class) || !isASCII(id) {
		return appendClassWords(dst, class+" "+id)
	}
	return appendClassWords(appendClassWords(dst, class), id)
}
