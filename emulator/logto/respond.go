package logto

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// encodeJSON writes JSON as Node's JSON.stringify does: no HTML escaping, no newline.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func writeJSON(c *gin.Context, status int, v any) {
	body, err := encodeJSON(v)
	if err != nil {
		c.Data(http.StatusInternalServerError, "application/json; charset=utf-8", []byte(`{"message":"Internal server error."}`))
		return
	}
	c.Data(status, "application/json; charset=utf-8", body)
}

// respond writes a successful JSON answer. GET answers carry Logto's ETag (the npm
// etag package's weak-less form: byte length in hex and a SHA-1 prefix), and a matching
// If-None-Match gets 304 with no body, as koa-body-etag does.
func (h *Handler) respond(c *gin.Context, status int, v any) error {
	body, err := encodeJSON(v)
	if err != nil {
		return err
	}
	if c.Request.Method == http.MethodGet && status == http.StatusOK {
		tag := etag(body)
		c.Header("ETag", tag)
		if c.GetHeader("If-None-Match") == tag {
			c.Status(http.StatusNotModified)
			return nil
		}
	}
	c.Data(status, "application/json; charset=utf-8", body)
	return nil
}

// statusOnly answers a route that sets a status and no body: Koa then writes the
// status text ("Created", "OK") as text/plain.
func statusOnly(c *gin.Context, status int) error {
	c.Data(status, "text/plain; charset=utf-8", []byte(http.StatusText(status)))
	return nil
}

// noContent answers 204 with an empty body.
func noContent(c *gin.Context) error {
	c.Status(http.StatusNoContent)
	return nil
}

func etag(body []byte) string {
	sum := sha1.Sum(body)
	return `"` + strconv.FormatInt(int64(len(body)), 16) + "-" + base64.StdEncoding.EncodeToString(sum[:])[:27] + `"`
}
