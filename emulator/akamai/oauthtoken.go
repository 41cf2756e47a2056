package akamai

import (
	"errors"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
)

// grantError is a refused code or refresh token: HTTP 400 invalid_grant on the token endpoint.
func grantError(arg, reason string) *apiError {
	e := invalidArg(arg, reason)
	e.OAuthName = "invalid_grant"
	return e
}

// exchangeToken is /oauth/token: an authorization code (from a native login,
// getAuthorizationCode or a password reset email) or a refresh token, for an access
// token and a single-use refresh token. The client must be the one the code or token
// was issued to.
func (h *Handler) exchangeToken(_ *gin.Context, r *request) (result, error) {
	cl := r.caller.client
	var out result
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		var rec tokenRecord
		var err error
		switch r.str("grant_type") {
		case "authorization_code":
			if !r.has("code") {
				return missing("code")
			}
			if !r.has("redirect_uri") {
				return missing("redirect_uri")
			}
			if rec, err = redeem(tx, r, kindCode, "code", cl.ID); err != nil {
				return err
			}
			if rec.RedirectURI != r.str("redirect_uri") {
				return fail(codeRedirectURIMismatch, "redirect_uri does not match the one the code was issued with").
					with("expected_value", rec.RedirectURI).with("supplied_value", r.str("redirect_uri"))
			}
		default:
			if !r.has("refresh_token") {
				return missing("refresh_token")
			}
			if rec, err = redeem(tx, r, kindRefresh, "refresh_token", cl.ID); err != nil {
				return err
			}
		}
		if err := spend(tx, r.app, rec.Kind, r.str(tokenArg[rec.Kind])); err != nil {
			return err
		}
		base := tokenRecord{EntityUUID: rec.EntityUUID, TypeName: rec.TypeName, ClientID: cl.ID, TransactionState: rec.TransactionState}
		base.Kind = kindAccess
		access, err := issue(tx, r.app, base, accessTokenTTL)
		if err != nil {
			return err
		}
		base.Kind = kindRefresh
		refresh, err := issue(tx, r.app, base, refreshTokenTTL)
		if err != nil {
			return err
		}
		out = result{"access_token": access, "expires_in": int(accessTokenTTL.Seconds()), "refresh_token": refresh}
		if rec.TransactionState != nil {
			out["transaction_state"] = rec.TransactionState
		}
		return nil
	})
	return out, err
}

// redeem looks a code or refresh token up for the client redeeming it.
func redeem(tx *store.Tx, r *request, kind, arg, clientID string) (tokenRecord, error) {
	rec, err := lookupToken(tx, r.app, kind, r.str(arg))
	switch {
	case errors.Is(err, errUnknownToken):
		return rec, grantError(arg, "it is not recognized, or was already used")
	case err != nil:
		return rec, err
	case rec.ClientID != clientID:
		return rec, grantError(arg, "it was issued to another client")
	}
	return rec, nil
}
