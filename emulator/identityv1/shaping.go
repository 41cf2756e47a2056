package identityv1

import (
	"strings"
	"time"
)

// Response shaping (ASEE's include/trim): the default field set is every scalar field;
// sub-resources (linked-logins) come only when asked for, as ASEE's guidelines say.
// trim=* empties the default set before include adds to it; include=* starts from all
// fields before trim removes some. Dot paths reach into sub-resources.

var userFields = []string{
	"user-id", "username", "customer-number", "last-login", "last-answer-validated",
	"last-password-reset", "lock-expires", "first-name", "last-name", "email", "email-verified",
	"phone-number", "phone-number-verified", "hint-picture-url", "profile-picture-url",
	"linked-logins", "multifactor-enabled", "status",
}

var nonDefaultFields = map[string]bool{"linked-logins": true}

var linkedLoginFields = map[string]bool{"login": true, "provider": true}

// userView is the full wire form of a user. Unset optional values are left out.
func userView(u user, now time.Time) map[string]any {
	m := map[string]any{
		"user-id":               u.ID,
		"username":              u.Username,
		"email-verified":        u.EmailVerified,
		"phone-number-verified": u.PhoneVerified,
		"multifactor-enabled":   u.MultifactorEnabled,
		"status":                u.status(now),
	}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	setTime := func(k string, t *time.Time) {
		if t != nil {
			m[k] = t.UTC().Format(time.RFC3339)
		}
	}
	set("customer-number", u.CustomerNumber)
	set("first-name", u.FirstName)
	set("last-name", u.LastName)
	set("email", u.Email)
	set("phone-number", u.Phone)
	set("hint-picture-url", u.HintPictureURL)
	set("profile-picture-url", u.ProfilePictureURL)
	setTime("last-login", u.LastLogin)
	setTime("last-answer-validated", u.LastAnswerValidated)
	setTime("last-password-reset", u.LastPasswordReset)
	if u.locked(now) {
		setTime("lock-expires", u.LockExpires)
	}
	logins := make([]any, 0, len(u.LinkedLogins))
	for _, l := range u.LinkedLogins {
		logins = append(logins, map[string]any{"login": l.Login, "provider": l.Provider})
	}
	m["linked-logins"] = logins
	return m
}

// shape applies include and trim (already split on commas) to a full view. It returns
// the name of the first unknown field, if any, so the caller can refuse it.
func shape(full map[string]any, include, trim []string) (map[string]any, string) {
	for _, f := range append(append([]string{}, include...), trim...) {
		if !knownField(f) {
			return nil, f
		}
	}
	out := map[string]any{}
	switch {
	case contains(trim, "*"):
	case contains(include, "*"):
		for k, v := range full {
			out[k] = v
		}
	default:
		for k, v := range full {
			if !nonDefaultFields[k] {
				out[k] = v
			}
		}
	}
	whole := map[string]bool{} // fields present in full, not narrowed by a dot path
	for k := range out {
		whole[k] = true
	}
	for _, f := range include {
		top, sub, nested := strings.Cut(f, ".")
		v, ok := full[top]
		if !ok || f == "*" || whole[top] {
			continue
		}
		if !nested {
			out[top], whole[top] = v, true
			continue
		}
		out[top] = pickEach(v, out[top], sub)
	}
	for _, f := range trim {
		top, sub, nested := strings.Cut(f, ".")
		if f == "*" {
			continue
		}
		if !nested {
			delete(out, top)
			continue
		}
		if v, ok := out[top]; ok {
			out[top] = dropEach(v, sub)
		}
	}
	return out, ""
}

func knownField(f string) bool {
	if f == "*" {
		return true
	}
	top, sub, nested := strings.Cut(f, ".")
	if !contains(userFields, top) {
		return false
	}
	if !nested {
		return true
	}
	return top == "linked-logins" && linkedLoginFields[sub]
}

// pickEach narrows each item of a list to one field, adding to what was picked before.
func pickEach(full, sofar any, field string) any {
	items, _ := full.([]any)
	prev, _ := sofar.([]any)
	out := make([]any, len(items))
	for i, it := range items {
		m := map[string]any{}
		if i < len(prev) {
			if pm, ok := prev[i].(map[string]any); ok {
				for k, v := range pm {
					m[k] = v
				}
			}
		}
		if im, ok := it.(map[string]any); ok {
			if v, ok := im[field]; ok {
				m[field] = v
			}
		}
		out[i] = m
	}
	return out
}

func dropEach(list any, field string) any {
	items, _ := list.([]any)
	out := make([]any, len(items))
	for i, it := range items {
		m := map[string]any{}
		if im, ok := it.(map[string]any); ok {
			for k, v := range im {
				if k != field {
					m[k] = v
				}
			}
		}
		out[i] = m
	}
	return out
}

// csv splits comma-separated query values (also repeated parameters).
func csv(values []string) []string {
	var out []string
	for _, v := range values {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
