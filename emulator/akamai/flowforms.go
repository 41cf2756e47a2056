package akamai

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

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

// readForm checks a form's fields in the request against the flow's field rules, in the
// request's locale.
func readForm(f flow, form, arg string, params url.Values) (formInput, error) {
	names, ok := f.Forms[form]
	if !ok {
		return formInput{}, invalidArg(arg, "flow "+f.Name+" has no form "+form)
	}
	locale := params.Get("locale")
	partial := f.Partial[form]
	in := formInput{values: map[string]string{}, attrs: map[string]any{}, invalid: map[string][]string{}}
	for _, name := range names {
		fl := f.Fields[name]
		v, present := fieldValue(fl, params)
		if partial && (!present || fl.IgnoreUpdate) {
			continue
		}
		if msg := f.problem(fl, v, locale, params); msg != "" {
			in.invalid[name] = append(in.invalid[name], msg)
			continue
		}
		in.values[name] = v
		if fl.Write && fl.SchemaAttribute != "" {
			var value any = v
			switch {
			case fl.Type == ftCheckbox:
				value = present
			case v == "" && (fl.EmptyMeansNull || fl.Type == ftDateselect):
				value = nil
			}
			setPath(in.attrs, strings.Split(fl.SchemaAttribute, "."), value)
		}
	}
	return in, nil
}

// fieldValue reads a field's parameter. A checkbox is checked when present, whatever its
// value; a dateselect also comes as its three parts, field[dateselect_year],
// field[dateselect_month] and field[dateselect_day].
func fieldValue(fl flowField, params url.Values) (string, bool) {
	if v, ok := params[fl.Name]; ok {
		if fl.Type == ftCheckbox {
			return "true", true
		}
		return strings.TrimSpace(v[0]), true
	}
	if fl.Type != ftDateselect {
		return "", false
	}
	y, m, d := params.Get(fl.Name+"[dateselect_year]"), params.Get(fl.Name+"[dateselect_month]"), params.Get(fl.Name+"[dateselect_day]")
	if y == "" && m == "" && d == "" {
		return "", false
	}
	return fmt.Sprintf("%s-%02s-%02s", y, m, d), true
}

// problem is the message for a value that breaks the field's rules, "" when it is fine:
// the rule's own message when it has one, else an English sentence naming the label.
func (f flow) problem(fl flowField, v, locale string, params url.Values) string {
	label := f.label(fl, locale)
	say := func(r fieldRule, fallback string) string {
		if s := f.text(r.Message, locale); s != "" {
			return s
		}
		return fallback
	}
	if v == "" {
		if r, ok := fl.rule("required"); ok && r.Value == true && fl.Type != ftCheckbox {
			return say(r, label+" is required.")
		}
		return ""
	}
	switch {
	case fl.Type == ftEmail && !emailAddressRe.MatchString(v):
		return label + " is not a valid email address."
	case fl.Type == ftDateselect && !validDate(v):
		return label + " is not a valid date."
	case (fl.Type == ftSelect || fl.Type == ftRadio) && len(fl.Options) > 0 &&
		!slices.ContainsFunc(fl.Options, func(o fieldOption) bool { return o.Value == v }):
		return label + " is not one of the choices."
	}
	n := utf8.RuneCountInString(v)
	for _, r := range fl.Validation {
		switch {
		case r.Rule == "minLength" && n < r.number():
			return say(r, fmt.Sprintf("%s must be at least %d characters long.", label, r.number()))
		case r.Rule == "maxLength" && n > r.number():
			return say(r, fmt.Sprintf("%s must be at most %d characters long.", label, r.number()))
		case r.Rule == "match":
			other, _ := r.Value.(string)
			if v != strings.TrimSpace(params.Get(other)) {
				return say(r, label+" does not match.")
			}
		}
	}
	return ""
}

func validDate(v string) bool {
	_, ok := parseDate(v, time.Time{})
	return ok && len(v) == len(dateLayout)
}

// formError turns a write's error into the field it concerns, when a field of the form
// writes that attribute; other errors stay as they are. A unique rule's message, when the
// field has one, reports a taken value.
func formError(f flow, form, locale string, err error) error {
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
		case ae.Code == codeUniqueViolation:
			msg = f.label(fl, locale) + " is already in use."
			if r, ok := fl.rule("unique"); ok && f.text(r.Message, locale) != "" {
				msg = f.text(r.Message, locale)
			}
		case ae.Code == codeConstraintViolation && fl.Type == ftPassword:
			msg = "That password was used recently; choose another."
		}
		return invalidFields(map[string][]string{name: {msg}})
	}
	return err
}
