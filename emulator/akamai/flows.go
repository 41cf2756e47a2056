package akamai

import (
	"errors"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/store"
)

// fieldRule is one validation of a field: required, minLength, maxLength, match (another
// field) or unique. Message, when set, is the translation key of the error text.
type fieldRule struct {
	Rule    string `json:"rule"`
	Value   any    `json:"value"`
	Message string `json:"message,omitempty"`
}

// fieldOption is a choice of a select or radio field; Label is a translation key.
type fieldOption struct {
	Value    string `json:"value"`
	Label    string `json:"label,omitempty"`
	Selected bool   `json:"selected,omitempty"`
}

// flowField is one field of a flow: how a form parameter maps to a schema attribute and
// what it must satisfy. Label, Tip and Placeholder are translation keys.
type flowField struct {
	Name              string        `json:"name"`
	Type              string        `json:"type"`
	SchemaAttribute   string        `json:"schemaAttribute,omitempty"`
	Label             string        `json:"label,omitempty"`
	Tip               string        `json:"tip,omitempty"`
	Placeholder       string        `json:"placeholder,omitempty"`
	Validation        []fieldRule   `json:"validation"`
	Options           []fieldOption `json:"options,omitempty"`
	SocialProfileData string        `json:"socialProfileData,omitempty"`
	EmptyMeansNull    bool          `json:"emptyMeansNull,omitempty"`
	IgnoreUpdate      bool          `json:"ignoreUpdate,omitempty"`
	// Write is false for fields that identify or authenticate (signInEmailAddress,
	// currentPassword, newPasswordConfirm) rather than change the record.
	Write bool `json:"write"`
}

// Field types the native endpoints treat specially; any other type (text, textarea,
// hidden) is read as text.
const (
	ftText       = "text"
	ftTextarea   = "textarea"
	ftEmail      = "email"
	ftPassword   = "password"
	ftDateselect = "dateselect"
	ftCheckbox   = "checkbox"
	ftSelect     = "select"
	ftRadio      = "radio"
)

// mailTemplate is a transactional email; each part is a translation key.
type mailTemplate struct {
	Subject string `json:"subject"`
	HTML    string `json:"html"`
	Text    string `json:"text"`
}

// hlLink is a Hosted Login link (help, privacy policy, ...).
type hlLink struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	URL   string `json:"url"`
}

// twoFactorMessage is a 2FA message: an SMS and an email.
type twoFactorMessage struct {
	SMS          string `json:"sms"`
	EmailSubject string `json:"emailSubject"`
	EmailText    string `json:"emailText"`
	EmailHTML    string `json:"emailHtml"`
}

// flow is a named, versioned configuration: fields and the forms that group them, the
// text in every locale (translations, keyed by translation key), strings, screens, mail
// templates, Hosted Login links and 2FA messages.
type flow struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Change  string `json:"change"`
	// Schemas are the entity types the flow uses; its forms read and write the first.
	Schemas  []string             `json:"schemas"`
	UserData []string             `json:"userData"`
	Fields   map[string]flowField `json:"fields"`
	Forms    map[string][]string  `json:"forms"`
	// Partial forms leave a field the request does not mention unchanged (profile edits).
	Partial            map[string]bool                        `json:"partial,omitempty"`
	Locales            []string                               `json:"locales"`
	Translations       map[string]map[string]string           `json:"translations"`
	Strings            map[string]string                      `json:"strings"`
	Screens            map[string]string                      `json:"screens"`
	MailTemplates      map[string]mailTemplate                `json:"mailTemplates"`
	Links              map[string]hlLink                      `json:"links"`
	TwoFactor          map[string]map[string]twoFactorMessage `json:"twoFactor"` // locale -> id -> message
	HostedLoginVersion string                                 `json:"hostedLoginVersion"`
}

func (f flow) schema() string {
	if len(f.Schemas) == 0 {
		return "user"
	}
	return f.Schemas[0]
}

