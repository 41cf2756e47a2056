package akamai

import (
	"crypto/rand"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Capture's numeric error codes. Each code has exactly one error name (errorNames).
const (
	codeMissingArgument          = 100
	codeInvalidArgument          = 200
	codeDuplicateArgument        = 201
	codeInvalidAuthMethod        = 205
	codeInvalidCredentials       = 210
	codeNoPassword               = 211
	codeNoSuchAccount            = 212
	codeUnknownApplication       = 221
	codeUnknownEntityType        = 222
	codeUnknownAttribute         = 223
	codeApplicationNotFound      = 224
	codeEntityTypeExists         = 232
	codeAttributeExists          = 233
	codeReservedAttribute        = 234
	codeRecordNotFound           = 310
	codeIDInNewRecord            = 320
	codeTimestampMismatch        = 330
	codeInvalidDataFormat        = 340
	codeInvalidJSONType          = 341
	codeInvalidDateTime          = 342
	codeInvalidPasswordValue     = 350
	codeConstraintViolation      = 360
	codeUniqueViolation          = 361
	codeMissingRequiredAttribute = 362
	codeLengthViolation          = 363
	codeEmailAddressInUse        = 380
	codeInvalidFormFields        = 390
	codeInvalidClientCredentials = 402
	codeClientPermissionError    = 403
	codeInvalidAPIMethod         = 404
	codeNoAccessGrant            = 413
	codeAccessTokenExpired       = 414
	codeAuthorizationCodeExpired = 415
	codeVerificationCodeExpired  = 416
	codeCreationTokenExpired     = 417
	codeRedirectURIMismatch      = 420
	codeRemovedFilterOperator    = 485
	codeUnexpectedError          = 500
)

var errorNames = map[int]string{
	codeMissingArgument:          "missing_argument",
	codeInvalidArgument:          "invalid_argument",
	codeDuplicateArgument:        "duplicate_argument",
	codeInvalidAuthMethod:        "invalid_auth_method",
	codeInvalidCredentials:       "invalid_credentials",
	codeNoPassword:               "no_password",
	codeNoSuchAccount:            "no_such_account",
	codeUnknownApplication:       "unknown_application",
	codeUnknownEntityType:        "unknown_entity_type",
	codeUnknownAttribute:         "unknown_attribute",
	codeApplicationNotFound:      "application_not_found",
	codeEntityTypeExists:         "entity_type_exists",
	codeAttributeExists:          "attribute_exists",
	codeReservedAttribute:        "reserved_attribute",
	codeRecordNotFound:           "record_not_found",
	codeIDInNewRecord:            "id_in_new_record",
	codeTimestampMismatch:        "timestamp_mismatch",
	codeInvalidDataFormat:        "invalid_data_format",
	codeInvalidJSONType:          "invalid_json_type",
	codeInvalidDateTime:          "invalid_date_time",
	codeInvalidPasswordValue:     "invalid_password_value",
	codeConstraintViolation:      "constraint_violation",
	codeUniqueViolation:          "unique_violation",
	codeMissingRequiredAttribute: "missing_required_attribute",
	codeLengthViolation:          "length_violation",
	codeEmailAddressInUse:        "email_address_in_use",
	codeInvalidFormFields:        "invalid_form_fields",
	codeInvalidClientCredentials: "invalid_client_credentials",
	codeClientPermissionError:    "client_permission_error",
	codeInvalidAPIMethod:         "invalid_api_method",
	codeNoAccessGrant:            "no_access_grant",
	codeAccessTokenExpired:       "access_token_expired",
	codeAuthorizationCodeExpired: "authorization_code_expired",
	codeVerificationCodeExpired:  "verification_code_expired",
	codeCreationTokenExpired:     "creation_token_expired",
	codeRedirectURIMismatch:      "redirect_uri_mismatch",
	// Capture's published list gives 485 no name; idemu names it after what it means.
	codeRemovedFilterOperator: "removed_filter_operator",
	codeUnexpectedError:       "unexpected_error",
}

// apiError is a Capture failure: a numeric code, its description and the extra members
// some codes carry (argument_name, attribute_name, invalid_fields, ...).
type apiError struct {
	Code   int
	Desc   string
	Extra  map[string]any
	Status int // the HTTP status; 0 is Capture's usual 200
	// OAuthName overrides the RFC 6749 error name the token endpoint answers with.
	OAuthName string
}

func (e *apiError) Error() string { return errorNames[e.Code] + ": " + e.Desc }

func fail(code int, desc string) *apiError { return &apiError{Code: code, Desc: desc} }

// with adds an extra member to the error body.
func (e *apiError) with(key string, value any) *apiError {
	if e.Extra == nil {
		e.Extra = map[string]any{}
	}
	e.Extra[key] = value
	return e
}

func (e *apiError) withStatus(status int) *apiError {
	e.Status = status
	return e
}

func missing(arg string) *apiError {
	return fail(codeMissingArgument, "missing required argument: "+arg).with("argument_name", arg)
}

// invalidArg is code 200 in Capture's wording: "<arg> was not valid for the following reason: ...".
func invalidArg(arg, reason string) *apiError {
	return fail(codeInvalidArgument, arg+" was not valid for the following reason: "+reason).with("argument_name", arg)
}

func notJSON(arg string) *apiError { return invalidArg(arg, "the JSON is not syntactically valid") }

func unknownAttribute(path string) *apiError {
	return fail(codeUnknownAttribute, "attribute "+path+" does not exist").with("attribute_name", path)
}

func permission(desc string) *apiError { return fail(codeClientPermissionError, desc) }

func recordNotFound(desc string) *apiError { return fail(codeRecordNotFound, desc) }

// oauthNames are the RFC 6749 error names /oauth/token answers with, its Capture name
// moving to sub_error.
var oauthNames = map[int]string{
	codeInvalidClientCredentials: "invalid_client",
	codeInvalidAuthMethod:        "invalid_client",
	codeClientPermissionError:    "unauthorized_client",
	codeNoAccessGrant:            "invalid_grant",
	codeAuthorizationCodeExpired: "invalid_grant",
	codeRedirectURIMismatch:      "invalid_grant",
	codeRecordNotFound:           "invalid_grant",
}

// body is the error's JSON envelope. On the token endpoint errors are OAuth-shaped: HTTP
// 400 (401 for client authentication), an OAuth error name and Capture's as sub_error.
func (e *apiError) body(requestID string, tokenEndpoint bool) (int, gin.H) {
	out := gin.H{"stat": "error", "code": e.Code, "error": errorNames[e.Code], "error_description": e.Desc,
		"request_id": requestID, "request_token": requestID}
	for k, v := range e.Extra {
		out[k] = v
	}
	status := e.Status
	if tokenEndpoint && status == 0 {
		out["sub_error"] = errorNames[e.Code]
		out["error"] = "invalid_request"
		if name, ok := oauthNames[e.Code]; ok {
			out["error"] = name
		}
		if e.OAuthName != "" {
			out["error"] = e.OAuthName
		}
		status = http.StatusBadRequest
		if out["error"] == "invalid_client" {
			status = http.StatusUnauthorized
		}
	}
	if status == 0 {
		status = http.StatusOK
	}
	return status, out
}

// render writes an error: an apiError in Capture's envelope, anything else as a logged
// unexpected_error with HTTP 500.
func (h *Handler) render(c *gin.Context, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		h.deps.Logger.Error("unexpected failure", "method", c.Request.Method, "path", c.Request.URL.Path, "error", err)
		ae = fail(codeUnexpectedError, "Unexpected internal error; see the emulator's log").withStatus(http.StatusInternalServerError)
	}
	tokenEndpoint := false
	if r := requestOf(c); r != nil {
		tokenEndpoint = r.spec.id == "exchangeToken"
	}
	status, body := ae.body(lowerAlnum(16), tokenEndpoint)
	c.Header("Cache-Control", "no-store")
	c.AbortWithStatusJSON(status, body)
}

