// Package gz reads the gzip-compressed files of the public data sets in
// ../shared/data, for the evaluation and benchmark commands. It is one small
// function because every command reads those files whole.
package gz

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
)

// ReadFile returns the decompressed contents of the gzip file at path; errors
// name the file.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}