var flows = store.Collection[flow]{Name: "flows"}

// flowVersions keeps every superseded version of a flow, keyed name@version.
var flowVersions = store.Collection[flow]{Name: "flow-versions"}

func versionKey(name, version string) string { return name + "@" + version }

// Standard flow names and its version.
const (
	standardFlow        = "standard"
	standardFlowVersion = "20260101000000000000"
	headVersion         = "HEAD"
	defaultLocale       = "en-US"
)

// Forms of the standard flow the native endpoints use.
const (
	formSignIn               = "signInForm"
	formRegistration         = "registrationForm"
	formSocialRegistration   = "socialRegistrationForm"
	formEditProfile          = "editProfileForm"
	formChangePassword       = "changePasswordForm"
	formChangePasswordNoAuth = "changePasswordFormNoAuth"
	formForgotPassword       = "forgotPasswordForm"
	formResendVerification   = "resendVerificationForm"
)

// Field names of the standard flow the handlers read directly.
const (
	fieldSignInEmail     = "signInEmailAddress"
	fieldCurrentPassword = "currentPassword"
	fieldEmail           = "emailAddress"
	fieldNewPassword     = "newPassword"
)

// Mail templates the native endpoints send.
const (
	templateVerifyEmail   = "verifyEmail"
	templateResetPassword = "resetPassword"
)

// textKey is the stable translation key of one of the standard flow's texts.
func textKey(what string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("urn:idemu:akamai:flow-text:"+what)).String()
}

// defaultFlow is the standard flow every app starts with, in the shape of the flow
// Capture's JavaScript SDK and native examples use.
func defaultFlow() flow {
	f := flow{Name: standardFlow, Version: standardFlowVersion, Change: "Created the standard flow",
		Schemas: []string{"user"}, UserData: []string{"email", "displayName", "givenName", "familyName"},
		Fields: map[string]flowField{}, Locales: []string{defaultLocale}, Translations: map[string]map[string]string{},
		Strings: map[string]string{}, Screens: map[string]string{}, MailTemplates: map[string]mailTemplate{},
		Links: map[string]hlLink{}, TwoFactor: map[string]map[string]twoFactorMessage{}, HostedLoginVersion: "1.0",
		Forms: map[string][]string{
			formSignIn:               {fieldSignInEmail, fieldCurrentPassword},
			formRegistration:         {fieldEmail, fieldNewPassword, "newPasswordConfirm", "firstName", "lastName", "displayName", "birthdate", "mobileNumber"},
			formSocialRegistration:   {fieldEmail, "firstName", "lastName", "displayName", "birthdate", "mobileNumber"},
			formEditProfile:          {fieldEmail, "firstName", "lastName", "displayName", "birthdate", "mobileNumber"},
			formChangePassword:       {fieldCurrentPassword, fieldNewPassword, "newPasswordConfirm"},
			formChangePasswordNoAuth: {fieldNewPassword, "newPasswordConfirm"},
			formForgotPassword:       {fieldSignInEmail},
			formResendVerification:   {fieldSignInEmail},
		},
		Partial: map[string]bool{formEditProfile: true},
	}
	text := func(what, english string) string {
		key := textKey(what)
		f.Translations[key] = map[string]string{defaultLocale: english}
		return key
	}
	required := fieldRule{Rule: "required", Value: true}
	field := func(name, typ, label, attr string, write bool, rules ...fieldRule) {
		f.Fields[name] = flowField{Name: name, Type: typ, Label: text("field."+name, label), SchemaAttribute: attr,
			Write: write, EmptyMeansNull: true, Validation: append([]fieldRule{}, rules...)}
	}
	field(fieldSignInEmail, ftEmail, "Email address", "email", false, required)
	field(fieldCurrentPassword, ftPassword, "Password", "password", false, required)
	field(fieldEmail, ftEmail, "Email address", "email", true, required, fieldRule{Rule: "maxLength", Value: 256.0})
	field(fieldNewPassword, ftPassword, "Password", "password", true, required,
		fieldRule{Rule: "minLength", Value: 8.0}, fieldRule{Rule: "maxLength", Value: 64.0})
	field("newPasswordConfirm", ftPassword, "Password confirmation", "password", false, required,
		fieldRule{Rule: "match", Value: fieldNewPassword})
	field("firstName", ftText, "First name", "givenName", true, fieldRule{Rule: "maxLength", Value: 1000.0})
	field("lastName", ftText, "Last name", "familyName", true, fieldRule{Rule: "maxLength", Value: 1000.0})
	field("displayName", ftText, "Display name", "displayName", true, fieldRule{Rule: "maxLength", Value: 255.0})
	field("birthdate", ftDateselect, "Birthdate", "birthday", true)
	field("mobileNumber", ftText, "Mobile number", "mobileNumber", true, fieldRule{Rule: "maxLength", Value: 100.0})
	for name, english := range map[string]string{"signInTitle": "Sign in", "registrationTitle": "Create an account",
		"forgotPasswordTitle": "Reset your password"} {
		f.Strings[name] = text("string."+name, english)
	}
	for _, name := range []string{"signIn", "registration", "forgotPassword", "editProfile"} {
		f.Screens[name] = `<div class="capture_screen" id="` + name + `"></div>`
	}
	f.MailTemplates[templateVerifyEmail] = mailTemplate{
		Subject: text("mail.verifyEmail.subject", "Verify your email address"),
		HTML:    text("mail.verifyEmail.html", `<p>Open <a href="{link}">this link</a> to verify your email address.</p>`),
		Text:    text("mail.verifyEmail.text", "Open this link to verify your email address: {link}"),
	}
	f.MailTemplates[templateResetPassword] = mailTemplate{
		Subject: text("mail.resetPassword.subject", "Reset your password"),
		HTML:    text("mail.resetPassword.html", `<p>Open <a href="{link}">this link</a> to choose a new password.</p>`),
		Text:    text("mail.resetPassword.text", "Open this link to choose a new password: {link}"),
	}
	return f
}