// result is the members of a successful answer, beside "stat": "ok".
type result map[string]any

// op adapts a handler to gin: it runs with the request the pipeline prepared and answers
// {"stat":"ok", ...result} or the error envelope. After a success it emits the
// operation's SIEM event and delivers the webhook events its writes queued.
func (h *Handler) op(fn func(c *gin.Context, r *request) (result, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		r := requestOf(c)
		res, err := fn(c, r)
		var ae *apiError
		if errors.As(err, &ae) && ae.Code == codeInvalidCredentials {
			h.siemEmit(r.app, siemFailedLogin, r.callerClientID(), r.spec.path)
		}
		if err != nil {
			h.render(c, err)
			return
		}
		if event, ok := captureSIEMEvents[r.spec.id]; ok {
			h.siemEmit(r.app, event, r.callerClientID(), r.spec.path)
		}
		h.deliverPending(r.app)
		out := gin.H{"stat": "ok"}
		for k, v := range res {
			out[k] = v
		}
		c.Header("Cache-Control", "no-store")
		c.JSON(http.StatusOK, out)
	}
}

// Internal renders the 500 envelope (used by the server's panic recovery).
func (h *Handler) Internal(c *gin.Context) { h.render(c, errors.New("panic")) }

const lowerAlnumChars = "abcdefghijklmnopqrstuvwxyz0123456789"

// lowerAlnum is a random string of lowercase letters and digits, the alphabet of every
// Capture token, code and request id in the published examples.
func lowerAlnum(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails on supported platforms
	for i := range b {
		b[i] = lowerAlnumChars[int(b[i])%len(lowerAlnumChars)]
	}
	return string(b)
}
