package akamai

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/idemu/idemu/emulator/store"
)

// flowField is one field of a flow: how a form parameter maps to a schema attribute and
// what it must satisfy.
type flowField struct {
	Name            string `json:"name"`
	Type            string `json:"type"` // text, email, password or dateselect
	Label           string `json:"label"`
	SchemaAttribute string `json:"schemaAttribute,omitempty"`
	// Write is false for fields that identify or authenticate (signInEmailAddress,
	// currentPassword) rather than change the record.
	Write     bool   `json:"write"`
	Required  bool   `json:"required"`
	MinLength int    `json:"minLength,omitempty"`
	MaxLength int    `json:"maxLength,omitempty"`
	Match     string `json:"match,omitempty"` // another field this one must equal
}

// flow is a named, versioned set of fields and the forms that group them.
type flow struct {
	Name    string               `json:"name"`
	Version string               `json:"version"`
	Schema  string               `json:"schema"` // the entity type its forms read and write
	Fields  map[string]flowField `json:"fields"`
	Forms   map[string][]string  `json:"forms"`
	// Partial forms leave a field the request does not mention unchanged (profile edits).
	Partial map[string]bool `json:"partial,omitempty"`
}

var flows = store.Collection[flow]{Name: "flows"}

// Standard flow names and its version.
const (
	standardFlow        = "standard"
	standardFlowVersion = "20260101000000000000"
	headVersion         = "HEAD"
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

// defaultFlow is the standard flow every app starts with, in the shape of the flow
// Capture's JavaScript SDK and native examples use.
func defaultFlow() flow {
	fields := []flowField{
		{Name: fieldSignInEmail, Type: "email", Label: "Email address", SchemaAttribute: "email", Required: true},
		{Name: fieldCurrentPassword, Type: "password", Label: "Password", SchemaAttribute: "password", Required: true},
		{Name: fieldEmail, Type: "email", Label: "Email address", SchemaAttribute: "email", Write: true, Required: true, MaxLength: 256},
		{Name: fieldNewPassword, Type: "password", Label: "Password", SchemaAttribute: "password", Write: true, Required: true, MinLength: 8, MaxLength: 64},
		{Name: "newPasswordConfirm", Type: "password", Label: "Password confirmation", Required: true, Match: fieldNewPassword},
		{Name: "firstName", Type: "text", Label: "First name", SchemaAttribute: "givenName", Write: true, MaxLength: 1000},
		{Name: "lastName", Type: "text", Label: "Last name", SchemaAttribute: "familyName", Write: true, MaxLength: 1000},
		{Name: "displayName", Type: "text", Label: "Display name", SchemaAttribute: "displayName", Write: true, MaxLength: 255},
		{Name: "birthdate", Type: "dateselect", Label: "Birthdate", SchemaAttribute: "birthday", Write: true},
		{Name: "mobileNumber", Type: "text", Label: "Mobile number", SchemaAttribute: "mobileNumber", Write: true, MaxLength: 100},
	}
	f := flow{Name: standardFlow, Version: standardFlowVersion, Schema: "user", Fields: map[string]flowField{},
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
	for _, fl := range fields {
		f.Fields[fl.Name] = fl
	}
	return f
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
	if version != "" && version != headVersion && version != f.Version {
		return flow{}, invalidArg("flow_version", "flow "+name+" has no version "+version)
	}
	return f, nil
}

// formInput is a form read from the request: the field values given, the attributes they
// write, and the problems found, per field.
type formInput struct {
	values  map[string]string
	attrs   map[string]any
	invalid map[string][]string
}

func (in formInput) fail() error {
	if len(in.invalid) == 0 {
		return nil
	}
	return invalidFields(in.invalid)
}

func invalidFields(fields map[string][]string) *apiError {
	return fail(codeInvalidFormFields, "some of the form's fields are not valid").with("invalid_fields", fields)
}

// readForm checks a form's fields in the request against the flow's field rules.
func readForm(f flow, form, arg string, params url.Values) (formInput, error) {
	names, ok := f.Forms[form]
	if !ok {
		return formInput{}, invalidArg(arg, "flow "+f.Name+" has no form "+form)
	}
	in := formInput{values: map[string]string{}, attrs: map[string]any{}, invalid: map[string][]string{}}
	for _, name := range names {
		fl := f.Fields[name]
		v, present := fieldValue(fl, params)
		if !present && f.Partial[form] {
			continue
		}
		if msg := fl.problem(v, present, params); msg != "" {
			in.invalid[name] = append(in.invalid[name], msg)
			continue
		}
		in.values[name] = v
		if fl.Write && fl.SchemaAttribute != "" {
			var value any = v
			if v == "" {
				value = nil
			}
			setPath(in.attrs, strings.Split(fl.SchemaAttribute, "."), value)
		}
	}
	return in, nil
}

// fieldValue reads a field's parameter; a dateselect also comes as its three parts,
// field[dateselect_year], field[dateselect_month] and field[dateselect_day].
func fieldValue(fl flowField, params url.Values) (string, bool) {
	if v, ok := params[fl.Name]; ok {
		return strings.TrimSpace(v[0]), true
	}
	if fl.Type != "dateselect" {
		return "", false
	}
	y, m, d := params.Get(fl.Name+"[dateselect_year]"), params.Get(fl.Name+"[dateselect_month]"), params.Get(fl.Name+"[dateselect_day]")
	if y == "" && m == "" && d == "" {
		return "", false
	}
	return fmt.Sprintf("%s-%02s-%02s", y, m, d), true
}

// problem is the message for a value that breaks the field's rules, "" when it is fine.
func (fl flowField) problem(v string, present bool, params url.Values) string {
	if v == "" {
		if fl.Required {
			return fl.Label + " is required."
		}
		return ""
	}
	n := utf8.RuneCountInString(v)
	switch {
	case fl.Type == "email" && !emailAddressRe.MatchString(v):
		return fl.Label + " is not a valid email address."
	case fl.Type == "dateselect" && !validDate(v):
		return fl.Label + " is not a valid date."
	case fl.MinLength > 0 && n < fl.MinLength:
		return fmt.Sprintf("%s must be at least %d characters long.", fl.Label, fl.MinLength)
	case fl.MaxLength > 0 && n > fl.MaxLength:
		return fmt.Sprintf("%s must be at most %d characters long.", fl.Label, fl.MaxLength)
	case fl.Match != "" && v != strings.TrimSpace(params.Get(fl.Match)):
		return fl.Label + " does not match."
	}
	return ""
}

func validDate(v string) bool {
	_, ok := parseDate(v, time.Time{})
	return ok && len(v) == len(dateLayout)
}

// formError turns a write's error into the field it concerns, when a field of the form
// writes that attribute; other errors stay as they are.
func formError(f flow, form string, err error) error {
	var ae *apiError
	if !errors.As(err, &ae) {
		return err
	}
	attr, _ := ae.Extra["attribute_name"].(string)
	for _, name := range f.Forms[form] {
		fl := f.Fields[name]
		if !fl.Write || fl.SchemaAttribute != attr {
			continue
		}
		msg := ae.Desc
		switch {
		case ae.Code == codeUniqueViolation && fl.Type == "email":
			msg = fl.Label + " is already in use."
		case ae.Code == codeConstraintViolation && fl.Type == "password":
			msg = "That password was used recently; choose another."
		}
		return invalidFields(map[string][]string{name: {msg}})
	}
	return err
}
