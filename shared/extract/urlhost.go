package extract

// hostName reads the host name of a URL exactly as url.Parse(raw) followed by
// Hostname() does, without importing net/url: that package drags in
// net/netip (for one IPv6 check) and unique, whose package inits and code
// the extension's wasm pays for at every cold start, while extract only ever
// asks a URL for its host. "Exactly" includes refusal: where url.Parse
// returns an error, hostName returns ok false, so a malformed page URL gives
// no outlet name, as before. TestHostNameMatchesNetURL and FuzzHostName hold
// it to net/url.
//
// The steps follow RFC 3986 as Go reads it (Go 1.26, strict colons for
// http and https): the fragment is cut first; control bytes refuse; a scheme
// is letters then letters, digits, "+-."; a rootless path after a scheme is
// opaque (no host); a relative path whose first segment holds a colon
// refuses; "//" opens the authority, userinfo ends at its last "@", a
// bracketed host must be an IPv6 literal (zone as "%25"), other hosts take
// no ASCII percent-escapes and no characters outside the host set; every
// part's percent-escapes must be well formed.

import "strings"

// hostName returns url.Parse(raw).Hostname(), and false where url.Parse fails.
func hostName(raw string) (host string, ok bool) {
	u, frag, _ := strings.Cut(raw, "#")
	if hasCTL(u) || !validEscapes(frag) {
		return "", false
	}
	if u == "*" {
		return "", true
	}
	scheme, rest, ok := urlScheme(u)
	if !ok {
		return "", false
	}
	scheme = strings.ToLower(scheme)
	if strings.HasSuffix(rest, "?") && strings.Count(rest, "?") == 1 {
		rest = rest[:len(rest)-1]
	} else {
		rest, _, _ = strings.Cut(rest, "?")
	}
	if !strings.HasPrefix(rest, "/") {
		if scheme != "" {
			return "", true // opaque: "mailto:a@b"
		}
		if seg, _, _ := strings.Cut(rest, "/"); strings.Contains(seg, ":") {
			return "", false
		}
	}
	if (scheme != "" || !strings.HasPrefix(rest, "///")) && strings.HasPrefix(rest, "//") {
		authority := rest[2:]
		rest = ""
		if i := strings.IndexByte(authority, '/'); i >= 0 {
			authority, rest = authority[:i], authority[i:]
		}
		if host, ok = urlAuthority(scheme, authority); !ok {
			return "", false
		}
	}
	if !validEscapes(rest) {
		return "", false
	}
	return splitHostname(host), true
}

// urlScheme splits "scheme:rest"; without a valid scheme, rest is all of u.
// A leading colon refuses, as url.Parse's "missing protocol scheme".
func urlScheme(u string) (scheme, rest string, ok bool) {
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return "", u, true
			}
		case c == ':':
			if i == 0 {
				return "", "", false
			}
			return u[:i], u[i+1:], true
		default:
			return "", u, true
		}
	}
	return "", u, true
}

// urlAuthority reads "userinfo@host:port" and returns the host as url.URL.Host
// holds it (unescaped, port and brackets kept).
func urlAuthority(scheme, authority string) (string, bool) {
	at := strings.LastIndexByte(authority, '@')
	host, ok := urlHost(scheme, authority[at+1:])
	if !ok {
		return "", false
	}
	if at >= 0 && (!validUserinfo(authority[:at]) || !validEscapes(authority[:at])) {
		return "", false
	}
	return host, true
}

// urlHost reads host[:port].
func urlHost(scheme, host string) (string, bool) {
	open := strings.LastIndexByte(host, '[')
	switch {
	case open > 0:
		return "", false
	case open == 0:
		end := strings.LastIndexByte(host, ']')
		if end < 0 || !validPort(host[end+1:]) {
			return "", false
		}
		name := host[1:end]
		var addr string
		if z := strings.Index(name, "%25"); z >= 0 {
			a, ok1 := unescapeHost(name[:z], false)
			zone, ok2 := unescapeHost(name[z:], true)
			if !ok1 || !ok2 {
				return "", false
			}
			addr = a + zone
		} else {
			var ok bool
			if addr, ok = unescapeHost(name, false); !ok {
				return "", false
			}
		}
		if !ipv6Literal(addr) {
			return "", false
		}
		return "[" + addr + "]" + host[end+1:], true
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		// Several colons: http and https take the first as the port's
		// (so "a:1:2" refuses), other schemes the last.
		if last := strings.LastIndexByte(host, ':'); last != i && scheme != "http" && scheme != "https" {
			i = last
		}
		if !validPort(host[i:]) {
			return "", false
		}
	}
	return unescapeHost(host, false)
}

