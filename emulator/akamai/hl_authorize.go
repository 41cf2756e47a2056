package akamai

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// authRequest is an OpenID Connect authorization request.
type authRequest struct {
	ClientID, RedirectURI, ResponseType, Scope, State, Nonce, Challenge, ChallengeMethod string
	Prompt, Claims, Resource, LoginHint, ResponseMode                                    string
}

func authRequestFrom(q url.Values) authRequest {
	return authRequest{ClientID: q.Get("client_id"), RedirectURI: q.Get("redirect_uri"), ResponseType: normalResponseType(q.Get("response_type")),
		Scope: q.Get("scope"), State: q.Get("state"), Nonce: q.Get("nonce"), Challenge: q.Get("code_challenge"),
		ChallengeMethod: q.Get("code_challenge_method"), Prompt: q.Get("prompt"), Claims: q.Get("claims"),
		Resource: q.Get("resource"), LoginHint: q.Get("login_hint"), ResponseMode: q.Get("response_mode")}
}

// authContext is a checked authorization request with the client and policies it uses.
type authContext struct {
	r      authRequest
	cl     oidcClient
	lp     loginPolicy
	tp     tokenPolicy
	scopes []string
	claims claimsReq
}

// redirectError is a failure the authorization endpoint reports back to the redirect URI.
type redirectError struct{ name, desc string }

func (e *redirectError) Error() string { return e.name + ": " + e.desc }

// implicit: response types that hand out tokens from the authorization endpoint need the
// implicit grant in the token policy.
func (r authRequest) implicit() bool { return strings.Contains(r.ResponseType, "token") }

// fragment: tokens go back in the fragment unless the request asks for the query, which
// only a pure code response may use.
func (r authRequest) fragment() bool {
	if r.ResponseMode != "" {
		return r.ResponseMode == "fragment"
	}
	return r.implicit()
}

// checkAuthRequest validates a request. An unknown client or redirect URI cannot be
// trusted with a redirect and is answered as JSON; anything else is a redirectError.
func checkAuthRequest(tx *store.Tx, x *call, r authRequest) (authContext, error) {
	ac := authContext{r: r}
	switch {
	case r.ClientID == "":
		return ac, oauthErr(http.StatusBadRequest, "invalid_request", "client_id is required")
	case r.RedirectURI == "":
		return ac, oauthErr(http.StatusBadRequest, "invalid_request", "redirect_uri is required")
	}
	cl, err := oidcClients.Get(tx, x.app, r.ClientID)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) || (err == nil && cl.LoginPolicy == "") {
		return ac, oauthErr(http.StatusBadRequest, "unauthorized_client", "client_id is not an OpenID Connect login client")
	}
	if err != nil {
		return ac, err
	}
	if !slices.Contains(cl.RedirectURIs, r.RedirectURI) {
		return ac, oauthErr(http.StatusBadRequest, "invalid_redirect_uri", "redirect_uri is not one of the client's redirect URIs")
	}
	ac.cl = cl
	if ac.lp, err = loginPolicies.Get(tx, x.app, cl.LoginPolicy); err != nil {
		return ac, err
	}
	if ac.tp, err = tokenPolicies.Get(tx, x.app, cl.TokenPolicy); err != nil {
		return ac, err
	}
	requested := strings.Fields(r.Scope)
	var ok bool
	switch {
	case r.ResponseType == "":
		return ac, &redirectError{"invalid_request", "response_type is required"}
	case !slices.Contains(ac.lp.ResponseTypes, r.ResponseType):
		return ac, &redirectError{"unsupported_response_type", "the login policy does not allow response_type " + r.ResponseType}
	case r.implicit() && !slices.Contains(ac.tp.GrantTypes, "implicit"):
		return ac, &redirectError{"unauthorized_client", "the token policy does not allow the implicit grant"}
	case r.ResponseMode == "query" && r.implicit():
		return ac, &redirectError{"invalid_request", "tokens cannot be returned in the query"}
	case !slices.Contains(requested, "openid") && !ac.lp.PushClaims:
		return ac, &redirectError{"invalid_scope", "scope must include openid"}
	case strings.Contains(r.ResponseType, "id_token") && r.Nonce == "":
		return ac, &redirectError{"invalid_request", "nonce is required when an identity token comes from the authorization endpoint"}
	case cl.Type == clientPublic && strings.Contains(r.ResponseType, "code") && r.Challenge == "":
		return ac, &redirectError{"invalid_request", "public clients must send a PKCE code_challenge"}
	case r.Challenge != "" && r.ChallengeMethod != "S256":
		return ac, &redirectError{"invalid_request", "code_challenge_method must be S256"}
	case r.Resource != "" && !slices.Contains(ac.tp.Resources, r.Resource):
		return ac, &redirectError{"invalid_target", "resource " + r.Resource + " is not an allowed resource indicator"}
	}
	if ac.claims, ok = parseClaimsParam(r.Claims); !ok {
		return ac, &redirectError{"invalid_request", "claims is not a JSON object of id_token and userinfo requests"}
	}
	// With push claims, the login policy decides: the scopes and claims parameters are ignored.
	if ac.lp.PushClaims {
		ac.scopes, ac.claims = slices.Clone(ac.tp.Scopes), claimsReq{}
		return ac, nil
	}
	for _, s := range requested {
		if slices.Contains(ac.tp.Scopes, s) && !slices.Contains(ac.scopes, s) {
			ac.scopes = append(ac.scopes, s)
		}
	}
	return ac, nil
}

