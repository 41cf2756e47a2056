package appid

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// signInPage stands in for App ID's login widget: one form that posts the request and
// the Cloud Directory credentials back to the authorization endpoint.
var signInPage = template.Must(template.New("signin").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body>
<h1>{{.Title}}</h1>
{{if .Error}}<p role="alert">{{.Error}}</p>{{end}}
<form method="post" action="{{.Action}}">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}<label>Email or username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>
<p>{{.Footnote}}</p>
</body></html>
`))

func (r authRequest) hidden() map[string]string {
	out := map[string]string{}
	for k, v := range map[string]string{"client_id": r.ClientID, "redirect_uri": r.RedirectURI, "response_type": r.ResponseType,
		"scope": r.Scope, "state": r.State, "nonce": r.Nonce, "code_challenge": r.Challenge, "code_challenge_method": r.ChallengeMethod} {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

// redirect sends the browser back to the application with the given parameters.
func redirect(c *gin.Context, r authRequest, params url.Values) {
	u, err := url.Parse(r.RedirectURI)
	if err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	if r.State != "" {
		q.Set("state", r.State)
	}
	u.RawQuery = q.Encode()
	c.Redirect(http.StatusFound, u.String())
}

// authorize starts a browser sign-in: anonymous right away (idp=appid_anon), else the
// sign-in form.
func (h *Handler) authorize(c *gin.Context) error {
	r := authRequestOf(c.Query)
	tenant := tenantOf(c)
	var code string
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if _, err := checkAuthRequest(tx, tenant, r); err != nil {
			return err
		}
		if r.ResponseType != "code" || r.IDP != providerAnonymous {
			return nil
		}
		p := profile{ID: newID(), Identities: []identity{}, Attributes: map[string]any{}, Roles: []string{}, Created: tx.Now()}
		if err := insertProfile(tx, tenant, p); err != nil {
			return err
		}
		var err error
		code, err = issueCode(tx, tenant, r, p.ID, "", []string{providerAnonymous})
		return err
	})
	if err != nil {
		return err
	}
	switch {
	case r.ResponseType != "code":
		redirect(c, r, url.Values{"error": {"unsupported_response_type"}})
	case code != "":
		redirect(c, r, url.Values{"code": {code}})
	default:
		return h.renderSignIn(c, r, "")
	}
	return nil
}

// authorizeSubmit checks the form's credentials and redirects with a code, or shows
// the form again with the failure.
func (h *Handler) authorizeSubmit(c *gin.Context) error {
	if err := c.Request.ParseForm(); err != nil {
		return oauthError(http.StatusBadRequest, "invalid_request", "the body must be a form")
	}
	r := authRequestOf(c.Request.PostForm.Get)
	tenant := tenantOf(c)
	var code string
	var refused error
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if _, err := checkAuthRequest(tx, tenant, r); err != nil {
			return err
		}
		if r.ResponseType != "code" {
			return nil
		}
		u, err := h.checkCredentials(tx, tenant, c.Request.PostForm.Get("username"), c.Request.PostForm.Get("password"))
		var ae *apiError
		if errors.As(err, &ae) {
			refused = ae
			return nil // commit the failed attempt
		}
		if err != nil {
			return err
		}
		p, err := ensureProfile(tx, tenant, providerCloudDirectory, u.ID, u.primaryEmail())
		if err != nil {
			return err
		}
		code, err = issueCode(tx, tenant, r, p.ID, u.ID, []string{providerCloudDirectory})
		return err
	})
	if err != nil {
		return err
	}
	switch {
	case r.ResponseType != "code":
		redirect(c, r, url.Values{"error": {"unsupported_response_type"}})
	case refused != nil:
		return h.renderSignIn(c, r, refusalText(refused))
	default:
		redirect(c, r, url.Values{"code": {code}})
	}
	return nil
}

func refusalText(err error) string {
	var ae *apiError
	if errors.As(err, &ae) {
		if b, ok := ae.Body.(gin.H); ok {
			if d, ok := b["error_description"].(string); ok {
				return d
			}
		}
	}
	return "Sign-in failed"
}

func issueCode(tx *store.Tx, tenant string, r authRequest, profileID, userID string, amr []string) (string, error) {
	code := token.Opaque(32)
	ac := authCode{ClientID: r.ClientID, RedirectURI: r.RedirectURI, ProfileID: profileID, UserID: userID, AMR: amr,
		Nonce: r.Nonce, Challenge: r.Challenge, ChallengeAlgo: r.ChallengeMethod, LoginAt: tx.Now()}
	return code, codes.PutTTL(tx, tenant, hashCode(code), ac, tx.Now().Add(codeTTL))
}

func (h *Handler) renderSignIn(c *gin.Context, r authRequest, failure string) error {
	var text map[string]any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		text, err = loadConfig(tx, tenantOf(c), areaThemeText)
		return err
	})
	if err != nil {
		return err
	}
	var b bytes.Buffer
	err = signInPage.Execute(&b, map[string]any{"Title": text["tabTitle"], "Footnote": text["footnote"], "Error": failure,
		"Action": c.Request.URL.Path, "Hidden": r.hidden()})
	if err != nil {
		return err
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", b.Bytes())
	return nil
}