// splitHostname is url.URL.Hostname: the port and an IPv6 literal's brackets off.
func splitHostname(host string) string {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && validPort(host[i:]) {
		host = host[:i]
	}
	if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	return host
}

// validPort reports whether p is "" or a colon and digits.
func validPort(p string) bool {
	if p == "" {
		return true
	}
	if p[0] != ':' {
		return false
	}
	for i := 1; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return true
}

func hasCTL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return true
		}
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// validEscapes reports whether every "%" in s starts a "%XX" hex escape.
func validEscapes(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		}
	}
	return true
}

// validUserinfo: RFC 3986's userinfo characters, "%" and (as Go allows) "@".
func validUserinfo(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte(userinfoChars, c) >= 0) {
			return false
		}
	}
	return true
}

// userinfoChars are the bytes userinfo may hold besides letters and digits.
const userinfoChars = "-._:~!$&'()*+,;=%@"

// hostChars are the ASCII bytes a host may hold unescaped besides letters and
// digits: unreserved marks, sub-delims, ":" for the port, brackets and the
// three Go lets through rather than reject an escaped form of.
const hostChars = "-_.~!$&'()*+,;=:[]<>\""

// hostSafe reports whether an ASCII byte may stand unescaped in a host.
func hostSafe(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte(hostChars, c) >= 0
}

// unescapeHost decodes a host (or, zone true, an IPv6 zone) the way Go does:
// a host escapes only non-ASCII bytes (and "%25"), a zone only what a host
// could hold anyway (and a space); an unescaped ASCII byte outside the host
// set refuses.
func unescapeHost(s string, zone bool) (string, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			if c < 0x80 && !hostSafe(c) {
				return "", false
			}
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return "", false
		}
		v := unhex(s[i+1])<<4 | unhex(s[i+2])
		pct := s[i:i+3] == "%25"
		if !zone && unhex(s[i+1]) < 8 && !pct {
			return "", false
		}
		if zone && !pct && v != ' ' && (v >= 0x80 || !hostSafe(v)) {
			return "", false
		}
		n++
		i += 2
	}
	if n == 0 {
		return s, true
	}
	b := make([]byte, 0, len(s)-2*n)
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b), true
}

// ipv6Literal reports whether s parses as netip.ParseAddr does to an IPv6
// address (with an optional non-empty "%zone"), the only thing url.Parse
// accepts in brackets.
func ipv6Literal(s string) bool {
	if i := strings.IndexAny(s, ".:%"); i < 0 || s[i] != ':' {
		return false // ParseAddr would read IPv4, or nothing
	}
	if i := strings.IndexByte(s, '%'); i >= 0 {
		if i == len(s)-1 {
			return false
		}
		s = s[:i]
	}
	n := 0 // bytes of the 16 filled
	ellipsis := false
	if strings.HasPrefix(s, "::") {
		ellipsis = true
		if s = s[2:]; s == "" {
			return true
		}
	}
	for n < 16 {
		d := 0
		for d < len(s) && isHex(s[d]) {
			d++
		}
		if d == 0 || d > 4 {
			return false
		}
		if d < len(s) && s[d] == '.' { // an embedded IPv4 ends the address
			if !ellipsis && n != 12 || n+4 > 16 || !ipv4Fields(s) {
				return false
			}
			n += 4
			s = ""
			break
		}
		n += 2
		if s = s[d:]; s == "" {
			break
		}
		if s[0] != ':' || len(s) == 1 {
			return false
		}
		s = s[1:]
		if s[0] == ':' {
			if ellipsis {
				return false
			}
			ellipsis = true
			if s = s[1:]; s == "" {
				break
			}
		}
	}
	if s != "" {
		return false
	}
	if n < 16 {
		return ellipsis
	}
	return !ellipsis
}

// ipv4Fields reports whether s is four dotted decimal octets, none above 255
// and none with a leading zero.
func ipv4Fields(s string) bool {
	fields, val, digits := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			if digits == 1 && val == 0 {
				return false
			}
			val = val*10 + int(c-'0')
			digits++
			if val > 255 {
				return false
			}
		case c == '.':
			if i == 0 || i == len(s)-1 || s[i-1] == '.' || fields == 3 {
				return false
			}
			fields++
			val, digits = 0, 0
		default:
			return false
		}
	}
	return fields == 3
}