// hlSession is a Hosted Login sign-in, carried by the idemu_hl_session cookie.
type hlSession struct {
	Subject    string    `json:"sub"`
	EntityType string    `json:"entity_type"`
	AuthTime   time.Time `json:"auth_time"`
}

var hlSessions = store.Collection[hlSession]{Name: "hl-sessions"}

const (
	sessionCookie = "idemu_hl_session"
	sessionTTL    = 12 * time.Hour // idemu's choice
)

func sessionOf(tx *store.Tx, c *gin.Context, app string) (hlSession, bool) {
	raw, err := c.Cookie(sessionCookie)
	if err != nil || raw == "" {
		return hlSession{}, false
	}
	s, err := hlSessions.Get(tx, app, tokenHash(raw))
	return s, err == nil
}

// authorizeHostedLogin starts a sign-in: straight back to the client when a session
// exists (and prompt allows), else the sign-in page.
func (h *Handler) authorizeHostedLogin(c *gin.Context, x *call) (int, any, error) {
	return h.authorize(c, x, "", false)
}

// submitAuthorizationRequest is the sign-in page's target: with credentials it signs the
// user in; without, it behaves as the authorization endpoint.
func (h *Handler) submitAuthorizationRequest(c *gin.Context, x *call) (int, any, error) {
	if err := c.Request.ParseForm(); err != nil {
		return 0, nil, oauthErr(http.StatusBadRequest, "invalid_request", "the body must be a form")
	}
	return h.authorize(c, x, contract.Param(c, "hostedLoginDomain"), true)
}

func (h *Handler) authorize(c *gin.Context, x *call, domain string, submitted bool) (int, any, error) {
	r := authRequestFrom(c.Request.URL.Query())
	email, password := c.Request.PostForm.Get(fieldSignInEmail), c.Request.PostForm.Get(fieldCurrentPassword)
	var params url.Values
	var page *signInPage
	signedIn := false
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		ac, err := checkAuthRequest(tx, x, r)
		var re *redirectError
		if errors.As(err, &re) {
			params = url.Values{"error": {re.name}, "error_description": {re.desc}}
			return nil
		}
		if err != nil {
			return err
		}
		if submitted && domain != ac.lp.hostedLoginDomain() {
			return configErr(http.StatusNotFound, "Hosted Login domain "+domain+" is not the client's.")
		}
		session, hasSession := sessionOf(tx, c, x.app)
		prompt := strings.Fields(r.Prompt)
		switch {
		case submitted && (email != "" || password != ""):
			var failed string
			if session, failed, err = h.signIn(tx, c, x, ac, email, password); err != nil || failed != "" {
				page = &signInPage{domain: ac.lp.hostedLoginDomain(), email: email, failure: failed}
				return err
			}
			signedIn = true
		case slices.Contains(prompt, "none") && !hasSession:
			params = url.Values{"error": {"login_required"}, "error_description": {"no Hosted Login session"}}
			return nil
		case !hasSession || slices.Contains(prompt, "login"):
			page = &signInPage{domain: ac.lp.hostedLoginDomain(), email: r.LoginHint}
			return nil
		}
		params, err = h.authorized(tx, x, ac, session)
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	if signedIn {
		h.siemEmit(x.app, siemLogin, r.ClientID, c.Request.URL.Path)
	}
	if page != nil {
		return 0, nil, page.render(c, x)
	}
	redirectBack(c, r, params)
	return 0, nil, nil
}

// signIn checks credentials against the login policy's entity type, and starts a session.
// A failure is the message the page shows again.
func (h *Handler) signIn(tx *store.Tx, c *gin.Context, x *call, ac authContext, email, password string) (hlSession, string, error) {
	const refused = "The email address or password is incorrect."
	et, err := h.loadType(tx, x.app, ac.lp.Store.Connection.EntityType)
	if err != nil {
		return hlSession{}, "", err
	}
	d := et.root().child("email")
	if d == nil || !d.has(constraintUnique) || email == "" {
		return hlSession{}, refused, nil
	}
	doc, err := entityByUnique(tx, x.app, et, "email", d, email)
	var ae *apiError
	if errors.As(err, &ae) {
		return hlSession{}, refused, nil
	}
	if err != nil {
		return hlSession{}, "", err
	}
	if !passwordMatches(doc.Attrs["password"], password) {
		return hlSession{}, refused, nil
	}
	if _, err := h.stampLastLogin(tx, x.app, et, doc); err != nil {
		return hlSession{}, "", err
	}
	s := hlSession{Subject: doc.uuid(), EntityType: et.Name, AuthTime: tx.Now()}
	raw := token.Opaque(32)
	if err := hlSessions.PutTTL(tx, x.app, tokenHash(raw), s, tx.Now().Add(sessionTTL)); err != nil {
		return hlSession{}, "", err
	}
	c.SetSameSite(http.SameSiteLaxMode)
	c.SetCookie(sessionCookie, raw, int(sessionTTL.Seconds()), "/"+x.customer, "", false, true)
	return s, "", nil
}

