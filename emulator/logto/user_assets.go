package logto

import (
	"errors"
	"mime/multipart"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"
)

// Uploads: user assets (avatars, logos) and custom sign-in UI bundles. Logto writes
// them to the storage provider its system config names (S3, Azure, GCS); idemu, like a
// Logto instance with none configured, reports "not_configured" and refuses uploads
// after the same file checks.

// maxUploadFileSize is Logto's upload limit: 8 MiB.
const maxUploadFileSize = 8 * 1024 * 1024

var allowUploadMimeTypes = []string{"image/jpeg", "image/png", "image/gif", "image/vnd.microsoft.icon",
	"image/x-icon", "image/svg+xml", "image/tiff", "image/webp", "image/bmp", "application/zip"}

func (h *Handler) getUserAssetServiceStatus(c *gin.Context) error {
	return h.respond(c, http.StatusOK, gin.H{"status": "not_configured"})
}

// uploadedFiles is koaGuard's files guard: the form's "file" member holds minFiles to
// maxFiles files (maxFiles 0: no limit).
func uploadedFiles(c *gin.Context, maxFiles int) ([]*multipart.FileHeader, error) {
	var files []*multipart.FileHeader
	err := c.Request.ParseMultipartForm(maxUploadFileSize)
	if err == nil || errors.Is(err, multipart.ErrMessageTooLarge) {
		if form := c.Request.MultipartForm; form != nil {
			files = form.File["file"]
		}
	}
	switch {
	case len(files) == 0 && c.Request.MultipartForm == nil:
		return nil, guardFailure("files", []zodIssue{typeIssue([]any{"file"}, "array", nil, false)})
	case len(files) == 0:
		return nil, guardFailure("files", []zodIssue{sizeIssue(zodIssue{path: []any{"file"}}, "too_small", 1, []any{})})
	case maxFiles > 0 && len(files) > maxFiles:
		return nil, guardFailure("files", []zodIssue{sizeIssue(zodIssue{path: []any{"file"}}, "too_big", maxFiles, []any{})})
	}
	return files, nil
}

func checkUpload(f *multipart.FileHeader, allowed []string) error {
	if f.Size > maxUploadFileSize {
		return fail(http.StatusBadRequest, "guard.file_size_exceeded")
	}
	if !slices.Contains(allowed, f.Header.Get("Content-Type")) {
		return fail(http.StatusBadRequest, "guard.mime_type_not_allowed")
	}
	return nil
}

func (h *Handler) createUserAsset(c *gin.Context) error {
	files, err := uploadedFiles(c, 0)
	if err != nil {
		return err
	}
	if err := checkUpload(files[0], allowUploadMimeTypes); err != nil {
		return err
	}
	return fail(http.StatusBadRequest, "storage.not_configured")
}

func (h *Handler) uploadCustomUiAssets(c *gin.Context) error {
	files, err := uploadedFiles(c, 1)
	if err != nil {
		return err
	}
	if err := checkUpload(files[0], []string{"application/zip"}); err != nil {
		return err
	}
	return fail(http.StatusInternalServerError, "storage.not_configured")
}
