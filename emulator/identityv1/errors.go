package identityv1

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
)

// StatusBusinessProblem is ASEE's status for a valid request that a business rule refuses.
const StatusBusinessProblem = 440

// apiError is a failure with its HTTP status and ASEE body.
type apiError struct {
	Status int
	Body   any
	Header map[string]string
}

func (e *apiError) Error() string { return http.StatusText(e.Status) }

type problemBody struct {
	Problem string `json:"problem"`
	Message string `json:"message,omitempty"`
	Details string `json:"details,omitempty"`
}

type validationError struct {
	Tag     *string `json:"tag"`
	Error   string  `json:"error"`
	Message string  `json:"message,omitempty"`
}

type validationBody struct {
	Errors []validationError `json:"errors"`
}

// problem is a 440 business problem with one of the documented literals.
func problem(literal, msg string) *apiError {
	return &apiError{Status: StatusBusinessProblem, Body: problemBody{Problem: literal, Message: msg}}
}

// httpProblem renders non-440 failures in the same {problem,message} shape, with the
// HTTP-like literals of ASEE's identity problem list (not-found, gone, ...).
func httpProblem(status int, literal, msg string) *apiError {
	return &apiError{Status: status, Body: problemBody{Problem: literal, Message: msg}}
}

func notFound(msg string) *apiError { return httpProblem(http.StatusNotFound, "not-found", msg) }

func unauthorized(msg string) *apiError {
	e := httpProblem(http.StatusUnauthorized, "unauthorized", msg)
	e.Header = map[string]string{"WWW-Authenticate": `Bearer realm="identity"`}
	return e
}

func forbidden(msg string) *apiError { return httpProblem(http.StatusForbidden, "forbidden", msg) }

// invalid is a 400 for one field.
func invalid(tag, literal, msg string) *apiError {
	var t *string
	if tag != "" {
		t = &tag
	}
	return &apiError{Status: http.StatusBadRequest, Body: validationBody{Errors: []validationError{{Tag: t, Error: literal, Message: msg}}}}
}

// ruleLiterals maps the contract's neutral rules to ASEE's shared validation literals.
var ruleLiterals = map[string]string{
	contract.RuleRequired:  "required",
	contract.RuleMaxLength: "max-length",
	contract.RuleMinLength: "min-length",
	contract.RuleMaximum:   "out-of-range",
	contract.RuleMinimum:   "out-of-range",
	contract.RuleMaxItems:  "out-of-range",
	contract.RuleMinItems:  "out-of-range",
	contract.RuleEnum:      "unknown-enum",
}

// validationProblem renders contract violations as ASEE's 400 errors[]: tag is the
// field (dot notation, [i] for items) or parameter name, null for the whole request.
func validationProblem(vs []contract.Violation) *apiError {
	body := validationBody{Errors: make([]validationError, 0, len(vs))}
	for _, v := range vs {
		literal, ok := ruleLiterals[v.Rule]
		if !ok {
			literal = "invalid-format"
		}
		var tag *string
		if f := v.Field(); f != "" {
			tag = &f
		}
		msg := v.Message
		if v.Rule == contract.RuleMalformed {
			msg = "the request body is not valid JSON"
		}
		body.Errors = append(body.Errors, validationError{Tag: tag, Error: literal, Message: msg})
	}
	return &apiError{Status: http.StatusBadRequest, Body: body}
}

// oauthError is an RFC 6749 error from the Authentication API's endpoints.
func oauthError(status int, code, desc string) *apiError {
	e := &apiError{Status: status, Body: gin.H{"error": code, "error_description": desc}}
	if status == http.StatusUnauthorized {
		e.Header = map[string]string{"WWW-Authenticate": `Basic realm="authentication"`}
	}
	return e
}

// oauthViolation maps contract violations on the OIDC endpoints to OAuth errors.
func oauthViolation(vs []contract.Violation) *apiError {
	for _, v := range vs {
		if v.Field() == "grant_type" && v.Rule == contract.RuleEnum {
			return oauthError(http.StatusBadRequest, "unsupported_grant_type", "grant_type is not supported")
		}
	}
	parts := make([]string, 0, len(vs))
	for _, v := range vs {
		f := v.Field()
		if f == "" {
			f = "body"
		}
		parts = append(parts, f+": "+v.Message)
	}
	return oauthError(http.StatusBadRequest, "invalid_request", strings.Join(parts, "; "))
}

// render writes an error: an apiError as itself, anything else as a logged 500.
func (h *Handler) render(c *gin.Context, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		h.deps.Logger.Error("unexpected failure", "method", c.Request.Method, "path", c.Request.URL.Path, "error", err)
		ae = httpProblem(http.StatusInternalServerError, "internal-error", "the emulator failed unexpectedly; see its log")
	}
	for k, v := range ae.Header {
		c.Header(k, v)
	}
	c.AbortWithStatusJSON(ae.Status, ae.Body)
}

// handle adapts a handler that returns an error to gin.
func (h *Handler) handle(fn func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			h.render(c, err)
		}
	}
}

// Internal renders the 500 envelope (used by the server's panic recovery).
func (h *Handler) Internal(c *gin.Context) {
	h.render(c, errors.New("panic"))
}
