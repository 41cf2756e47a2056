package logto

import (
	"errors"
	"net/http"
	"strings"

	"github.com/idemu/idemu/emulator/store"

	"github.com/gin-gonic/gin"
)

// apiError is a failure rendered in Logto's error body: {code, data?, details?, message}
// (the key order Logto writes), or, for the few failures Logto does not raise itself,
// a body of another shape (raw).
type apiError struct {
	Status  int
	Code    string
	Data    any
	Details string
	Message string
	Header  map[string]string
	raw     any // replaces the {code,...} body: OIDC errors, JSON syntax errors
	text    string
}

func (e *apiError) Error() string { return e.Code }

// logtoBody is RequestError's JSON form, field order included.
type logtoBody struct {
	Code    string `json:"code"`
	Data    any    `json:"data,omitempty"`
	Details string `json:"details,omitempty"`
	Message string `json:"message"`
}

// fail is a Logto RequestError with its English message filled in from vars.
func fail(status int, code string, vars ...string) *apiError {
	return &apiError{Status: status, Code: code, Message: phrase(code, vars...)}
}

func (e *apiError) withData(data any) *apiError {
	e.Data = data
	return e
}

// notFoundWithID is what Logto's find-by-id answers: the plural table name and the id.
func notFoundWithID(table, id string) *apiError {
	return fail(http.StatusNotFound, "entity.not_exists_with_id", "name", table, "id", id)
}

// entityNotFound is slonik's NotFound: a delete or a one-row query that found nothing.
func entityNotFound() *apiError { return fail(http.StatusNotFound, "entity.not_found") }

// invalidInput is request.invalid_input with the explanation in the message.
func invalidInput(details string) *apiError {
	return fail(http.StatusBadRequest, "request.invalid_input", "details", details)
}

// render writes an error: an apiError as itself, anything else as a logged 500.
func (h *Handler) render(c *gin.Context, err error) {
	var ae *apiError
	if errors.Is(err, store.ErrInvalidKey) {
		// An id no record can have (a NUL, invalid UTF-8, a slash) names nothing.
		ae = entityNotFound()
	}
	if ae == nil && !errors.As(err, &ae) {
		h.deps.Logger.Error("unexpected failure", "method", c.Request.Method, "path", c.Request.URL.Path, "error", err)
		// Logto's error handler answers anything it did not raise itself this way.
		ae = &apiError{Status: http.StatusInternalServerError, raw: gin.H{"message": "Internal server error."}}
	}
	for k, v := range ae.Header {
		c.Header(k, v)
	}
	switch {
	case ae.text != "":
		c.Abort()
		c.Data(ae.Status, "text/plain; charset=utf-8", []byte(ae.text))
	case ae.raw != nil:
		c.Abort()
		writeJSON(c, ae.Status, ae.raw)
	default:
		c.Abort()
		writeJSON(c, ae.Status, logtoBody{Code: ae.Code, Data: ae.Data, Details: ae.Details, Message: ae.Message})
	}
}

// handle adapts a handler that returns an error to gin.
func (h *Handler) handle(fn func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			h.render(c, err)
		}
	}
}

// Internal renders the 500 body (used by the server's panic recovery).
func (h *Handler) Internal(c *gin.Context) { h.render(c, errors.New("panic")) }

// phrase fills Logto's English message template for code; vars are name, value pairs.
func phrase(code string, vars ...string) string {
	msg, ok := phrases[code]
	if !ok {
		return code
	}
	for i := 0; i+1 < len(vars); i += 2 {
		msg = strings.ReplaceAll(msg, "{{"+vars[i]+"}}", vars[i+1])
		msg = strings.ReplaceAll(msg, "{{ "+vars[i]+" }}", vars[i+1])
	}
	return msg
}
