package akamai

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/outbox"
	"github.com/idemu/idemu/emulator/store"
)

// native is the context of an /oauth/ native call: its login client, flow and schema.
type native struct {
	r    *request
	cl   client
	flow flow
	et   *entityType
}

func (h *Handler) native(tx *store.Tx, r *request) (native, error) {
	f, err := resolveFlow(tx, r)
	if err != nil {
		return native{}, err
	}
	et, err := h.loadType(tx, r.app, f.schema())
	if err != nil {
		return native{}, err
	}
	return native{r: r, cl: *r.caller.client, flow: f, et: et}, nil
}

// formWrites is the write context of a flow: flows decide which fields a client may
// change, so access schemas do not apply to them.
func (n native) formWrites() writeContext {
	return writeContext{et: n.et, touchLastUpdated: true}
}

// Response types of a native login or registration.
const (
	responseToken        = "token"
	responseCode         = "code"
	responseCodeAndToken = "code_and_token"
)

// signedIn answers a successful login or registration: the record as capture_user, and an
// access token, an authorization code (for /oauth/token, bound to redirect_uri) or both.
func (h *Handler) signedIn(tx *store.Tx, n native, doc entityDoc) (result, error) {
	doc, err := h.stampLogin(tx, n, doc)
	if err != nil {
		return nil, err
	}
	out := result{"capture_user": renderRecord(n.et, doc.Attrs, viewFor(n.et, n.cl.ID, accessRead))}
	rt := n.r.str("response_type")
	if rt == "" {
		rt = responseToken
	}
	base := tokenRecord{EntityUUID: doc.uuid(), TypeName: n.et.Name, ClientID: n.cl.ID}
	if rt == responseToken || rt == responseCodeAndToken {
		base.Kind = kindAccess
		if out["access_token"], err = issue(tx, n.r.app, base, accessTokenTTL); err != nil {
			return nil, err
		}
	}
	if rt == responseCode || rt == responseCodeAndToken {
		base.Kind, base.RedirectURI = kindCode, n.r.str("redirect_uri")
		if out["authorization_code"], err = issue(tx, n.r.app, base, nativeCodeTTL); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// stampLogin records the sign-in time in lastLogin, when the schema has one.
func (h *Handler) stampLogin(tx *store.Tx, n native, doc entityDoc) (entityDoc, error) {
	return h.stampLastLogin(tx, n.r.app, n.et, doc)
}

// stampLastLogin sets a record's lastLogin to now, when its type has that dateTime
// attribute: native logins and Hosted Login sign-ins both do.
func (h *Handler) stampLastLogin(tx *store.Tx, app string, et *entityType, doc entityDoc) (entityDoc, error) {
	if d := et.root().child("lastLogin"); d == nil || d.Type != typeDateTime {
		return doc, nil
	}
	next := deepClone(doc.Attrs).(map[string]any)
	next["lastLogin"] = systemTime(tx.Now())
	changed := entityDoc{Attrs: next, PasswordHistory: doc.PasswordHistory}
	return changed, storeChanged(tx, app, et, doc.Attrs, &changed, h.deps.BcryptCost, true)
}

// recordByEmail finds the record holding an email address, if any.
func recordByEmail(tx *store.Tx, n native, email string) (entityDoc, bool, error) {
	d := n.et.root().child("email")
	if d == nil || !d.has(constraintUnique) {
		return entityDoc{}, false, nil
	}
	doc, err := entityByUnique(tx, n.r.app, n.et, "email", d, email)
	var ae *apiError
	if errors.As(err, &ae) && ae.Code == codeRecordNotFound {
		return entityDoc{}, false, nil
	}
	return doc, err == nil, err
}

func (h *Handler) authNativeTraditional(_ *gin.Context, r *request) (result, error) {
	var out result
	err := h.deps.Store.Update(func(tx *store.Tx) error {
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
		badLogin := fail(codeInvalidCredentials, "the email address and password do not match").
			with("invalid_fields", map[string][]string{r.str("form"): {"Incorrect email address or password."}})
		doc, found, err := recordByEmail(tx, n, in.values[fieldSignInEmail])
		switch {
		case err != nil:
			return err
		case !found:
			return badLogin
		case doc.Attrs["password"] == nil:
			return fail(codeNoPassword, "this account signs in with a social identity provider, not a password")
		case !passwordMatches(doc.Attrs["password"], in.values[fieldCurrentPassword]):
			return badLogin
		}
		if r.has("merge_token") {
			if doc, err = h.linkIdentity(tx, n, doc, r.str("merge_token"), "merge_token"); err != nil {
				return err
			}
		}
		out, err = h.signedIn(tx, n, doc)
		return err
	})
	return out, err
}

func (h *Handler) registerNativeTraditional(_ *gin.Context, r *request) (result, error) {
	var out result
	err := h.deps.Store.Update(func(tx *store.Tx) error {
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
		doc, err := h.createRecord(tx, r.app, n.formWrites(), in.attrs, "")
		if err != nil {
			return formError(n.flow, r.str("form"), r.str("locale"), err)
		}
		if err := h.sendVerification(tx, n, doc); err != nil {
			return err
		}
		out, err = h.signedIn(tx, n, doc)
		return err
	})
	return out, err
}

// sendVerification emails a link that verifies the record's address: the client's
// verify_email_url setting (else the call's redirect_uri) with a verification_code that
// /access/use_verification_code redeems to stamp emailVerified.
func (h *Handler) sendVerification(tx *store.Tx, n native, doc entityDoc) error {
	email, _ := doc.Attrs["email"].(string)
	if d := n.et.root().child("emailVerified"); email == "" || d == nil || d.Type != typeDateTime {
		return nil
	}
	code, err := issue(tx, n.r.app, tokenRecord{Kind: kindVerification, EntityUUID: doc.uuid(), TypeName: n.et.Name,
		ClientID: n.cl.ID, Attribute: "emailVerified"}, emailVerificationTTL)
	if err != nil {
		return err
	}
	link, err := h.link(tx, n, "verify_email_url", "verification_code", code)
	if err != nil {
		return err
	}
	subject, body := n.flow.mail(templateVerifyEmail, n.r.str("locale"), link, code)
	_, err = h.deps.Outbox.Send(tx, n.r.app, outbox.Message{Channel: outbox.Email, To: email,
		Subject: subject, Body: body, Code: code, Link: link, Purpose: "email-verification"})
	return err
}

// link builds an email link from a URL setting (client, then app), else the call's
// redirect_uri, with one query parameter added.
func (h *Handler) link(tx *store.Tx, n native, settingKey, param, value string) (string, error) {
	base, _, err := setting(tx, n.r.app, n.cl, settingKey)
	if err != nil {
		return "", err
	}
	if base == "" {
		base = n.r.str("redirect_uri")
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + param + "=" + value, nil
}

// socialIdentity is idemu's stand-in for a Social Login (Engage) token: there is no
// identity provider behind the emulator, so the token is the identity itself, as JSON.
type socialIdentity struct {
	Identifier    string `json:"identifier"`
	Domain        string `json:"domain"`
	ProviderName  string `json:"providerName"`
	Email         string `json:"email"`
	VerifiedEmail string `json:"verifiedEmail"`
	GivenName     string `json:"givenName"`
	FamilyName    string `json:"familyName"`
	DisplayName   string `json:"displayName"`
}

// parseSocialToken reads the identity a social token stands for (see socialIdentityJSON).
func parseSocialToken(raw, arg string) (socialIdentity, map[string]any, error) {
	var id socialIdentity
	var profile map[string]any
	if json.Unmarshal([]byte(raw), &id) != nil || json.Unmarshal([]byte(raw), &profile) != nil ||
		id.Identifier == "" || id.Domain == "" {
		return id, nil, invalidArg(arg, "the social login token is not valid (idemu reads it as a JSON identity with identifier and domain)")
	}
	return id, profile, nil
}

// profileElement is a profiles plural element for a social identity.
func (id socialIdentity) profileElement(profile map[string]any) map[string]any {
	verified := id.VerifiedEmail
	if verified == "" {
		verified = id.Email
	}
	el := map[string]any{"domain": id.Domain, "identifier": id.Identifier, "profile": profile}
	if id.ProviderName != "" {
		el["provider"] = id.ProviderName
	}
	if verified != "" {
		el["verifiedEmail"] = verified
	}
	return el
}

// attributes are the record attributes a social identity suggests for registration.
func (id socialIdentity) attributes() map[string]any {
	out := map[string]any{}
	for k, v := range map[string]string{"email": id.Email, "givenName": id.GivenName, "familyName": id.FamilyName, "displayName": id.DisplayName} {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

// recordByIdentity finds the record a social identity is linked to.
func recordByIdentity(tx *store.Tx, n native, identifier string) (entityDoc, bool, error) {
	p, d, err := n.et.resolveString("profiles.identifier")
	if err != nil || !d.has(constraintUnique) {
		return entityDoc{}, false, nil
	}
	doc, err := entityByUnique(tx, n.r.app, n.et, p.schemaPath(), d, identifier)
	var ae *apiError
	if errors.As(err, &ae) && ae.Code == codeRecordNotFound {
		return entityDoc{}, false, nil
	}
	return doc, err == nil, err
}

// linkIdentity adds a social identity to a record's profiles (nothing when it is there).
func (h *Handler) linkIdentity(tx *store.Tx, n native, doc entityDoc, raw, arg string) (entityDoc, error) {
	id, profile, err := parseSocialToken(socialIdentityJSON(tx, n.r.app, raw), arg)
	if err != nil {
		return doc, err
	}
	holder, found, err := recordByIdentity(tx, n, id.Identifier)
	switch {
	case err != nil:
		return doc, err
	case found && holder.uuid() == doc.uuid():
		return doc, nil
	case found:
		return doc, uniqueViolation("profiles.identifier")
	}
	return h.changeRecord(tx, n.r.app, n.formWrites(), doc, "profiles", []any{id.profileElement(profile)}, modeUpdate)
}

// seenTokens remembers the social tokens auth_native has seen, for register_native.
var seenTokens = store.Collection[struct{}]{Name: "social-tokens"}

func (h *Handler) authNative(_ *gin.Context, r *request) (result, error) {
	var raw string
	if err := h.deps.Store.View(func(tx *store.Tx) error {
		raw = socialIdentityJSON(tx, r.app, r.str("token"))
		return nil
	}); err != nil {
		return nil, err
	}
	id, profile, err := parseSocialToken(raw, "token")
	if err != nil {
		return nil, err
	}
	// Remembered in its own write: the answer that sends a newcomer to register_native
	// is an error, which rolls back the login's transaction.
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		return seenTokens.PutTTL(tx, r.app, tokenID("social", r.str("token")), struct{}{}, tx.Now().Add(accessTokenTTL))
	})
	if err != nil {
		return nil, err
	}
	var out result
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		n, err := h.native(tx, r)
		if err != nil {
			return err
		}
		doc, found, err := recordByIdentity(tx, n, id.Identifier)
		if err != nil {
			return err
		}
		if !found {
			if doc, err = h.socialNewcomer(tx, n, id, profile); err != nil {
				return err
			}
		}
		if r.has("merge_token") {
			if doc, err = h.linkIdentity(tx, n, doc, r.str("merge_token"), "merge_token"); err != nil {
				return err
			}
		}
		out, err = h.signedIn(tx, n, doc)
		return err
	})
	return out, err
}

// socialNewcomer handles a social identity no record is linked to: an address another
// account holds starts a merge (380), thin registration creates the record, and
// otherwise the caller learns what a registration form would be prefilled with (310).
func (h *Handler) socialNewcomer(tx *store.Tx, n native, id socialIdentity, profile map[string]any) (entityDoc, error) {
	if id.Email != "" {
		holder, found, err := recordByEmail(tx, n, id.Email)
		if err != nil {
			return entityDoc{}, err
		}
		if found {
			provider := "capture"
			if items, _ := holder.Attrs["profiles"].([]any); len(items) > 0 {
				if el, ok := items[0].(map[string]any); ok && el["domain"] != nil {
					provider, _ = el["domain"].(string)
				}
			}
			return entityDoc{}, fail(codeEmailAddressInUse, "an account already uses this email address; sign in to it to link this identity").
				with("existing_provider", provider)
		}
	}
	attrs := id.attributes()
	if n.r.flag("thin_registration") {
		attrs["profiles"] = []any{id.profileElement(profile)}
		return h.createRecord(tx, n.r.app, n.formWrites(), attrs, "")
	}
	e := recordNotFound("no account is linked to this social identity yet; register it with /oauth/register_native").
		with("prereg_attributes", attrs)
	if form := n.r.str("registration_form"); form != "" {
		names, ok := n.flow.Forms[form]
		if !ok {
			return entityDoc{}, invalidArg("registration_form", "flow "+n.flow.Name+" has no form "+form)
		}
		fields := map[string]any{}
		for _, name := range names {
			if fl := n.flow.Fields[name]; fl.Write {
				if v, ok := attrs[fl.SchemaAttribute]; ok {
					fields[name] = v
				}
			}
		}
		e.with("prereg_fields", fields)
	}
	return entityDoc{}, e
}

func (h *Handler) registerNative(_ *gin.Context, r *request) (result, error) {
	var out result
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		n, err := h.native(tx, r)
		if err != nil {
			return err
		}
		id, profile, err := parseSocialToken(socialIdentityJSON(tx, r.app, r.str("token")), "token")
		if err != nil {
			return err
		}
		if _, err := seenTokens.Get(tx, r.app, tokenID("social", r.str("token"))); err != nil {
			return invalidArg("token", "the social login token was not used with /oauth/auth_native first, or has expired")
		}
		in, err := readForm(n.flow, r.str("form"), "form", r.params)
		if err != nil {
			return err
		}
		if err := in.fail(); err != nil {
			return err
		}
		in.attrs["profiles"] = []any{id.profileElement(profile)}
		doc, err := h.createRecord(tx, r.app, n.formWrites(), in.attrs, "")
		if err != nil {
			return formError(n.flow, r.str("form"), r.str("locale"), err)
		}
		if err := h.sendVerification(tx, n, doc); err != nil {
			return err
		}
		out, err = h.signedIn(tx, n, doc)
		return err
	})
	return out, err
}
