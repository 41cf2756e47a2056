package logto

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
)

// Request checks in Logto's order: the pagination middleware, then the body parser,
// then the zod guard (query, body, params; the first failing part is reported).

const (
	defaultPageSize = 20
	maxPageSize     = 100
	maxBodyBytes    = contract.MaxBodyBytes
)

var pathParam = regexp.MustCompile(`\{([^{}]+)\}`)

// validate checks a request against its operation before the handler runs.
func (h *Handler) validate(op *contract.Operation, meta opMeta) gin.HandlerFunc {
	return h.handle(func(c *gin.Context) error {
		if meta.Paginated {
			if _, err := pagination(c.Request.URL.Query(), false); err != nil {
				return err
			}
		}
		var body any
		if meta.JSONBody {
			var err error
			if body, err = normaliseBody(c.Request); err != nil {
				return err
			}
		}
		group, err := h.schemas.group(meta.Group)
		if err != nil {
			return err
		}
		gop := group.Operation(op.ID)
		params := map[string]string{}
		for _, m := range pathParam.FindAllStringSubmatch(op.Path, -1) {
			params[m[1]] = contract.Param(c, m[1])
		}
		// kin-openapi writes parameter defaults into the query; Logto's pagination links
		// are built from the query as sent.
		rawQuery := c.Request.URL.RawQuery
		vs := group.ValidateRequest(c.Request.Context(), gop, c.Request, params)
		c.Request.URL.RawQuery = rawQuery
		if len(vs) == 0 {
			return applyBodyDefaults(c.Request, group.Document(), gop)
		}
		return zodFailure(group.Document(), gop, vs, body, c.Request.URL.Query())
	})
}

// applyBodyDefaults gives the handler the body zod's guard outputs: members the schema
// gives a default are filled in where absent (kin-openapi validates a copy).
func applyBodyDefaults(r *http.Request, doc *openapi3.T, op *contract.Operation) error {
	spec := doc.Paths.Value(op.Path).GetOperation(op.Method)
	if spec == nil || spec.RequestBody == nil || spec.RequestBody.Value == nil {
		return nil
	}
	mt := spec.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return nil
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return invalidInput("the body could not be read")
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	filled := false
	_ = mt.Schema.Value.VisitJSON(v, openapi3.VisitAsRequest(), openapi3.MultiErrors(),
		openapi3.DefaultsSet(func() { filled = true }))
	if !filled {
		return nil
	}
	out, err := encodeJSON(v)
	if err != nil {
		return err
	}
	r.Body = io.NopCloser(bytes.NewReader(out))
	r.ContentLength = int64(len(out))
	return nil
}

// zodFailure reports the first failing part of the request, as koaGuard does.
func zodFailure(doc *openapi3.T, op *contract.Operation, vs []contract.Violation, body any, query url.Values) *apiError {
	spec := doc.Paths.Value(op.Path).GetOperation(op.Method)
	for _, part := range []struct{ in, name string }{{"query", "query"}, {"body", "body"}, {"path", "params"}} {
		var issues []zodIssue
		for _, v := range vs {
			if v.In != part.in {
				continue
			}
			var value any
			var root *openapi3.Schema
			switch part.in {
			case "body":
				value = body
				if spec.RequestBody != nil && spec.RequestBody.Value != nil {
					if mt := spec.RequestBody.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
						root = mt.Schema.Value
					}
				}
			default:
				value, root = parameterValue(spec, part.in, query)
			}
			issues = append(issues, issueFor(v, value, root))
		}
		if len(issues) > 0 {
			return guardFailure(part.name, issues)
		}
	}
	// Headers and cookies are not guarded by Logto: nothing to report.
	return nil
}

// parameterValue gives the query as zod sees it (strings) and a schema whose properties
// are the parameters', so violations on parameters resolve like body fields.
func parameterValue(spec *openapi3.Operation, in string, query url.Values) (any, *openapi3.Schema) {
	values := map[string]any{}
	root := &openapi3.Schema{Properties: openapi3.Schemas{}}
	for _, p := range spec.Parameters {
		if p.Value == nil || p.Value.In != in {
			continue
		}
		if p.Value.Schema != nil {
			root.Properties[p.Value.Name] = p.Value.Schema
		}
		if in == "query" {
			if vs, ok := query[p.Value.Name]; ok && len(vs) > 0 {
				values[p.Value.Name] = vs[0]
			}
		}
	}
	return values, root
}

// normaliseBody makes the request body what Logto's koa-body hands the guard: a missing
// body is {}, a form body is an object of strings, a text body is a string, anything
// else is {}. It returns the body as decoded JSON; a JSON syntax error is Logto's 400
// {message} with V8's wording.
func normaliseBody(r *http.Request) (any, error) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return nil, invalidInput("the body could not be read")
	}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case len(bytes.TrimSpace(raw)) == 0:
		raw = []byte("{}")
	case mediaType == "application/json" || mediaType == "" || (len(mediaType) > 5 && mediaType[len(mediaType)-5:] == "+json"):
		if !json.Valid(raw) {
			return nil, &apiError{Status: http.StatusBadRequest, raw: gin.H{"message": syntaxMessage(raw)}}
		}
	case mediaType == "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(raw))
		if err != nil {
			return nil, &apiError{Status: http.StatusBadRequest, raw: gin.H{"message": err.Error()}}
		}
		obj := map[string]string{}
		for k, v := range form {
			obj[k] = v[0]
		}
		raw, _ = json.Marshal(obj)
	case len(mediaType) > 5 && mediaType[:5] == "text/":
		raw, _ = json.Marshal(string(raw))
	default:
		raw = []byte("{}")
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	r.ContentLength = int64(len(raw))
	r.Header.Set("Content-Type", "application/json")
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, &apiError{Status: http.StatusBadRequest, raw: gin.H{"message": syntaxMessage(raw)}}
	}
	return v, nil
}

// page is a request's pagination; disabled when both parameters are absent on a route
// where pagination is optional.
type page struct {
	Page, Size int
	Disabled   bool
}

func (p page) offset() int { return (p.Page - 1) * p.Size }

// pagination reads page and page_size as Logto's koaPagination does: positive
// integers, page_size at most 100; anything else is guard.invalid_pagination.
func pagination(q url.Values, optional bool) (page, error) {
	p := page{Page: 1, Size: defaultPageSize}
	rawPage, hasPage := q["page"]
	rawSize, hasSize := q["page_size"]
	if optional && !hasPage && !hasSize {
		p.Disabled = true
		return p, nil
	}
	bad := fail(http.StatusBadRequest, "guard.invalid_pagination")
	if hasPage {
		n, err := strconv.Atoi(rawPage[0])
		if err != nil || n < 1 {
			return p, bad
		}
		p.Page = n
	}
	if hasSize {
		n, err := strconv.Atoi(rawSize[0])
		if err != nil || n < 1 || n > maxPageSize {
			return p, bad
		}
		p.Size = n
	}
	return p, nil
}
