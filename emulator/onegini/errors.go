package onegini

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
)

// apiError is a failure of this API: a status and, at most, headers. The source
// documents no error body for any operation, so none is ever written.
type apiError struct {
	Status int
	Header map[string]string
	reason string // for the log and for tests; never sent
}

func (e *apiError) Error() string { return http.StatusText(e.Status) + ": " + e.reason }

func fail(status int, reason string) *apiError { return &apiError{Status: status, reason: reason} }

func badRequest(reason string) *apiError { return fail(http.StatusBadRequest, reason) }

func notFound(reason string) *apiError { return fail(http.StatusNotFound, reason) }

// unauthorized carries the challenge Spring Security sends with its default realm.
func unauthorized(reason string) *apiError {
	e := fail(http.StatusUnauthorized, reason)
	e.Header = map[string]string{"WWW-Authenticate": `Basic realm="Realm"`}
	return e
}

// render writes an error: an apiError as its bare status, anything else as a logged 500.
func (h *Handler) render(c *gin.Context, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		h.deps.Logger.Error("unexpected failure", "method", c.Request.Method, "path", c.Request.URL.Path, "error", err)
		ae = fail(http.StatusInternalServerError, "unexpected")
	}
	for k, v := range ae.Header {
		c.Header(k, v)
	}
	c.AbortWithStatus(ae.Status)
}

// handle adapts a handler that returns an error to gin.
func (h *Handler) handle(fn func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			h.render(c, err)
		}
	}
}

// Internal renders the 500 (used by the server's panic recovery).
func (h *Handler) Internal(c *gin.Context) { h.render(c, errors.New("panic")) }