// text is a translation's text in a locale, else in en-US, else "".
func (f flow) text(key, locale string) string {
	t := f.Translations[key]
	if s, ok := t[locale]; ok {
		return s
	}
	return t[defaultLocale]
}

// setText gives a translation key a text in a locale, creating the key when it is "".
func (f *flow) setText(key, locale, text string) string {
	if key == "" {
		key = uuid.NewString()
	}
	if f.Translations[key] == nil {
		f.Translations[key] = map[string]string{}
	}
	f.Translations[key][locale] = text
	if !slices.Contains(f.Locales, locale) {
		f.Locales = append(f.Locales, locale)
		slices.Sort(f.Locales)
	}
	return key
}

// label is a field's label text, or its name when it has none.
func (f flow) label(fl flowField, locale string) string {
	if s := f.text(fl.Label, locale); s != "" {
		return s
	}
	return fl.Name
}

func (fl flowField) rule(name string) (fieldRule, bool) {
	for _, r := range fl.Validation {
		if r.Rule == name {
			return r, true
		}
	}
	return fieldRule{}, false
}

func (fl flowField) required() bool {
	r, ok := fl.rule("required")
	return ok && r.Value == true
}

// number reads a numeric rule value.
func (r fieldRule) number() int {
	n, _ := r.Value.(float64)
	return int(n)
}

// nextVersion is a flow version id after prev: the time to the microsecond (20 digits),
// or prev plus one when the clock has not moved past it.
func nextVersion(prev string, now time.Time) string {
	next := now.UTC().Format("20060102150405") + fmt.Sprintf("%06d", now.Nanosecond()/1000)
	p, ok := new(big.Int).SetString(prev, 10)
	n, _ := new(big.Int).SetString(next, 10)
	if ok && n.Cmp(p) <= 0 {
		return p.Add(p, big.NewInt(1)).String()
	}
	return next
}

