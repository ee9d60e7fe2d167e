// Package corpus holds Retold's default corpus: the seed articles, embedded as
// the files they are, so that a plain build of any front end can analyze a
// page with no index given.
//
// Embedding the articles rather than a built index keeps the repository free of
// generated files that can go stale; building this small index takes a few
// milliseconds, once per process.
package corpus

import (
	"embed"
	"sync"

	"github.com/retold/retold/shared/index"
	"github.com/retold/retold/shared/intake"
)

//go:embed seeds
var seeds embed.FS

// Articles returns the seed articles, with the metadata of seeds/sources.json.
func Articles() ([]intake.Article, error) {
	return intake.ReadFS(seeds, "seeds")
}

var (
	once   sync.Once
	cached *index.Index
	err    error
)

// Index returns the index of the default corpus, built on first use.
func Index() (*index.Index, error) {
	once.Do(func() {
		var as []intake.Article
		if as, err = Articles(); err == nil {
			cached, _, err = index.Build(as)
		}
	})
	return cached, err
}
