//go:build retold_noparse

package main

import "errors"

// parseOnly is left out of this build (tag retold_noparse): see baseline.go.
func parseOnly([]byte) error {
	return errors.New("this engine was built without the html.Parse baseline (tag retold_noparse)")
}
