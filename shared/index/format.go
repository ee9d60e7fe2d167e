package index

// The index file is a fixed header and a payload of varint-encoded sections.
//
//	offset size
//	0      8    magic "RETOLDIX"
//	8      2    format version (little endian)
//	10     2    flags (bit 0: signed)
//	12     4    reserved, zero
//	16     8    payload length
//	24     32   SHA-256 of the payload
//	56     32   signer's ed25519 public key (zero when unsigned)
//	88     64   ed25519 signature of bytes 0..88 (zero when unsigned)
//	152    ...  payload
//
// The checksum covers the payload and the signature covers the header up to
// itself, so one signature vouches for the whole file. Decode checks magic,
// version and checksum before it reads anything, and every count it reads is
// checked against the bytes left, so a corrupt file gives an error, never a
// huge allocation or a panic.
//
// The signature is checked elsewhere: package signature (Go's crypto/ed25519)
// in the CLI and the Worker, WebCrypto in the extension's background, so the
// extension's wasm links no ed25519. This package only lays out the fields
// (Signature, IsSigned, SignedCopy). Errors are built with errors.New and
// strconv, not fmt, so that the engine's own code never needs fmt in the
// extension (x/net/html still links it there, for its internal errors).

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strconv"

	"github.com/retold/retold/shared/fingerprint"
	"github.com/retold/retold/shared/stance"
)

// Format is the version of the index file this build writes and the newest it
// reads. Format 2 added each claim's joint claim; a format 1 file reads as
// one with none.
const Format = 2

const (
	magic      = "RETOLDIX"
	headerSize = 152
	sumAt      = 24
	keyAt      = 56
	sigAt      = 88
	// SignedPart is the length of the header prefix a signature covers.
	SignedPart = sigAt
)

// ErrNewerFormat is returned for an index written by a newer Retold.
var ErrNewerFormat = errors.New("index format is newer than this Retold reads: update Retold")

// Encode writes the index in the file format, unsigned.
func (x *Index) Encode() []byte { return x.encode(Format) }

// encode writes the index in file format version (1 or 2).
func (x *Index) encode(version uint16) []byte {
	var w writer
	w.str(x.Date)
	w.uint(len(x.Articles))
	for _, a := range x.Articles {
		w.str(a.ID)
		w.str(a.URL)
		w.str(a.Outlet)
		w.str(a.Date)
		w.str(a.Lang)
		w.str(a.Title)
		w.uint(len(a.Aliases))
		for _, s := range a.Aliases {
			w.str(s)
		}
		for _, v := range a.Sketch {
			w.buf.Write(binary.LittleEndian.AppendUint64(nil, v))
		}
	}
	w.uint(len(x.Keys))
	for _, k := range x.Keys {
		w.str(k)
	}
	w.uint(len(x.Sentences))
	for _, s := range x.Sentences {
		w.uint(int(s.Article))
		w.str(s.Text)
		w.uint(int(s.Kind))
		w.str(s.Speaker)
		w.str(s.When)
		w.uint(int(s.Claim))
		w.uint(len(s.Keys))
		for _, k := range s.Keys {
			w.uint(int(k))
		}
	}
	w.uint(len(x.Claims))
	for _, c := range x.Claims {
		w.str(c.ID)
		w.uint(int(c.Kind))
		w.str(c.Speaker)
		w.uint(len(c.Versions))
		for _, v := range c.Versions {
			w.uint(int(v))
		}
		w.uint(int(c.Counter + 1))
		if version >= 2 {
			w.uint(int(c.Joint + 1))
		}
	}
	payload := w.buf.Bytes()

	out := make([]byte, headerSize, headerSize+len(payload))
	copy(out, magic)
	binary.LittleEndian.PutUint16(out[8:], version)
	binary.LittleEndian.PutUint64(out[16:], uint64(len(payload)))
	sum := sum256(payload)
	copy(out[sumAt:], sum[:])
	return append(out, payload...)
}

// Decode reads an index file. It verifies the checksum; it does not check a
// signature (see package signature).
func Decode(data []byte) (*Index, error) {
	if err := Check(data); err != nil {
		return nil, err
	}
	version := binary.LittleEndian.Uint16(data[8:])
	payload := data[headerSize:]
	r := reader{b: payload}
	x := &Index{}
	x.Date = r.str()
	x.Articles = make([]Article, r.count(7+8*len(fingerprint.Sketch{})))
	for i := range x.Articles {
		a := &x.Articles[i]
		a.ID, a.URL, a.Outlet, a.Date, a.Lang, a.Title = r.str(), r.str(), r.str(), r.str(), r.str(), r.str()
		if k := r.count(1); k > 0 {
			a.Aliases = make([]string, k)
			for j := range a.Aliases {
				a.Aliases[j] = r.str()
			}
		}
		for j := range a.Sketch {
			a.Sketch[j] = r.u64()
		}
	}
	x.Keys = make([]string, r.count(1))
	for i := range x.Keys {
		x.Keys[i] = r.str()
	}
	x.Sentences = make([]Sentence, r.count(7))
	for i := range x.Sentences {
		s := &x.Sentences[i]
		s.Article = r.ref(len(x.Articles))
		s.Text = r.str()
		s.Kind = r.kind()
		s.Speaker = r.str()
		s.When = r.str()
		s.Claim = int32(r.uint()) // checked below, once Claims is read
		s.Keys = make([]int32, r.count(1))
		for j := range s.Keys {
			s.Keys[j] = r.ref(len(x.Keys))
		}
	}
	x.Claims = make([]Claim, r.count(5))
	for i := range x.Claims {
		c := &x.Claims[i]
		c.ID = r.str()
		c.Kind = r.kind()
		c.Speaker = r.str()
		c.Versions = make([]int32, r.count(1))
		for j := range c.Versions {
			c.Versions[j] = r.ref(len(x.Sentences))
		}
		c.Counter = r.ref(len(x.Claims)+1) - 1
		c.Joint = -1
		if version >= 2 { // format 1 had no joint claims
			c.Joint = r.ref(len(x.Claims)+1) - 1
		}
	}
	if r.err != nil {
		return nil, &wrapped{"index is corrupt: " + r.err.Error(), r.err}
	}
	if len(r.b) != 0 {
		return nil, errors.New("index is corrupt: trailing bytes")
	}
	for i := range x.Sentences {
		if int(x.Sentences[i].Claim) >= len(x.Claims) || x.Sentences[i].Claim < 0 {
			return nil, errors.New("index is corrupt: sentence refers to a missing claim")
		}
	}
	for i := range x.Claims {
		if len(x.Claims[i].Versions) == 0 {
			return nil, errors.New("index is corrupt: claim without versions")
		}
	}
	x.prepare()
	x.prepareCores()
	return x, nil
}

