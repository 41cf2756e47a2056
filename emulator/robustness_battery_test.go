package emulator_test

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/idemu/idemu/emulator/contract"
)

// battery sends every client mistake the test knows to one operation. Plausible
// values fill the parts a variant does not break, so each mistake is the only one.
func (r *rbRun) battery(c *contract.Contract, op *contract.Operation, authFor func() string, pathValues map[string]string) {
	spec := c.Document().Paths.Value(op.Path).GetOperation(op.Method)
	params := append(slices.Clone(c.Document().Paths.Value(op.Path).Parameters), spec.Parameters...)
	h := hints{"client_id": r.creds.ID, "client_secret": r.creds.Secret, "apikey": r.creds.Secret,
		"username": r.user.Username, "password": r.user.Password}
	pathOf := func(override map[string]string) string {
		return fillPath(op.Path, func(name string) string {
			if v, ok := override[name]; ok {
				return v
			}
			if v, ok := pathValues[name]; ok {
				return url.PathEscape(v)
			}
			return "idemu-robust-1"
		})
	}
	query := plausibleQuery(params, h)
	mediaType, bodySchema := requestBody(spec)
	plausibleBody, bodies := []byte(nil), []bodyVariant(nil)
	switch {
	case isJSON(mediaType):
		bodies = jsonBodies(bodySchema, h, r.rng)
	case mediaType == "application/x-www-form-urlencoded":
		bodies = formBodies(bodySchema, h, r.rng)
	}
	if len(bodies) > 0 {
		plausibleBody = bodies[len(bodies)-1].body
	}
	mutated, auth := false, authFor()
	do := func(variant, path, query string, hdr http.Header, body []byte) int {
		if _, set := hdr["Authorization"]; !set && auth != "" {
			hdr.Set("Authorization", auth)
		}
		status := r.send(probe{op: op.ID, variant: variant, method: op.Method, path: path, query: query, header: hdr, body: body})
		mutated = mutated || (status < 300 && op.Method != http.MethodGet)
		return status
	}
	headers := func(kv ...string) http.Header {
		hdr := http.Header{}
		if mediaType != "" {
			hdr.Set("Content-Type", mediaType)
		}
		for i := 0; i+1 < len(kv); i += 2 {
			hdr.Set(kv[i], kv[i+1])
		}
		return hdr
	}
	path := pathOf(nil)
	defer r.settle()

	// An operation the provider has not implemented yet (its ledger) answers 501 to
	// everything: one plausible request tells, and the battery moves on.
	if do("plausible, first", path, query, headers(), plausibleBody) == http.StatusNotImplemented {
		r.notImplemented++
		r.pending = nil
		return
	}
	if mutated {
		r.resetAndLogin()
		mutated, auth = false, authFor()
	}

	// Authentication: none, wrong and malformed credentials.
	for _, a := range []struct{ name, value string }{
		{"no auth", ""}, {"wrong bearer", "Bearer idemu-not-a-token"}, {"wrong basic", basicAuth("idemu-nobody", "wrong")},
		{"bare scheme", "Bearer"}, {"basic not base64", "Basic !!!"}, {"unsigned JWT", "Bearer " + unsignedJWT()},
		{"basic without colon", "Basic " + base64.StdEncoding.EncodeToString([]byte("idemu"))},
	} {
		hdr := headers()
		hdr["Authorization"] = nil // present but empty: do adds no credentials
		if a.value != "" {
			hdr.Set("Authorization", a.value)
		}
		do(a.name, path, query, hdr, plausibleBody)
	}
	// Tenants that cannot exist (a header is how a client picks one).
	for _, tenant := range []string{"a/b", "..", "ÜnïCödé", strings.Repeat("t", 300), "UPPER_case", "*", "a b"} {
		do("tenant "+abbreviate(tenant), path, query, headers("X-Idemu-Tenant", tenant), plausibleBody)
	}
	// Bodies: the media type's battery, then the wrong media types.
	for _, b := range bodies {
		do("body: "+b.name, path, query, headers(), b.body)
	}
	contentTypes := []string{"text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json",
		"multipart/form-data", "multipart/form-data; boundary=idemu", "application/json; charset=utf-16", "not a media type", ""}
	for _, ct := range contentTypes {
		if ct == mediaType {
			continue
		}
		body := plausibleBody
		if body == nil {
			body = []byte(`{"idemu":1}`)
		}
		hdr := headers()
		hdr.Del("Content-Type")
		if ct != "" {
			hdr.Set("Content-Type", ct)
		}
		do("content type "+ct, path, query, hdr, body)
	}
	if isJSON(mediaType) {
		do("form body where JSON is expected", path, query, headers("Content-Type", "application/x-www-form-urlencoded"), []byte("a=1&b=%FF"))
	} else {
		do("JSON body where a form or nothing is expected", path, query, headers("Content-Type", "application/json"), plausibleJSONFor(bodySchema, h))
	}
	// Query parameters: garbage, duplicated, badly encoded, unknown.
	garbage := []string{"%FF%FE", "%00", "-1", "1e999", "99999999999999999999", "%5B%5D", "%7B", "true", "null", "%0A%0D",
		url.QueryEscape(strings.Repeat("q", hugeLen)), "%E2%80%AE", "*", "..%2F.."}
	names := queryNames(params)
	for range 4 {
		g := garbage[r.rng.IntN(len(garbage))]
		q := []string{}
		for _, n := range names {
			q = append(q, url.QueryEscape(n)+"="+g)
		}
		if len(q) == 0 {
			q = append(q, "idemu="+g)
		}
		do("query garbage "+abbreviate(g), path, strings.Join(q, "&"), headers(), plausibleBody)
	}
	// One parameter at a time, the others plausible, so a value that passes the
	// parameter's schema reaches the handler.
	oneAtATime := append(garbage, "idemu%2Frobust", "%00idemu", "%C3%9Cn%C3%AF%F0%9F%92%A5", "0", "1000000")
	for _, n := range names[:min(len(names), 8)] {
		q, _ := url.ParseQuery(query)
		q.Del(n)
		do("query "+n+" alone odd", path, q.Encode()+"&"+url.QueryEscape(n)+"="+oneAtATime[r.rng.IntN(len(oneAtATime))], headers(), plausibleBody)
	}
	dup := []string{}
	for _, n := range append(names, "idemu") {
		dup = append(dup, url.QueryEscape(n)+"=1", url.QueryEscape(n)+"=2", url.QueryEscape(n)+"=")
	}
	do("duplicated query parameters", path, strings.Join(dup, "&"), headers(), plausibleBody)
	do("invalid query encoding", path, query+"&%zz=%&a=%G0&;", headers(), plausibleBody)
	do("header parameters of garbage", path, query, headerGarbage(params, headers()), plausibleBody)
	// Path parameters: every absurd value in each position, the others plausible.
	absurd := []string{"a%2Fb", "%FF%FE", "..", "%00", "%E2%98%83%F0%9F%92%A5"}
	more := []string{"%2e%2e", ".", "%2F", "..%2F..%2Fetc%2Fpasswd", "%C3%BC%C3%B1%C3%AF", "%0A", "a%20b", "%25",
		"*", "-1", "99999999999999999999999", "null", strings.Repeat("x", 4096), "%E2%80%AE", "a%3Fb%23c", "%7B%7D"}
	for _, name := range pathParamNames(op.Path) {
		values := append(slices.Clone(absurd), pick(r.rng, more, 5)...)
		for _, v := range values {
			do("path "+name+"="+abbreviate(v), pathOf(map[string]string{name: v}), query, headers(), plausibleBody)
		}
	}
	// Last, the plausible request, which may change state.
	r.operations++
	if status := do("plausible", path, query, headers(), plausibleBody); status >= 200 && status < 400 {
		r.served++
	}
	if mutated {
		r.resetAndLogin()
	}
}

