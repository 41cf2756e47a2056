// Command contractgen derives idemu's Logto contract from Logto's published OpenAPI
// document: it keeps the facts (paths, methods, parameters, schemas, status codes,
// security), drops every piece of prose, rewrites what a Go validator cannot read as
// Logto means it, and merges idemu's own additions (the OIDC endpoints, which the
// published document leaves out). Output is sorted, so regenerating changes nothing
// unless an input changed.
//
// It is run by go generate in emulator/logto. The reference document lives outside the
// repository (../shared/reference); where it is absent the command says so and exits 0
// without touching the committed contract.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strings"
)

func main() {
	in := flag.String("in", "", "Logto's OpenAPI document (JSON)")
	overlay := flag.String("overlay", "", "idemu's additions (JSON, an OpenAPI fragment with paths and tags)")
	out := flag.String("out", "openapi.json", "where to write the contract")
	flag.Parse()
	if err := run(*in, *overlay, *out); err != nil {
		fmt.Fprintln(os.Stderr, "contractgen:", err)
		os.Exit(1)
	}
}

func run(in, overlay, out string) error {
	src, err := os.ReadFile(in)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(os.Stderr, "contractgen: %s is absent; keeping the committed %s\n", in, out)
		return nil
	}
	if err != nil {
		return err
	}
	add, err := os.ReadFile(overlay)
	if err != nil {
		return err
	}
	doc, err := derive(src, add)
	if err != nil {
		return err
	}
	return os.WriteFile(out, doc, 0o644)
}

// derive turns the published document and the overlay into the contract's bytes.
func derive(src, overlay []byte) ([]byte, error) {
	var doc, add map[string]any
	if err := decode(src, &doc); err != nil {
		return nil, fmt.Errorf("reading the reference document: %w", err)
	}
	if err := decode(overlay, &add); err != nil {
		return nil, fmt.Errorf("reading the overlay: %w", err)
	}
	cleaned, ok := clean(doc, false).(map[string]any)
	if !ok {
		return nil, errors.New("the reference document is not a JSON object")
	}
	cleaned["info"] = map[string]any{"title": "Logto (idemu contract)", "version": versionOf(doc)}
	cleaned["tags"] = tagNames(doc["tags"])
	describeResponses(cleaned)
	if err := merge(cleaned, add); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(cleaned); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // numbers pass through exactly as written
	return dec.Decode(v)
}

func versionOf(doc map[string]any) string {
	if info, ok := doc["info"].(map[string]any); ok {
		if v, ok := info["version"].(string); ok && v != "" {
			return v
		}
	}
	return "unknown"
}

// prose lists the keywords whose values are text for people, not facts.
var prose = map[string]bool{"description": true, "summary": true, "example": true, "examples": true, "externalDocs": true, "title": true}

// namedMaps lists the keywords whose values map user-chosen names (property names,
// paths, status codes, media types) to objects: their keys are never keywords.
var namedMaps = map[string]bool{
	"properties": true, "paths": true, "responses": true, "content": true, "schemas": true, "parameters": true,
	"securitySchemes": true, "headers": true, "encoding": true, "variables": true, "callbacks": true,
	"links": true, "requestBodies": true, "flows": true,
}

// literalValues lists the keywords whose values are data (kept verbatim).
var literalValues = map[string]bool{"default": true, "enum": true, "required": true, "mapping": true}

// clean strips prose and normalises schemas, recursively. names says v's keys are
// names rather than keywords.
func clean(v any, names bool) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = clean(e, false)
		}
		return out
	case map[string]any:
		if !names && x["description"] == "Validator function" {
			return unconstrained(x)
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			switch {
			case names:
				out[k] = clean(e, false)
			case prose[k]:
			case k == "scopes":
				out[k] = blankValues(e) // OAuth scope name -> its prose
			case literalValues[k]:
				out[k] = e
			default:
				out[k] = clean(e, namedMaps[k])
			}
		}
		if !names {
			normaliseSchema(out)
		}
		return out
	}
	return v
}

// unconstrained replaces what zod-to-openapi writes for a custom zod validator (an
// empty object type labelled "Validator function"): the value is checked by code, not
// by the schema, and is usually not an object at all (redirect URIs are strings).
func unconstrained(s map[string]any) map[string]any {
	out := map[string]any{}
	if n, ok := s["nullable"]; ok {
		out["nullable"] = n
	}
	return out
}

func blankValues(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := make(map[string]any, len(m))
	for k := range m {
		out[k] = ""
	}
	return out
}