// Check checks an encoded index's magic, format version, length and payload
// checksum: everything but the signature. An index of a newer format gives an
// error that wraps ErrNewerFormat.
func Check(data []byte) error {
	if len(data) < headerSize || string(data[:8]) != magic {
		return errNotIndex
	}
	if v := binary.LittleEndian.Uint16(data[8:]); v > Format {
		return &wrapped{ErrNewerFormat.Error() + " (file format " + strconv.Itoa(int(v)) + ", this build reads up to " + strconv.Itoa(Format) + ")", ErrNewerFormat}
	} else if v == 0 {
		return errors.New("index has format version 0")
	}
	n := binary.LittleEndian.Uint64(data[16:])
	payload := data[headerSize:]
	if n != uint64(len(payload)) {
		return errors.New("index is truncated or padded: payload " + strconv.Itoa(len(payload)) + " bytes, header says " + strconv.FormatUint(n, 10))
	}
	if sum := sum256(payload); !bytes.Equal(sum[:], data[sumAt:sumAt+32]) {
		return errors.New("index checksum mismatch: the file is corrupt")
	}
	return nil
}

// Load reads and decodes an index file.
func Load(path string) (*Index, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	x, err := Decode(data)
	if err != nil {
		return nil, &wrapped{path + ": " + err.Error(), err}
	}
	return x, nil
}

// WriteFile writes data to path atomically: to a temporary file in the same
// directory, synced, then renamed over path. A failure leaves path as it was.
func WriteFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// Signature returns the signer's public key and signature fields of an
// encoded index, and the bytes they cover. Both are zero in an unsigned index.
// The slices share data's memory.
func Signature(data []byte) (key, sig, signed []byte, err error) {
	if len(data) < headerSize || string(data[:8]) != magic {
		return nil, nil, nil, errNotIndex
	}
	return data[keyAt : keyAt+32], data[sigAt : sigAt+64], data[:SignedPart], nil
}

// signedFlag is bit 0 of the header's flags field (offset 10).
const signedFlag = 1

// IsSigned reports whether an encoded index's header says it is signed. It
// says nothing about whether the signature verifies.
func IsSigned(data []byte) bool {
	return len(data) >= headerSize && string(data[:8]) == magic && binary.LittleEndian.Uint16(data[10:])&signedFlag != 0
}

// SignedCopy returns a copy of an encoded index marked signed, with key (32
// bytes) in its signer field: what a signer signs is the copy's first
// SignedPart bytes, and the signature then goes in the field Signature
// returns. An earlier signature is left in place until overwritten.
func SignedCopy(data, key []byte) ([]byte, error) {
	if len(data) < headerSize || string(data[:8]) != magic {
		return nil, errNotIndex
	}
	if len(key) != sigAt-keyAt {
		return nil, errors.New("a signer's key is 32 bytes")
	}
	out := bytes.Clone(data)
	binary.LittleEndian.PutUint16(out[10:], binary.LittleEndian.Uint16(out[10:])|signedFlag)
	copy(out[keyAt:], key)
	return out, nil
}

var errNotIndex = errors.New("not a Retold index")

// wrapped is an error with words before its cause, what fmt.Errorf("...: %w")
// makes, for a package that does not import fmt.
type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }

type writer struct{ buf bytes.Buffer }

func (w *writer) uint(v int) {
	var b [binary.MaxVarintLen64]byte
	w.buf.Write(b[:binary.PutUvarint(b[:], uint64(v))])
}

func (w *writer) str(s string) {
	w.uint(len(s))
	w.buf.WriteString(s)
}

// reader decodes the payload; the first error sticks and every later read
// returns zero values.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(msg string) {
	if r.err == nil {
		r.err = errors.New(msg)
	}
	r.b = nil
}

func (r *reader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a count of items each at least min bytes long, and fails if the
// rest of the payload cannot hold them.
func (r *reader) count(min int) int {
	v := r.uint()
	if v > uint64(len(r.b)/min) {
		r.fail("count larger than the file")
		return 0
	}
	return int(v)
}

func (r *reader) ref(n int) int32 {
	v := r.uint()
	if v >= uint64(n) {
		r.fail("reference out of range")
		return 0
	}
	return int32(v)
}

func (r *reader) u64() uint64 {
	if len(r.b) < 8 {
		r.fail("truncated")
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *reader) kind() stance.Kind {
	v := r.uint()
	if v > uint64(stance.Denial) {
		r.fail("unknown kind")
		return 0
	}
	return stance.Kind(v)
}

func (r *reader) str() string {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.fail("string longer than the file")
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