// requestBody picks the operation's body media type: JSON first, then a form, then
// whatever it documents.
func requestBody(spec *openapi3.Operation) (string, *openapi3.SchemaRef) {
	if spec.RequestBody == nil || spec.RequestBody.Value == nil {
		return "", nil
	}
	content := spec.RequestBody.Value.Content
	for _, mt := range sortedKeys(content) {
		if isJSON(mt) {
			return mt, content[mt].Schema
		}
	}
	if mt, ok := content["application/x-www-form-urlencoded"]; ok {
		return "application/x-www-form-urlencoded", mt.Schema
	}
	for _, mt := range sortedKeys(content) {
		return mt, content[mt].Schema
	}
	return "", nil
}

func plausibleJSONFor(ref *openapi3.SchemaRef, h hints) []byte {
	if ref == nil {
		return []byte(`{"idemu":1}`)
	}
	return mustJSON(plausible(ref, "", h, 0))
}

func isJSON(mediaType string) bool {
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}

func plausibleQuery(params openapi3.Parameters, h hints) string {
	q := url.Values{}
	for _, p := range params {
		if p.Value != nil && p.Value.In == "query" && p.Value.Required {
			q.Set(p.Value.Name, fmt.Sprint(plausible(p.Value.Schema, p.Value.Name, h, 0)))
		}
	}
	return q.Encode()
}

func queryNames(params openapi3.Parameters) []string {
	var out []string
	for _, p := range params {
		if p.Value != nil && p.Value.In == "query" {
			out = append(out, p.Value.Name)
		}
	}
	return out
}

func headerGarbage(params openapi3.Parameters, hdr http.Header) http.Header {
	for _, p := range params {
		if p.Value != nil && p.Value.In == "header" {
			hdr.Add(p.Value.Name, "idemu\u00ff garbage")
			hdr.Add(p.Value.Name, "-1")
		}
	}
	hdr.Set("Accept", "application/idemu-unknown")
	hdr.Set("Accept-Language", ";;;q=x")
	hdr.Set("X-Forwarded-Proto", "gopher")
	return hdr
}

var pathParam = regexp.MustCompile(`\{([^{}]+)\}`)

func pathParamNames(path string) []string {
	var out []string
	for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
		out = append(out, m[1])
	}
	return out
}

func fillPath(path string, value func(name string) string) string {
	return pathParam.ReplaceAllStringFunc(path, func(m string) string { return value(m[1 : len(m)-1]) })
}

func pick(rng *rand.Rand, from []string, n int) []string {
	idx := rng.Perm(len(from))[:min(n, len(from))]
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = from[j]
	}
	return out
}

func basicAuth(id, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))
}

// unsignedJWT is a token with alg "none", which no provider may accept.
func unsignedJWT() string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc([]byte(`{"sub":"demo","exp":4102444800}`)) + "."
}

func abbreviate(s string) string {
	if len(s) > 40 {
		return s[:40] + fmt.Sprintf("...(%d)", len(s))
	}
	return s
}
