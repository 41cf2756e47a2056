package appid

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/token"
)

// apiError is a failure with its HTTP status and body in one of App ID's formats.
// A nil Body with a Text answers plain text, as App ID does for an unknown tenant.
type apiError struct {
	Status int
	Body   any
	Text   string
	Header map[string]string
}

func (e *apiError) Error() string { return http.StatusText(e.Status) }

// mgmtBody is the error of the management API outside Cloud Directory: the IBM Go
// core reads "message" into the SDK's error text (see README).
type mgmtBody struct {
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Codes of mgmtBody, one per status idemu answers.
var statusCodes = map[int]string{
	http.StatusBadRequest:          "BAD_REQUEST",
	http.StatusUnauthorized:        "UNAUTHORIZED",
	http.StatusForbidden:           "FORBIDDEN",
	http.StatusNotFound:            "NOT_FOUND",
	http.StatusMethodNotAllowed:    "METHOD_NOT_ALLOWED",
	http.StatusConflict:            "CONFLICT",
	http.StatusInternalServerError: "INTERNAL_SERVER_ERROR",
}

func mgmtError(status int, msg string) *apiError {
	return &apiError{Status: status, Body: mgmtBody{Status: status, Code: statusCodes[status], Message: msg}}
}

func badRequest(msg string) *apiError { return mgmtError(http.StatusBadRequest, msg) }
func notFound(msg string) *apiError   { return mgmtError(http.StatusNotFound, msg) }
func conflict(msg string) *apiError   { return mgmtError(http.StatusConflict, msg) }

func unauthorized(msg string) *apiError {
	e := mgmtError(http.StatusUnauthorized, msg)
	e.Header = map[string]string{"WWW-Authenticate": `Bearer realm="IBM Cloud IAM"`}
	return e
}

func forbidden(msg string) *apiError { return mgmtError(http.StatusForbidden, msg) }

// unknownTenant is App ID's answer for a tenant it does not host: a bare plain-text 404.
func unknownTenant() *apiError {
	return &apiError{Status: http.StatusNotFound, Text: http.StatusText(http.StatusNotFound)}
}

// scimBody is the RFC 7644 error App ID's Cloud Directory endpoints answer.
type scimBody struct {
	Schemas  []string `json:"schemas"`
	Status   string   `json:"status"`
	ScimType string   `json:"scimType,omitempty"`
	Detail   string   `json:"detail"`
}

const scimErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"

// SCIM error types (RFC 7644 section 3.12) idemu answers.
const (
	scimInvalidValue  = "invalidValue"
	scimInvalidSyntax = "invalidSyntax"
	scimUniqueness    = "uniqueness"
)

func scimError(status int, scimType, detail string) *apiError {
	return &apiError{Status: status, Body: scimBody{Schemas: []string{scimErrorSchema},
		Status: strconv.Itoa(status), ScimType: scimType, Detail: detail}}
}

func scimInvalid(detail string) *apiError {
	return scimError(http.StatusBadRequest, scimInvalidValue, detail)
}

func scimNotFound(detail string) *apiError { return scimError(http.StatusNotFound, "", detail) }

// oauthError is an RFC 6749 error of App ID's OAuth server.
func oauthError(status int, code, desc string) *apiError {
	e := &apiError{Status: status, Body: gin.H{"error": code, "error_description": desc}}
	if status == http.StatusUnauthorized {
		e.Header = map[string]string{"WWW-Authenticate": `Basic realm="appid"`}
	}
	return e
}

// iamError is the IBM Cloud IAM token service's error body.
func iamError(c *gin.Context, status int, code, msg string) *apiError {
	return &apiError{Status: status, Body: gin.H{"errorCode": code, "errorMessage": msg,
		"context": gin.H{"requestId": token.Opaque(12), "requestType": "incoming.OIDC_Token", "url": platformURL(c)}}}
}

// violationText renders contract violations as one readable sentence.
func violationText(vs []contract.Violation) string {
	parts := make([]string, 0, len(vs))
	for _, v := range vs {
		f := v.Field()
		if f == "" {
			f = v.In
		}
		if f == "" {
			f = "request"
		}
		msg := v.Message
		if v.Rule == contract.RuleMalformed {
			msg = "is not valid JSON"
		}
		parts = append(parts, f+" "+msg)
	}
	return strings.Join(parts, "; ")
}

// invalid renders contract violations in the envelope of the operation's family.
func (h *Handler) invalid(c *gin.Context, op *contract.Operation, vs []contract.Violation) {
	switch {
	case op.HasTag(tagIAM):
		h.render(c, iamError(c, http.StatusBadRequest, iamCodeMissingProperty, violationText(vs)))
	case op.HasTag(tagOAuth):
		h.render(c, oauthError(http.StatusBadRequest, "invalid_request", violationText(vs)))
	case op.HasTag(tagSCIM):
		scimType := scimInvalidValue
		for _, v := range vs {
			if v.Rule == contract.RuleMalformed || v.Rule == contract.RuleContentType {
				scimType = scimInvalidSyntax
			}
		}
		h.render(c, scimError(http.StatusBadRequest, scimType, violationText(vs)))
	default:
		h.render(c, badRequest(violationText(vs)))
	}
}

// render writes an error: an apiError as itself, anything else as a logged 500.
func (h *Handler) render(c *gin.Context, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		h.deps.Logger.Error("unexpected failure", "method", c.Request.Method, "path", c.Request.URL.Path, "error", err)
		ae = mgmtError(http.StatusInternalServerError, "the emulator failed unexpectedly; see its log")
	}
	for k, v := range ae.Header {
		c.Header(k, v)
	}
	if ae.Body == nil {
		c.Abort()
		c.Data(ae.Status, "text/plain; charset=utf-8", []byte(ae.Text))
		return
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
