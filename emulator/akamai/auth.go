package akamai

import (
	"crypto/subtle"
	"errors"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"

	capture "github.com/idemu/idemu/client/akamai"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
)

// Client features: the permissions of an API client.
const (
	featureOwner            = "owner"
	featureAccessIssuer     = "access_issuer"
	featureDirectAccess     = "direct_access"
	featureDirectReadAccess = "direct_read_access"
	featureLoginClient      = "login_client"
	featureMetadata         = "metadata"
)

var knownFeatures = []string{featureOwner, featureAccessIssuer, featureDirectAccess, featureDirectReadAccess, featureLoginClient, featureMetadata}

// authKind is how an operation's caller proves who it is.
type authKind int

const (
	// authServer: client_id/client_secret parameters, HTTP Basic or a janrain-signed request.
	authServer authKind = iota
	// authServerOrUser: as authServer, or a user's access token (janrain-oauth), which pins the record.
	authServerOrUser
	// authServerOrCreation: as authServer, or a creation token (entity.create).
	authServerOrCreation
	// authLogin: a client_id with the login_client feature, and no secret.
	authLogin
	// authTokenClient: the token endpoint's client authentication (parameters or Basic).
	authTokenClient
	// authNone: no client at all (the verification code is the credential).
	authNone
)

type policy struct {
	kind     authKind
	features []string // any one of them lets a server-side client in
}

var (
	readers = []string{featureOwner, featureDirectAccess, featureDirectReadAccess}
	writers = []string{featureOwner, featureDirectAccess}
	owners  = []string{featureOwner}
	anyone  = knownFeatures
)

// policies is the documented feature table, per operation.
var policies = map[string]policy{
	"getEntity":          {authServerOrUser, readers},
	"findEntities":       {authServer, readers},
	"countEntities":      {authServer, readers},
	"createEntity":       {authServerOrCreation, writers},
	"bulkCreateEntities": {authServer, writers},
	"updateEntity":       {authServerOrUser, writers},
	"replaceEntity":      {authServerOrUser, writers},
	"deleteEntity":       {authServerOrUser, writers},
	"deleteEntityAccess": {authServer, []string{featureOwner, featureAccessIssuer, featureDirectAccess, featureLoginClient}},

	"listEntityTypes":                   {authServer, anyone},
	"getEntityType":                     {authServerOrUser, anyone},
	"createEntityType":                  {authServer, owners},
	"addEntityTypeAttribute":            {authServer, owners},
	"removeEntityTypeAttribute":         {authServer, owners},
	"listEntityTypeRules":               {authServer, owners},
	"addEntityTypeRule":                 {authServer, owners},
	"removeEntityTypeRule":              {authServer, owners},
	"setEntityTypeAttributeConstraints": {authServer, owners},
	"setEntityTypePasswordSettings":     {authServer, owners},
	"getEntityTypeAccessSchema":         {authServer, anyone},
	"setEntityTypeAccessSchema":         {authServer, owners},
	"deleteEntityTypeAccessSchema":      {authServer, owners},

	"getAuthorizationCode": {authServer, []string{featureOwner, featureAccessIssuer, featureDirectAccess}},
	"getAccessToken":       {authServer, []string{featureOwner, featureAccessIssuer}},
	"getVerificationCode":  {authServerOrUser, []string{featureOwner, featureAccessIssuer, featureDirectAccess}},
	"useVerificationCode":  {authNone, nil},
	"getCreationToken":     {authServer, writers},

	"authNativeTraditional":     {authLogin, nil},
	"registerNativeTraditional": {authLogin, nil},
	"authNative":                {authLogin, nil},
	"registerNative":            {authLogin, nil},
	"exchangeToken":             {authTokenClient, nil},
	"updateProfileNative":       {authLogin, nil},
	"forgotPasswordNative":      {authLogin, nil},
	"verifyEmailNative":         {authLogin, nil},
	"linkAccountNative":         {authLogin, nil},
	"unlinkAccountNative":       {authLogin, nil},

	"listClients":          {authServer, owners},
	"addClient":            {authServer, owners},
	"deleteClient":         {authServer, owners},
	"setClientFeatures":    {authServer, owners},
	"setClientDescription": {authServer, owners},
	"resetClientSecret":    {authServer, owners},
	"setClientWhitelist":   {authServer, owners},
	"clearClientWhitelist": {authServer, owners},

	"getSetting":              {authServer, owners},
	"getDefaultSetting":       {authServer, owners},
	"getSettings":             {authServer, owners},
	"getSettingItems":         {authServer, owners},
	"getSettingKeys":          {authServer, owners},
	"setSetting":              {authServer, owners},
	"setSettings":             {authServer, owners},
	"setDefaultSetting":       {authServer, owners},
	"setDefaultSettings":      {authServer, owners},
	"deleteSetting":           {authServer, owners},
	"deleteDefaultSetting":    {authServer, owners},
	"getPublishedSettings":    {authServer, owners},
	"listPublishedSettings":   {authServer, owners},
	"publishSettings":         {authServer, owners},
	"deletePublishedSettings": {authServer, owners},
}