// jsRegex is a JavaScript regular expression literal: /body/flags.
var jsRegex = regexp.MustCompile(`^/(.*)/([a-z]*)$`)

// normaliseSchema rewrites the keywords of one schema object that Logto's generator
// (zod-to-openapi) writes in a way an OpenAPI validator reads differently than zod does.
func normaliseSchema(s map[string]any) {
	if p, ok := s["pattern"].(string); ok {
		if m := jsRegex.FindStringSubmatch(p); m != nil {
			flags := ""
			if m[2] != "" {
				flags = "(?" + m[2] + ")"
			}
			s["pattern"] = flags + m[1]
		}
	}
	if f, ok := s["format"].(string); ok {
		switch {
		case strings.HasPrefix(f, `"`) && strings.HasSuffix(f, `"`) && len(f) >= 2:
			// zod literal: the value must be exactly this string.
			s["enum"] = []any{f[1 : len(f)-1]}
			delete(s, "format")
		case f == "true" || f == "false":
			s["enum"] = []any{f == "true"} // zod boolean literal
			delete(s, "format")
		case f == "url":
			s["format"] = "uri"
		case f == "empty":
			s["maxLength"] = json.Number("0") // zod literal('')
			delete(s, "format")
		case f == "regex":
			delete(s, "format") // the pattern beside it is the check
		}
	}
	if _, ok := s["properties"]; ok && s["type"] == "string" {
		// A zod object written with type string (the SAML app's acsUrl): the members
		// beside it say what it is.
		s["type"] = "object"
	}
	if alts, ok := s["oneOf"]; ok && s["anyOf"] == nil {
		// zod unions (written as oneOf) accept a value that matches any member, the
		// first one winning; oneOf would refuse a value that fits two members.
		s["anyOf"] = alts
		delete(s, "oneOf")
	}
	if d, ok := s["default"].(map[string]any); ok {
		// A default must satisfy its own schema; Logto publishes {} for objects with
		// required members, which a strict validity check refuses.
		if req, ok := s["required"].([]any); ok {
			for _, r := range req {
				if name, _ := r.(string); d[name] == nil {
					delete(s, "default")
					break
				}
			}
		}
	}
}

func tagNames(v any) []any {
	tags, _ := v.([]any)
	var names []string
	for _, t := range tags {
		if m, ok := t.(map[string]any); ok {
			if n, ok := m["name"].(string); ok {
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	out := make([]any, len(names))
	for i, n := range names {
		out[i] = map[string]any{"name": n}
	}
	return out
}

// describeResponses gives every response the empty description OpenAPI 3 requires.
// A response whose media types carry no schema has no body in Logto: Koa then writes
// the status text ("Created") as text/plain, which the contract admits beside.
func describeResponses(doc map[string]any) {
	paths, _ := doc["paths"].(map[string]any)
	for _, item := range paths {
		ops, _ := item.(map[string]any)
		for _, op := range ops {
			o, _ := op.(map[string]any)
			responses, _ := o["responses"].(map[string]any)
			for _, r := range responses {
				if resp, ok := r.(map[string]any); ok {
					resp["description"] = ""
					addStatusText(resp)
				}
			}
		}
	}
}

func addStatusText(resp map[string]any) {
	content, ok := resp["content"].(map[string]any)
	if !ok || len(content) == 0 {
		return
	}
	for _, mt := range content {
		if m, ok := mt.(map[string]any); ok && m["schema"] != nil {
			return
		}
	}
	content["text/plain"] = map[string]any{"schema": map[string]any{"type": "string"}}
}

// merge adds the overlay's paths, tags and component schemas; an overlay path that the
// reference document already has is an error, so the overlay never silently wins.
func merge(doc, add map[string]any) error {
	paths, _ := doc["paths"].(map[string]any)
	extra, _ := add["paths"].(map[string]any)
	for p, item := range extra {
		if _, dup := paths[p]; dup {
			return fmt.Errorf("overlay path %s is already in the reference document", p)
		}
		paths[p] = item
	}
	if tags, ok := add["tags"].([]any); ok {
		doc["tags"] = append(doc["tags"].([]any), tags...)
	}
	if comps, ok := add["components"].(map[string]any); ok {
		target, _ := doc["components"].(map[string]any)
		for kind, entries := range comps {
			into, _ := target[kind].(map[string]any)
			if into == nil {
				into = map[string]any{}
				target[kind] = into
			}
			for name, e := range entries.(map[string]any) {
				if _, dup := into[name]; dup {
					return fmt.Errorf("overlay component %s/%s is already in the reference document", kind, name)
				}
				into[name] = e
			}
		}
	}
	return nil
}
