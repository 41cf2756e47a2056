package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// MaxBodyBytes caps what the validator reads of a request body.
const MaxBodyBytes = 10 << 20

// MaxJSONDepth caps how deeply a request body may nest arrays and objects: far beyond
// any real payload, and far below encoding/json's limit of 10,000, which a document
// must stay under once a handler wraps the body in a stored record (the store checks
// every document with json.Valid).
const MaxJSONDepth = 512

// Violation is one way a request breaks the contract, in provider-neutral terms.
// Providers map Rule to their own literal (ASEE "max-length", Logto zod "too_big", ...).
type Violation struct {
	In      string   // "path", "query", "header", "cookie" or "body"
	Path    []string // the parameter name, or the JSON path inside the body ([] = the whole body)
	Rule    string   // see the Rule* constants
	Limit   any      // the schema's bound for length/size/range rules, the allowed values for RuleEnum
	Message string   // a short English explanation
}

// Rules a Violation can carry.
const (
	RuleRequired    = "required"
	RuleType        = "type"
	RuleFormat      = "format"
	RulePattern     = "pattern"
	RuleMaxLength   = "max-length"
	RuleMinLength   = "min-length"
	RuleMaximum     = "maximum"
	RuleMinimum     = "minimum"
	RuleEnum        = "enum"
	RuleMaxItems    = "max-items"
	RuleMinItems    = "min-items"
	RuleUnknown     = "unknown-property"
	RuleMalformed   = "malformed"    // the body is not parseable (bad JSON, bad form encoding)
	RuleContentType = "content-type" // a body in a media type the operation does not take
	RuleTooLarge    = "too-large"
	RuleInvalid     = "invalid" // anything else (oneOf/anyOf mismatches, ...)
)

