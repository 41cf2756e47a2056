package akamai

import (
	"errors"
	"net/http"
	"net/netip"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// apiFamily is the Identity Cloud host an operation belongs to. Every host has its own
// way of authenticating and its own error format; idemu serves them all on one port, at
// their documented paths, which do not collide: Capture operations sit at the root,
// the Configuration and SIEM APIs under /config/, the Social Login API under /api/v2/,
// and the customer's APIs under /{customerId}/, a GUID.
type apiFamily int

const (
	famCapture           apiFamily = iota // {app}.janraincapture.com: forms, stat envelope
	famConfig                             // v1.api/config/{app_id}: HTTP Basic, {"errors": ...}
	famSIEM                               // v1.api/config/applications/{appId}/eventdelivery: HTTP Basic
	famHostedLogin                        // v1.api/{customerId}/login: OAuth 2.0 and OpenID Connect
	famHostedLoginConfig                  // v1.api/{customerId}/config: Bearer administrative token
	famWebhooks                           // v1.api/{customerId}/webhooks: Bearer administrative token
	famCustomProviders                    // v1.api/{customerId}/v2/config/low/...: Bearer administrative token
	famSocial                             // {app}.rpxnow.com/api/v2: apiKey, {"stat":"fail"}
)

var familyTags = map[string]apiFamily{
	"configuration": famConfig, "siem": famSIEM, "hostedLogin": famHostedLogin,
	"hostedLoginConfig": famHostedLoginConfig, "webhooks": famWebhooks,
	"customProviders": famCustomProviders, "social": famSocial,
}

func familyOf(op *contract.Operation) apiFamily {
	for _, t := range op.Tags {
		if f, ok := familyTags[t]; ok {
			return f
		}
	}
	return famCapture
}

// bearerScopes are the administrative token scopes each Bearer-authenticated host takes:
// "*:**" reaches everything, "*:config/**" the Hosted Login configuration, and
// "*:webhooks/**" Webhooks v3.
var bearerScopes = map[apiFamily][]string{
	famHostedLoginConfig: {scopeAll, scopeConfig},
	famWebhooks:          {scopeAll, scopeWebhooks},
	famCustomProviders:   {scopeAll, scopeConfig},
}

// hostError is a failure in a non-Capture host's own format: an HTTP status and a body.
type hostError struct {
	Status int
	Body   any
	Header map[string]string
}

func (e *hostError) Error() string { return http.StatusText(e.Status) }

// configErr is the v1.api hosts' error: {"errors": "<message>"} with an HTTP status.
func configErr(status int, msg string) *hostError {
	return &hostError{Status: status, Body: gin.H{"errors": msg}}
}

// oauthErr is an RFC 6749 error body.
func oauthErr(status int, name, desc string) *hostError {
	return &hostError{Status: status, Body: gin.H{"error": name, "error_description": desc}}
}

// Social Login API error codes (its published table).
const (
	socialServiceUnavailable = -1
	socialMissingParameter   = 0
	socialInvalidParameter   = 1
	socialDataNotFound       = 2
	socialAuthenticationErr  = 3
	socialMappingExists      = 5
	socialAppNotFound        = 19
)

// socialErr is the Social Login API's error: HTTP 400 with {"stat":"fail","err":{...}}.
func socialErr(code int, msg string) *hostError {
	return &hostError{Status: http.StatusBadRequest, Body: gin.H{"stat": "fail", "err": gin.H{"code": code, "msg": msg}}}
}

// call is one prepared request to a non-Capture host: the app it reaches and who calls.
type call struct {
	family   apiFamily
	opID     string
	app      string // the tenant: the app named in the path, the customer's app, or the host's
	customer string // the customer id, on the customer's hosts
	base     string
	client   *client     // the API client of HTTP Basic calls
	admin    *adminToken // the administrative token of Bearer calls
}

const callKey = "akamai.call"

// callerID is the client a call authenticated as: the API client, or the configuration
// client of the administrative token.
func (x *call) callerID() string {
	switch {
	case x.client != nil:
		return x.client.ID
	case x.admin != nil:
		return x.admin.ClientID
	}
	return ""
}

func callOf(c *gin.Context) *call {
	v, _ := c.Get(callKey)
	x, _ := v.(*call)
	return x
}

// hostHandler answers a prepared call with a status and a JSON body (nil for none), or
// with status 0 when it wrote the response itself (a redirect, HTML, CSV).
type hostHandler func(c *gin.Context, x *call) (int, any, error)

// host adapts a handler to gin. A configuration change emits a SIEM event, and webhook
// events a write produced are delivered before the answer goes out, so that a caller
// sees them as soon as its call returns.
func (h *Handler) host(fn hostHandler) gin.HandlerFunc {
	return func(c *gin.Context) {
		x := callOf(c)
		status, body, err := fn(c, x)
		if err != nil {
			h.renderHost(c, x.family, err)
			return
		}
		if c.Request.Method != http.MethodGet && (x.family == famConfig || x.family == famHostedLoginConfig) {
			h.siemEmit(x.app, siemConfigChange, x.callerID(), c.Request.URL.Path)
		}
		h.deliverPending(x.app)
		c.Header("Cache-Control", "no-store")
		switch {
		case status == 0:
		case body == nil:
			c.Status(status)
		default:
			c.JSON(status, body)
		}
	}
}

// renderHost writes an error in the family's format; anything but a hostError is an
// unexpected failure, logged and answered with HTTP 500.
func (h *Handler) renderHost(c *gin.Context, fam apiFamily, err error) {
	var he *hostError
	if !errors.As(err, &he) {
		h.deps.Logger.Error("unexpected failure", "method", c.Request.Method, "path", c.Request.URL.Path, "error", err)
		he = internalError(fam)
	}
	for k, v := range he.Header {
		c.Header(k, v)
	}
	c.Header("Cache-Control", "no-store")
	c.AbortWithStatusJSON(he.Status, he.Body)
}

func internalError(fam apiFamily) *hostError {
	const msg = "Unexpected internal error; see the emulator's log"
	switch fam {
	case famHostedLogin:
		return oauthErr(http.StatusInternalServerError, "server_error", msg)
	case famSocial:
		e := socialErr(socialServiceUnavailable, msg)
		e.Status = http.StatusInternalServerError
		return e
	}
	return configErr(http.StatusInternalServerError, msg)
}

// prepareHost runs ahead of a non-Capture operation: it finds the app the call reaches
// and authenticates the caller the way the host does, before the contract checks what
// was sent.
func (h *Handler) prepareHost(op *contract.Operation) gin.HandlerFunc {
	fam := familyOf(op)
	return func(c *gin.Context) {
		x := &call{family: fam, opID: op.ID, base: platform.BaseURL(c.Request)}
		c.Set(callKey, x)
		err := h.deps.Store.View(func(tx *store.Tx) error { return h.resolve(tx, c, x) })
		if err != nil {
			h.renderHost(c, fam, err)
		}
	}
}

func (h *Handler) resolve(tx *store.Tx, c *gin.Context, x *call) error {
	switch x.family {
	case famConfig:
		if err := knownApp(tx, contract.Param(c, "app_id")); err != nil {
			return err
		}
		x.app = contract.Param(c, "app_id")
		return h.basicClient(tx, c, x, configPolicies[x.opID])
	case famSIEM:
		if err := knownApp(tx, contract.Param(c, "appId")); err != nil {
			return err
		}
		x.app = contract.Param(c, "appId")
		return h.basicClient(tx, c, x, siemPolicies[x.opID])
	case famSocial:
		x.app = platform.TenantOf(c)
		if _, err := apps.Get(tx, x.app, appDocID); err != nil {
			if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
				return socialErr(socialAppNotFound, "no social login application is configured for this host")
			}
			return err
		}
		return nil
	}
	// The customer's hosts. One operation (resetting an OIDC client secret) is documented
	// without the customer id in its path: its administrative token names the customer.
	if id := contract.Param(c, "customerId"); id != "" {
		app, err := customerApp(tx, id)
		if err != nil {
			return err
		}
		x.app, x.customer = app, id
	}
	if x.family == famHostedLogin {
		return nil // the protocol endpoints authenticate their clients themselves
	}
	return h.bearerAdmin(tx, c, x)
}

