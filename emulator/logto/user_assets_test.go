package logto

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"testing"

	"github.com/stretchr/testify/require"
)

// multipartBody is a form with one "file" part per content type given.
func multipartBody(t *testing.T, types ...string) (string, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, typ := range types {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename="upload"`)
		h.Set("Content-Type", typ)
		part, err := w.CreatePart(h)
		require.NoError(t, err)
		_, _ = part.Write([]byte("data"))
	}
	require.NoError(t, w.Close())
	return b.String(), w.FormDataContentType()
}

func TestUploadsCheckTheFileThenFindNoStorageProvider(t *testing.T) {
	x := newHarness(t)
	tok := x.managementToken()
	w := x.api(http.MethodGet, "/api/user-assets/service-status", tok, "")
	require.Equal(t, "not_configured", decode(t, w)["status"])
	x.conforms("GetUserAssetServiceStatus", http.MethodGet, "/api/user-assets/service-status", w)

	upload := func(path string, types ...string) map[string]any {
		body, ctype := multipartBody(t, types...)
		return decode(t, x.do(http.MethodPost, path, body, "Authorization", "Bearer "+tok, "Content-Type", ctype))
	}
	require.Equal(t, "guard.invalid_input", upload("/api/user-assets")["code"])
	require.Equal(t, "guard.mime_type_not_allowed", upload("/api/user-assets", "text/plain")["code"])
	require.Equal(t, "storage.not_configured", upload("/api/user-assets", "image/png")["code"])
	require.Equal(t, "guard.invalid_input", upload("/api/sign-in-exp/default/custom-ui-assets", "application/zip", "application/zip")["code"])
	require.Equal(t, "guard.mime_type_not_allowed", upload("/api/sign-in-exp/default/custom-ui-assets", "image/png")["code"])
	require.Equal(t, "storage.not_configured", upload("/api/sign-in-exp/default/custom-ui-assets", "application/zip")["code"])
}
