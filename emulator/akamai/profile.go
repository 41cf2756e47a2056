package akamai

import (
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/store"
)

// signedInRecord is the record an access_token parameter belongs to.
func (h *Handler) signedInRecord(tx *store.Tx, n native) (entityDoc, error) {
	tok, err := verifyToken(tx, n.r.app, kindAccess, n.r.str("access_token"))
	if err != nil {
		return entityDoc{}, err
	}
	if tok.TypeName != n.et.Name {
		return entityDoc{}, invalidArg("access_token", "the access token is for entity type "+tok.TypeName)
	}
	return entityByUUID(tx, n.r.app, n.et, tok.EntityUUID)
}

func (h *Handler) updateProfileNative(_ *gin.Context, r *request) (result, error) {
	return nil, h.deps.Store.Update(func(tx *store.Tx) error {
		n, err := h.native(tx, r)
		if err != nil {
			return err
		}
		doc, err := h.signedInRecord(tx, n)
		if err != nil {
			return err
		}
		form := r.str("form")
		in, err := readForm(n.flow, form, "form", r.params)
		if err != nil {
			return err
		}
		if err := in.fail(); err != nil {
			return err
		}
		if current, ok := in.values[fieldCurrentPassword]; ok && !passwordMatches(doc.Attrs["password"], current) {
			return invalidFields(map[string][]string{fieldCurrentPassword: {"The current password is not correct."}})
		}
		oldEmail, _ := doc.Attrs["email"].(string)
		newEmail, emailGiven := in.attrs["email"].(string)
		changedEmail := emailGiven && newEmail != oldEmail
		if changedEmail && n.et.root().child("emailVerified") != nil {
			in.attrs["emailVerified"] = nil // a new address is not verified yet
		}
		doc, err = h.changeRecord(tx, r.app, n.formWrites(), doc, "", in.attrs, modeUpdate)
		if err != nil {
			return formError(n.flow, form, r.str("locale"), err)
		}
		if changedEmail {
			return h.sendVerification(tx, n, doc)
		}
		return nil
	})
}

// forgotPasswordNative emails a one-time authorization code that /oauth/token exchanges,
// by the same client, for an access token that can set a new password
// (changePasswordFormNoAuth).
func (h *Handler) forgotPasswordNative(_ *gin.Context, r *request) (result, error) {
	return nil, h.deps.Store.Update(func(tx *store.Tx) error {
		n, err := h.native(tx, r)
		if err != nil {
			return err
		}
		in, err := readForm(n.flow, r.str("form"), "form", r.params)
		if err != nil {
			return err
		}
		if err := in.fail(); err != nil {
			return err
		}
		email := in.values[fieldSignInEmail]
		doc, found, err := recordByEmail(tx, n, email)
		switch {
		case err != nil:
			return err
		case !found:
			return fail(codeNoSuchAccount, "no account uses this email address")
		case doc.Attrs["password"] == nil:
			return fail(codeNoPassword, "this account signs in with a social identity provider and has no password to reset")
		}
		ttl := defaultRecoverTTL
		if v, ok, err := setting(tx, r.app, n.cl, "recover_code_lifetime"); err != nil {
			return err
		} else if secs, perr := strconv.Atoi(v); ok && perr == nil && secs > 0 {
			ttl = time.Duration(secs) * time.Second
		}
		code, err := issue(tx, r.app, tokenRecord{Kind: kindCode, EntityUUID: doc.uuid(), TypeName: n.et.Name,
			ClientID: n.cl.ID, RedirectURI: r.str("redirect_uri")}, ttl)
		if err != nil {
			return err
		}
		link, err := h.link(tx, n, "password_recover_url", "code", code)
		if err != nil {
			return err
		}
		subject, body := n.flow.mail(templateResetPassword, r.str("locale"), link, code)
		_, err = h.deps.Outbox.Send(tx, r.app, outbox.Message{Channel: outbox.Email, To: email,
			Subject: subject, Body: body, Code: code, Link: link, Purpose: "password-reset"})
		return err
	})
}

func (h *Handler) verifyEmailNative(_ *gin.Context, r *request) (result, error) {
	return nil, h.deps.Store.Update(func(tx *store.Tx) error {
		n, err := h.native(tx, r)
		if err != nil {
			return err
		}
		in, err := readForm(n.flow, r.str("form"), "form", r.params)
		if err != nil {
			return err
		}
		if err := in.fail(); err != nil {
			return err
		}
		doc, found, err := recordByEmail(tx, n, in.values[fieldSignInEmail])
		if err != nil {
			return err
		}
		if !found {
			return fail(codeNoSuchAccount, "no account uses this email address")
		}
		return h.sendVerification(tx, n, doc)
	})
}

func (h *Handler) linkAccountNative(_ *gin.Context, r *request) (result, error) {
	return nil, h.deps.Store.Update(func(tx *store.Tx) error {
		n, err := h.nativeNoFlow(tx, r)
		if err != nil {
			return err
		}
		doc, err := h.signedInRecord(tx, n)
		if err != nil {
			return err
		}
		_, err = h.linkIdentity(tx, n, doc, r.str("token"), "token")
		return err
	})
}

func (h *Handler) unlinkAccountNative(_ *gin.Context, r *request) (result, error) {
	return nil, h.deps.Store.Update(func(tx *store.Tx) error {
		n, err := h.nativeNoFlow(tx, r)
		if err != nil {
			return err
		}
		doc, err := h.signedInRecord(tx, n)
		if err != nil {
			return err
		}
		items, _ := doc.Attrs["profiles"].([]any)
		for _, it := range items {
			el, _ := it.(map[string]any)
			if el["identifier"] == r.str("identifier_to_remove") {
				id, _ := elementID(el[attrID])
				_, err := h.deleteAttribute(tx, r.app, n.formWrites(), doc, "profiles#"+strconv.FormatInt(id, 10))
				return err
			}
		}
		return recordNotFound("no linked identity has the identifier " + r.str("identifier_to_remove"))
	})
}

// nativeNoFlow is the context of link and unlink, which need no form: the flow when one
// is named or configured, else just the user schema.
func (h *Handler) nativeNoFlow(tx *store.Tx, r *request) (native, error) {
	if r.has("flow") {
		return h.native(tx, r)
	}
	if v, ok, err := setting(tx, r.app, *r.caller.client, "default_flow_name"); err != nil || (ok && v != "") {
		if err != nil {
			return native{}, err
		}
		return h.native(tx, r)
	}
	et, err := h.loadType(tx, r.app, "user")
	if err != nil {
		return native{}, err
	}
	return native{r: r, cl: *r.caller.client, et: et}, nil
}