// authorized issues what the response type asks for to a signed-in user.
func (h *Handler) authorized(tx *store.Tx, x *call, ac authContext, s hlSession) (url.Values, error) {
	auth := hlAuth{ClientID: ac.cl.ID, Subject: s.Subject, EntityType: s.EntityType, Scopes: ac.scopes, Claims: ac.claims,
		Nonce: ac.r.Nonce, AuthTime: s.AuthTime, Resource: ac.r.Resource}
	out := url.Values{}
	hashes := map[string]string{}
	words := strings.Fields(ac.r.ResponseType)
	if slices.Contains(words, "code") {
		code := token.Opaque(32)
		rec := hlCode{Auth: auth, RedirectURI: ac.r.RedirectURI, Challenge: ac.r.Challenge}
		if err := hlCodes.PutTTL(tx, x.app, tokenHash(code), rec, tx.Now().Add(hlCodeTTL)); err != nil {
			return nil, err
		}
		out.Set("code", code)
		hashes["c_hash"] = code
	}
	if slices.Contains(words, "token") {
		access, _, err := h.issueAccess(tx, x, ac.tp, auth)
		if err != nil {
			return nil, err
		}
		out.Set("access_token", access)
		out.Set("token_type", "Bearer")
		out.Set("expires_in", strconv.Itoa(ac.tp.AccessTTL))
		out.Set("scope", strings.Join(auth.Scopes, " "))
		hashes["at_hash"] = access
	}
	if slices.Contains(words, "id_token") {
		id, err := h.issueIDToken(tx, x, ac.tp, ac.lp, auth, hashes)
		if err != nil {
			return nil, err
		}
		out.Set("id_token", id)
	}
	return out, nil
}

// redirectBack sends the browser to the redirect URI with the parameters (and state), in
// the query or the fragment.
func redirectBack(c *gin.Context, r authRequest, params url.Values) {
	if r.State != "" {
		params.Set("state", r.State)
	}
	u, _ := url.Parse(r.RedirectURI) // checked against the client's list already
	if r.fragment() {
		u.Fragment = ""
		c.Redirect(http.StatusFound, u.String()+"#"+params.Encode())
		return
	}
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	c.Redirect(http.StatusFound, u.String())
}

// logoutHostedLogin ends the Hosted Login session and returns to one of the client's
// redirect URIs.
func (h *Handler) logoutHostedLogin(c *gin.Context, x *call) (int, any, error) {
	q := c.Request.URL.Query()
	clientID, target := q.Get("client_id"), q.Get("redirect_uri")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		cl, err := oidcClients.Get(tx, x.app, clientID)
		if err != nil || cl.LoginPolicy == "" {
			return oauthErr(http.StatusBadRequest, "unauthorized_client", "client_id is not an OpenID Connect login client")
		}
		if !slices.Contains(cl.RedirectURIs, target) {
			return oauthErr(http.StatusBadRequest, "invalid_redirect_uri", "redirect_uri is not one of the client's redirect URIs")
		}
		lp, err := loginPolicies.Get(tx, x.app, cl.LoginPolicy)
		if err != nil {
			return err
		}
		if d := contract.Param(c, "hostedLoginDomain"); d != lp.hostedLoginDomain() {
			return configErr(http.StatusNotFound, "Hosted Login domain "+d+" is not the client's.")
		}
		if raw, err := c.Cookie(sessionCookie); err == nil && raw != "" {
			if err := hlSessions.Delete(tx, x.app, tokenHash(raw)); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	c.SetCookie(sessionCookie, "", -1, "/"+x.customer, "", false, true)
	redirectBack(c, authRequest{RedirectURI: target, State: q.Get("state")}, url.Values{})
	return 0, nil, nil
}

// signInPage stands in for Hosted Login's sign-in screen: one form that posts the
// authorization request and the credentials to /{customerId}/{hostedLoginDomain}/login/token.
type signInPage struct {
	domain  string
	email   string
	failure string
}

var signInTemplate = template.Must(template.New("signin").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Sign in</title></head>
<body>
<h1>Sign in</h1>
{{if .Failure}}<p role="alert">{{.Failure}}</p>{{end}}
<form method="post" action="{{.Action}}">
<label>Email address <input name="signInEmailAddress" type="email" autocomplete="username" value="{{.Email}}"></label>
<label>Password <input name="currentPassword" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>
</body></html>
`))

func (p *signInPage) render(c *gin.Context, x *call) error {
	action := "/" + x.customer + "/" + p.domain + "/login/token?" + c.Request.URL.RawQuery
	var b bytes.Buffer
	if err := signInTemplate.Execute(&b, map[string]string{"Action": action, "Email": p.email, "Failure": p.failure}); err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", b.Bytes())
	return nil
}
