module github.com/retold/retold

go 1.26.0

require (
	github.com/kljensen/snowball v0.10.0
	github.com/syumai/workers v0.32.0
	github.com/tidwall/gjson v1.20.0
	golang.org/x/net v0.62.0
	golang.org/x/text v0.43.0
)

require (
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.0 // indirect
)

replace github.com/tidwall/pretty => ./shared/pretty