// knownApp checks that a Configuration API path names an app.
func knownApp(tx *store.Tx, app string) error {
	_, err := apps.Get(tx, app, appDocID)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return configErr(http.StatusNotFound, "Application not found.")
	}
	return err
}

// basicClient authenticates an HTTP Basic call with one of the app's API clients, which
// needs one of the features (owner when none are listed). The Configuration and SIEM APIs
// do not apply the client's IP allowlist.
func (h *Handler) basicClient(tx *store.Tx, c *gin.Context, x *call, features []string) error {
	id, secret, ok := c.Request.BasicAuth()
	if !ok {
		return configErr(http.StatusUnauthorized, "Authentication required.")
	}
	cl, err := clients.Get(tx, x.app, id)
	if err != nil && !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrInvalidKey) {
		return err
	}
	if err != nil || !cl.secretMatches(secret, tx.Now()) {
		return configErr(http.StatusUnauthorized, "Not authorized: the client credentials are not valid for this application.")
	}
	if len(features) == 0 {
		features = owners
	}
	if !anyFeature(cl, features) {
		return configErr(http.StatusForbidden, "Forbidden: client "+cl.ID+" needs one of the features "+strings.Join(features, ", ")+".")
	}
	x.client = &cl
	return nil
}

func anyFeature(cl client, features []string) bool {
	for _, f := range features {
		if cl.has(f) {
			return true
		}
	}
	return false
}

