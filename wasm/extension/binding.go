//go:build js && wasm

package main

// The binding: the one object JavaScript sees, globalThis.retold. Every method
// returns a Promise, resolved with a string (JSON) or undefined, or rejected
// with an Error; a Go panic is recovered and becomes a rejection too, so none
// crosses into JavaScript. Pages and files arrive as a Uint8Array (copied
// once) or a string.

import (
	"errors"
	"syscall/js"
)

// JavaScript values looked up once.
var (
	jsPromise    = js.Global().Get("Promise")
	jsError      = js.Global().Get("Error")
	jsUint8Array = js.Global().Get("Uint8Array")
)

func main() {
	e := newEngine()
	obj := js.Global().Get("Object").New()
	method := func(name string, f func(args []js.Value) (any, error)) {
		obj.Set(name, js.FuncOf(func(_ js.Value, args []js.Value) any { return call(f, args) }))
	}
	method("analyze", func(a []js.Value) (any, error) {
		page, err := bytesArg(a, 0, "page")
		if err != nil {
			return nil, err
		}
		out, err := e.analyze(page, stringArg(a, 1))
		return string(out), err
	})
	method("parse", func(a []js.Value) (any, error) {
		page, err := bytesArg(a, 0, "page")
		if err != nil {
			return nil, err
		}
		return nil, parseOnly(page)
	})
	method("loadIndex", func(a []js.Value) (any, error) {
		data, err := bytesArg(a, 0, "index")
		if err != nil {
			return nil, err
		}
		// The bytes' signature is verified by the caller (see engine.go).
		source := stringArg(a, 1)
		if source == "" {
			source = sourceBackend
		}
		if err := e.loadIndex(data, source); err != nil {
			return nil, err
		}
		return statusString(e)
	})
	method("resetIndex", func([]js.Value) (any, error) {
		if err := e.resetIndex(); err != nil {
			return nil, err
		}
		return statusString(e)
	})
	method("loadLanguage", func(a []js.Value) (any, error) {
		data, err := bytesArg(a, 0, "language pack")
		if err != nil {
			return nil, err
		}
		return nil, e.loadLanguage(data)
	})
	method("loadLexicon", func(a []js.Value) (any, error) {
		data, err := bytesArg(a, 0, "lexicon data")
		if err != nil {
			return nil, err
		}
		return nil, e.loadLexicon(data)
	})
	method("status", func([]js.Value) (any, error) { return statusString(e) })
	js.Global().Set("retold", obj)
	select {}
}

func statusString(e *engine) (any, error) {
	s, err := e.status()
	return string(s), err
}

// call runs f and wraps its outcome in a Promise; a panic becomes a rejection.
func call(f func([]js.Value) (any, error), args []js.Value) (p any) {
	defer func() {
		if r := recover(); r != nil {
			p = reject(errors.New("internal error in the Retold engine"))
		}
	}()
	v, err := f(args)
	if err != nil {
		return reject(err)
	}
	return jsPromise.Call("resolve", v)
}

func reject(err error) js.Value {
	return jsPromise.Call("reject", jsError.New(err.Error()))
}

// bytesArg reads argument i, a Uint8Array or a string.
func bytesArg(a []js.Value, i int, what string) ([]byte, error) {
	if i >= len(a) {
		return nil, errors.New(what + " is missing")
	}
	v := a[i]
	switch {
	case v.Type() == js.TypeString:
		return []byte(v.String()), nil
	case v.InstanceOf(jsUint8Array):
		b := make([]byte, v.Get("length").Int())
		js.CopyBytesToGo(b, v)
		return b, nil
	}
	return nil, errors.New(what + " must be a Uint8Array or a string")
}

// stringArg reads argument i as a string; anything else is "".
func stringArg(a []js.Value, i int) string {
	if i < len(a) && a[i].Type() == js.TypeString {
		return a[i].String()
	}
	return ""
}