// saveFlowChange stores a changed flow as the new HEAD: the previous HEAD is kept under
// its version, and the change gets a new version and its description.
func saveFlowChange(tx *store.Tx, app string, prev, next flow, change string) (flow, error) {
	if err := flowVersions.Put(tx, app, versionKey(prev.Name, prev.Version), prev); err != nil {
		return flow{}, err
	}
	next.Version, next.Change = nextVersion(prev.Version, tx.Now()), change
	return next, flows.Put(tx, app, next.Name, next)
}

// flowVersion loads a version of a flow: HEAD, the current version id or a kept one.
func flowVersion(tx *store.Tx, app string, head flow, version string) (flow, bool, error) {
	if version == "" || version == headVersion || version == head.Version {
		return head, true, nil
	}
	f, err := flowVersions.Get(tx, app, versionKey(head.Name, version))
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return flow{}, false, nil
	}
	return f, err == nil, err
}

// resolveFlow finds the flow of a native call: flow and flow_version, else the client's
// default_flow_name and default_flow_version settings (client, then app).
func resolveFlow(tx *store.Tx, r *request) (flow, error) {
	cl := *r.caller.client
	name := r.str("flow")
	if name == "" {
		v, _, err := setting(tx, r.app, cl, "default_flow_name")
		if err != nil {
			return flow{}, err
		}
		if name = v; name == "" {
			return flow{}, missing("flow")
		}
	}
	f, err := flows.Get(tx, r.app, name)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return flow{}, invalidArg("flow", "flow "+name+" does not exist")
	}
	if err != nil {
		return flow{}, err
	}
	version := r.str("flow_version")
	if version == "" {
		if version, _, err = setting(tx, r.app, cl, "default_flow_version"); err != nil {
			return flow{}, err
		}
	}
	v, ok, err := flowVersion(tx, r.app, f, version)
	if err != nil {
		return flow{}, err
	}
	if !ok {
		return flow{}, invalidArg("flow_version", "flow "+name+" has no version "+version)
	}
	return v, nil
}

// mail renders a mail template in a locale, with {link} and {code} filled in.
func (f flow) mail(name, locale, link, code string) (subject, body string) {
	t := f.MailTemplates[name]
	fill := strings.NewReplacer("{link}", link, "{code}", code)
	return fill.Replace(f.text(t.Subject, locale)), fill.Replace(f.text(t.Text, locale))
}

// cloneFlow deep-copies a flow, so a change never shares maps with the stored version.
func cloneFlow(f flow) flow {
	out := f
	out.Schemas, out.UserData, out.Locales = slices.Clone(f.Schemas), slices.Clone(f.UserData), slices.Clone(f.Locales)
	out.Fields = map[string]flowField{}
	for k, fl := range f.Fields {
		fl.Validation, fl.Options = slices.Clone(fl.Validation), slices.Clone(fl.Options)
		out.Fields[k] = fl
	}
	out.Forms = map[string][]string{}
	for k, v := range f.Forms {
		out.Forms[k] = slices.Clone(v)
	}
	out.Partial = maps.Clone(f.Partial)
	out.Translations = map[string]map[string]string{}
	for k, v := range f.Translations {
		out.Translations[k] = maps.Clone(v)
	}
	out.Strings, out.Screens = orEmpty(maps.Clone(f.Strings)), orEmpty(maps.Clone(f.Screens))
	out.MailTemplates = maps.Clone(f.MailTemplates)
	if out.MailTemplates == nil {
		out.MailTemplates = map[string]mailTemplate{}
	}
	out.Links = maps.Clone(f.Links)
	if out.Links == nil {
		out.Links = map[string]hlLink{}
	}
	out.TwoFactor = map[string]map[string]twoFactorMessage{}
	for k, v := range f.TwoFactor {
		out.TwoFactor[k] = maps.Clone(v)
	}
	return out
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
