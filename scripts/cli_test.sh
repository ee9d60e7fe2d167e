#!/usr/bin/env bash
# The README's quick start, checked end to end with the built binary: index the
# seed corpus, analyze the sample page, and see the flags a reader would see.
set -euo pipefail
retold=${1:-build/retold}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli_test: $*" >&2; exit 1; }

"$retold" index -o "$tmp/seeds.idx" shared/corpus/seeds/*.txt 2>"$tmp/index.err" || fail "index failed: $(cat "$tmp/index.err")"
"$retold" analyze -index "$tmp/seeds.idx" docs/sample/page.html >"$tmp/report.txt" || fail "analyze failed"
grep -q "known claims and denials" "$tmp/report.txt" || fail "the sample page has no flags: $(cat "$tmp/report.txt")"
grep -q "DENIAL" "$tmp/report.txt" || fail "no denial flagged on the sample page"
"$retold" analyze -json docs/sample/page.html >"$tmp/flags.jsonl" || fail "analyze -json with the embedded corpus failed"
python3 - "$tmp/flags.jsonl" <<'PY' || fail "analyze -json output does not follow docs/flag-schema.md"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
res = json.loads(lines[0])
assert res["page"] == "page.html", res["page"]
assert res["flags"], "no flags"
for f in res["flags"]:
    assert f["kind"] in ("claim", "denial")
    assert f["claim"].startswith("c") and len(f["claim"]) == 13
    assert f["versions"] and all(v["source"] and v["text"] for v in f["versions"])
    assert set(f["selector"]) == {"exact", "prefix", "suffix"}
    assert f["position"]["end"] > f["position"]["start"]
PY
# A plain build of a fresh clone works: the default corpus is embedded from committed files.
go build -o "$tmp/retold" ./scripts/retold
"$tmp/retold" analyze docs/sample/page.html >"$tmp/plain.txt" || fail "analyze with a plain go build failed"
grep -q DENIAL "$tmp/plain.txt" || fail "a plain go build does not carry the default corpus"
echo "cli_test: quick start ok"