// caller is who made a request.
type caller struct {
	client   *client      // the authenticated client, or the login client named by client_id
	user     *tokenRecord // a janrain-oauth access token: the call acts on its record only
	creation *tokenRecord // a creation token standing in for client credentials
}

// signatureSkew is how far a signed request's Date may be from the emulator's clock.
const signatureSkew = 5 * time.Minute

// signedDateLayout is the janrain-signed Date header: UTC, to the second.
const signedDateLayout = "2006-01-02 15:04:05"

// authenticate identifies the caller as the operation's policy requires.
func (h *Handler) authenticate(tx *store.Tx, c *gin.Context, r *request) (caller, error) {
	pol := r.spec.policy
	switch pol.kind {
	case authNone:
		return caller{}, nil
	case authLogin:
		id := r.str("client_id")
		if id == "" {
			return caller{}, missing("client_id")
		}
		cl, err := clients.Get(tx, r.app, id)
		if err != nil {
			return caller{}, unknownClient(err)
		}
		if !cl.has(featureLoginClient) {
			return caller{}, permission("client " + id + " does not have the login_client feature")
		}
		return caller{client: &cl}, allowedIP(c, cl)
	case authTokenClient:
		cl, err := h.clientCredentials(tx, c, r)
		if err != nil {
			return caller{}, err
		}
		return caller{client: cl}, nil
	}
	if pol.kind == authServerOrUser {
		if raw, ok := userToken(c, r); ok {
			rec, err := verifyToken(tx, r.app, kindAccess, raw)
			if err != nil {
				return caller{}, err
			}
			return caller{user: &rec}, nil
		}
	}
	if pol.kind == authServerOrCreation && r.has("creation_token") && !hasClientCredentials(c, r) {
		rec, err := verifyToken(tx, r.app, kindCreation, r.str("creation_token"))
		if err != nil {
			return caller{}, err
		}
		return caller{creation: &rec}, nil
	}
	cl, err := h.clientCredentials(tx, c, r)
	if err != nil {
		return caller{}, err
	}
	if !slices.ContainsFunc(pol.features, cl.has) {
		return caller{}, permission("client " + cl.ID + " needs one of the features " + strings.Join(pol.features, ", ") + " for this operation")
	}
	return caller{client: cl}, nil
}

func hasClientCredentials(c *gin.Context, r *request) bool {
	return c.GetHeader("Authorization") != "" || r.has("client_id")
}

// userToken finds a janrain-oauth access token: "Authorization: OAuth <token>" (or
// Bearer), or the access_token parameter.
func userToken(c *gin.Context, r *request) (string, bool) {
	scheme, raw, ok := strings.Cut(c.GetHeader("Authorization"), " ")
	if ok && (strings.EqualFold(scheme, "OAuth") || strings.EqualFold(scheme, "Bearer")) && strings.TrimSpace(raw) != "" {
		return strings.TrimSpace(raw), true
	}
	if r.has("access_token") {
		return r.str("access_token"), true
	}
	return "", false
}