// Field renders the violation's location in dot notation with [i] for array items:
// "answers[0].question-id".
func (v Violation) Field() string {
	var b strings.Builder
	for _, seg := range v.Path {
		if _, err := strconv.Atoi(seg); err == nil && b.Len() > 0 {
			b.WriteString("[" + seg + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// formats the emulator validates; kin-openapi leaves email and uri unchecked by default.
func formatOptions() []openapi3.SchemaValidationOption {
	return []openapi3.SchemaValidationOption{
		openapi3.WithStringFormatValidator("email", openapi3.NewCallbackValidator(func(s string) error {
			a, err := mail.ParseAddress(s)
			if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
				return errors.New("not an email address")
			}
			return nil
		})),
		openapi3.WithStringFormatValidator("uri", openapi3.NewCallbackValidator(func(s string) error {
			u, err := url.Parse(s)
			if err != nil || u.Scheme == "" {
				return errors.New("not an absolute URI")
			}
			return nil
		})),
	}
}

func (c *Contract) options() *openapi3filter.Options {
	return &openapi3filter.Options{
		MultiError:              true,
		AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc, // providers authenticate in their own envelope
		SchemaValidationOptions: formatOptions(),
	}
}

// ValidateRequest checks a request against the operation. The body is read (up to
// MaxBodyBytes) and put back, so the handler can read it again. params are the path
// parameters by their spec names.
func (c *Contract) ValidateRequest(ctx context.Context, op *Operation, r *http.Request, params map[string]string) []Violation {
	if r.Body != nil && r.Body != http.NoBody {
		body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
		if err != nil {
			return []Violation{{In: "body", Rule: RuleMalformed, Message: "the body could not be read"}}
		}
		if len(body) > MaxBodyBytes {
			return []Violation{{In: "body", Rule: RuleTooLarge, Limit: MaxBodyBytes, Message: "the body is too large"}}
		}
		if jsonDepth(body) > MaxJSONDepth {
			return []Violation{{In: "body", Path: []string{}, Rule: RuleTooLarge, Limit: MaxJSONDepth,
				Message: fmt.Sprintf("the body nests arrays and objects deeper than %d levels", MaxJSONDepth)}}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		defer func() { r.Body = io.NopCloser(bytes.NewReader(body)) }()
		if len(bytes.TrimSpace(body)) == 0 {
			r.Body = http.NoBody
		}
	}
	input := &openapi3filter.RequestValidationInput{
		Request: r, PathParams: params, Route: op.route, Options: c.options(),
	}
	err := openapi3filter.ValidateRequest(ctx, input)
	if err == nil {
		return nil
	}
	var out []Violation
	collect(err, violationContext{}, &out)
	return out
}

// jsonDepth is how deeply a JSON text nests arrays and objects; brackets inside
// strings do not count. It scans any body: a form or text body has no bare brackets
// to speak of.
func jsonDepth(body []byte) int {
	depth, deepest := 0, 0
	inString, escaped := false, false
	for _, b := range body {
		switch {
		case escaped:
			escaped = false
		case inString && b == '\\':
			escaped = true
		case b == '"':
			inString = !inString
		case inString:
		case b == '[' || b == '{':
			depth++
			deepest = max(deepest, depth)
		case b == ']' || b == '}':
			depth--
		}
	}
	return deepest
}

// ValidateResponse checks a response against the operation's documented responses:
// the status must be documented (or covered by "default") and the body must match.
func (c *Contract) ValidateResponse(ctx context.Context, op *Operation, r *http.Request, params map[string]string, status int, header http.Header, body []byte) error {
	opts := c.options()
	opts.IncludeResponseStatus = true
	opts.MultiError = false
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: op.route, Options: opts},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                opts,
	}
	return openapi3filter.ValidateResponse(ctx, in)
}

type violationContext struct {
	in   string
	name string
}

func collect(err error, vc violationContext, out *[]Violation) {
	var multi openapi3.MultiError
	if errors.As(err, &multi) && isMulti(err) {
		for _, e := range multi {
			collect(e, vc, out)
		}
		return
	}
	var reqErr *openapi3filter.RequestError
	if errors.As(err, &reqErr) {
		next := vc
		switch {
		case reqErr.Parameter != nil:
			next = violationContext{in: reqErr.Parameter.In, name: reqErr.Parameter.Name}
		case reqErr.RequestBody != nil:
			next = violationContext{in: "body"}
		}
		if strings.Contains(reqErr.Reason, "Content-Type") || strings.Contains(reqErr.Reason, "content type") {
			*out = append(*out, leaf(next, RuleContentType, nil, reqErr.Reason))
			return
		}
		if reqErr.Err == nil {
			*out = append(*out, leaf(next, RuleInvalid, nil, reqErr.Reason))
			return
		}
		collect(reqErr.Err, next, out)
		return
	}
	var schemaErr *openapi3.SchemaError
	if errors.As(err, &schemaErr) {
		*out = append(*out, fromSchemaError(vc, schemaErr))
		return
	}
	var parseErr *openapi3filter.ParseError
	if errors.As(err, &parseErr) {
		rule := RuleType
		if vc.in == "body" {
			rule = RuleMalformed
		}
		*out = append(*out, leaf(vc, rule, nil, "the value could not be parsed"))
		return
	}
	switch {
	case errors.Is(err, openapi3filter.ErrInvalidRequired):
		*out = append(*out, leaf(vc, RuleRequired, nil, "a value is required"))
	case errors.Is(err, openapi3filter.ErrInvalidEmptyValue):
		*out = append(*out, leaf(vc, RuleRequired, nil, "an empty value is not allowed"))
	default:
		*out = append(*out, leaf(vc, RuleInvalid, nil, err.Error()))
	}
}

// isMulti is true when err itself (not something it wraps) is a MultiError.
func isMulti(err error) bool {
	_, ok := err.(openapi3.MultiError)
	return ok
}

func leaf(vc violationContext, rule string, limit any, msg string) Violation {
	v := Violation{In: vc.in, Rule: rule, Limit: limit, Message: msg}
	if vc.name != "" {
		v.Path = []string{vc.name}
	} else {
		v.Path = []string{}
	}
	return v
}

func fromSchemaError(vc violationContext, e *openapi3.SchemaError) Violation {
	v := leaf(vc, RuleInvalid, nil, e.Reason)
	v.Path = append(v.Path, e.JSONPointer()...)
	s := e.Schema
	switch e.SchemaField {
	case "required":
		v.Rule, v.Message = RuleRequired, "a value is required"
	case "type", "nullable":
		v.Rule, v.Message = RuleType, fmt.Sprintf("must be of type %s", schemaType(s))
	case "format":
		v.Rule, v.Limit, v.Message = RuleFormat, s.Format, fmt.Sprintf("must be a valid %s", s.Format)
	case "pattern":
		v.Rule, v.Limit, v.Message = RulePattern, s.Pattern, "does not match the required pattern"
	case "maxLength":
		v.Rule, v.Limit, v.Message = RuleMaxLength, derefU(s.MaxLength), fmt.Sprintf("must be at most %d characters", derefU(s.MaxLength))
	case "minLength":
		v.Rule, v.Limit, v.Message = RuleMinLength, s.MinLength, fmt.Sprintf("must be at least %d characters", s.MinLength)
	case "maximum", "exclusiveMaximum":
		v.Rule, v.Limit, v.Message = RuleMaximum, derefF(s.Max), "is above the maximum"
	case "minimum", "exclusiveMinimum":
		v.Rule, v.Limit, v.Message = RuleMinimum, derefF(s.Min), "is below the minimum"
	case "enum":
		v.Rule, v.Limit, v.Message = RuleEnum, s.Enum, "is not one of the allowed values"
	case "maxItems":
		v.Rule, v.Limit, v.Message = RuleMaxItems, derefU(s.MaxItems), fmt.Sprintf("must have at most %d items", derefU(s.MaxItems))
	case "minItems":
		v.Rule, v.Limit, v.Message = RuleMinItems, s.MinItems, fmt.Sprintf("must have at least %d items", s.MinItems)
	case "additionalProperties":
		v.Rule, v.Message = RuleUnknown, "is not an allowed property"
	}
	return v
}

func schemaType(s *openapi3.Schema) string {
	if s == nil || s.Type == nil || len(s.Type.Slice()) == 0 {
		return "value"
	}
	return strings.Join(s.Type.Slice(), " or ")
}

func derefU(p *uint64) uint64 {
	if p == nil {
		return 0
	}
	return *p
}

func derefF(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}