// hostNotFound answers a path no operation matches, in the envelope of the host the path
// belongs to.
func (h *Handler) hostNotFound(c *gin.Context) {
	path := c.Request.URL.Path
	switch {
	case strings.HasPrefix(path, "/config/"):
		h.renderHost(c, famConfig, configErr(http.StatusNotFound, "Not found."))
	case strings.HasPrefix(path, "/api/v2/"):
		e := socialErr(socialInvalidParameter, "unknown API call")
		e.Status = http.StatusNotFound
		h.renderHost(c, famSocial, e)
	case guidSegment.MatchString(path):
		h.renderHost(c, famHostedLoginConfig, configErr(http.StatusNotFound, "Not found."))
	default:
		h.render(c, fail(codeInvalidAPIMethod, "This API endpoint does not exist").withStatus(http.StatusNotFound))
	}
}

// guidSegment matches a path whose first segment is a GUID: a customer id.
var guidSegment = regexp.MustCompile(`^/[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(/|$)`)

// invalid renders contract violations in the host's format: the Social Login API's
// missing (0) or invalid (1) parameter, else HTTP 400 {"errors": ...} naming the field.
func (h *Handler) invalid(c *gin.Context, op *contract.Operation, vs []contract.Violation) {
	v := vs[0]
	field := v.Field()
	if familyOf(op) == famSocial {
		if v.Rule == contract.RuleRequired {
			h.renderHost(c, famSocial, socialErr(socialMissingParameter, "missing parameter: "+field))
			return
		}
		h.renderHost(c, famSocial, socialErr(socialInvalidParameter, "invalid parameter "+field+": "+v.Message))
		return
	}
	msg := v.Message
	if field != "" {
		msg = field + ": " + msg
	}
	if v.Rule == contract.RuleMalformed {
		msg = "the body is not valid JSON"
	}
	if v.Rule == contract.RuleTooLarge {
		h.renderHost(c, familyOf(op), configErr(http.StatusRequestEntityTooLarge, "the body is larger than 10 MB"))
		return
	}
	h.renderHost(c, familyOf(op), configErr(http.StatusBadRequest, "Invalid request: "+msg))
}

// isLoopbackHost: localhost, or an address on the loopback interface.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}