// clientCredentials authenticates a server-side client: HTTP Basic, a janrain-signed
// request, or client_id and client_secret parameters.
func (h *Handler) clientCredentials(tx *store.Tx, c *gin.Context, r *request) (*client, error) {
	var (
		id, secret string
		signed     bool
	)
	header := c.GetHeader("Authorization")
	scheme, rest, _ := strings.Cut(header, " ")
	switch {
	case strings.EqualFold(scheme, "Basic"):
		var ok bool
		if id, secret, ok = c.Request.BasicAuth(); !ok {
			return nil, fail(codeInvalidAuthMethod, "the Basic credentials are not base64 of client_id:client_secret")
		}
	case strings.EqualFold(scheme, "Signature"):
		id, secret, signed = strings.TrimSpace(rest), "", true
	case r.has("client_id") && r.has("client_secret"):
		id, secret = r.str("client_id"), r.str("client_secret")
	case r.has("client_id"):
		return nil, missing("client_secret")
	default:
		return nil, fail(codeInvalidAuthMethod, "no authentication provided, for example client_id and client_secret")
	}
	if signed {
		var sig string
		id, sig, _ = strings.Cut(id, ":")
		cl, err := clients.Get(tx, r.app, id)
		if err != nil {
			return nil, unknownClient(err)
		}
		if err := verifySignature(tx.Now(), c, r, cl, sig); err != nil {
			return nil, err
		}
		return &cl, allowedIP(c, cl)
	}
	cl, err := clients.Get(tx, r.app, id)
	if err != nil {
		return nil, unknownClient(err)
	}
	if !cl.secretMatches(secret, tx.Now()) {
		return nil, fail(codeInvalidClientCredentials, "client_id and client_secret do not match")
	}
	return &cl, allowedIP(c, cl)
}

func unknownClient(err error) error {
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return fail(codeInvalidClientCredentials, "the client_id is not a client of this application")
	}
	return err
}

// verifySignature checks a janrain-signed request: HMAC-SHA1 with the client secret over
// the operation path, the Date header and every parameter but the client credentials,
// each as k=v, sorted.
func verifySignature(now time.Time, c *gin.Context, r *request, cl client, sig string) error {
	date := c.GetHeader("Date")
	at, err := time.Parse(signedDateLayout, date)
	if err != nil {
		return fail(codeInvalidAuthMethod, "a signed request needs a Date header in the form YYYY-MM-DD HH:MM:SS (UTC)")
	}
	if at.Sub(now).Abs() > signatureSkew {
		return fail(codeInvalidClientCredentials, "the signed request's Date is more than 5 minutes away from the server's time")
	}
	for _, secret := range cl.liveSecrets(now) {
		want := capture.Sign(r.spec.path, date, r.params, secret) // one implementation for client and server
		if subtle.ConstantTimeCompare([]byte(want), []byte(sig)) == 1 {
			return nil
		}
	}
	return fail(codeInvalidClientCredentials, "the request signature does not match")
}

// allowedIP enforces the client's IP allowlist.
func allowedIP(c *gin.Context, cl client) error {
	host, _, err := net.SplitHostPort(c.Request.RemoteAddr)
	if err != nil {
		host = c.Request.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return nil // not an IP connection (a unix socket, say): nothing to compare
	}
	addr = addr.Unmap()
	for _, cidr := range cl.Whitelist {
		if cidr == "0.0.0.0/0" || cidr == "0.0.0.0" {
			return nil
		}
		if p, err := parseAllowed(cidr); err == nil && p.Contains(addr) {
			return nil
		}
	}
	return permission("the client's IP allowlist does not include " + addr.String())
}

// parseAllowed reads an allowlist entry: a CIDR or a single address.
func parseAllowed(s string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}
