package intake

import "github.com/retold/retold/shared/lang"

// detectLangs sets each article's language from its text: a page's markup
// or a feed often declares none, or a wrong one (a site's default). The
// declared language stays only when the text is too short to tell, and an
// undeclared English text stays undeclared (English is what an empty
// language reads as).
func detectLangs(as []Article) {
	for i := range as {
		if l := lang.Detect(as[i].Text); l != "" && (l != "en" || as[i].Lang != "") {
			as[i].Lang = l
		}
	}
}
