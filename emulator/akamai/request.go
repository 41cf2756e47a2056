package akamai

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// opSpec is what the pipeline knows about one operation.
type opSpec struct {
	id       string
	path     string
	policy   policy
	form     *openapi3.Schema // the documented form parameters
	bodyOnly bool             // /oauth/* read body parameters only, never the query string
}

// request is one prepared call: its app, its parameters and who is calling.
type request struct {
	app    string
	base   string // the scheme and host the caller used, for links in emails
	params url.Values
	spec   *opSpec
	caller caller
}

const requestKey = "akamai.request"

func requestOf(c *gin.Context) *request {
	v, _ := c.Get(requestKey)
	r, _ := v.(*request)
	return r
}

// prepare runs ahead of every handler: the app must exist, then the parameters are read,
// the caller authenticated and the parameters validated against the contract, in the
// order Capture reports problems (who you are before what you sent).
func (h *Handler) prepare(spec *opSpec) gin.HandlerFunc {
	return func(c *gin.Context) {
		r := &request{app: platform.TenantOf(c), base: platform.BaseURL(c.Request), spec: spec}
		c.Set(requestKey, r)
		err := h.deps.Store.View(func(tx *store.Tx) error {
			if _, err := appSettings(tx, r.app); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return fail(codeApplicationNotFound, "no application is configured for this host")
				}
				return err
			}
			var err error
			if r.params, err = readParams(c.Request, spec.bodyOnly); err != nil {
				return err
			}
			if r.caller, err = h.authenticate(tx, c, r); err != nil {
				return err
			}
			if err := validateParams(spec.form, r.params); err != nil {
				return err
			}
			if id := r.params.Get("application_id"); id != "" && id != r.app {
				return fail(codeUnknownApplication, "application "+id+" does not exist").with("application_id", id)
			}
			return nil
		})
		if err != nil {
			h.render(c, err)
		}
	}
}

// readParams merges the form body and the query string (the body wins), or reads the
// body alone for operations documented as body-only. A JSON object body is read as
// parameters too, for the /oauth/ endpoints that accept one.
func readParams(req *http.Request, bodyOnly bool) (url.Values, error) {
	out := url.Values{}
	if req.Body != nil && req.Body != http.NoBody {
		raw, err := io.ReadAll(io.LimitReader(req.Body, contract.MaxBodyBytes+1))
		if err != nil {
			return nil, invalidArg("body", "the body could not be read")
		}
		if len(raw) > contract.MaxBodyBytes {
			return nil, invalidArg("body", "the body is larger than 10 MB").withStatus(http.StatusRequestEntityTooLarge)
		}
		req.Body = io.NopCloser(bytes.NewReader(raw))
		mediaType, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
		switch mediaType {
		case "application/x-www-form-urlencoded":
			form, err := url.ParseQuery(string(raw))
			if err != nil {
				return nil, invalidArg("body", "the form encoding is not valid")
			}
			out = form
		case "application/json":
			if !bodyOnly {
				break
			}
			if err := jsonParams(raw, out); err != nil {
				return nil, err
			}
		}
	}
	if bodyOnly {
		return out, nil
	}
	for k, vs := range req.URL.Query() {
		if _, inBody := out[k]; !inBody {
			out[k] = vs
		}
	}
	return out, nil
}

// jsonParams turns a JSON object into parameters: strings as they are, anything else as
// its JSON text, which is how Capture reads structured values in a form.
func jsonParams(raw []byte, out url.Values) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return invalidArg("body", "the body is not a JSON object")
	}
	for k, v := range obj {
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			out.Set(k, s)
			continue
		}
		if string(v) != "null" {
			out.Set(k, string(v))
		}
	}
	return nil
}

// validateParams checks the parameters against the operation's form schema with
// kin-openapi: required ones first (code 100, in the documented order), then types,
// enums and bounds (code 200). Form values are text, so integers and booleans are parsed
// into JSON values before the schema sees them.
func validateParams(form *openapi3.Schema, params url.Values) error {
	for _, name := range form.Required {
		if strings.TrimSpace(params.Get(name)) == "" {
			return missing(name)
		}
	}
	names := make([]string, 0, len(form.Properties))
	for name := range form.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	value := map[string]any{}
	for _, name := range names {
		if _, ok := params[name]; !ok {
			continue
		}
		prop := form.Properties[name].Value
		v, err := formValue(prop, params.Get(name))
		if err != nil {
			return invalidArg(name, err.Error())
		}
		value[name] = v
	}
	err := form.VisitJSON(value, openapi3.MultiErrors())
	if err == nil {
		return nil
	}
	var multi openapi3.MultiError
	if errors.As(err, &multi) && len(multi) > 0 {
		err = multi[0]
	}
	var se *openapi3.SchemaError
	if !errors.As(err, &se) || len(se.JSONPointer()) == 0 {
		return invalidArg("parameters", "they do not match the documented form")
	}
	name := se.JSONPointer()[0]
	return invalidArg(name, schemaReason(se))
}

func formValue(prop *openapi3.Schema, text string) (any, error) {
	switch {
	case prop.Type.Is("integer"):
		n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if err != nil {
			return nil, errors.New("must be an integer")
		}
		return n, nil
	case prop.Type.Is("boolean"):
		switch strings.ToLower(strings.TrimSpace(text)) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, errors.New("must be true or false")
	}
	return text, nil
}

func schemaReason(se *openapi3.SchemaError) string {
	s := se.Schema
	switch se.SchemaField {
	case "enum":
		vals := make([]string, len(s.Enum))
		for i, v := range s.Enum {
			vals[i] = fmt.Sprint(v)
		}
		return "must be one of " + strings.Join(vals, ", ")
	case "minimum":
		return fmt.Sprintf("must be at least %v", *s.Min)
	case "maximum":
		return fmt.Sprintf("must be at most %v", *s.Max)
	}
	return "it does not match the documented form"
}

// jsonArg decodes a JSON-valued parameter; absent is (false, nil).
func (r *request) jsonArg(name string, into any) (bool, error) {
	text, ok := r.params[name]
	if !ok || strings.TrimSpace(text[0]) == "" {
		return false, nil
	}
	if err := json.Unmarshal([]byte(text[0]), into); err != nil {
		return true, notJSON(name)
	}
	return true, nil
}

func (r *request) str(name string) string { return r.params.Get(name) }

func (r *request) has(name string) bool { return strings.TrimSpace(r.params.Get(name)) != "" }

// flag reads a boolean parameter the schema has already checked.
func (r *request) flag(name string) bool {
	return strings.EqualFold(strings.TrimSpace(r.params.Get(name)), "true")
}

// number reads an integer parameter the schema has already checked, or def.
func (r *request) number(name string, def int64) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(r.params.Get(name)), 10, 64)
	if err != nil {
		return def
	}
	return n
}
